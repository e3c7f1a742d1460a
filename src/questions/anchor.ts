// Where a piece of a diff sits in the code: the enclosing C function of a hunk
// line, and an index of a version's new-side code by (file, function). Pure.
import type { FilePatch, Hunk, PatchContent } from '../domain/mail.ts';
import { identifiersIn, keywordsOf, normaliseCode } from './text.ts';

const NOT_FUNCTIONS = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'do', 'else', 'case', 'typeof', '__attribute__', 'defined']);
const DEFINE_MACRO = /^(?:COMPAT_)?SYSCALL_DEFINE\d\s*\(\s*([A-Za-z_]\w*)/;

/** The function a C function header line declares ("static int foo(struct bar *b," -> "foo"), else null. */
export function functionName(line: string): string | null {
  if (!line || /^[\s#/*}]/.test(line)) return null;
  const text = line.replace(/\/\*.*?\*\//g, '').trimEnd();
  if (text.endsWith(';')) return null;
  const sys = DEFINE_MACRO.exec(text);
  if (sys) return sys[1]!;
  const m = /^(?:[A-Za-z_][\w\s*]*?[\s*])?([A-Za-z_]\w*)\s*\(/.exec(text);
  if (!m || NOT_FUNCTIONS.has(m[1]!)) return null;
  if (/^(?:typedef|struct\s+\w+\s*\{|enum|union)\b/.test(text) && !/\)\s*\{?$/.test(text)) return null;
  return m[1]!;
}

/** The function named in a hunk section (what git prints after @@), else null. */
export function sectionFunction(section: string): string | null {
  return functionName(section.trim());
}

/**
 * The function enclosing line `index` of a hunk: the nearest header at or above it
 * within the hunk; a closing brace in column 0 in between means "outside any function";
 * with neither, the hunk's section.
 */
export function enclosingFunction(hunk: Hunk, index: number): string | null {
  for (let i = Math.min(index, hunk.lines.length - 1); i >= 0; i--) {
    const line = hunk.lines[i]!;
    const name = functionName(line.text);
    if (name) return name;
    if (i < index && /^}/.test(line.text)) return null;
  }
  return sectionFunction(hunk.section);
}

export interface LineRef {
  file: FilePatch;
  hunk: Hunk;
  index: number;
}

/** The diff line a quote anchor points at: by new-side number, else old-side number. */
export function findDiffLine(content: PatchContent, path: string, newNo: number | null, oldNo: number | null): LineRef | null {
  for (const file of content.files) {
    if (file.newPath !== path && file.oldPath !== path) continue;
    for (const hunk of file.hunks) {
      for (let i = 0; i < hunk.lines.length; i++) {
        const l = hunk.lines[i]!;
        if (newNo !== null ? l.newNo === newNo : oldNo !== null && l.oldNo === oldNo && l.kind === '-') return { file, hunk, index: i };
      }
    }
  }
  return null;
}

/** One new-side line of a version's diffs, with where it is. */
export interface CodeLine {
  patchIndex: number;
  function: string | null;
  norm: string;
  added: boolean;
}

/** A patch as VersionCode reads it: `paths` (when known, e.g. from the store) spares parsing patches no lookup needs. */
export interface CodePatch {
  index: number;
  content: PatchContent | null;
  /** The paths its diff touches (new path, else old), in diff order. */
  paths?: readonly string[];
}

function pathOf(f: FilePatch): string | null {
  return f.newPath ?? f.oldPath;
}

/**
 * A version's new-side code (context and added lines) by file, from all its patches in order;
 * indexed per file on first use. A patch whose paths are given is parsed only when one of them is looked up.
 */
export class VersionCode {
  /** The patches touching each path, in patch order; paths in order of first appearance. */
  private readonly sources = new Map<string, CodePatch[]>();
  private readonly byFile = new Map<string, CodeLine[]>();
  private flat: CodeLine[] | null = null;
  private added: { patchIndex: number; path: string }[] | null = null;

  constructor(private readonly patches: readonly CodePatch[]) {
    for (const p of patches) {
      const paths = p.paths ?? (p.content?.files ?? []).map(pathOf);
      for (const path of paths) {
        if (!path) continue;
        const list = this.sources.get(path);
        if (!list) this.sources.set(path, [p]);
        else if (list[list.length - 1] !== p) list.push(p);
      }
    }
  }

  /** Paths each patch adds as new files. */
  get addedFiles(): readonly { patchIndex: number; path: string }[] {
    this.added ??= this.patches.flatMap((p) => (p.content?.files ?? [])
      .filter((f) => f.status === 'added' && pathOf(f)).map((f) => ({ patchIndex: p.index, path: pathOf(f)! })));
    return this.added;
  }

  private index(path: string): CodeLine[] {
    const cached = this.byFile.get(path);
    if (cached) return cached;
    const list: CodeLine[] = [];
    for (const p of this.sources.get(path) ?? []) {
      for (const file of p.content?.files ?? []) {
        if (pathOf(file) !== path) continue;
        for (const h of file.hunks) {
          let fn = sectionFunction(h.section);
          for (const l of h.lines) {
            if (l.kind === '-') continue;
            const name = functionName(l.text);
            if (name) fn = name;
            list.push({ patchIndex: p.index, function: fn, norm: normaliseCode(l.text), added: l.kind === '+' });
            if (!name && l.text.startsWith('}')) fn = null;
          }
        }
      }
    }
    this.byFile.set(path, list);
    return list;
  }

  hasFile(path: string): boolean {
    return this.sources.has(path);
  }

  private readonly byFunction = new Map<string, CodeLine[]>();

  /** New-side lines of a file, optionally only those inside one function. */
  lines(path: string, fn: string | null): CodeLine[] {
    const all = this.index(path);
    if (fn === null) return all;
    const key = `${path}\u0000${fn}`;
    let list = this.byFunction.get(key);
    if (!list) this.byFunction.set(key, (list = all.filter((l) => l.function === fn)));
    return list;
  }

  /** Whether the function appears in this version's diffs of the file. */
  hasFunction(path: string, fn: string): boolean {
    return this.index(path).some((l) => l.function === fn);
  }

  private readonly byPatch = new Map<number, CodeLine[]>();

  /** Every line one patch shows (in allLines order), for searches without a file anchor. */
  patchLines(index: number): CodeLine[] {
    let list = this.byPatch.get(index);
    if (!list) {
      list = [];
      for (const [path, patches] of this.sources) {
        if (patches.some((p) => p.index === index)) for (const l of this.index(path)) if (l.patchIndex === index) list.push(l);
      }
      this.byPatch.set(index, list);
    }
    return list;
  }

  /** Every line of every file, for searches without a file anchor. */
  allLines(): CodeLine[] {
    this.flat ??= [...this.sources.keys()].flatMap((p) => this.index(p));
    return this.flat;
  }
}

/** Whether an identifier occurs as a whole word in a code line. */
export function mentionsIdentifier(norm: string, identifier: string): boolean {
  for (let i = norm.indexOf(identifier); i >= 0; i = norm.indexOf(identifier, i + 1)) {
    const before = i === 0 ? '' : norm[i - 1]!;
    const after = norm[i + identifier.length] ?? '';
    if (!/[A-Za-z0-9_]/.test(before) && !/[A-Za-z0-9_]/.test(after)) return true;
  }
  return false;
}

/** A patch's new-side code per file, as one lower-cased string and as lines with their function. */
interface FileText {
  file: string;
  lines: { fn: string | null; text: string; added: boolean }[];
  added: string;
}

const textCache = new WeakMap<PatchContent, FileText[]>();

function textsOf(content: PatchContent): FileText[] {
  const cached = textCache.get(content);
  if (cached) return cached;
  const out: FileText[] = [];
  for (const f of content.files) {
    const file = f.newPath ?? f.oldPath;
    if (!file) continue;
    const lines: FileText['lines'] = [];
    for (const h of f.hunks) {
      let fn = sectionFunction(h.section);
      for (const l of h.lines) {
        if (l.kind === '-') continue;
        fn = functionName(l.text) ?? fn;
        lines.push({ fn, text: l.text, added: l.kind === '+' });
        if (l.text.startsWith('}')) fn = null;
      }
    }
    out.push({ file, lines, added: lines.filter((l) => l.added).map((l) => l.text).join('\n').toLowerCase() });
  }
  textCache.set(content, out);
  return out;
}

function unique<T>(scored: { item: T; score: number }[]): T | null {
  scored.sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  return first && first.score > 0 && (!second || first.score > second.score) ? first.item : null;
}

function occurrences(hay: string, needle: string, cap: number): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0 && n < cap; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * The file (and function, when clear) a question's text is about, from the code it names: identifiers
 * that the patch's new-side code contains, else words that its added code is made of. Null when unclear.
 */
export function locateByText(content: PatchContent, text: string): { file: string; function: string | null } | null {
  const files = textsOf(content);
  const ids = identifiersIn(text);
  if (ids.length > 0) {
    const hits = files.map((f) => ({ f, lines: f.lines.filter((l) => ids.some((id) => l.text.includes(id) && mentionsIdentifier(l.text, id))) }));
    const best = unique(hits.map((h) => ({ item: h, score: new Set(h.lines.flatMap((l) => ids.filter((id) => mentionsIdentifier(l.text, id)))).size })));
    if (best) {
      const fns = new Set(best.lines.map((l) => l.fn));
      return { file: best.f.file, function: fns.size === 1 ? [...fns][0]! : null };
    }
  }
  const words = [...keywordsOf(text).keys()].filter((k) => k.length >= 4 && !k.includes('_') && !k.includes('-'));
  const best = unique(files.map((f) => {
    const counts = words.map((w) => occurrences(f.added, w, 3)).filter((n) => n > 0);
    return { item: f, score: counts.length >= 2 ? counts.reduce((a, b) => a + b, 0) : 0 };
  }));
  return best ? { file: best.file, function: null } : null;
}
