// "Callers check what A returns" (Engler et al.'s classic belief): for a call whose result is assigned to a
// variable, is the variable tested (for NULL, an error pointer, an error code: `if (!x)`, `if (x)`,
// `IS_ERR(x)`, `x == NULL`) within the next few lines? Mined over a
// tree (a callee whose callers almost all check it), judged on the calls a change adds. Text-level on
// purpose: the assignment and the test sit on the call's line and the few after it in kernel style.
import type { CheckBelief } from '../../domain/knowledge.ts';

/** Lines after the call within which the test must come. */
export const CHECK_WINDOW = 6;

/** The variable the call starting at `col` of `line` is assigned to ("x = f(", "T *x = f(", "x = (T *)f("), or null. */
export function assignedVariable(line: string, col: number): string | null {
  const before = line.slice(0, col);
  const m = /\b([A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*=\s*(?:\(\s*[\w\s*]+\)\s*)?$/.exec(before);
  if (!m) return null;
  // "a == f(", "a != f(", "a += f(": no identifier right before a lone '='.
  return m[1]!;
}

/** Is the call on this line already inside a condition ("if (!(x = f(", "while ((x = f("), which tests it? */
function testedInPlace(line: string, col: number): boolean {
  return /\b(?:if|while)\s*\(/.test(line.slice(0, col));
}

/** Is `v` tested for NULL or an error pointer in `lines[from..from+window]` (0-based, the call's line first)? */
export function testedAfter(lines: readonly string[], from: number, v: string, window = CHECK_WINDOW): boolean {
  const id = v.replace(/[^\w]/g, '');
  const tests = [
    new RegExp(`!\\s*${id}\\b`),
    new RegExp(`\\b${id}\\s*[!=]=\\s*NULL\\b`),
    new RegExp(`\\bNULL\\s*[!=]=\\s*${id}\\b`),
    new RegExp(`\\b(?:if|while)\\s*\\(\\s*(?:(?:unlikely|likely)\\s*\\()?\\s*${id}\\s*\\)`),
    new RegExp(`\\bIS_ERR(?:_OR_NULL)?\\s*\\(\\s*${id}\\s*\\)`),
    new RegExp(`\\b${id}\\s*(?:&&|\\|\\||\\?)`),
  ];
  for (let i = from; i < Math.min(lines.length, from + window + 1); i++) {
    const text = i === from ? lines[i]!.slice(lines[i]!.indexOf('=') + 1) : lines[i]!;
    if (tests.some((t) => t.test(text))) return true;
  }
  return false;
}

export type ResultUse = 'checked' | 'unchecked' | 'not-assigned';

/** How the call at (`line` 1-based, `col`) of `lines` uses its result. */
export function resultUse(lines: readonly string[], line: number, col: number): ResultUse {
  const text = lines[line - 1];
  if (text === undefined) return 'not-assigned';
  const v = assignedVariable(text, col);
  if (!v) return 'not-assigned';
  if (testedInPlace(text, col)) return 'checked';
  return testedAfter(lines, line - 1, v) ? 'checked' : 'unchecked';
}

/** The belief about `callee`'s result, when kept, or undefined. */
export function checkBeliefAbout(checks: readonly CheckBelief[] | undefined, callee: string): CheckBelief | undefined {
  return checks?.find((b) => b.callee === callee);
}
