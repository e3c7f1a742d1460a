// Header-level helpers for the mail parser: locating and unfolding a header
// block in raw bytes, Message-ID token extraction and RFC 5322 dates.
// Pure functions over Buffers and strings.
import { isUtf8 } from 'node:buffer';
import { UNSAFE_IN_ID } from '../domain/message-id.ts';

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;

/** Header values longer than this are cut before decoding (a sane References header is far shorter). */
const MAX_RAW_VALUE = 256 * 1024;

/** Header values by lower-case name; a name seen several times keeps every value in order. */
export type HeaderMap = Map<string, string[]>;

export interface HeaderBlock {
  headers: HeaderMap;
  /** Offset of the first body byte (just after the blank line, or where the headers stopped). */
  bodyStart: number;
  /** Number of header fields seen, wanted or not. */
  fieldCount: number;
  /** Lower-case names of every field seen (only filled when `collectNames` is set). */
  names: string[];
  /** False when the block was not closed by a blank line. */
  terminated: boolean;
  /** True when the block began with an mbox `From ` line, which was skipped. */
  hadFromLine: boolean;
}

/** Length of a header name at `pos` (printable ASCII without ':'), followed by optional WSP and ':'; 0 if none. */
export function headerNameLength(buf: Buffer, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = buf[i]!;
    if (c === COLON || c <= SP || c > 0x7e) break;
    i++;
  }
  const nameLen = i - pos;
  if (nameLen === 0) return 0;
  while (i < end && (buf[i] === SP || buf[i] === TAB)) i++;
  return i < end && buf[i] === COLON ? nameLen : 0;
}

/** True when the bytes at `pos` begin with `From ` (an mbox separator line). */
export function startsWithFromLine(buf: Buffer, pos: number): boolean {
  return (
    buf.length >= pos + 5 &&
    buf[pos] === 0x46 && buf[pos + 1] === 0x72 && buf[pos + 2] === 0x6f && buf[pos + 3] === 0x6d && buf[pos + 4] === SP
  );
}

function lineEnd(buf: Buffer, pos: number, end: number): number {
  const nl = buf.indexOf(LF, pos);
  return nl === -1 || nl >= end ? end : nl;
}

function decodeHeaderBytes(bytes: Buffer): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  }
  return bytes.toString('latin1');
}

/** Unfolds a raw header value: line breaks go, the whitespace after them stays. */
function unfold(raw: string): string {
  let value = raw.indexOf('\n') === -1 ? raw : raw.replace(/\r?\n/g, '');
  if (value.indexOf('\r') !== -1) value = value.replace(/\r/g, '');
  return value.trim();
}

/**
 * Reads the header block starting at `start`. Only fields for which `wanted(name)` holds are
 * decoded; the others are just skipped. A line that is neither a header nor a continuation ends
 * the block (its first byte becomes the body), as does a blank line.
 */
export function readHeaderBlock(
  buf: Buffer,
  start: number,
  end: number,
  wanted: (name: string) => boolean,
  collectNames = false,
): HeaderBlock {
  const headers: HeaderMap = new Map();
  const names: string[] = [];
  let fieldCount = 0;
  let hadFromLine = false;
  let pos = start;
  let current: { name: string; from: number } | null = null;
  let valueEnd = pos;

  const flush = () => {
    if (!current) return;
    const raw = decodeHeaderBytes(buf.subarray(current.from, Math.min(valueEnd, current.from + MAX_RAW_VALUE)));
    const list = headers.get(current.name);
    if (list) list.push(unfold(raw));
    else headers.set(current.name, [unfold(raw)]);
    current = null;
  };

  if (startsWithFromLine(buf, pos) && headerNameLength(buf, pos, end) === 0) {
    hadFromLine = true;
    pos = Math.min(end, lineEnd(buf, pos, end) + 1);
  }
  while (pos < end) {
    const eol = lineEnd(buf, pos, end);
    const contentEnd = eol > pos && buf[eol - 1] === CR ? eol - 1 : eol;
    if (contentEnd === pos) {
      flush();
      return { headers, bodyStart: Math.min(end, eol + 1), fieldCount, names, terminated: true, hadFromLine };
    }
    const first = buf[pos]!;
    if ((first === SP || first === TAB) && fieldCount > 0) {
      valueEnd = contentEnd;
      pos = eol + 1;
      continue;
    }
    const nameLen = headerNameLength(buf, pos, contentEnd);
    if (nameLen === 0) {
      flush();
      return { headers, bodyStart: pos, fieldCount, names, terminated: false, hadFromLine };
    }
    flush();
    fieldCount++;
    const name = buf.toString('latin1', pos, pos + nameLen).toLowerCase();
    if (collectNames) names.push(name);
    if (wanted(name)) {
      current = { name, from: buf.indexOf(COLON, pos + nameLen) + 1 };
      valueEnd = contentEnd;
    }
    pos = eol + 1;
  }
  flush();
  return { headers, bodyStart: end, fieldCount, names, terminated: false, hadFromLine };
}

const MAX_ID_LENGTH = 998;


function cleanId(token: string): string | null {
  // Folding whitespace goes first; \s alone would also drop a byte-order mark or a Unicode separator.
  const unfolded = token.replace(/[ \t\r\n]+/g, '');
  if (UNSAFE_IN_ID.test(unfolded)) return null;
  const id = unfolded.replace(/\s+/g, '');
  if (!id || id.length > MAX_ID_LENGTH) return null;
  return id;
}

/**
 * Every `<id>` token of the given header values, in order, deduplicated, without brackets.
 * A value without any `<` that is a single token containing '@' counts as one bare id.
 */
export function extractIds(values: readonly string[] | undefined): string[] {
  if (!values || values.length === 0) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (token: string) => {
    const id = cleanId(token);
    if (id && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  for (const value of values) {
    let open = value.indexOf('<');
    if (open === -1) {
      const bare = value.trim();
      if (bare.includes('@') && !/\s/.test(bare)) add(bare);
      continue;
    }
    while (open !== -1) {
      const close = value.indexOf('>', open + 1);
      if (close === -1) break;
      add(value.slice(open + 1, close));
      open = value.indexOf('<', close + 1);
    }
  }
  return out;
}

/** The Message-ID of a header value, or null when it has none usable. */
export function extractMessageId(value: string | undefined): string | null {
  if (value === undefined) return null;
  return extractIds([value])[0] ?? null;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};
const RFC_DATE =
  /^\s*(?:[A-Za-z]+\s*,?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*(?:([+-])(\d{2}):?(\d{2})|([A-Za-z]{1,5})\b)?/;

/** Milliseconds since the epoch for an RFC 5322 (or ISO-like) date, or null when unreadable. */
export function parseDate(value: string | undefined): number | null {
  if (!value) return null;
  const m = RFC_DATE.exec(value);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    const day = Number(m[1]);
    let year = Number(m[3]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = m[6] ? Number(m[6]) : 0;
    if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (m[3]!.length === 3) year += 1900;
    if (month !== undefined && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second <= 60) {
      let offset = 0;
      if (m[7]) offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
      else if (m[10]) offset = ZONES[m[10].toLowerCase()] ?? 0;
      const ms = Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
      if (Number.isFinite(ms)) return ms;
    }
  }
  const fallback = Date.parse(value);
  return Number.isFinite(fallback) ? fallback : null;
}
