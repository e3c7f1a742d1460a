// Build FilePatch values from before/after texts (git-style hunks with 3
// lines of context and git's default function-context section). Used by the
// rule tester and tests; small inputs only.
import type { DiffLine, FilePatch, Hunk, PatchContent } from '../domain/mail.ts';

export interface FileSpec {
  path: string;
  /** null/undefined: the file is added. */
  before?: string | null;
  /** null: the file is deleted. */
  after: string | null;
}

export function synthFilePatch(spec: FileSpec, context = 3): FilePatch {
  const a = splitLines(spec.before ?? null);
  const b = splitLines(spec.after);
  const status = spec.before == null ? 'added' : spec.after === null ? 'deleted' : 'modified';
  const ops = diffLines(a, b);
  return {
    oldPath: status === 'added' ? null : spec.path,
    newPath: status === 'deleted' ? null : spec.path,
    status, oldMode: null, newMode: null, oldBlob: null, newBlob: null, similarity: null, binary: false, git: true,
    hunks: toHunks(ops, a, context),
  };
}

export function synthPatchContent(files: FileSpec[], commitMessage = ''): PatchContent {
  return { commitMessage, notes: '', diff: '', files: files.map((f) => synthFilePatch(f)), trailers: [], baseCommit: null, changeId: null, warnings: [] };
}

function splitLines(text: string | null): string[] {
  if (text === null || text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = { kind: ' ' | '+' | '-'; text: string; oldNo: number | null; newNo: number | null };

/** Common prefix and suffix first, then Myers' greedy diff on the middle. */
function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const same = (i: number, j: number): Op => ({ kind: ' ', text: a[i], oldNo: i + 1, newNo: j + 1 });
  const head = Array.from({ length: pre }, (_, i) => same(i, i));
  const tail = Array.from({ length: suf }, (_, k) => same(a.length - suf + k, b.length - suf + k));
  const mid = myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)).map((o) => ({
    ...o,
    oldNo: o.oldNo === null ? null : o.oldNo + pre,
    newNo: o.newNo === null ? null : o.newNo + pre,
  }));
  return [...head, ...mid, ...tail];
}

/** Myers' greedy diff, O((N+M)·D); trivial when one side is empty. */
function myers(a: string[], b: string[]): Op[] {
  if (a.length === 0) return b.map((text, j) => ({ kind: '+', text, oldNo: null, newNo: j + 1 }));
  if (b.length === 0) return a.map((text, i) => ({ kind: '-', text, oldNo: i + 1, newNo: null }));
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vv = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vv[max + k - 1] < vv[max + k + 1]) ? k + 1 : k - 1;
    const prevX = vv[max + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', text: a[x - 1], oldNo: x, newNo: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: '+', text: b[y - 1], oldNo: null, newNo: y });
    else ops.push({ kind: '-', text: a[x - 1], oldNo: x, newNo: null });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', text: a[x - 1], oldNo: x, newNo: y });
    x--;
    y--;
  }
  return ops.reverse();
}

function toHunks(ops: Op[], oldLines: string[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  const changed = ops.map((o, i) => (o.kind !== ' ' ? i : -1)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i] - context);
    let end = Math.min(ops.length - 1, changed[i] + context);
    while (i + 1 < changed.length && changed[i + 1] - context <= end + 1) {
      i++;
      end = Math.min(ops.length - 1, changed[i] + context);
    }
    i++;
    const lines: DiffLine[] = ops.slice(start, end + 1).map((o) => ({ kind: o.kind, text: o.text, oldNo: o.oldNo, newNo: o.newNo }));
    const oldStart = firstNo(ops, start, 'oldNo');
    const newStart = firstNo(ops, start, 'newNo');
    const oldCount = lines.filter((l) => l.oldNo !== null).length;
    const newCount = lines.filter((l) => l.newNo !== null).length;
    hunks.push({ oldStart, oldCount, newStart, newCount, section: sectionFor(oldLines, oldStart), lines });
  }
  return hunks;
}

/** The first line number of a side at or after op `from` (or the line before, for empty sides). */
function firstNo(ops: Op[], from: number, key: 'oldNo' | 'newNo'): number {
  for (let j = from; j < ops.length; j++) {
    const no = ops[j][key];
    if (no !== null) return no;
  }
  for (let j = from - 1; j >= 0; j--) {
    const no = ops[j][key];
    if (no !== null) return no;
  }
  return 0;
}

/**
 * git's funcname for C as the kernel configures it (`*.c diff=cpp`): the nearest
 * line above the hunk starting with a letter, `_` or `$`, goto labels excepted.
 */
function sectionFor(oldLines: string[], oldStart: number): string {
  for (let l = oldStart - 1; l >= 1; l--) {
    const t = oldLines[l - 1];
    if (/^[A-Za-z_$]/.test(t) && !/^[A-Za-z_]\w*:\s*($|\/[/*])/.test(t)) return t.trimEnd().slice(0, 80);
  }
  return '';
}
