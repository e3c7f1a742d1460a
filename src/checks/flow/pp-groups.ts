// #if groups with an #else or #elif inside a function body, as alternatives: exactly one branch is compiled.
// (The parser sees every branch, one after another, because the directives are blanked before parsing.)
import type { Prepared } from '../c/preprocess.ts';

export interface ChoiceGroup {
  /** Offset of the `#if` line and just past the `#endif` line. */
  start: number;
  end: number;
  /** Content of each branch, between its directive and the next. */
  branches: [number, number][];
}

const DIRECTIVE = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/;

/**
 * Groups opened and closed between `from` and `to` that have two or more branches and no branch the
 * preprocessing dropped (those are brace-unbalanced; their calls are reported as unplaced instead).
 */
export function choiceGroups(prep: Prepared, from: number, to: number): ChoiceGroup[] {
  const { lines, masked, cond } = prep;
  const out: ChoiceGroup[] = [];
  const stack: { start: number; marks: [number, number][] }[] = [];
  const last = lines.lineOf(Math.max(from, to - 1));
  for (let line = lines.lineOf(from); line <= last; line++) {
    if (!cond.directive[line]) continue;
    const lineStart = lines.startOf(line);
    const m = DIRECTIVE.exec(masked.slice(lineStart, lines.endOf(line)));
    if (!m) continue;
    const lineEnd = directiveEnd(prep, line);
    const kind = m[1];
    if (kind.startsWith('if')) {
      stack.push({ start: lineStart, marks: [[lineStart, lineEnd]] });
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) continue;
    top.marks.push([lineStart, lineEnd]);
    if (kind !== 'endif') continue;
    stack.pop();
    if (top.marks.length < 3) continue;
    const branches: [number, number][] = [];
    for (let i = 0; i + 1 < top.marks.length; i++) branches.push([top.marks[i][1], top.marks[i + 1][0]]);
    if (branches.some(([s, e]) => cond.droppedBranches.some(([ds, de]) => ds < e && s < de))) continue;
    out.push({ start: top.start, end: lineEnd, branches });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Offset just past a directive, continuation lines included. */
function directiveEnd(prep: Prepared, line: number): number {
  let l = line;
  while (l + 1 < prep.cond.directive.length && prep.cond.directive[l + 1] && /\\\s*$/.test(prep.lines.lineText(l))) l++;
  return prep.lines.endOf(l);
}
