// What a predicate sees while a rule runs: one target (a hunk's added code, a
// function, a file or the whole series) plus the model for lookups, and the
// places (matches) predicates return.
import { apiFamily } from './api-families.ts';
import type { CallSite, ChangeModel, DiffLineRef, FileChange, FunctionChange, PatchModel } from './change-types.ts';
import { fileAt, functionHolding, modifiedFunctionNamed } from './model-lookup.ts';
import { BELIEF_EFFECTS, type BeliefEffect } from '../domain/knowledge.ts';
import { familiesFrom } from './summaries/families.ts';

export type Scope = 'hunk' | 'function' | 'file' | 'series';

/** A place a predicate matched; also where a finding is anchored. */
export interface Match {
  patch: number;
  file: string | null;
  line: number | null;
  function: string | null;
  /** Values for message placeholders and for later predicates ({call}, {symbol}...). */
  bindings: Record<string, string>;
}

export interface Follow {
  /** 1: an expected call may sit in a function this one calls, when the series shows it. */
  callees: 0 | 1;
  /** Levels of callers (0-2) the series shows in which an expected call may sit. */
  callers: 0 | 1 | 2;
}

export interface EvalContext {
  model: ChangeModel;
  kind: Scope;
  follow: Follow;
  patch: PatchModel | null;
  file: FileChange | null;
  fn: FunctionChange | null;
  /** Calls in the target: added-line calls for hunk scope, the function's calls, the file's calls. */
  calls: CallSite[];
  /** Added lines in the target (the function's range, the file, or every file for series scope). */
  added: (DiffLineRef & { patch: number; file: string })[];
  /** Where a finding goes when no predicate names a better place. */
  anchor: Match;
  bindings: Record<string, string>;
  /** Set while evaluating when an answer leaned on callers that were not seen (no tree index); the engine says so in the finding. */
  unseen?: { callers: boolean; noneVisible?: boolean };
}

/**
 * Records that callers outside the series' files would have been asked about but cannot be seen (no tree
 * index). `noneVisible`: the function has no caller the series shows at all, so the answer rests entirely on
 * what was not seen; the finding is then a question to the author, not an error.
 */
export function callersUnseen(ctx: EvalContext, noneVisible = false): void {
  if (ctx.model.sees !== 'series' || !ctx.unseen) return;
  ctx.unseen.callers = true;
  if (noneVisible) ctx.unseen.noneVisible = true;
}

/**
 * Without a tree, for a function the series shows no caller of: does the mined knowledge (the review's
 * knowledge base, from a released tree) say that every call path into a function of that name performs
 * `effect` before (after) the call? Callers the series shows decide by themselves; a name the mined tree
 * never had gets no answer.
 */
export function minedCallersDo(ctx: EvalContext, fn: FunctionChange, effect: BeliefEffect | null, when: 'before' | 'after' | 'around'): boolean {
  const kb = ctx.model.knowledge;
  if (effect === null || !kb || ctx.model.sees !== 'series') return false;
  if (ctx.model.index.callers(fn.name, fn.patch).length > 0) return false;
  const facts = kb.functions[fn.name];
  if (!facts) return false;
  if (when === 'before') return facts.callersBefore.includes(effect);
  if (when === 'after') return facts.callersAfter.includes(effect);
  return facts.callersBefore.includes(effect) || facts.callersAfter.includes(effect);
}

const families = familiesFrom();
const effectOfList = new Map<string, BeliefEffect | null>();

/**
 * The one belief effect every plain name or family of a rule's call list performs (flush_cache_range and
 * flush_cache_page, or @cache.flush: a cache flush), or null when they disagree, include a pattern or do none.
 */
export function beliefEffectOf(names: readonly string[]): BeliefEffect | null {
  const key = names.join('\0');
  if (effectOfList.has(key)) return effectOfList.get(key)!;
  let common: BeliefEffect[] | null = null;
  for (const n of names) {
    const family = n.startsWith('@') ? apiFamily(n) : null;
    if (!family && !/^\w+$/.test(n)) {
      common = [];
      break;
    }
    const effects = family ? (family.effect ? [family.effect] : []) : (families(n)?.effects ?? []);
    const es = effects.filter((e): e is BeliefEffect => (BELIEF_EFFECTS as readonly string[]).includes(e));
    common = common === null ? es : common.filter((e) => es.includes(e));
  }
  const out = common && common.length === 1 ? common[0]! : null;
  effectOfList.set(key, out);
  return out;
}

/** True when callers and callees anywhere in the indexed base tree are visible (a --tree review). */
export function seesTree(ctx: EvalContext): boolean {
  return ctx.model.sees === 'tree';
}

/** The function containing a line of a file, if known. */
export function functionAt(file: FileChange | null, line: number): string | null {
  if (!file) return null;
  return functionHolding(file, line)?.name ?? null;
}

/** A match at a call in the current target. */
export function callMatch(ctx: EvalContext, call: CallSite, extra: Record<string, string> = {}): Match {
  return {
    patch: ctx.anchor.patch,
    file: ctx.file?.path ?? ctx.anchor.file,
    line: call.line,
    function: ctx.fn?.name ?? functionAt(ctx.file, call.line),
    bindings: { ...ctx.bindings, call: call.name, [CALL_AT]: `${call.line}:${call.col}`, ...extra },
  };
}

/**
 * Binding that records where the call a trigger matched stands ("line:col"): an expectation about
 * `{call}` is then about that very call, not every call of the same name in the function.
 */
export const CALL_AT = 'call_at';

/** A match at an arbitrary line of some file of the series. */
export function lineMatch(ctx: EvalContext, patch: number, file: FileChange, line: number | null, extra: Record<string, string> = {}): Match {
  return {
    patch,
    file: file.path,
    line,
    function: line === null ? null : ctx.fn && ctx.file === file ? ctx.fn.name : functionAt(file, line),
    bindings: { ...ctx.bindings, ...extra },
  };
}

/** A match at the current target (at `line` of it when given), with the context's bindings and `extra`. */
export function anchorMatch(ctx: EvalContext, line?: number | null, extra: Record<string, string> = {}): Match {
  return { ...ctx.anchor, ...(line === undefined ? {} : { line }), bindings: { ...ctx.bindings, ...extra } };
}

export function selfMatch(ctx: EvalContext): Match[] {
  return [anchorMatch(ctx)];
}

/**
 * Do the callers of `fn` meet `test` (up to `ctx.follow.callers` levels)? With the whole tree
 * (`seesTree`): every caller does, or (levels remaining) every caller of that caller does, and `fn` has
 * at least one caller; a function nobody calls is not covered. Without it: the callers the series
 * shows, breadth first, true as soon as one meets `test` (and callers outside were not seen).
 */
export function anyCaller(ctx: EvalContext, fn: FunctionChange, test: (caller: FunctionChange, callee: FunctionChange) => boolean): boolean {
  if (ctx.follow.callers === 0) return false;
  if (seesTree(ctx)) return everyCaller(ctx, fn, ctx.follow.callers, test);
  callersUnseen(ctx);
  let level: FunctionChange[] = [fn];
  const seen = new Set<FunctionChange>([fn]);
  for (let depth = 1; depth <= ctx.follow.callers; depth++) {
    const next: FunctionChange[] = [];
    for (const callee of level) {
      for (const caller of ctx.model.index.callers(callee.name, fn.patch)) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        if (test(caller, callee)) return true;
        next.push(caller);
      }
    }
    level = next;
  }
  return false;
}

/** Every path into `fn` from `depth` levels of callers meets `test` (cycles ignored), and there is one. */
export function everyCaller(ctx: EvalContext, fn: FunctionChange, depth: number, test: (caller: FunctionChange, callee: FunctionChange) => boolean): boolean {
  const onStack = new Set<string>();
  const key = (f: FunctionChange): string => `${f.file}\0${f.name}`;
  const covered = (callee: FunctionChange, left: number): boolean => {
    if (left <= 0) return false;
    const callers = ctx.model.index.callers(callee.name, fn.patch);
    if (callers.length === 0) return false;
    onStack.add(key(callee));
    try {
      return callers.every((caller) => onStack.has(key(caller)) || test(caller, callee) || covered(caller, left - 1));
    } finally {
      onStack.delete(key(callee));
    }
  };
  return covered(fn, depth);
}

/**
 * The pre-image of a modified function in a --tree review (the same patch's file before it, and the
 * function there), or null: a diff-only review, a new function, or a function the pre-image lacks.
 */
export function preImageOf(ctx: EvalContext, fn: FunctionChange): { fn: FunctionChange; file: FileChange } | null {
  const before = ctx.model.before;
  if (!before || fn.status !== 'modified' || !ctx.patch) return null;
  const file = fileAt(before, ctx.patch.index, ctx.file?.oldPath ?? fn.file);
  const pre = file ? modifiedFunctionNamed(file, fn.name) : undefined;
  return file && pre ? { fn: pre, file } : null;
}
