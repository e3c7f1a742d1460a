// Evaluator `wp-fault-unshare`: a write-fault handler copes with
// FAULT_FLAG_UNSHARE. Holds when
//  (a) the function, or a caller the series shows (up to `follow.callers`
//      levels), mentions FAULT_FLAG_UNSHARE or an `unshare` variable, and
//  (b) every uffd-wp upcall (`upcall` called with an argument matching
//      `upcall_arg`) in the function sits under an `if` whose condition reads
//      `guard` (usually `!unshare`, or a FAULT_FLAG_WRITE test), in its else
//      branch, or after an earlier `if (unshare ...)` that returns or jumps.
//
// args: { mentions?: regex, upcall?: names, upcall_arg?: regex, guard?: regex, exits?: regex }
import { anchorMatch, anyCaller } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { matchParen } from '../c/preprocess.ts';
import type { CallSite, ChangeModel, FunctionChange } from '../change-types.ts';
import { asNames, asObject, asRegex, optionalField } from '../predicates/args.ts';
import { fileAt, functionSpan } from '../model-lookup.ts';

interface Args {
  mentions?: string;
  upcall?: string[];
  upcall_arg?: string;
  guard?: string;
  exits?: string;
}

const DEFAULTS = {
  mentions: '\\bFAULT_FLAG_UNSHARE\\b|\\bunshare\\b',
  upcall: ['handle_userfault'],
  upcall_arg: '\\bVM_UFFD_WP\\b',
  guard: '\\bunshare\\b|\\bFAULT_FLAG_UNSHARE\\b|\\bFAULT_FLAG_WRITE\\b',
  exits: '\\bunshare\\b|\\bFAULT_FLAG_UNSHARE\\b',
};

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Required<Args> {
  const o = raw === undefined || raw === null ? {} : asObject(raw, [], ['mentions', 'upcall', 'upcall_arg', 'guard', 'exits']);
  return {
    mentions: optionalField(o, 'mentions', asRegex) ?? DEFAULTS.mentions,
    upcall: optionalField(o, 'upcall', (v) => asNames(v)) ?? DEFAULTS.upcall,
    upcall_arg: optionalField(o, 'upcall_arg', asRegex) ?? DEFAULTS.upcall_arg,
    guard: optionalField(o, 'guard', asRegex) ?? DEFAULTS.guard,
    exits: optionalField(o, 'exits', asRegex) ?? DEFAULTS.exits,
  };
}

export function evaluate(ctx: EvalContext, a: Required<Args>): Match[] {
  const fn = ctx.fn;
  if (!fn) return [];
  const mentions = new RegExp(a.mentions);
  const own = bodyOf(ctx.model, fn);
  if (own === null) return [];
  if (!mentions.test(own.text) && !callerMentions(ctx, fn, mentions)) return [];
  const isUpcall = nameMatcher(a.upcall);
  const wpArg = new RegExp(a.upcall_arg);
  for (const c of fn.calls) {
    if (!isUpcall(c.name) || !c.args.some((x) => wpArg.test(x))) continue;
    if (!guarded(own, c, new RegExp(a.guard), new RegExp(a.exits))) return [];
  }
  return [anchorMatch(ctx)];
}

export function describe(): string {
  return 'a FAULT_FLAG_UNSHARE test (in the function or a caller the series shows), with any uffd-wp upcall skipped when unsharing';
}

interface Body {
  /** Masked text of the function. */
  text: string;
  /** Offset of `text` within its file's masked code. */
  base: number;
}

/** The function's masked text, cut from its file's analysed code. */
function bodyOf(model: ChangeModel, fn: FunctionChange): Body | null {
  const span = functionSpan(fn, fn.code === undefined ? fileAt(model, fn.patch, fn.file) : null);
  return span ? { text: span.code.slice(span.start, span.end), base: span.start } : null;
}

function callerMentions(ctx: EvalContext, fn: FunctionChange, re: RegExp): boolean {
  return anyCaller(ctx, fn, (caller) => {
    const body = bodyOf(ctx.model, caller);
    return body !== null && re.test(body.text);
  });
}

/** Is the call under an if reading `guard`, in its else branch, or after an `if (exits...)` that leaves? */
function guarded(body: Body, call: CallSite, guard: RegExp, exits: RegExp): boolean {
  const at = call.offset - body.base;
  const text = body.text;
  const re = /\bif\s*\(/g;
  for (let m = re.exec(text); m && m.index < at; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchParen(text, open, 4000);
    if (close < 0 || close > at) continue;
    const cond = text.slice(open + 1, close);
    const then = statementAt(text, close + 1);
    if (!then) continue;
    if (then[0] <= at && at < then[1]) {
      if (guard.test(cond)) return true;
      continue;
    }
    const rest = /^\s*else\b/.exec(text.slice(then[1]));
    if (rest) {
      const other = statementAt(text, then[1] + rest[0].length);
      if (other && other[0] <= at && at < other[1] && guard.test(cond)) return true;
    }
    if (then[1] <= at && exits.test(cond) && /\b(?:return|goto)\b/.test(text.slice(then[0], then[1]))) return true;
  }
  return false;
}

/** Range [start, end) of the statement starting at or after `from`: a block, an if/else chain, or up to `;`. */
function statementAt(text: string, from: number): [number, number] | null {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] === '{') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) return [i, j + 1];
    }
    return null;
  }
  const nested = /^if\s*\(/.exec(text.slice(i, i + 40));
  if (nested) {
    const close = matchParen(text, i + nested[0].length - 1, 4000);
    if (close < 0) return null;
    const then = statementAt(text, close + 1);
    if (!then) return null;
    const els = /^\s*else\b/.exec(text.slice(then[1]));
    if (!els) return [i, then[1]];
    const other = statementAt(text, then[1] + els[0].length);
    return other ? [i, other[1]] : [i, then[1]];
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth <= 0) return [i, j + 1];
  }
  return null;
}
