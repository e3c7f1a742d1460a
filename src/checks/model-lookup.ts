// Lookups over a change model that evaluators would otherwise redo per target (per function, per file):
// a file's code split into lines and its line offsets, the series' files, the file a function was
// analysed in, the function at a line. Each is built once per model or file and kept beside it (weak
// maps), so a rule's work stays proportional to its targets, not targets times the series' size.
import type { ChangeModel, FileChange, FunctionChange, PatchModel } from './change-types.ts';

interface CodeLines {
  code: string;
  lines: string[];
  /** Offset in `code` of the start of each line (index 0: line 1), plus code.length + 1 at the end. */
  starts: number[];
}

const linesCache = new WeakMap<object, CodeLines>();

function linesFor(owner: object, code: string): CodeLines {
  const hit = linesCache.get(owner);
  if (hit && hit.code === code) return hit;
  const lines = code.split('\n');
  const starts = new Array<number>(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i]!.length + 1;
  }
  starts[lines.length] = at;
  const entry = { code, lines, starts };
  linesCache.set(owner, entry);
  return entry;
}

/** `file.code` split into lines (shared: do not change the array); null for a file without code. */
export function codeLines(file: FileChange): string[] | null {
  return file.code === null ? null : linesFor(file, file.code).lines;
}

/**
 * The masked text a function was analysed in (its own `code` for a tree function, else its file's) and
 * where its lines are there: `[start, end)` covers lines startLine..endLine with their newlines. The same
 * offsets as counting newlines from the start of the text, a line number past the end included.
 */
export function functionSpan(fn: FunctionChange, file: FileChange | null): { code: string; start: number; end: number } | null {
  const code = fn.code ?? file?.code;
  if (!code) return null;
  const { starts } = linesFor(fn.code !== undefined ? fn : file!, code);
  const count = starts.length - 1; // lines; starts[count] is past the end
  // Counting newlines from the start wraps round to offset 0 after the last line.
  const k = fn.startLine <= 1 ? 0 : (fn.startLine - 1) % count;
  const start = starts[k]!;
  const m = fn.endLine - fn.startLine + 1;
  const end = m <= 0 ? start : k + m <= count - 1 ? starts[k + m]! : code.length;
  return { code, start, end };
}

/** The 1-based line of offset `at` of a file's code: one more than the newlines before `at`. */
export function lineOfOffset(file: FileChange, at: number): number {
  if (file.code === null) return 1;
  const { starts } = linesFor(file, file.code);
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

interface ModelIndex {
  files: { patch: number; file: FileChange }[];
  /** Of the first patch of each index (the one `patches.find` finds): its files by path, first first. */
  byPatchPath: Map<string, FileChange>;
  /** Of the first patch of each index: the file whose `functions` holds a function, and that patch's index. */
  fileOfFn: Map<FunctionChange, { file: FileChange; patch: number }>;
  patchByIndex: Map<number, PatchModel>;
}

const modelIndexes = new WeakMap<ChangeModel, ModelIndex>();

function indexOf(model: ChangeModel): ModelIndex {
  let ix = modelIndexes.get(model);
  if (ix) return ix;
  ix = { files: [], byPatchPath: new Map(), fileOfFn: new Map(), patchByIndex: new Map() };
  for (const p of model.patches) {
    const first = !ix.patchByIndex.has(p.index);
    if (first) ix.patchByIndex.set(p.index, p);
    for (const file of p.files) {
      ix.files.push({ patch: p.index, file });
      if (!first) continue;
      const k = `${p.index}\0${file.path}`;
      if (!ix.byPatchPath.has(k)) ix.byPatchPath.set(k, file);
      for (const fn of file.functions) if (!ix.fileOfFn.has(fn)) ix.fileOfFn.set(fn, { file, patch: p.index });
    }
  }
  modelIndexes.set(model, ix);
  return ix;
}

/** Every file of the series with its patch index, in patch then diff order (shared: do not change it). */
export function seriesFiles(model: ChangeModel): readonly { patch: number; file: FileChange }[] {
  return indexOf(model).files;
}

/** The first patch with index `patch` (as `model.patches.find` would find it). */
export function patchOf(model: ChangeModel, patch: number): PatchModel | undefined {
  return indexOf(model).patchByIndex.get(patch);
}

/** The first file with this path of the first patch numbered `patch` (as `patches.find(...)?.files.find(...)` finds it). */
export function fileAt(model: ChangeModel, patch: number, path: string): FileChange | null {
  return indexOf(model).byPatchPath.get(`${patch}\0${path}`) ?? null;
}

/**
 * The file of the first patch numbered `fn.patch` that has path `fn.file` and holds `fn` in its
 * `functions`; null for a function of the tree (or of no file of the model).
 */
export function fileHolding(model: ChangeModel, fn: FunctionChange): FileChange | null {
  const hit = indexOf(model).fileOfFn.get(fn);
  return hit && hit.patch === fn.patch && hit.file.path === fn.file ? hit.file : null;
}

/** Line -> the first function of `file.functions` (not removed) whose range holds it; built once per file. */
const functionsByLine = new WeakMap<FileChange, { count: number; owner: Int32Array; from: number } | null>();

/** Below this many functions a scan is as quick as building the table. */
const TABLE_FROM = 16;

function lineTable(file: FileChange): { owner: Int32Array; from: number } | null {
  const hit = functionsByLine.get(file);
  if (hit !== undefined && (hit === null || hit.count === file.functions.length)) return hit;
  let from = Infinity;
  let to = -Infinity;
  let span = 0;
  for (const f of file.functions) {
    if (f.status === 'removed' || f.endLine < f.startLine) continue;
    from = Math.min(from, f.startLine);
    to = Math.max(to, f.endLine);
    span += f.endLine - f.startLine + 1;
  }
  // Ranges that overlap a lot, lie far apart (or none at all) are left to the scan.
  const length = to - from + 1;
  if (!Number.isFinite(from) || span > 4 * length + 1024 || length > 16 * span + 65536) {
    functionsByLine.set(file, null);
    return null;
  }
  const owner = new Int32Array(length).fill(-1);
  for (let i = file.functions.length - 1; i >= 0; i--) {
    const f = file.functions[i]!;
    if (f.status === 'removed' || f.endLine < f.startLine) continue;
    owner.fill(i, f.startLine - from, f.endLine - from + 1);
  }
  const table = { count: file.functions.length, owner, from };
  functionsByLine.set(file, table);
  return table;
}

/** The first function (not removed) of the file whose range holds `line`, as a scan of `file.functions` finds it. */
export function functionHolding(file: FileChange, line: number): FunctionChange | null {
  if (file.functions.length >= TABLE_FROM) {
    const table = lineTable(file);
    if (table) {
      const i = line - table.from;
      const k = i >= 0 && i < table.owner.length ? table.owner[i]! : -1;
      return k >= 0 ? file.functions[k]! : null;
    }
  }
  for (const f of file.functions) if (f.status !== 'removed' && f.startLine <= line && line <= f.endLine) return f;
  return null;
}

const modifiedByName = new WeakMap<FileChange, { count: number; byName: Map<string, FunctionChange> }>();

/** The first function of `file.functions` named `name` with status 'modified', or undefined. */
export function modifiedFunctionNamed(file: FileChange, name: string): FunctionChange | undefined {
  let hit = modifiedByName.get(file);
  if (!hit || hit.count !== file.functions.length) {
    const byName = new Map<string, FunctionChange>();
    for (const f of file.functions) if (f.status === 'modified' && !byName.has(f.name)) byName.set(f.name, f);
    modifiedByName.set(file, (hit = { count: file.functions.length, byName }));
  }
  return hit.byName.get(name);
}

/** A test of whether a line lies outside every [from, to] range: the ranges merged once, then a binary search. */
export function outsideRanges(ranges: readonly (readonly [number, number])[]): (line: number) => boolean {
  const merged: [number, number][] = [];
  for (const [a, b] of [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return (line) => {
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid]![1] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo === merged.length || line < merged[lo]![0];
  };
}
