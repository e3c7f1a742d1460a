// Evaluator `crash-on-reachable-state`: a BUG_ON() / VM_BUG_ON*() / BUG() the change adds to an existing
// file on a condition that code outside the function decides: page-table state or reference counts another
// CPU can change under it (the *_same / *_none / *_present tests, swap and migration entries, page counts), or nothing at
// all (BUG(), BUG_ON(1)); and for BUG_ON() (every kernel, not only debug ones) a scalar parameter of the
// function (a length, an address, flags: often userspace's, through a syscall or ioctl) or the result of
// a call. A crash assertion the same series removes elsewhere (moved code), or the patch removes from the
// file as often as it adds (a rewritten condition), is not new.
// A whole new file is left to its reviewers' first reading (its assertions are all "new").
//
// args: crash: pattern of the crash-assertion names; racy: pattern of the state tests another CPU can race.
import type { CallSite, ChangeModel, FileChange } from '../change-types.ts';
import { anchorMatch } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { asObject, asRegex, field } from '../predicates/args.ts';

interface Args {
  crash: RegExp;
  racy: RegExp;
}

export const scopes: Scope[] = ['hunk'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['crash', 'racy']);
  return { crash: new RegExp(field(o, 'crash', asRegex)), racy: new RegExp(field(o, 'racy', asRegex)) };
}

export function describe(): string {
  return 'a warning and a bail-out instead of a crash';
}

const squash = (s: string) => s.replace(/\s+/g, '');
const removedTexts = new WeakMap<ChangeModel, string>();

/** Every '-' line of the series, squashed and joined: what it removes anywhere. */
function removedBySeries(model: ChangeModel): string {
  let t = removedTexts.get(model);
  // Consecutive removed lines are joined, so an assertion written over two lines is found whole.
  if (t === undefined) removedTexts.set(model, (t = model.patches.flatMap((p) => p.files.map((f) => f.removed.map((l) => squash(l.text)).join(''))).join('\n')));
  return t;
}

export function evaluate(ctx: EvalContext, args: Args): Match[] {
  const file = ctx.file;
  if (!file || file.status === 'added') return [];
  const added = new Set(ctx.added.map((l) => l.line));
  const out: Match[] = [];
  const rewritten = rewrittenNames(file, args);
  for (const c of ctx.calls) {
    if (c.indirect || !added.has(c.line) || !args.crash.test(c.name) || rewritten.has(c.name)) continue;
    const cond = c.args[0] ?? '';
    if (removedBySeries(ctx.model).includes(squash(`${c.name}(${c.args.join(',')})`))) continue;
    const why = reason(ctx, c, cond, args);
    if (why) out.push(anchorMatch(ctx, c.line, { call: c.name, condition: cond, line: String(c.line), reason: why }));
  }
  return out;
}

const CRASH_CALL = /\b([A-Z_]*BUG(?:_ON\w*)?)\s*\(/g;

const rewrittenOf = new WeakMap<FileChange, WeakMap<Args, Set<string>>>();

/** Crash assertions the patch removes from the file at least as often as it adds them: rewritten, not new. */
function rewrittenNames(file: FileChange, args: Args): Set<string> {
  let byArgs = rewrittenOf.get(file);
  if (!byArgs) rewrittenOf.set(file, (byArgs = new WeakMap<Args, Set<string>>()));
  let names = byArgs.get(args);
  if (!names) byArgs.set(args, (names = countRewritten(file, args)));
  return names;
}

function countRewritten(file: FileChange, args: Args): Set<string> {
  const count = (lines: readonly { text: string }[]) => {
    const m = new Map<string, number>();
    for (const l of lines) {
      if (!l.text.includes('BUG')) continue; // what CRASH_CALL needs: most lines are passed over without running it
      for (const x of l.text.matchAll(CRASH_CALL)) if (args.crash.test(x[1]!)) m.set(x[1]!, (m.get(x[1]!) ?? 0) + 1);
    }
    return m;
  };
  const removed = count(file.removed);
  return new Set([...count(file.added)].filter(([n, k]) => (removed.get(n) ?? 0) >= k).map(([n]) => n));
}

/**
 * Why the condition is decided outside the function, or null (an invariant on the function's own data, or a
 * debug-only VM_BUG_ON*() checking what its callers promise: a pointer to a page, a folio, a VMA).
 */
function reason(ctx: EvalContext, c: CallSite, cond: string, args: Args): string | null {
  if (c.args.length === 0 || /^(?:1|true)$/.test(cond.trim())) return 'it crashes the kernel whenever this line runs';
  const racy = cond.match(args.racy);
  if (racy) return `the condition tests ${racy[0]}, state another CPU or a concurrent fault can change`;
  // VM_BUG_ON*() runs on debug kernels only; on a caller's promise it is a contract check, not a crash users reach.
  if (/^VM_/.test(c.name)) return null;
  const scalars = (ctx.fn?.params ?? []).filter((p) => p.name && !/[*[]|\bstruct\b|\bunion\b/.test(p.type) && new RegExp(`\\b${p.name}\\b`).test(cond));
  if (scalars.length) return `the condition depends on ${scalars.map((p) => `'${p.name}'`).join(', ')}, a value the callers pass in (from userspace, when a syscall or ioctl is above)`;
  const called = /\b([a-z_]\w*)\s*\(/.exec(cond);
  if (called) return `the condition depends on what ${called[1]}() returns`;
  return null;
}
