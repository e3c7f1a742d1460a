// Trailer parsing (Signed-off-by, Reviewed-by, Fixes...) for commit messages and replies,
// and the b4-style rules for follow-up trailers: quoted lines never count, a trailer
// already on the patch is never a mismatch, and a person trailer whose address differs
// from the sender's is a mismatch that is not applied by default.
import type { Address, Trailer } from '../domain/mail.ts';

/** Non "-by" keys that are trailers, in their canonical spelling. */
const KNOWN_KEYS = ['Fixes', 'Link', 'Closes', 'Cc', 'Cc-stable', 'Message-ID', 'BugLink', 'Depends-on', 'Change-Id'];
const CANONICAL = new Map(KNOWN_KEYS.map((k) => [k.toLowerCase(), k]));

/** Besides "-by" tags, the only keys a reply may add to a patch (Cc lines in replies are header junk). */
const REPLY_KEYS = new Set(['fixes', 'link', 'closes']);

const MAX_TRAILER_LINE = 2000;
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(\S.*)$/;

/** Canonical capitalisation: "REVIEWED-BY" -> "Reviewed-by", "cc" -> "Cc", "message-id" -> "Message-ID". */
export function canonicalKey(key: string): string {
  const lower = key.toLowerCase();
  return CANONICAL.get(lower) ?? lower.charAt(0).toUpperCase() + lower.slice(1);
}

function isTrailerKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.endsWith('-by') || CANONICAL.has(lower);
}

/** Person trailers (…-by, Cc) name somebody; Fixes/Link/Closes do not. */
function isPersonTrailer(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.endsWith('-by') || lower === 'cc';
}

/** Parse one line as a trailer, or null. */
export function parseTrailerLine(line: string): Trailer | null {
  if (line.length > MAX_TRAILER_LINE) return null;
  const m = TRAILER_LINE.exec(line.trim());
  if (!m || !isTrailerKey(m[1]!)) return null;
  const key = canonicalKey(m[1]!);
  const value = m[2]!.trim();
  const { name, email } = isPersonTrailer(key) ? splitPerson(value) : { name: null, email: null };
  return { key, value, name, email };
}

/**
 * Trailers of a trailer block. Lines that are not trailers (e.g. "[akpm: fix typo]") are skipped;
 * an indented line right after a trailer continues its value.
 */
export function parseTrailers(lines: string[]): Trailer[] {
  const out: Trailer[] = [];
  let last: Trailer | null = null;
  for (const line of lines) {
    if (last && /^[ \t]+\S/.test(line) && !parseTrailerLine(line)) {
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    last = parseTrailerLine(line);
    if (last) out.push(last);
  }
  return out;
}

/**
 * The trailer block of a commit message: its last paragraph, plus any paragraphs just above it
 * that consist only of trailers ("Reported-by: …" / blank / "Signed-off-by: …"); blank lines dropped.
 */
export function trailerBlockLines(commitMessage: string): string[] {
  const lines = commitMessage.trimEnd().split('\n');
  let start = lines.length;
  let block: string[] = [];
  while (start > 0) {
    let top = start;
    while (top > 0 && lines[top - 1]!.trim() !== '') top--;
    const para = lines.slice(top, start);
    const isLast = block.length === 0;
    const allTrailers = para.every((l) => parseTrailerLine(l) !== null || /^[ \t]/.test(l));
    if (!isLast && (!allTrailers || para.length === 0)) break;
    if (isLast && !para.some((l) => parseTrailerLine(l) !== null)) return [];
    block = [...para, ...block];
    start = top;
    while (start > 0 && lines[start - 1]!.trim() === '') start--;
  }
  return block;
}

export interface ReplyTrailer {
  trailer: Trailer;
  /** 0-based line of the reply text. */
  line: number;
  /** Written with leading whitespace: usually restating the patch's trailers, not giving one. */
  indented: boolean;
}

/**
 * Trailers written in a reply's own (unquoted) text, with where they stand. `> Reviewed-by`
 * never counts; the signature (after "-- ") is ignored. Person trailers need an address.
 */
export function findReplyTrailers(replyText: string): ReplyTrailer[] {
  const out: ReplyTrailer[] = [];
  const text = replyText;
  const end = signatureAt(text);
  // Every trailer has a colon and most lines have none: only the lines holding one are looked at.
  let lineNo = 0;
  let counted = 0;
  for (let colon = text.indexOf(':'); colon >= 0 && colon < end;) {
    const start = text.lastIndexOf('\n', colon) + 1;
    let stop = text.indexOf('\n', colon);
    if (stop < 0) stop = text.length;
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < start; nl = text.indexOf('\n', nl + 1)) lineNo++;
    counted = start;
    colon = text.indexOf(':', stop + 1);
    const line = text.slice(start, stop);
    if (/^[ \t]*>/.test(line)) continue;
    const t = parseTrailerLine(line);
    if (!t) continue;
    const lower = t.key.toLowerCase();
    if (lower.endsWith('-by') ? t.email === null : !REPLY_KEYS.has(lower)) continue;
    out.push({ trailer: t, line: lineNo, indented: /^[ \t]/.test(line) });
  }
  return out;
}

/** Offset of the first line that is exactly "-- " (the signature), else the text's length. */
function signatureAt(text: string): number {
  for (let at = text.indexOf('-- '); at >= 0; at = text.indexOf('-- ', at + 1)) {
    if ((at === 0 || text.charCodeAt(at - 1) === 10) && (at + 3 === text.length || text.charCodeAt(at + 3) === 10)) return at;
  }
  return text.length;
}

/** Trailers given in a reply's unquoted text, indented restatements included (the caller decides). */
export function collectReplyTrailers(replyText: string): Trailer[] {
  return findReplyTrailers(replyText).map((r) => r.trailer);
}

/** The trailer names the sender (same address), or names nobody (Fixes, Link, Closes). */
export function trailerMatchesSender(t: Trailer, from: Address): boolean {
  if (!isPersonTrailer(t.key)) return true;
  return t.email !== null && from.email !== '' && t.email === from.email.toLowerCase();
}

/** Same key and the same value up to spacing and address case. */
function sameTrailer(a: Trailer, b: Trailer): boolean {
  if (a.key.toLowerCase() !== b.key.toLowerCase()) return false;
  if (a.email !== null && b.email !== null && isPersonTrailer(a.key)) {
    // b4 keeps "Name A <x@y>" and "Name B <x@y>" apart: the name is part of the trailer.
    return a.email === b.email && (a.name === null || b.name === null || normalise(a.name) === normalise(b.name));
  }
  return normalise(a.value) === normalise(b.value);
}

/** The trailer is already on the patch: restating it is neither new nor a mismatch. */
export function isTrailerPresent(t: Trailer, existing: readonly Trailer[]): boolean {
  return existing.some((e) => sameTrailer(e, t));
}

export interface Followup {
  from: Address;
  trailers: Trailer[];
}

export interface FollowupMerge {
  /** New trailers to append, in follow-up order, each once. */
  added: Trailer[];
  /** Trailers not applied because they name someone other than the sender. */
  mismatches: Trailer[];
}

/** b4's default rule for follow-up trailers on one patch. */
export function mergeFollowupTrailers(patchTrailers: readonly Trailer[], followups: readonly Followup[]): FollowupMerge {
  const added: Trailer[] = [];
  const mismatches: Trailer[] = [];
  for (const f of followups) {
    for (const t of f.trailers) {
      if (isTrailerPresent(t, patchTrailers) || isTrailerPresent(t, added)) continue;
      if (trailerMatchesSender(t, f.from)) added.push(t);
      else if (!isTrailerPresent(t, mismatches)) mismatches.push(t);
    }
  }
  return { added, mismatches };
}

function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Split "Name <email> # comment", "email", "\"Name\" <email>" into name and lower-cased email (linear time). */
export function splitPerson(value: string): { name: string | null; email: string | null } {
  const hash = value.search(/\s#/);
  const text = (hash >= 0 ? value.slice(0, hash) : value).trim();
  const lt = text.indexOf('<');
  const gt = lt >= 0 ? text.indexOf('>', lt) : -1;
  if (gt > lt && isAddress(text.slice(lt + 1, gt))) {
    return { name: cleanName(text.slice(0, lt)), email: text.slice(lt + 1, gt).toLowerCase() };
  }
  const space = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
  const last = text.slice(space + 1);
  if (isAddress(last)) return { name: cleanName(text.slice(0, space + 1)), email: last.toLowerCase() };
  return { name: cleanName(text), email: null };
}

function isAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  return at > 0 && at < s.length - 1 && !/[\s<>()"]/.test(s) && s.slice(at + 1).includes('.');
}

function cleanName(s: string): string | null {
  const t = s.trim();
  const unquoted = t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
  return unquoted || null;
}
