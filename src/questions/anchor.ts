// Where a piece of a diff sits in the code: the enclosing C function of a hunk
// line, and an index of a version's new-side code by (file, function). Pure.
import type { FilePatch, Hunk, PatchContent } from '../model.ts';
import { identifiersIn, keywordsOf, normaliseCode, stem } from './text.ts';

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

/** A version's new-side code (context and added lines) by file, from all its patches in order. */
export class VersionCode {
  private readonly byFile = new Map<string, CodeLine[]>();
  /** Paths each patch adds as new files. */
  readonly addedFiles: { patchIndex: number; path: string }[] = [];

  constructor(patches: readonly { index: number; content: PatchContent | null }[]) {
    for (const p of patches) {
      if (!p.content) continue;
      for (const f of p.content.files) {
        const path = f.newPath ?? f.oldPath;
        if (!path) continue;
        if (f.status === 'added') this.addedFiles.push({ patchIndex: p.index, path });
        const list = this.byFile.get(path) ?? [];
        for (const h of f.hunks) {
          let fn = sectionFunction(h.section);
          for (let i = 0; i < h.lines.length; i++) {
            const l = h.lines[i]!;
            const name = functionName(l.text);
            if (name) fn = name;
            else if (/^}/.test(l.text) && l.kind !== '-') {
              list.push({ patchIndex: p.index, function: fn, norm: normaliseCode(l.text), added: l.kind === '+' });
              fn = null;
              continue;
            }
            if (l.kind === '-') continue;
            list.push({ patchIndex: p.index, function: fn, norm: normaliseCode(l.text), added: l.kind === '+' });
          }
        }
        this.byFile.set(path, list);
      }
    }
  }

  hasFile(path: string): boolean {
    return this.byFile.has(path);
  }

  /** New-side lines of a file, optionally only those inside one function. */
  lines(path: string, fn: string | null): CodeLine[] {
    const all = this.byFile.get(path) ?? [];
    return fn === null ? all : all.filter((l) => l.function === fn);
  }

  /** Whether the function appears in this version's diffs of the file. */
  hasFunction(path: string, fn: string): boolean {
    return (this.byFile.get(path) ?? []).some((l) => l.function === fn);
  }

  private flat: CodeLine[] | null = null;

  /** Every line of every file, for searches without a file anchor. */
  allLines(): CodeLine[] {
    this.flat ??= [...this.byFile.values()].flat();
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

interface FileTokens {
  file: string;
  /** Identifier -> functions it appears in (new side). */
  identifiers: Map<string, Set<string | null>>;
  /** Stemmed word parts of the new-side code -> occurrences. */
  parts: Map<string, number>;
}

const tokenCache = new WeakMap<PatchContent, FileTokens[]>();

function tokensOf(content: PatchContent): FileTokens[] {
  const cached = tokenCache.get(content);
  if (cached) return cached;
  const out: FileTokens[] = [];
  for (const f of content.files) {
    const file = f.newPath ?? f.oldPath;
    if (!file) continue;
    const t: FileTokens = { file, identifiers: new Map(), parts: new Map() };
    for (const h of f.hunks) {
      let fn = sectionFunction(h.section);
      for (const l of h.lines) {
        fn = functionName(l.text) ?? (/^}/.test(l.text) ? null : fn);
        if (l.kind === '-') continue;
        for (const id of l.text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
          if (id.length < 3) continue;
          (t.identifiers.get(id) ?? t.identifiers.set(id, new Set()).get(id)!).add(fn);
          if (l.kind !== '+') continue;
          for (const part of id.split('_')) if (part.length >= 3) t.parts.set(stem(part), (t.parts.get(stem(part)) ?? 0) + 1);
        }
      }
    }
    out.push(t);
  }
  tokenCache.set(content, out);
  return out;
}

function unique<T>(scored: { item: T; score: number }[]): T | null {
  scored.sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  return first && first.score > 0 && (!second || first.score > second.score) ? first.item : null;
}

/**
 * The file (and function, when clear) a question's text is about, from the code it names: identifiers
 * that the patch's new-side code contains, else words that its added code is made of. Null when unclear.
 */
export function locateByText(content: PatchContent, text: string): { file: string; function: string | null } | null {
  const files = tokensOf(content);
  const ids = identifiersIn(text);
  if (ids.length > 0) {
    const best = unique(files.map((f) => ({ item: f, score: ids.filter((id) => f.identifiers.has(id)).length })));
    if (best) {
      const fns = new Set(ids.flatMap((id) => [...(best.identifiers.get(id) ?? [])]));
      return { file: best.file, function: fns.size === 1 ? [...fns][0]! : null };
    }
  }
  const words = [...keywordsOf(text).keys()].filter((k) => k.length >= 4 && !k.includes('_'));
  const best = unique(files.map((f) => {
    const hits = words.filter((w) => f.parts.has(w));
    return { item: f, score: hits.length >= 2 ? hits.reduce((n, w) => n + Math.min(f.parts.get(w)!, 3), 0) : 0 };
  }));
  return best ? { file: best.file, function: null } : null;
}
