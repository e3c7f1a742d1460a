// Cuts diff excerpts for renderers: the hunk holding a position the report model gives, a few
// lines of context around it (or around several lines of one concern, each marked once), the rest
// trimmed. Shared by every renderer; reads, never matches.
import type { DiffLine, FilePatch, Hunk, PatchContent } from '../domain/mail.ts';
import type { DiffPosition } from './report-model.ts';

/** Lines of context shown on each side of a flagged line. */
const DEFAULT_CONTEXT = 3;

export type ExcerptRow =
  | { type: 'line'; line: DiffLine; index: number; flagged: boolean }
  | { type: 'gap'; skipped: number };

export interface DiffExcerpt {
  hunk: Hunk;
  rows: ExcerptRow[];
}

/** The path a file patch is known by: new side, old side for deletions. */
export function patchPath(file: FilePatch): string {
  return file.newPath ?? file.oldPath ?? '';
}

/** The hunk holding a position of the report model, or null when the content does not have it. */
function hunkAt(content: PatchContent | null, position: DiffPosition | null): Hunk | null {
  if (!content || !position) return null;
  return content.files[position.fileIndex]?.hunks[position.hunkIndex] ?? null;
}

/** The diff line at a position of the report model, or null when the content does not have it. */
export function lineAt(content: PatchContent | null, position: DiffPosition | null): DiffLine | null {
  return position ? hunkAt(content, position)?.lines[position.lineIndex] ?? null : null;
}

/** `@@ -a,b +c,d @@ section`, as git prints it. */
export function hunkHeader(hunk: Hunk): string {
  const section = hunk.section ? ` ${hunk.section}` : '';
  return `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@${section}`;
}

/**
 * The rows of a hunk to show for some flagged line indices: each flagged line with `context`
 * lines before and `after` lines after, overlapping windows merged, everything else replaced by gap rows.
 * `marked` (default: the flagged lines) are the lines shown as flagged, each once, where the rows show them.
 */
export function excerptHunk(hunk: Hunk, flagged: Iterable<number>, context = DEFAULT_CONTEXT, after = context,
  marked?: Iterable<number>): ExcerptRow[] {
  const anchors = new Set(flagged);
  const marks = marked === undefined ? anchors : new Set(marked);
  const sorted = [...anchors].filter((i) => i >= 0 && i < hunk.lines.length).sort((a, b) => a - b);
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

/** The excerpt around a position of the report model, or null when the content does not have it. */
export function excerptAt(content: PatchContent | null, position: DiffPosition | null, context = DEFAULT_CONTEXT): DiffExcerpt | null {
  const hunk = hunkAt(content, position);
  if (!hunk || !position || !hunk.lines[position.lineIndex]) return null;
  return { hunk, rows: excerptHunk(hunk, [position.lineIndex], context) };
}

/**
 * The excerpt of the hunk holding a position, cut around its line and `around` (more line indices of that
 * hunk), with the lines of `marked` flagged where it shows them (each once, however many findings sit
 * there); null when the content does not have the position.
 */
export function excerptAround(content: PatchContent | null, position: DiffPosition | null, around: readonly number[],
  marked: readonly number[], context = DEFAULT_CONTEXT): DiffExcerpt | null {
  const hunk = hunkAt(content, position);
  if (!hunk || !position || !hunk.lines[position.lineIndex]) return null;
  return { hunk, rows: excerptHunk(hunk, [position.lineIndex, ...around], context, context, [position.lineIndex, ...marked]) };
}
