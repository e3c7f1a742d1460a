// Evaluator `recheck-restores`: after the first `after` call (the clear), some
// `check` call (the recheck) must guard a branch that calls one of `restore`
// (put the entry back). Recognises `if (check(...)) { restore(...); ... }` and
// `x = check(...); if (x) { restore(...); }`.
//
// args: { check: names, after: names, restore: names }
import { anchorMatch } from '../eval-context.ts';
import { nameMatcher, callList } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { matchParen } from '../c/preprocess.ts';
import { asNames, asObject, field } from '../predicates/args.ts';

interface Args {
  check: string[];
  after: string[];
  restore: string[];
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['check', 'after', 'restore']);
  return { check: field(o, 'check', (v) => asNames(v)), after: field(o, 'after', (v) => asNames(v)), restore: field(o, 'restore', (v) => asNames(v)) };
}

export function evaluate(ctx: EvalContext, args: Args): Match[] {
  const fn = ctx.fn;
  const code = ctx.file?.code;
  if (!fn || !code) return [];
  const clear = fn.calls.find((c) => nameMatcher(args.after)(c.name));
  if (!clear) return [];
  const isCheck = nameMatcher(args.check);
  const isRestore = nameMatcher(args.restore);
  for (const check of fn.calls) {
    if (check.offset <= clear.offset || !isCheck(check.name)) continue;
    const branch = guardedBranch(code, check.offset);
    if (!branch) continue;
    if (fn.calls.some((c) => isRestore(c.name) && c.offset > branch[0] && c.offset < branch[1])) {
      return [anchorMatch(ctx, check.line, { check: check.name })];
    }
  }
  return [];
}

export function describe(args: Args): string {
  return `a ${callList(args.check)} check after ${callList(args.after)} whose failure branch puts the entry back with ${callList(args.restore)}`;
}

/**
 * The consequence [start, end) of the if-statement whose condition contains
 * `at`, or of the first if-statement that starts within a few lines after it.
 */
function guardedBranch(code: string, at: number): [number, number] | null {
  const lineStart = code.lastIndexOf('\n', at) + 1;
  const windowStart = Math.max(0, lineStart - 400);
  const re = /\bif\s*\(/g;
  re.lastIndex = windowStart;
  const limit = Math.min(code.length, at + 300);
  for (let m = re.exec(code); m && m.index < limit; m = re.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = matchParen(code, open, 2000);
    if (close < 0) continue;
    const encloses = open < at && at < close;
    const follows = m.index > at;
    if (!encloses && !follows) continue;
    return consequence(code, close + 1);
  }
  return null;
}

function consequence(code: string, from: number): [number, number] | null {
  let i = from;
  while (i < code.length && /\s/.test(code[i])) i++;
  if (code[i] === '{') {
    let depth = 0;
    for (let j = i; j < code.length; j++) {
      if (code[j] === '{') depth++;
      else if (code[j] === '}' && --depth === 0) return [i, j + 1];
    }
    return null;
  }
  const semi = code.indexOf(';', i);
  return semi < 0 ? null : [i, semi + 1];
}
