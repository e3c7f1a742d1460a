// What a predicate sees while a rule runs: one target (a hunk's added code, a
// function, a file or the whole series) plus the model for lookups, and the
// places (matches) predicates return.
import type { CallSite, ChangeModel, DiffLineRef, FileChange, FunctionChange, PatchModel } from './change-types.ts';

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
}

/** The function containing a line of a file, if known. */
export function functionAt(file: FileChange | null, line: number): string | null {
  if (!file) return null;
  for (const f of file.functions) if (f.status !== 'removed' && f.startLine <= line && line <= f.endLine) return f.name;
  return null;
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
 * Walks the callers of `fn` the series shows, breadth first, up to `ctx.follow.callers`
 * levels, each caller once; true as soon as `test(caller, callee)` is.
 */
export function anyCaller(ctx: EvalContext, fn: FunctionChange, test: (caller: FunctionChange, callee: FunctionChange) => boolean): boolean {
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
