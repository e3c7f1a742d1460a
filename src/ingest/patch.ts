// Split a patch email body into commit message, notes (changelog, diffstat), diff and trailers.
// Also: a cheap "does this mail carry a diff" test, and changelog extraction for covers/notes.
import type { PatchContent } from '../domain/mail.ts';
import { isFileStart, parseDiffLines } from './diff.ts';
import { parseTrailers, trailerBlockLines } from './trailers.ts';

const GIT_DIFF = /^diff --git \S/m;
const PLAIN_DIFF = /^--- [^\n]*\n\+\+\+ [^\n]*\n@@/m;

/** Cheap test, run on every message: a `diff --git` line or a ---/+++/@@ line triple. */
export function hasDiff(text: string): boolean {
  if (text.includes('diff --git ') && GIT_DIFF.test(text)) return true;
  return text.includes('\n+++ ') && PLAIN_DIFF.test(text);
}

const SCISSORS = /^\s*-{1,}\s*(?:>8|8<)\s*-{1,}\s*$/;
const IN_BODY_HEADER = /^(?:From|Subject|Date):[ \t]/;

/** Where a patch mail's parts are: the first diff line, the `---` separator, the commit message. */
interface PatchLayout {
  lines: string[];
  /** First line of the diff. */
  start: number;
  /** The `---` line, or -1. */
  sep: number;
  commitMessage: string;
  notes: string;
}

/** A line that starts a file's diff (see isFileStart), as a pattern to search the text with. */
const FILE_START = /^(?:diff --git |--- [^\n]*\n\+\+\+ [^\n]*\n@@)/gm;

/** Offset of the first line that starts a file's diff, or -1 (a "line" begins after "\n" only). */
function firstFileStart(text: string): number {
  FILE_START.lastIndex = 0;
  for (let m = FILE_START.exec(text); m; m = FILE_START.exec(text)) {
    if (m.index === 0 || text.charCodeAt(m.index - 1) === 10) return m.index;
    FILE_START.lastIndex = m.index + 1;
  }
  return -1;
}

/** The layout of a patch mail; `wholeText` false leaves the diff's lines out of `lines`. */
function layoutOf(text: string, wholeText = true): PatchLayout | null {
  const offset = firstFileStart(text);
  if (offset < 0) return null;
  const head = text.slice(0, offset).split('\n');
  const start = head.length - 1;
  const lines = wholeText ? text.split('\n') : head;
  let sep = -1;
  let bodyStart = 0;
  for (let i = 0; i < start; i++) {
    if (sep < 0 && lines[i]!.trimEnd() === '---') sep = i;
    if (sep < 0 && SCISSORS.test(lines[i]!)) bodyStart = i + 1;
  }
  const messageEnd = sep >= 0 ? sep : start;
  bodyStart = skipInBodyHeaders(lines, bodyStart, messageEnd);
  const commitMessage = trimBlankLines(lines.slice(bodyStart, messageEnd)).join('\n');
  const notes = sep >= 0 ? trimBlankLines(lines.slice(sep + 1, start)).join('\n') : '';
  return { lines, start, sep, commitMessage, notes };
}

/** A patch mail's notes (what sits between `---` and the diff) without parsing the diff; null when it has no diff. */
export function patchNotes(text: string): string | null {
  return layoutOf(text, false)?.notes ?? null;
}

/** Split a patch mail's text; null when it has no diff. */
export function splitPatch(text: string): PatchContent | null {
  return splitPatchLines(text)?.content ?? null;
}

/**
 * splitPatch, also giving the mail's lines and where the diff is in them (lines[diffStart, diffEnd)).
 * `diffText: false` leaves content.diff empty: ingest hashes the diff's lines and never needs it joined.
 */
export function splitPatchLines(text: string, opts: { diffText?: boolean } = {}):
  { content: PatchContent; lines: readonly string[]; diffStart: number; diffEnd: number } | null {
  const layout = layoutOf(text);
  if (!layout) return null;
  const { lines, start, sep, commitMessage, notes } = layout;
  const parsed = parseDiffLines(lines, start);
  const diff = opts.diffText === false ? '' : lines.slice(start, parsed.end).join('\n') + '\n';
  const info = findBaseInfo(lines, sep >= 0 ? sep + 1 : start);
  const content: PatchContent = {
    commitMessage,
    notes,
    diff,
    files: parsed.files,
    trailers: parseTrailers(trailerBlockLines(commitMessage)),
    baseCommit: info.baseCommit,
    changeId: info.changeId,
    warnings: parsed.warnings,
  };
  return { content, lines, diffStart: start, diffEnd: parsed.end };
}

/** git am drops "From:/Subject:/Date:" lines at the top of the body (sent on someone's behalf). */
function skipInBodyHeaders(lines: string[], from: number, end: number): number {
  let i = from;
  while (i < end && lines[i]!.trim() === '') i++;
  let j = i;
  while (j < end && IN_BODY_HEADER.test(lines[j]!)) j++;
  return j > i && (j === end || lines[j]!.trim() === '') ? j : from;
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

export interface BaseInfo {
  baseCommit: string | null;
  changeId: string | null;
}

const BASE_COMMIT = /^base-commit:[ \t]*([0-9a-fA-F]{7,64})[ \t]*$/;
const CHANGE_ID = /^change-id:[ \t]*(\S{1,200})[ \t]*$/;

const CHANGE_ID_ANYWHERE = /^change-id:[ \t]*(\S+)[ \t]*$/im;

/** A change-id line anywhere in a text; most have none, which "-id:" (any case) rules out quickly. */
export function changeIdIn(text: string): string | null {
  return /-id:/i.test(text) ? (CHANGE_ID_ANYWHERE.exec(text)?.[1] ?? null) : null;
}

/** `base-commit:` / `change-id:` lines (b4 puts them after `---`, at the end of a patch or cover). */
function findBaseInfo(lines: readonly string[], from = 0): BaseInfo {
  let baseCommit: string | null = null;
  let changeId: string | null = null;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(0) !== 98 && line.charCodeAt(0) !== 99) continue; // 'b' | 'c'
    let m: RegExpExecArray | null;
    if (baseCommit === null && (m = BASE_COMMIT.exec(line))) baseCommit = m[1]!.toLowerCase();
    else if (changeId === null && (m = CHANGE_ID.exec(line))) changeId = m[1]!;
  }
  return { baseCommit, changeId };
}

/** Base info of any mail text (a cover letter has no diff for splitPatch). */
export function extractBaseInfo(text: string): BaseInfo {
  return findBaseInfo(text.split('\n'));
}

// ---- changelogs -----------------------------------------------------------

export interface ChangelogBlock {
  /**
   * The version these changes produced: "Changes in v4" / "v4:" -> 4, "v3 -> v4" -> 4,
   * "Changes since v3" -> 4. Null for "Changelog:" or "Changes since RFC:".
   */
  version: number | null;
  /** The header line as written (trimmed). */
  header: string;
  /** One entry per item (bullet, or paragraph when unbulleted), bullets stripped, wraps joined. */
  lines: string[];
}

const VER = String.raw`(?:rfc[ -]?)?v(\d{1,3})`;
const TAIL = String.raw`(?:\s*\[\d+\])?(?:\s*\([^)]*\))?\s*(?::\s*(.*)|$)`;
const ARROW = new RegExp(String.raw`^(?:changes\s*(?:from|since|in|for)?\s*)?(?:${VER}|rfc)\s*(?:->|-->|=>|→|to|\.\.)\s*${VER}${TAIL}`, 'i');
const SINCE = new RegExp(String.raw`^(?:changes|changelog|change log|changes made)?\s*(?:since|from|vs\.?|over|compared to|relative to)\s+${VER}${TAIL}`, 'i');
const IN = new RegExp(String.raw`^(?:changes|changelog|change log)\s*(?:in|for|of)?\s*${VER}${TAIL}`, 'i');
const BARE = new RegExp(String.raw`^[\[(]?${VER}[\])]?\s*:\s*(.*)$`, 'i');
const NO_VERSION = /^(?:changes|changelog|change ?log|change history|revision history|version history|changes (?:since|from|in|vs\.?) (?:the )?(?:rfc|previous (?:version|posting|revision|series)|last (?:version|posting|revision|series)))\s*:?\s*$/i;
const URL_ONLY = /^<?https?:\/\/\S+>?$/;
const BULLET = /^\s*(?:[-*•+]|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])\s+(.*)$/;
const UNDERLINE = /^[-=~_*]{3,}$/;
const DIFFSTAT = /^\S+\s+\|\s+(?:\d+ ?[+-]*|Bin\b)|^\d+ files? changed/;

interface Header {
  version: number | null;
  rest: string;
}

function matchHeader(trimmed: string): Header | null | 'link' {
  let m: RegExpExecArray | null;
  let h: Header | null = null;
  if ((m = ARROW.exec(trimmed))) h = { version: Number(m[2]), rest: m[3] ?? '' };
  else if ((m = SINCE.exec(trimmed))) h = { version: Number(m[1]) + 1, rest: m[2] ?? '' };
  else if ((m = IN.exec(trimmed))) h = { version: Number(m[1]), rest: m[2] ?? '' };
  else if ((m = BARE.exec(trimmed))) h = { version: Number(m[1]), rest: m[2] ?? '' };
  else if (NO_VERSION.test(trimmed)) h = { version: null, rest: '' };
  if (h && URL_ONLY.test(h.rest.trim())) return 'link';
  return h;
}

function stopsChangelog(line: string, trimmed: string): boolean {
  return line === '-- ' || trimmed === '---' || DIFFSTAT.test(trimmed) || /^(?:base-commit|change-id|prerequisite-[\w-]+):/.test(trimmed);
}

/** Version changelog blocks of a cover letter or a patch's notes, in order of appearance. */
export function extractChangelog(text: string): ChangelogBlock[] {
  const lines = text.split('\n');
  const blocks: ChangelogBlock[] = [];
  let block: ChangelogBlock | null = null;
  let item: string | null = null;
  let bulleted = false;
  let blank = false;
  let justOpened = false;
  const flushItem = () => {
    if (block && item !== null && item.trim() !== '') block.lines.push(item.replace(/\s+/g, ' ').trim());
    item = null;
  };
  const close = () => {
    flushItem();
    if (block && block.lines.length > 0) blocks.push(block);
    block = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isFileStart(lines, i)) break;
    if (line.startsWith('>')) continue;
    const trimmed = line.trim();
    if (stopsChangelog(line, trimmed)) {
      close();
      continue;
    }
    const header = trimmed.length > 0 && trimmed.length < 200 ? matchHeader(trimmed) : null;
    if (header === 'link') continue;
    if (header) {
      close();
      block = { version: header.version, header: trimmed, lines: [] };
      bulleted = blank = false;
      justOpened = true;
      const rest = header.rest.trim();
      if (rest) {
        const b = BULLET.exec(rest);
        item = b ? b[1]! : rest;
        bulleted = b !== null;
      }
      continue;
    }
    if (!block) continue;
    const current: ChangelogBlock = block;
    if (trimmed === '') {
      flushItem();
      blank = true;
      continue;
    }
    if (justOpened && UNDERLINE.test(trimmed)) continue;
    justOpened = false;
    const bullet = BULLET.exec(line);
    if (bullet) {
      flushItem();
      item = bullet[1]!;
      bulleted = true;
    } else if (item !== null && (!blank || /^\s/.test(line))) {
      item += ` ${trimmed}`;
    } else if (!bulleted && current.lines.length === 0 && item === null) {
      item = trimmed;
    } else if (bulleted && /^\s/.test(line)) {
      item = trimmed;
    } else {
      close();
      continue;
    }
    blank = false;
  }
  close();
  return blocks;
}
