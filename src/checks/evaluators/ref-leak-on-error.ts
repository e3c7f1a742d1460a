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

/** Does a line of the function's text (where its flow's return statements are) read as an error return? */
function errorReturnWithin(code: string[], fn: FunctionChange): boolean {
  let last = fn.startLine;
  for (let i = fn.text.indexOf('\n'); i >= 0; i = fn.text.indexOf('\n', i + 1)) last++;
  for (let l = fn.startLine; l <= last; l++) if (ERROR_RETURN.test(code[l - 1] ?? '')) return true;
  return false;
}

const IDENTIFIER_RUN = /[\p{ID_Continue}$]+/gu;
const IDENTIFIER_START = /^[\p{ID_Start}_$]/u;
/** A line continuation or a universal character name, either of which can make an identifier the text does not spell out. */
const JOINED_NAME = /\\(?:\r?\n|[uU])/;

/**
 * Can a call in the flow of `text` (a parse of it) have a name `accepts` takes? Its calls are named by
 * identifiers of the text: each a run of identifier characters, or the end of one that cannot start an
 * identifier (a digit: after a number the lexer took), or `long` (a SYSCALL_DEFINE header reads as `long name(...)`).
 * A text whose identifiers may be joined across a backslash is not judged (true).
 */
function mayCallNamed(text: string, accepts: (name: string) => boolean): boolean {
  if (JOINED_NAME.test(text) || accepts('long')) return true;
  for (const [run] of text.matchAll(IDENTIFIER_RUN)) {
    if (accepts(run)) return true;
    if (!IDENTIFIER_START.test(run)) for (let i = 1; i < run.length; i++) if (accepts(run.slice(i))) return true;
  }
  return false;
}

/** Leaks in one function: per reference call, the first error return a path reaches without a put or a hand-over. */
function leaksOf(fn: FunctionChange, file: FileChange | null, args: Args): Leak[] {
  const code = file ? codeLines(file) : null;
  // No error return on the function's lines, or no call that takes a reference, no leak: its flow (a parse of its text) is not needed.
  if (!code || !fn.whole || !errorReturnWithin(code, fn) || !mayCallNamed(fn.text, args.gets)) return [];
  const flow = flowOf(fn);
  if (!flow) return [];
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
