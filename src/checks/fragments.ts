// Diff-only mode: rebuild one side of a file from its hunks (blank filler
// lines keep the numbering), analyse it, and cut it into function pieces.
// A hunk that starts inside a function is attributed through git's hunk
// section (the function header line git prints after @@) and is partial.
import type { FilePatch } from '../domain/mail.ts';
import { analyzeC } from './c/parse.ts';
import { headerSpan } from './c/functions.ts';
import { prepare } from './c/preprocess.ts';
import type { MaskReset } from './c/lexer.ts';
import type { CFileAnalysis, CallSite, Param } from './c/types.ts';

/** Longest file we rebuild from a diff; larger line numbers are hostile or broken. */
const MAX_REBUILT_LINES = 1_000_000;

export interface SideText {
  text: string;
  /** Line ranges (1-based, inclusive) the diff shows on this side, with their sections. */
  hunks: { from: number; to: number; section: string }[];
  resets: MaskReset[];
}

export interface Piece {
  name: string;
  startLine: number;
  endLine: number;
  whole: boolean;
  params: Param[];
  isStatic: boolean;
  guardedBy: string[];
  calls: CallSite[];
  text: string;
}

/** Rebuild the new ('+' and context) or old ('-' and context) side; null when too large. */
export function rebuildSide(fp: FilePatch, side: 'new' | 'old'): SideText | null {
  const lines: string[] = [];
  const hunks: SideText['hunks'] = [];
  for (const h of fp.hunks) {
    let from = Infinity;
    let to = 0;
    for (const l of h.lines) {
      const no = side === 'new' ? l.newNo : l.oldNo;
      if (no === null || no < 1) continue;
      if (no > MAX_REBUILT_LINES) return null;
      while (lines.length < no) lines.push('');
      lines[no - 1] = l.text;
      from = Math.min(from, no);
      to = Math.max(to, no);
    }
    if (to > 0) hunks.push({ from, to, section: h.section });
  }
  reopenAggregates(lines, hunks);
  const text = lines.join('\n') + '\n';
  const starts: number[] = [0];
  for (let i = 0; i < lines.length; i++) starts.push(starts[i] + lines[i].length + 1);
  const resets = hunks.map((h) => ({ offset: starts[h.from - 1], inComment: startsInComment(lines.slice(h.from - 1, h.to)) }));
  return { text, hunks, resets };
}

/**
 * A hunk inside a struct, union or initialiser whose opening line is out of
 * sight: git's section is that line (`struct vm_operations_struct {`). Put it
 * on the blank filler line above the hunk, and a `};` below when the hunk does
 * not close it, so the members parse as members. Only filler lines change.
 */
function reopenAggregates(lines: string[], hunks: SideText['hunks']): void {
  const used = new Set<number>();
  for (const h of hunks) for (let l = h.from; l <= h.to; l++) used.add(l);
  for (const h of hunks) {
    const section = h.section.trim();
    if (!/^[^(#]*\{$/.test(section) || h.from < 2 || used.has(h.from - 1)) continue;
    lines[h.from - 2] = section;
    let closed = false;
    for (let l = h.from; l <= h.to && !closed; l++) closed = /^\}/.test(lines[l - 1]);
    if (closed || used.has(h.to + 1)) continue;
    while (lines.length < h.to + 1) lines.push('');
    lines[h.to] = '};';
  }
}

function startsInComment(lines: string[]): boolean {
  const joined = lines.join('\n');
  const close = joined.indexOf('*/');
  const open = joined.indexOf('/*');
  if (close >= 0 && (open < 0 || close < open)) return true;
  const first = lines.find((l) => l.trim() !== '');
  return first !== undefined && /^\s*\*(\s|$)/.test(first) && (open < 0 || joined.indexOf(first) < open);
}

export function analyzeSide(side: SideText): CFileAnalysis {
  return analyzeC(side.text, { resets: side.resets });
}

type SectionFunction = { name: string; params: Param[]; isStatic: boolean } | null;

/** sectionFunction's readings so far: a patch's hunks (and both sides of each) repeat their sections. */
const sectionReadings = new Map<string, SectionFunction>();
const MAX_SECTION_READINGS = 10_000;

/** The function a hunk section names, if it looks like a definition header (a new object each call). */
export function sectionFunction(section: string): SectionFunction {
  let known = sectionReadings.get(section);
  if (known === undefined) {
    known = readSection(section);
    if (sectionReadings.size >= MAX_SECTION_READINGS) sectionReadings.clear();
    sectionReadings.set(section, known);
  }
  return known && { name: known.name, params: known.params.map((p) => ({ ...p })), isStatic: known.isStatic };
}

function readSection(section: string): SectionFunction {
  const s = section.trim();
  if (s === '' || s.endsWith(';') || s.startsWith('#')) return null;
  const sys = /^(COMPAT_)?SYSCALL_DEFINE\d\s*\(\s*(\w+)/.exec(s);
  if (sys) return { name: `${sys[1] ? 'compat_' : ''}sys_${sys[2]}`, params: [], isStatic: false };
  const text = prepare(s).parseText;
  return headerSpan(text, 0, text);
}

/** Function pieces of a rebuilt side. */
export function piecesOf(side: SideText, analysis: CFileAnalysis): Piece[] {
  const lines = side.text.split('\n');
  const slice = (a: number, b: number): string => lines.slice(a - 1, b).join('\n');
  const callsIn = (a: number, b: number): CallSite[] => callsOnLines(analysis.calls, a, b);
  const pieces: Piece[] = [];
  for (const h of side.hunks) {
    const visible = analysis.functions.filter((f) => f.startLine >= h.from && f.bodyLine <= h.to);
    for (const f of visible) {
      const end = Math.min(f.endLine, h.to);
      const whole = f.endLine <= h.to && /\}\s*$/.test(lines[f.endLine - 1] ?? '');
      pieces.push({
        name: f.name, startLine: f.startLine, endLine: end, whole, params: f.params, isStatic: f.isStatic,
        guardedBy: f.guardedBy, calls: f.calls.filter((c) => c.line <= end), text: slice(f.startLine, end),
      });
    }
    const leadEnd = (visible[0]?.startLine ?? h.to + 1) - 1;
    if (leadEnd < h.from) continue;
    const sec = sectionFunction(h.section);
    if (!sec) continue;
    let insideEnd = leadEnd;
    for (let l = h.from; l <= leadEnd; l++) {
      if (/^\}/.test(lines[l - 1])) {
        insideEnd = l;
        break;
      }
    }
    if (insideEnd === leadEnd && looksTopLevel(lines, h.from, leadEnd)) continue;
    pieces.push({
      name: sec.name, startLine: h.from, endLine: insideEnd, whole: false, params: sec.params, isStatic: sec.isStatic,
      guardedBy: [], calls: callsIn(h.from, insideEnd), text: slice(h.from, insideEnd),
    });
  }
  return mergePieces(pieces.sort((a, b) => a.startLine - b.startLine));
}

/** The calls on lines [from, to] of `calls` (in text order, so sorted by line), by binary search. */
function callsOnLines(calls: CallSite[], from: number, to: number): CallSite[] {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid]!.line < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < calls.length && calls[end]!.line <= to) end++;
  return calls.slice(lo, end);
}

/** The first code line of a region sits in column 0: the region is between functions. */
function looksTopLevel(lines: string[], from: number, to: number): boolean {
  for (let l = from; l <= to; l++) {
    const t = lines[l - 1];
    if (t.trim() === '' || /^\s*(\/\*|\*|\/\/)/.test(t)) continue;
    return /^[A-Za-z_]/.test(t) && !/^\w+:\s*$/.test(t);
  }
  return false;
}

/** Join a function cut at a hunk end with the continuation a later hunk shows. */
function mergePieces(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (prev && prev.name === p.name && !prev.whole && !p.whole) {
      out[out.length - 1] = {
        ...prev,
        endLine: p.endLine,
        calls: [...prev.calls, ...p.calls],
        text: prev.text + '\n' + p.text,
        params: prev.params.length ? prev.params : p.params,
      };
    } else out.push(p);
  }
  return out;
}

/** Pieces of a whole file (post-image mode): every function is whole. */
export function wholePieces(analysis: CFileAnalysis): Piece[] {
  return analysis.functions.map((f) => ({
    name: f.name, startLine: f.startLine, endLine: f.endLine, whole: true, params: f.params, isStatic: f.isStatic,
    guardedBy: f.guardedBy, calls: f.calls, text: f.text,
  }));
}
