// Every predicate leaf a rule can use, by name: the call leaves, the text,
// file and series leaves, and `evaluator` (a TypeScript evaluator from the index).
import { CALL_LEAVES } from './calls.ts';
import { FILE_LEAVES, TEXT_LEAVES } from './files.ts';
import { ArgError, asObject, asString, fail } from './args.ts';
import { ALL_SCOPES, leaf } from './leaf.ts';
import type { LeafDef } from './leaf.ts';
import { evaluatorNames, getEvaluator } from '../evaluators/index.ts';
import type { BoundEvaluator } from '../evaluators/index.ts';
import type { Scope } from '../eval-context.ts';

interface EvaluatorArgs {
  name: string;
  bound: BoundEvaluator;
}

/** `evaluator: <name>` or `evaluator: {name, args}`; the name must be in the evaluator index. */
function parseEvaluator(raw: unknown, scope: Scope): EvaluatorArgs {
  const o: Record<string, unknown> = typeof raw === 'string' ? { name: raw } : asObject(raw, ['name'], ['args']);
  const name = asString(o.name, 'an evaluator name');
  const ev = getEvaluator(name);
  if (!ev) fail(`unknown evaluator '${name}' (known: ${evaluatorNames().join(', ')})`);
  if (!ev.scopes.includes(scope)) fail(`evaluator '${name}' does not support scope '${scope}' (only ${ev.scopes.join(', ')})`);
  try {
    return { name, bound: ev.bind(o.args) };
  } catch (err) {
    if (err instanceof ArgError) fail(`${name}: args: ${err.message}`);
    throw err;
  }
}

const EVALUATOR_LEAF: LeafDef = leaf<EvaluatorArgs>({
  scopes: ALL_SCOPES,
  parse: parseEvaluator,
  evaluate: (ctx, a) => a.bound.evaluate(ctx),
  describe: (a) => a.bound.describe() ?? `the condition checked by ${a.name}`,
});

export const LEAVES: Record<string, LeafDef> = { ...CALL_LEAVES, ...TEXT_LEAVES, ...FILE_LEAVES, evaluator: EVALUATOR_LEAF };
