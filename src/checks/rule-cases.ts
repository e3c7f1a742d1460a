// A rule's test cases: annotated C files in rules/<id>/, one case per file.
// A header comment names the case (and its path, mode and message checks);
// `/* ruleid: <id> */` on the line before a line says the rule must flag it,
// `/* ok: <id> */` that it must not. Section lines split a case into a
// before/after pair, several files or several patches.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

class CaseError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

export interface CaseFile {
  path: string;
  /** Text before the patch; absent for a new file. */
  before?: string;
  /** Text after the patch (the post-image), marker lines removed. */
  after: string;
  /** For each post-image line (index 0 = line 1), its line in the case file. */
  sourceLines: number[];
}

export interface CaseMarker {
  kind: 'ruleid' | 'ok';
  /** Patch index (1-based), file path and post-image line the marker applies to. */
  patch: number;
  path: string;
  line: number;
  /** The marked line in the case file. */
  sourceLine: number;
}

export interface RuleCase {
  name: string;
  /** The case file. */
  source: string;
  /** invalid: has ruleid markers (file name invalid-*); valid: none (valid-*). */
  kind: 'valid' | 'invalid';
  /** Patches in order (index 1, 2...). */
  patches: { files: CaseFile[] }[];
  markers: CaseMarker[];
  /** Every finding's message must contain this. */
  message?: string;
  /** Every finding must be in this function. */
  function?: string;
  /** diff: only the hunks; tree: whole post-images; both (default): must hold either way. */
  mode: 'diff' | 'tree' | 'both';
}

const HEADER_KEYS = ['case', 'path', 'mode', 'function', 'message'];
const MARKER_LINE = /^\s*(?:\/\*\s*((?:ruleid|ok)\s*:[^*]*?)\s*\*\/|\/\/\s*((?:ruleid|ok)\s*:.*?))\s*$/;
const TRAILING_MARKER = /(?:\/\*|\/\/)\s*(ruleid|ok)\s*:\s*([\w.,\s-]+?)\s*(?:\*\/|$)/g;
const SECTION_LINE = /^\/\* -{3,} (.+?) -{3,} \*\/\s*$/;

/** Marker comments of one text: own-line markers apply to the next line and are removed; trailing ones to their line. */
export function readMarkers(lines: string[], firstSourceLine: number): { code: string[]; sourceLines: number[]; marks: { kind: 'ruleid' | 'ok'; ids: string[]; line: number; sourceLine: number }[] } {
  const code: string[] = [];
  const sourceLines: number[] = [];
  const marks: { kind: 'ruleid' | 'ok'; ids: string[]; line: number; sourceLine: number }[] = [];
  let pending: { kind: 'ruleid' | 'ok'; ids: string[]; at: number }[] = [];
  lines.forEach((text, i) => {
    const at = firstSourceLine + i;
    const own = MARKER_LINE.exec(text);
    if (own) {
      const [kind, ids] = (own[1] ?? own[2]).split(':');
      pending.push({ kind: kind.trim() === 'ruleid' ? 'ruleid' : 'ok', ids: idList(ids), at });
      return;
    }
    code.push(text);
    sourceLines.push(at);
    for (const p of pending) marks.push({ kind: p.kind, ids: p.ids, line: code.length, sourceLine: at });
    pending = [];
    for (const m of text.matchAll(TRAILING_MARKER)) marks.push({ kind: m[1] === 'ruleid' ? 'ruleid' : 'ok', ids: idList(m[2]), line: code.length, sourceLine: at });
  });
  if (pending.length > 0) throw new CaseError(pending[0].at, 'a marker must be followed by the line it marks');
  return { code, sourceLines, marks };
}

function idList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

interface Section {
  patch: number;
  path: string;
  side: 'before' | 'after';
  /** Case-file line of the section's first text line. */
  first: number;
  lines: string[];
}

/** `patch N:` (optional), a path (optional), `before`/`after` (optional, default after). */
function sectionOf(label: string, at: number, defaultPath: string | undefined): Omit<Section, 'first' | 'lines'> {
  const words = label.trim().split(/\s+/);
  let patch = 1;
  if (words[0] === 'patch') {
    const n = /^(\d+):?$/.exec(words[1] ?? '');
    if (!n || Number(n[1]) < 1) throw new CaseError(at, `section '${label}': expected 'patch <n>: <path>'`);
    patch = Number(n[1]);
    words.splice(0, 2);
  }
  let side: 'before' | 'after' = 'after';
  if (words.length > 0 && (words[words.length - 1] === 'before' || words[words.length - 1] === 'after')) side = words.pop() === 'before' ? 'before' : 'after';
  if (words.length > 1) throw new CaseError(at, `section '${label}': expected [patch <n>:] [<path>] [before|after]`);
  const path = words[0] ?? defaultPath;
  if (!path) throw new CaseError(at, `section '${label}' names no path and the header has no path:`);
  checkPath(path, at);
  return { patch, path, side };
}

function checkPath(path: string, at: number): void {
  if (path.startsWith('/') || path.split('/').includes('..')) throw new CaseError(at, `path '${path}': expected a relative path inside the tree`);
}

/** Drop blank lines at both ends; the text ends with one newline. */
function textOf(lines: string[], first: number): { lines: string[]; first: number } {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return { lines: lines.slice(a, b), first: first + a };
}

/** Parse one case file. `kind` comes from the file name; `ruleId` is the only id markers may name. */
export function parseCase(text: string, source: string, kind: 'valid' | 'invalid', ruleId: string): RuleCase {
  const lines = text.replace(/\n$/, '').split('\n');
  if (!/^\/\*\s*$/.test(lines[0] ?? '')) throw new CaseError(1, 'a case file starts with a header comment: /*, " * case: <what it shows>", */');
  const end = lines.findIndex((l) => /^\s*\*\/\s*$/.test(l));
  if (end < 0) throw new CaseError(1, 'the header comment is not closed');
  const header: Record<string, string> = {};
  for (let i = 1; i < end; i++) {
    const body = lines[i].replace(/^\s*\*\s?/, '');
    if (body.trim() === '') continue;
    const kv = /^(\w+):\s*(.*?)\s*$/.exec(body);
    if (!kv || !HEADER_KEYS.includes(kv[1])) throw new CaseError(i + 1, `expected 'key: value' with key one of ${HEADER_KEYS.join(', ')}`);
    if (kv[1] in header) throw new CaseError(i + 1, `'${kv[1]}' given twice`);
    header[kv[1]] = kv[2];
  }
  if (!header.case) throw new CaseError(1, "the header needs 'case: <what the case shows>'");
  const mode = header.mode ?? 'both';
  if (mode !== 'diff' && mode !== 'tree' && mode !== 'both') throw new CaseError(1, 'mode: must be diff, tree or both');
  if (header.path !== undefined) checkPath(header.path, 1);

  const sections: Section[] = [];
  let current: Section | null = null;
  const loose: string[] = [];
  for (let i = end + 1; i < lines.length; i++) {
    const sec = SECTION_LINE.exec(lines[i]);
    if (sec) {
      current = { ...sectionOf(sec[1], i + 1, header.path), first: i + 2, lines: [] };
      sections.push(current);
    } else if (current) current.lines.push(lines[i]);
    else loose.push(lines[i]);
  }
  if (sections.length === 0) {
    if (!header.path) throw new CaseError(1, "the header needs 'path: <file in the tree>' (or use section lines)");
    sections.push({ patch: 1, path: header.path, side: 'after', first: end + 2, lines: loose });
  } else if (loose.some((l) => l.trim() !== '')) throw new CaseError(end + 2, 'code before the first section line belongs to no file');

  const byPatch = new Map<number, Map<string, { before?: Section; after?: Section }>>();
  for (const s of sections) {
    const files = byPatch.get(s.patch) ?? new Map<string, { before?: Section; after?: Section }>();
    byPatch.set(s.patch, files);
    const entry = files.get(s.path) ?? {};
    if (entry[s.side]) throw new CaseError(s.first - 1, `a second '${s.side}' section for ${s.path} in patch ${s.patch}`);
    entry[s.side] = s;
    files.set(s.path, entry);
  }
  const count = byPatch.size;
  const patches: RuleCase['patches'] = [];
  const markers: CaseMarker[] = [];
  for (let p = 1; p <= count; p++) {
    const files = byPatch.get(p);
    if (!files) throw new CaseError(1, `patches must be numbered 1..${count}; patch ${p} is missing`);
    const out: CaseFile[] = [];
    for (const [path, { before, after }] of files) {
      if (!after) throw new CaseError((before?.first ?? 2) - 1, `${path} has a before section but no after section`);
      const body = textOf(after.lines, after.first);
      const read = readMarkers(body.lines, body.first);
      for (const m of read.marks) {
        const other = m.ids.find((id) => id !== ruleId);
        if (other !== undefined || m.ids.length === 0) throw new CaseError(m.sourceLine - 1, `a marker here must name this rule (${ruleId}), not '${other ?? ''}'`);
        markers.push({ kind: m.kind, patch: p, path, line: m.line, sourceLine: m.sourceLine });
      }
      const file: CaseFile = { path, after: read.code.join('\n') + '\n', sourceLines: read.sourceLines };
      if (before) {
        const old = textOf(before.lines, before.first);
        if (old.lines.some((l) => MARKER_LINE.test(l) || /(?:\/\*|\/\/)\s*(?:ruleid|ok)\s*:/.test(l))) throw new CaseError(old.first, 'markers belong in the after text, not the before text');
        file.before = old.lines.join('\n') + '\n';
      }
      out.push(file);
    }
    patches.push({ files: out });
  }
  const flagged = markers.some((m) => m.kind === 'ruleid');
  if (kind === 'invalid' && !flagged) throw new CaseError(1, `an invalid-* case needs a '/* ruleid: ${ruleId} */' marker`);
  if (kind === 'valid' && flagged) throw new CaseError(1, 'a valid-* case cannot have ruleid markers (rename it invalid-*)');
  return { name: header.case, source, kind, patches, markers, message: header.message, function: header.function, mode };
}

export interface CaseProblem {
  file: string;
  line: number;
  problem: string;
}

/** Read rules/<id>/*.c (none when the directory does not exist), in file-name order. */
export function readCases(dir: string, ruleId: string): { cases: RuleCase[]; problems: CaseProblem[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { cases: [], problems: [] };
    names = readdirSync(dir).sort();
  } catch {
    return { cases: [], problems: [] };
  }
  const cases: RuleCase[] = [];
  const problems: CaseProblem[] = [];
  for (const name of names) {
    // The synthetic knowledge base the cases run with (read by load-rules.ts), not a case.
    if (name === 'knowledge.json') continue;
    const file = join(dir, name);
    const kind = /^(valid|invalid)-[\w.-]+\.c$/.exec(name)?.[1];
    if (kind !== 'valid' && kind !== 'invalid') {
      problems.push({ file, line: 1, problem: 'case files are named valid-<what>.c or invalid-<what>.c' });
      continue;
    }
    try {
      cases.push(parseCase(readFileSync(file, 'utf8'), file, kind, ruleId));
    } catch (err) {
      if (err instanceof CaseError) problems.push({ file, line: err.line, problem: err.message });
      else throw err;
    }
  }
  return { cases, problems };
}
