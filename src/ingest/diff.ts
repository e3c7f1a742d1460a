// Unified / git diff parser. Pure: text in, FilePatch[] + warnings out.
// Hunk line counts decide where a hunk ends, so a mail signature ("-- ", "2.43.0")
// after the last hunk never becomes part of the diff.
import type { DiffLine, FilePatch, FileStatus, Hunk } from '../domain/mail.ts';

/**
 * Files read of one patch; the rest is ignored with a warning. Review work is linear in files
 * (issue #14: 16,000 files take about half a minute), so the cap only stops absurd input; a
 * treewide change seldom touches more than a few thousand.
 */
const MAX_FILES = 20_000;
/** Larger hunk starts/counts are treated as hostile and the hunk is dropped. */
const MAX_HUNK_NUMBER = 50_000_000;
/** Longer ---/+++ names are treated as unreadable. */
const MAX_NAME = 4096;

export interface DiffParse {
  files: FilePatch[];
  warnings: string[];
}

export interface DiffParseAt extends DiffParse {
  /** Index of the first line after the last line that belongs to the diff. */
  end: number;
}

const HUNK_HEADER = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+ ?(.*)$/;

export function parseDiff(text: string): DiffParse {
  const { files, warnings } = parseDiffLines(text.split('\n'), 0);
  return { files, warnings };
}

/** True when `lines[i]` starts a file of a diff (git header or plain ---/+++/@@ triple). */
export function isFileStart(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  if (line.startsWith('diff --git ')) return true;
  return isPlainFileStart(lines, i);
}

function isPlainFileStart(lines: readonly string[], i: number): boolean {
  return (
    lines[i]!.startsWith('--- ') &&
    (lines[i + 1]?.startsWith('+++ ') ?? false) &&
    (lines[i + 2]?.startsWith('@@') ?? false)
  );
}

/** Parse every file of the diff starting at or after line `start`. */
export function parseDiffLines(lines: readonly string[], start: number): DiffParseAt {
  const files: FilePatch[] = [];
  const warnings: string[] = [];
  let i = start;
  let end = start;
  let seen = 0;
  while (i < lines.length) {
    if (!isFileStart(lines, i)) {
      i++;
      continue;
    }
    if (++seen > MAX_FILES) {
      warnings.push(`diff has more than ${MAX_FILES} files; the rest is ignored`);
      break;
    }
    const parsed = lines[i]!.startsWith('diff --git ') ? parseGitFile(lines, i) : parsePlainFile(lines, i);
    warnings.push(...parsed.warnings);
    if (parsed.file) files.push(parsed.file);
    i = end = parsed.next;
    const stray = countStrayChanges(lines, i);
    if (stray > 0) warnings.push(`${stray} change line(s) after a hunk of ${describe(parsed.file, parsed.label)} do not fit its header and were ignored`);
  }
  return { files, warnings, end };
}

interface FileParse {
  file: FilePatch | null;
  label: string;
  next: number;
  warnings: string[];
}

function emptyFile(git: boolean): FilePatch {
  return {
    oldPath: null, newPath: null, status: 'modified', oldMode: null, newMode: null,
    oldBlob: null, newBlob: null, similarity: null, binary: false, git, hunks: [],
  };
}

function parseGitFile(lines: readonly string[], at: number): FileParse {
  const file = emptyFile(true);
  const warnings: string[] = [];
  const raw: string[] = [];
  const names = splitGitHeaderNames(lines[at]!.slice('diff --git '.length));
  if (names) raw.push(...names);
  let oldName: string | null = names ? stripPrefix(names[0]) : null;
  let newName: string | null = names ? stripPrefix(names[1]) : null;
  let status: FileStatus = 'modified';
  let i = at + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^old mode (\d+)$/.exec(line))) file.oldMode = m[1]!;
    else if ((m = /^new mode (\d+)$/.exec(line))) file.newMode = m[1]!;
    else if ((m = /^deleted file mode (\d+)$/.exec(line))) { file.oldMode = m[1]!; status = 'deleted'; }
    else if ((m = /^new file mode (\d+)$/.exec(line))) { file.newMode = m[1]!; status = 'added'; }
    else if ((m = /^(?:rename|copy) from (.+)$/.exec(line))) raw.push((oldName = unquote(m[1]!)));
    else if ((m = /^(?:rename|copy) to (.+)$/.exec(line))) raw.push((newName = unquote(m[1]!)));
    else if ((m = /^(?:similarity|dissimilarity) index (\d+)%$/.exec(line))) file.similarity = Number(m[1]);
    else if ((m = /^index ([0-9a-fA-F]+)\.\.([0-9a-fA-F]+)(?: (\d+))?$/.exec(line))) {
      file.oldBlob = m[1]!;
      file.newBlob = m[2]!;
      if (m[3]) {
        file.oldMode ??= m[3];
        file.newMode ??= m[3];
      }
    } else break;
    if (line.startsWith('rename ')) status = 'renamed';
    else if (line.startsWith('copy ')) status = 'copied';
  }
  // Optional ---/+++ lines name the sides more reliably than the diff --git line.
  if (lines[i]?.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
    const a = sideName(lines[i]!.slice(4), true);
    const b = sideName(lines[i + 1]!.slice(4), true);
    if (a !== undefined) oldName = a === null ? null : stripPrefix(a);
    if (b !== undefined) newName = b === null ? null : stripPrefix(b);
    if (a) raw.push(a);
    if (b) raw.push(b);
    i += 2;
  }
  if (oldName === null && status === 'modified') status = 'added';
  if (newName === null && status === 'modified') status = 'deleted';
  if (status === 'added') oldName = null;
  if (status === 'deleted') newName = null;
  file.status = status;
  file.oldPath = oldName;
  file.newPath = newName;
  if (lines[i]?.startsWith('Binary files ')) {
    file.binary = true;
    i++;
  } else if (lines[i] === 'GIT binary patch') {
    file.binary = true;
    i++;
    i = skipBinaryPayload(lines, i);
  } else {
    i = parseHunks(lines, i, file, warnings);
  }
  return finishFile(file, i, warnings, raw);
}

const BINARY_PAYLOAD = /^(?:(?:literal|delta) \d+|[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]*|)$/;

/** Skip `literal N` / `delta N` blocks of base85 lines; trailing blank lines are not part of it. */
function skipBinaryPayload(lines: readonly string[], i: number): number {
  let end = i;
  while (i < lines.length && BINARY_PAYLOAD.test(lines[i]!)) {
    i++;
    if (lines[i - 1] !== '') end = i;
  }
  return end;
}

function parsePlainFile(lines: readonly string[], at: number): FileParse {
  const file = emptyFile(false);
  const warnings: string[] = [];
  const a = sideName(lines[at]!.slice(4), false) ?? null;
  const b = sideName(lines[at + 1]!.slice(4), false) ?? null;
  file.oldPath = a === null ? null : stripComponent(a);
  file.newPath = b === null ? null : stripComponent(b);
  if (file.oldPath === null && file.newPath !== null) file.status = 'added';
  else if (file.newPath === null && file.oldPath !== null) file.status = 'deleted';
  const next = parseHunks(lines, at + 2, file, warnings);
  return finishFile(file, next, warnings, [a, b].filter((n): n is string => n !== null));
}

/** Drop the file when any name it was given (raw or final) could leave the tree. */
function finishFile(file: FilePatch, next: number, warnings: string[], raw: string[]): FileParse {
  const label = describe(file, '');
  for (const p of [...raw, file.oldPath, file.newPath]) {
    if (p !== null && p !== '/dev/null' && !isSafePath(p)) {
      warnings.push(`path leaves the tree, file dropped: ${JSON.stringify(p)}`);
      return { file: null, label, next, warnings };
    }
  }
  if (file.oldPath === null && file.newPath === null) {
    warnings.push('diff file header without usable paths, file dropped');
    return { file: null, label, next, warnings };
  }
  return { file, label, next, warnings };
}

function describe(file: FilePatch | null, fallback: string): string {
  return file ? JSON.stringify(file.newPath ?? file.oldPath ?? '?') : fallback || 'a dropped file';
}

/** Parse consecutive hunks from line `i`; returns the index after the last hunk line. */
function parseHunks(lines: readonly string[], i: number, file: FilePatch, warnings: string[]): number {
  while (i < lines.length && lines[i]!.startsWith('@@')) {
    const m = HUNK_HEADER.exec(lines[i]!);
    if (!m) {
      warnings.push(`malformed hunk header ignored: ${JSON.stringify(lines[i]!.slice(0, 80))}`);
      return i + 1;
    }
    const nums = [m[1], m[2] ?? '1', m[3], m[4] ?? '1'].map((s) => (s!.length > 12 ? Infinity : Number(s)));
    if (nums.some((n) => n > MAX_HUNK_NUMBER)) {
      warnings.push(`hunk header with absurd numbers dropped: ${JSON.stringify(lines[i]!.slice(0, 80))}`);
      i++;
      while (i < lines.length && /^[ +\\-]/.test(lines[i]!) && lines[i] !== '-- ') i++;
      continue;
    }
    const [oldStart, oldCount, newStart, newCount] = nums as [number, number, number, number];
    const hunk: Hunk = { oldStart, oldCount, newStart, newCount, section: m[5] ?? '', lines: [] };
    i = readHunkBody(lines, i + 1, hunk, warnings);
    file.hunks.push(hunk);
  }
  return i;
}

function readHunkBody(lines: readonly string[], i: number, hunk: Hunk, warnings: string[]): number {
  let oldLeft = hunk.oldCount;
  let newLeft = hunk.newCount;
  let oldNo = hunk.oldStart;
  let newNo = hunk.newStart;
  const out = hunk.lines;
  while ((oldLeft > 0 || newLeft > 0) && i < lines.length) {
    const line = lines[i]!;
    const c = line.length === 0 ? ' ' : line[0];
    if (c === '\\') {
      markNoNewline(out);
      i++;
      continue;
    }
    let dl: DiffLine;
    if (c === ' ' && oldLeft > 0 && newLeft > 0) {
      dl = { kind: ' ', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ };
      oldLeft--;
      newLeft--;
    } else if (c === '-' && oldLeft > 0 && !isSignatureAt(lines, i)) {
      dl = { kind: '-', text: line.slice(1), oldNo: oldNo++, newNo: null };
      oldLeft--;
    } else if (c === '+' && newLeft > 0) {
      dl = { kind: '+', text: line.slice(1), oldNo: null, newNo: newNo++ };
      newLeft--;
    } else break;
    out.push(dl);
    i++;
  }
  if (oldLeft > 0 || newLeft > 0) {
    warnings.push(`hunk @@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@ is shorter than its header says`);
  }
  if (lines[i]?.startsWith('\\')) {
    markNoNewline(out);
    i++;
  }
  return i;
}

function markNoNewline(out: DiffLine[]): void {
  const last = out[out.length - 1];
  if (last) last.noNewline = true;
}

/** A "-- " line that ends the mail rather than deleting "- " (only consulted in short hunks). */
function isSignatureAt(lines: readonly string[], i: number): boolean {
  if (lines[i] !== '-- ') return false;
  const next = lines[i + 1];
  return next === undefined || !/^[ +\\@-]|^diff /.test(next);
}

function countStrayChanges(lines: readonly string[], i: number): number {
  let n = 0;
  for (; i < lines.length && !isFileStart(lines, i); i++) {
    const line = lines[i]!;
    if (line === '-- ' || line === '--') break;
    if ((line[0] === '+' || line[0] === '-') && !line.startsWith('---') && !line.startsWith('+++')) n++;
    else if (line.length > 0 && line[0] !== ' ') break;
  }
  return n;
}

// ---- paths ----------------------------------------------------------------

/** Reject absolute paths, `..` segments (with / or \ separators), NUL and empty names. */
export function isSafePath(path: string): boolean {
  if (path.length === 0 || path.includes('\0')) return false;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path)) return false;
  return !path.split(/[\\/]/).some((seg) => seg === '..');
}

/** Unquoted name from a ---/+++ line, prefix kept: null for /dev/null; undefined when unreadable. */
function sideName(raw: string, git: boolean): string | null | undefined {
  if (raw.length > MAX_NAME) return undefined;
  let name = raw;
  if (name.startsWith('"')) {
    const q = readQuoted(name, 0);
    if (!q) return undefined;
    name = q.value;
  } else {
    const tab = name.indexOf('\t');
    if (tab >= 0) name = name.slice(0, tab);
    else if (!git) name = name.replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?$/, '');
    name = name.trimEnd();
  }
  return name === '/dev/null' ? null : name;
}

/** Split the two names of a `diff --git` line (each possibly C-quoted). */
export function splitGitHeaderNames(rest: string): [string, string] | null {
  if (rest.startsWith('"')) {
    const a = readQuoted(rest, 0);
    if (!a || rest[a.end] !== ' ') return null;
    const tail = rest.slice(a.end + 1);
    const b = tail.startsWith('"') ? readQuoted(tail, 0)?.value : tail;
    return b === undefined ? null : [a.value, b];
  }
  if (rest.endsWith('"')) {
    const at = rest.indexOf(' "');
    if (at < 0) return null;
    const b = readQuoted(rest, at + 1);
    return b ? [rest.slice(0, at), b.value] : null;
  }
  // Unquoted: "a/P b/P" — the halves are equal after the prefixes when not renamed.
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (rest[half] === ' ' && stripPrefix(a) === stripPrefix(b)) return [a, b];
  }
  const sep = rest.indexOf(' b/');
  if (sep > 0) return [rest.slice(0, sep), rest.slice(sep + 1)];
  const space = rest.indexOf(' ');
  return space > 0 ? [rest.slice(0, space), rest.slice(space + 1)] : null;
}

/** git's a/ b/ (or mnemonic c/ i/ o/ w/) prefix. */
function stripPrefix(name: string): string {
  return /^[abciow]\//.test(name) ? name.slice(2) : name;
}

/** Plain diffs are applied with -p1: drop the first component ("linux.orig/mm/x.c"). */
function stripComponent(name: string): string {
  const slash = name.indexOf('/');
  return slash >= 0 && slash < name.length - 1 ? name.slice(slash + 1) : name;
}

function unquote(s: string): string {
  return s.startsWith('"') ? (readQuoted(s, 0)?.value ?? s) : s;
}

const PLAIN_RUN = /[^"\\]+/y;
const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };

/** Read a git C-quoted string starting at `s[at] === '"'`; octal escapes are UTF-8 bytes. */
export function readQuoted(s: string, at: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = at + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) return null;
      const oct = /^[0-7]{3}/.exec(s.slice(i + 1, i + 4));
      if (oct) {
        bytes.push(parseInt(oct[0], 8) & 0xff);
        i += 4;
      } else if (e in ESCAPES) {
        bytes.push(ESCAPES[e]!);
        i += 2;
      } else return null;
      continue;
    }
    PLAIN_RUN.lastIndex = i;
    const run = PLAIN_RUN.exec(s)![0];
    for (const b of Buffer.from(run, 'utf8')) bytes.push(b);
    i += run.length;
  }
  return null;
}
