// Picks the diff lines a finding or a reviewer question is about: the hunk holding the
// new-side line, a few lines of context around it, the rest trimmed. Shared by every renderer.
import type { DiffLine, FilePatch, Hunk, PatchContent } from '../domain/mail.ts';
import type { ReportFinding, ReportQuestion } from './model.ts';
import { SEVERITY_RANK } from './model.ts';

/** Lines of context shown on each side of a flagged line. */
export const DEFAULT_CONTEXT = 3;

export type ExcerptRow =
  | { type: 'line'; line: DiffLine; index: number; flagged: boolean }
  | { type: 'gap'; skipped: number };

export interface DiffExcerpt {
  path: string;
  file: FilePatch;
  hunk: Hunk;
  hunkIndex: number;
  rows: ExcerptRow[];
}

export interface LinePosition {
  file: FilePatch;
  path: string;
  hunkIndex: number;
  lineIndex: number;
}

/** The path a file patch is known by: new side, old side for deletions. */
export function patchPath(file: FilePatch): string {
  return file.newPath ?? file.oldPath ?? '';
}

export function findFilePatch(content: PatchContent | null, path: string | null): FilePatch | null {
  if (!content || path === null) return null;
  return content.files.find((f) => f.newPath === path) ?? content.files.find((f) => f.oldPath === path) ?? null;
}

/** Where new-side line `newNo` of `path` sits in the patch, or null when no hunk shows it. */
export function locateNewLine(content: PatchContent | null, path: string | null, newNo: number | null): LinePosition | null {
  const file = findFilePatch(content, path);
  if (!file || newNo === null) return null;
  for (let h = 0; h < file.hunks.length; h++) {
    const hunk = file.hunks[h]!;
    if (newNo < hunk.newStart || newNo >= hunk.newStart + Math.max(hunk.newCount, 1)) continue;
    const lineIndex = hunk.lines.findIndex((l) => l.newNo === newNo);
    if (lineIndex >= 0) return { file, path: patchPath(file), hunkIndex: h, lineIndex };
  }
  return null;
}

/** `@@ -a,b +c,d @@ section`, as git prints it. */
export function hunkHeader(hunk: Hunk): string {
  const section = hunk.section ? ` ${hunk.section}` : '';
  return `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@${section}`;
}

/**
 * The rows of a hunk to show for some flagged line indices: each flagged line with `context`
 * lines before and `after` lines after, overlapping windows merged, everything else replaced by gap rows.
 */
export function excerptHunk(hunk: Hunk, flagged: Iterable<number>, context = DEFAULT_CONTEXT, after = context): ExcerptRow[] {
  const marks = new Set(flagged);
  const sorted = [...marks].filter((i) => i >= 0 && i < hunk.lines.length).sort((a, b) => a - b);
  const windows: Array<[number, number]> = [];
  for (const i of sorted) {
    const start = Math.max(0, i - context);
    const end = Math.min(hunk.lines.length - 1, i + after);
    const last = windows[windows.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else windows.push([start, end]);
  }
  const rows: ExcerptRow[] = [];
  let next = 0;
  for (const [start, end] of windows) {
    if (start > next) rows.push({ type: 'gap', skipped: start - next });
    for (let i = start; i <= end; i++) rows.push({ type: 'line', line: hunk.lines[i]!, index: i, flagged: marks.has(i) });
    next = end + 1;
  }
  if (windows.length > 0 && next < hunk.lines.length) rows.push({ type: 'gap', skipped: hunk.lines.length - next });
  return rows;
}

/** The excerpt around one new-side line, or null when the patch does not show that line. */
export function excerptForLine(
  content: PatchContent | null, path: string | null, newNo: number | null, context = DEFAULT_CONTEXT,
): DiffExcerpt | null {
  const pos = locateNewLine(content, path, newNo);
  if (!pos) return null;
  const hunk = pos.file.hunks[pos.hunkIndex]!;
  return { path: pos.path, file: pos.file, hunk, hunkIndex: pos.hunkIndex, rows: excerptHunk(hunk, [pos.lineIndex], context) };
}

function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return cmp(a, b);
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: number, b: number): number => a - b;

/** The one order every format lists findings in: patch, file, line, rule, then message. */
export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return a.patch - b.patch
    || compareNullable(a.file, b.file, byString)
    || compareNullable(a.line, b.line, byNumber)
    || byString(a.rule, b.rule)
    || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
    || byString(a.message, b.message);
}

export function sortFindings(findings: readonly ReportFinding[]): ReportFinding[] {
  return [...findings].sort(compareFindings);
}

/** Questions by patch (cover and unknown first), keeping the given order within a patch. */
export function sortQuestions(questions: readonly ReportQuestion[]): ReportQuestion[] {
  return [...questions].sort((a, b) => (a.patch ?? -1) - (b.patch ?? -1));
}

/** Strips one level of quoting from a quoted line, if any ("> +foo" -> "+foo"). */
function unquote(line: string): string {
  return line.replace(/^\s*> ?/, '');
}

/**
 * Finds the diff line a question's quote ends on, matching the quoted text against the patch:
 * the last quoted line that looks like a diff line and appears once in the question's file.
 */
export function questionAnchor(content: PatchContent | null, question: ReportQuestion): LinePosition | null {
  if (!content) return null;
  const files = question.file !== null ? [findFilePatch(content, question.file)].filter((f) => f !== null) : content.files;
  for (let q = question.quoted.length - 1; q >= 0; q--) {
    const quoted = unquote(question.quoted[q]!);
    const kind = quoted[0];
    if (kind !== '+' && kind !== '-' && kind !== ' ') continue;
    const text = quoted.slice(1);
    if (text.trim() === '') continue;
    const matches: LinePosition[] = [];
    for (const file of files) {
      file.hunks.forEach((hunk, hunkIndex) => hunk.lines.forEach((line, lineIndex) => {
        if (line.kind === kind && line.text === text) matches.push({ file, path: patchPath(file), hunkIndex, lineIndex });
      }));
    }
    if (matches.length === 1) return matches[0]!;
  }
  return null;
}

/** A diff line as it appears in a patch: its kind character followed by its text. */
export function diffLineText(line: DiffLine): string {
  return `${line.kind}${line.text}`;
}
