// The shape of a predicate leaf: its scopes, its argument parser (run when the
// rule loads) and its evaluation over typed arguments; and the compiled leaf a
// rule's predicate tree holds.
import type { EvalContext, Follow, Match, Scope } from '../eval-context.ts';
import { bindRaw, hasPlaceholder } from '../placeholders.ts';

export interface LeafSpec<A> {
  scopes: readonly Scope[];
  /** Check the YAML value; throw ArgError when malformed. */
  parse(raw: unknown, scope: Scope): A;
  evaluate(ctx: EvalContext, args: A): Match[];
  /** What the leaf requires, for the {missing} placeholder. */
  describe(args: A, follow: Follow): string;
}

/** A leaf bound to its parsed arguments. */
export interface CompiledLeaf {
  evaluate(ctx: EvalContext): Match[];
  describe(ctx: EvalContext): string;
}

export interface LeafDef {
  scopes: readonly Scope[];
  /** Parse the YAML value once (throws ArgError); the result evaluates with the context's bindings. */
  compile(raw: unknown, scope: Scope): CompiledLeaf;
}

/**
 * Wrap a spec. Arguments without {placeholders} are parsed once; those with
 * placeholders are bound to the context's bindings and parsed at each use.
 */
export function leaf<A>(spec: LeafSpec<A>): LeafDef {
  return {
    scopes: spec.scopes,
    compile(raw, scope) {
      const parsed = spec.parse(raw, scope);
      const argsFor = hasPlaceholder(raw) ? (ctx: EvalContext) => spec.parse(bindRaw(raw, ctx.bindings), scope) : () => parsed;
      return {
        evaluate: (ctx) => spec.evaluate(ctx, argsFor(ctx)),
        describe: (ctx) => spec.describe(argsFor(ctx), ctx.follow),
      };
    },
  };
}

export type PredicateNode =
  | { op: 'all'; children: PredicateNode[] }
  | { op: 'any'; children: PredicateNode[] }
  | { op: 'not'; child: PredicateNode }
  | { op: 'leaf'; name: string; args: unknown; leaf: CompiledLeaf };

export const ALL_SCOPES: Scope[] = ['hunk', 'function', 'file', 'series'];
export const CODE_SCOPES: Scope[] = ['hunk', 'function', 'file'];
export const FN_SCOPES: Scope[] = ['hunk', 'function'];
export const FILE_SCOPES: Scope[] = ['file', 'series'];
