// Evaluator `ref-leak-on-error`: a whole function takes a reference (a call of the `gets` family on some
// object) and can reach a `return` of an error (`-E...`, `ERR_PTR(...)`, `NULL`) after it without a call
// of the `puts` family, and without handing the object to any other call (which may take the reference
// over). Paths follow the control-flow graph. With the pre-image of a --tree review, only what the change
// introduced is reported.
//
// args: gets, puts: name patterns of the reference API; queries (optional): calls that only look at the
// object and so take no reference over.
import type { CallSite } from '../c/types.ts';
import { flowOf } from '../call-order.ts';
import type { FileChange, FunctionChange } from '../change-types.ts';
import { anchorMatch, preImageOf } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { pathBetween } from '../flow/queries.ts';
import { nameMatcher } from '../patterns.ts';
import { asNames, asObject, field } from '../predicates/args.ts';
import { codeLines } from '../model-lookup.ts';

interface Args {
  gets: (name: string) => boolean;
  puts: (name: string) => boolean;
  /** Calls that only look at the object (flag tests, sizes, lookups of its parts): they take nothing over. */
  queries: (name: string) => boolean;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['gets', 'puts'], ['queries']);
  const names = (k: string) => nameMatcher(field(o, k, (v) => asNames(v)));
  return { gets: names('gets'), puts: names('puts'), queries: o.queries === undefined ? () => false : names('queries') };
}

export function describe(): string {
  return 'the reference dropped on every error return';
}

const ERROR_RETURN = /\breturn\s+(?:-E[A-Z0-9]+\b|ERR_PTR\s*\(|NULL\s*;)/;

interface Leak {
  get: CallSite;
  returnLine: number;
  lines: number[];
}

/** The object a reference call names: its first argument, without `&` and casts ("folio", "page"). */
function objectOf(c: CallSite): string | null {
  const m = /([A-Za-z_]\w*)\s*$/.exec((c.args[0] ?? '').replace(/^[&*(\s]+/, ''));
  return m ? m[1]! : null;
}

/** Leaks in one function: per reference call, the first error return a path reaches without a put or a hand-over. */
function leaksOf(fn: FunctionChange, file: FileChange | null, args: Args): Leak[] {
  const flow = flowOf(fn);
  const code = file ? codeLines(file) : null;
  if (!flow || !code) return [];
  const returns = flow.nodes.filter((n) => n.kind === 'return' && ERROR_RETURN.test(code[n.line - 1] ?? ''));
  const out: Leak[] = [];
  for (const id of flow.calls) {
    const get = flow.nodes[id]!.call!;
    if (get.indirect || !args.gets(get.name)) continue;
    const obj = objectOf(get);
    if (!obj) continue;
    const mentions = new RegExp(`\\b${obj}\\b`);
    // A put, or any other call given the object (it may keep the reference), ends the check on that path.
    const blocked = (n: number) => {
      const c = flow.nodes[n]!.call;
      return c !== undefined && n !== id && (args.puts(c.name) || (!args.queries(c.name) && c.args.some((a) => mentions.test(a))));
    };
    for (const r of returns) {
      if (r.line <= get.line) continue;
      const p = pathBetween(flow, id, (n) => n === r.id, blocked);
      if (p) {
        out.push({ get, returnLine: r.line, lines: p.lines });
        break;
      }
    }
  }
  return out;
}

export function evaluate(ctx: EvalContext, args: Args): Match[] {
  const fn = ctx.fn;
  if (!fn || fn.status === 'removed' || !fn.whole) return [];
  const leaks = leaksOf(fn, ctx.file, args);
  if (leaks.length === 0) return [];
  const pre = preImageOf(ctx, fn);
  const before = new Set(pre ? leaksOf(pre.fn, pre.file, args).map((l) => `${l.get.name}\0${objectOf(l.get)}`) : []);
  return leaks
    .filter((l) => !before.has(`${l.get.name}\0${objectOf(l.get)}`))
    .map((l) => anchorMatch(ctx, l.returnLine, {
      call: l.get.name,
      detail: `takes a reference with ${l.get.name}(${l.get.args[0] ?? ''}) at line ${l.get.line} and can return an error at line ${l.returnLine} without dropping it or handing it on (path: lines ${l.lines.slice(-6).join(', ')})`,
    }));
}
