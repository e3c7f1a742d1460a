// "Callers check what A returns" (Engler et al.'s classic belief): for a call whose result is assigned to a
// variable, is the variable tested (for NULL, an error pointer, an error code: `if (!x)`, `if (x)`,
// `IS_ERR(x)`, `x == NULL`), or returned to the caller as it is, within the next few lines? Mined over a
// tree (a callee whose callers almost all check it), judged on the calls a change adds. Text-level on
// purpose: the assignment and the test sit on the call's line and the few after it in kernel style.
import type { CheckBelief } from '../../domain/knowledge.ts';

/** Lines after the assigning statement within which the test must come. */
export const CHECK_WINDOW = 6;

/** The variable or member the call starting at `col` of `line` is assigned to ("x = f(", "T *x = f(", "s->x = (T *)f("), or null. */
export function assignedVariable(line: string, col: number): string | null {
  const before = line.slice(0, col);
  const m = /((?:\b[A-Za-z_]\w*\s*(?:->|\.)\s*)*\b[A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*=\s*(?:\(\s*[\w\s*]+\)\s*)?$/.exec(before);
  if (!m) return null;
  // "a == f(", "a != f(", "a += f(": no identifier right before a lone '='.
  return m[1]!.replace(/\s+/g, '');
}

/** Is the call on this line already inside a condition ("if (!(x = f(", "while ((x = f("), which tests it? */
function testedInPlace(line: string, col: number): boolean {
  return /\b(?:if|while)\s*\(/.test(line.slice(0, col));
}

/** Is `v` tested for NULL or an error pointer in `lines[from..from+window]` (0-based, the call's line first)? */
export function testedAfter(lines: readonly string[], from: number, v: string, window = CHECK_WINDOW): boolean {
  // The variable or member (`p`, `memcg->stats`), spaces around its operators allowed.
  const id = v.split(/(->|\.)/).map((part) => (part === '->' || part === '.' ? `\\s*${part === '.' ? '\\.' : '->'}\\s*` : part)).join('');
  const tests = [
    new RegExp(`!\\s*${id}\\b`),
    new RegExp(`\\b${id}\\s*[!=]=\\s*NULL\\b`),
    new RegExp(`\\bNULL\\s*[!=]=\\s*${id}\\b`),
    new RegExp(`\\b(?:if|while)\\s*\\(\\s*(?:(?:unlikely|likely)\\s*\\()?\\s*${id}\\s*\\)`),
    new RegExp(`\\bIS_ERR(?:_OR_NULL)?\\s*\\(\\s*${id}\\s*\\)`),
    new RegExp(`\\b${id}\\s*(?:&&|\\|\\||\\?)`),
    // Handed back to the caller, whose business the test then is.
    new RegExp(`\\breturn\\s+${id}\\s*;`),
    // An assertion on it (WARN_ON(!x) is above; KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x), BUG_ON(IS_ERR(x))).
    new RegExp(`\\b[A-Z_]*(?:NULL|ERR|ASSERT)[A-Z_]*\\s*\\([^;]*\\b${id}\\b`),
  ];
  // The window starts where the assigning statement ends (a call's arguments may run over several lines).
  let end = from;
  while (end < lines.length - 1 && end < from + 4 && !/;\s*(?:\/[/*].*)?$/.test(lines[end]!)) end++;
  for (let i = from; i < Math.min(lines.length, end + window + 1); i++) {
    const text = i === from ? lines[i]!.slice(lines[i]!.indexOf('=') + 1) : lines[i]!;
    if (tests.some((t) => t.test(text))) return true;
  }
  return false;
}

export type ResultUse = 'checked' | 'unchecked' | 'not-assigned';

/** Test code (kunit suites, tests/ folders): it asserts what it expects rather than testing results. */
export function isTestCode(path: string): boolean {
  return /(?:^|\/)tests?\/|_test\.c$|kunit/.test(path);
}

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
