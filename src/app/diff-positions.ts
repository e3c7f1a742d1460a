// Where a finding or a reviewer question sits in its patch's diff: the file it names, and the hunk
// line of a new-side line number or of the question's quoted code. Pure; the report model stores the result.
import type { DiffLine, FilePatch, PatchContent } from '../domain/mail.ts';
import type { DiffPosition, LedgerQuestion } from '../report/report-model.ts';

interface PathIndex {
  files: readonly FilePatch[];
  count: number;
  byNew: Map<string, number>;
  byOld: Map<string, number>;
}

/** The first file patch of each path, per content: built once, not once per finding. */
const pathIndexes = new WeakMap<PatchContent, PathIndex>();

function pathIndexOf(content: PatchContent): PathIndex {
  const hit = pathIndexes.get(content);
  if (hit && hit.files === content.files && hit.count === content.files.length) return hit;
  const index: PathIndex = { files: content.files, count: content.files.length, byNew: new Map(), byOld: new Map() };
  content.files.forEach((f, i) => {
    if (f.newPath !== null && !index.byNew.has(f.newPath)) index.byNew.set(f.newPath, i);
    if (f.oldPath !== null && !index.byOld.has(f.oldPath)) index.byOld.set(f.oldPath, i);
  });
  pathIndexes.set(content, index);
  return index;
}

/** Index of the file patch known by `path` (new side first, then old side), or null. */
export function fileIndexOf(content: PatchContent | null, path: string | null): number | null {
  if (!content || path === null) return null;
  const index = pathIndexOf(content);
  return index.byNew.get(path) ?? index.byOld.get(path) ?? null;
}

/**
 * Where new-side line `newNo` of `path` sits in the patch, or null when no hunk shows it. Deleted
 * lines have no new-side number, so a number that only a deleted line covers finds nothing.
 */
export function newLinePosition(content: PatchContent | null, path: string | null, newNo: number | null): DiffPosition | null {
  if (!content || newNo === null) return null;
  const fileIndex = fileIndexOf(content, path);
  if (fileIndex === null) return null;
  const hunks = content.files[fileIndex]!.hunks;
  for (let hunkIndex = 0; hunkIndex < hunks.length; hunkIndex++) {
    const hunk = hunks[hunkIndex]!;
    if (newNo < hunk.newStart || newNo >= hunk.newStart + Math.max(hunk.newCount, 1)) continue;
    const lineIndex = hunk.lines.findIndex((l) => l.newNo === newNo);
    if (lineIndex >= 0) return { fileIndex, hunkIndex, lineIndex };
  }
  return null;
}

/** Strips one level of quoting from a quoted line, if any ("> +foo" -> "+foo"). */
function unquote(line: string): string {
  return line.replace(/^\s*> ?/, '');
}

function positionsOf(files: ReadonlyArray<{ file: FilePatch; fileIndex: number }>, kind: DiffLine['kind'], text: string): DiffPosition[] {
  const found: DiffPosition[] = [];
  for (const { file, fileIndex } of files) {
    file.hunks.forEach((hunk, hunkIndex) => hunk.lines.forEach((line, lineIndex) => {
      if (line.kind === kind && line.text === text) found.push({ fileIndex, hunkIndex, lineIndex });
    }));
  }
  return found;
}

/**
 * The diff line a question's quote ends on: the last quoted line that looks like a diff line
 * (not blank) and appears exactly once in the question's file (in the whole patch when it names none).
 */
export function questionPosition(content: PatchContent | null, question: Pick<LedgerQuestion, 'file' | 'quoted'>): DiffPosition | null {
  if (!content) return null;
  const named = question.file === null ? null : fileIndexOf(content, question.file);
  const files = question.file === null ? content.files.map((file, fileIndex) => ({ file, fileIndex }))
    : named === null ? [] : [{ file: content.files[named]!, fileIndex: named }];
  for (let q = question.quoted.length - 1; q >= 0; q--) {
    const quoted = unquote(question.quoted[q]!);
    const kind = quoted[0];
    if (kind !== '+' && kind !== '-' && kind !== ' ') continue;
    const text = quoted.slice(1);
    if (text.trim() === '') continue;
    const found = positionsOf(files, kind, text);
    if (found.length === 1) return found[0]!;
  }
  return null;
}
