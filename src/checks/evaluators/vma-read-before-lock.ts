// Evaluator `vma-read-before-lock`: under per-VMA locking a VMA found without the mmap lock (a lookup in
// the maple tree under RCU) may be changing, or detached and about to be freed, until its read lock is
// taken. A whole function that looks a VMA up (a `lookups` call whose result it assigns), holding no mmap
// lock before that (`held`), and then read-locks that very VMA (`read_locks` given the variable) must not
// use it in between: a field read (`vma->vm_start`), or the VMA handed to a `vma_*` accessor. Reads of
// the lock's own fields (`lock_fields`) are the lock's business. Order is text order from the lookup to
// the read lock, within the one function (the read lock follows its lookup in straight-line code).
//
// args: lookups, read_locks, held: name patterns; lock_fields: regex over field names.
import { anchorMatch } from '../eval-context.ts';
import type { Match, Scope } from '../eval-context.ts';
import type { CallSite } from '../change-types.ts';
import { addedAt, overFunction } from '../function-regions.ts';
import { matchParen } from '../c/preprocess.ts';
import { lineOfOffset } from '../model-lookup.ts';
import { nameMatcher } from '../patterns.ts';
import { asNames, asObject, asRegex, field } from '../predicates/args.ts';

interface Args {
  lookups: string[];
  read_locks: string[];
  held: string[];
  lock_fields: string;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['lookups', 'read_locks', 'held', 'lock_fields']);
  const names = (k: string): string[] => field(o, k, (v) => asNames(v));
  return { lookups: names('lookups'), read_locks: names('read_locks'), held: names('held'), lock_fields: field(o, 'lock_fields', asRegex) };
}

export function describe(): string {
  return 'no use of a VMA found under RCU before its per-VMA read lock is taken';
}

/** The plain variable a call's result is assigned to (`vma = mas_walk(...)`), or null. */
function assignedTo(code: string, callOffset: number): string | null {
  const lineStart = code.lastIndexOf('\n', callOffset - 1) + 1;
  const m = /\b([A-Za-z_]\w*)\s*=\s*(?:\(\s*[\w\s*]+\)\s*)?$/.exec(code.slice(lineStart, callOffset));
  return m ? m[1]! : null;
}

/** Offset just past the call's closing parenthesis (the code has comments and literals blanked). */
function endOfCall(code: string, call: CallSite): number {
  const open = code.indexOf('(', call.offset);
  const close = open < 0 ? -1 : matchParen(code, open);
  return close < 0 ? call.offset : close + 1;
}

export const evaluate = overFunction<Args>((ctx, args, fn, body) => {
  if (!fn.whole || fn.status === 'removed') return [];
  const isLookup = nameMatcher(args.lookups);
  const isReadLock = nameMatcher(args.read_locks);
  const isHeld = nameMatcher(args.held);
  const lockField = new RegExp(args.lock_fields);
  const code = body.code;
  const out: Match[] = [];
  for (const look of fn.calls) {
    if (look.indirect || !isLookup(look.name)) continue;
    if (fn.calls.some((c) => c.offset < look.offset && isHeld(c.name))) continue;
    const v = assignedTo(code, look.offset);
    if (!v) continue;
    const isV = (a: string) => a.trim() === v;
    const lock = fn.calls.filter((c) => c.offset > look.offset && isReadLock(c.name) && c.args.some(isV)).sort((a, b) => a.offset - b.offset)[0];
    if (!lock) continue;
    const from = endOfCall(code, look);
    const gap = code.slice(from, lock.offset);
    const uses: { at: number; what: string }[] = [];
    for (const m of gap.matchAll(new RegExp(`\\b${v}\\s*->\\s*(\\w+)`, 'g'))) {
      if (!lockField.test(m[1]!)) uses.push({ at: from + m.index, what: `${v}->${m[1]}` });
    }
    for (const c of fn.calls) {
      if (c.offset > from && c.offset < lock.offset && !c.indirect && /^vma_/.test(c.name) && !isReadLock(c.name) && c.args.some(isV)) {
        uses.push({ at: c.offset, what: `${c.name}(${v})` });
      }
    }
    const first = uses.sort((a, b) => a.at - b.at)[0];
    if (!first) continue;
    const line = lineOfOffset(ctx.file!, first.at);
    if (!addedAt(ctx, line) && !addedAt(ctx, lock.line) && !addedAt(ctx, look.line)) continue;
    out.push(anchorMatch(ctx, line, { use: first.what, lookup: look.name, lock: lock.name, lock_line: String(lock.line), vma: v }));
  }
  return out;
});
