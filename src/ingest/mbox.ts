// Splits an mbox (mboxo or mboxrd) into RawMessages, or recognises a lone
// RFC 822 message (.eml, .patch). Pure: works on a Buffer, scans bytes with
// indexOf and copies only messages that need >From unescaping.
import type { RawMessage } from '../domain/mail.ts';
import { headerNameLength, startsWithFromLine } from './parse-headers.ts';

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_AT_LINE_START = Buffer.from('\nFrom ', 'latin1');
const ESCAPED_FROM = Buffer.from('>From ', 'latin1');

/** `From sender Www Mmm dd hh:mm:ss yyyy`, as mbox writers put it (loosely: weekday, month, time). */
const FROM_LINE_DATE = /^From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}/;

function lineEnd(buf: Buffer, pos: number): number {
  const nl = buf.indexOf(LF, pos);
  return nl === -1 ? buf.length : nl;
}

function skipBom(buf: Buffer): number {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** True when the line at `pos` is a header field line (`Name: value`). */
function isHeaderLine(buf: Buffer, pos: number): boolean {
  return headerNameLength(buf, pos, lineEnd(buf, pos)) > 0;
}

/** Whether the bytes start like an RFC 822 message: a header line first (after an optional `From ` line). */
export function looksLikeMessage(buf: Buffer): boolean {
  let pos = skipBom(buf);
  while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) pos++;
  if (startsWithFromLine(buf, pos) && !isHeaderLine(buf, pos)) pos = lineEnd(buf, pos) + 1;
  return pos < buf.length && isHeaderLine(buf, pos);
}

/** True when the line before `lineStart` (which follows a LF) is empty. */
function followsBlankLine(buf: Buffer, lineStart: number): boolean {
  const nl = lineStart - 1;
  if (nl === 0) return true;
  if (buf[nl - 1] === LF) return true;
  return buf[nl - 1] === CR && (nl - 1 === 0 || buf[nl - 2] === LF);
}

/** Decides whether the `From ` line at `lineStart` separates two messages. */
function isSeparator(buf: Buffer, lineStart: number): boolean {
  const eol = lineEnd(buf, lineStart);
  const nextIsHeader = eol < buf.length && isHeaderLine(buf, eol + 1);
  if (followsBlankLine(buf, lineStart)) {
    return nextIsHeader || FROM_LINE_DATE.test(buf.toString('latin1', lineStart, Math.min(eol, lineStart + 200)));
  }
  return nextIsHeader && FROM_LINE_DATE.test(buf.toString('latin1', lineStart, Math.min(eol, lineStart + 200)));
}

/** Removes one `>` from every `>+From ` line (mboxrd; for mboxo it undoes the only escape there is). */
export function unescapeFromLines(msg: Buffer): Buffer {
  let hit = msg.indexOf(ESCAPED_FROM);
  if (hit === -1) return msg;
  const pieces: Buffer[] = [];
  let copied = 0;
  while (hit !== -1) {
    let start = hit;
    while (start > 0 && msg[start - 1] === GT) start--;
    if (start === 0 || msg[start - 1] === LF) {
      pieces.push(msg.subarray(copied, start));
      copied = start + 1;
    }
    hit = msg.indexOf(ESCAPED_FROM, hit + ESCAPED_FROM.length);
  }
  if (copied === 0) return msg;
  pieces.push(msg.subarray(copied));
  return Buffer.concat(pieces);
}

/** The message between a separator line's end and the next separator, minus mbox's blank line. */
function messageBytes(buf: Buffer, start: number, end: number): Buffer {
  let stop = end;
  if (stop - start >= 2 && buf[stop - 1] === LF && buf[stop - 2] === LF) stop--;
  else if (stop - start >= 4 && buf[stop - 1] === LF && buf[stop - 2] === CR && buf[stop - 3] === LF && buf[stop - 4] === CR) stop -= 2;
  return unescapeFromLines(buf.subarray(start, stop));
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== LF && c !== CR) return false;
  }
  return true;
}

/**
 * Splits a mailbox into messages. A buffer that does not start with `From ` but starts like a mail
 * is one message (origin unchanged); mbox messages get `origin#n` (n = 1-based separator count).
 */
export function splitMailbox(buf: Buffer, origin: string): { messages: RawMessage[]; warnings: string[] } {
  const messages: RawMessage[] = [];
  const warnings: string[] = [];
  let pos = skipBom(buf);
  while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) pos++;
  if (isBlank(buf, pos, buf.length)) return { messages, warnings: ['empty input: no messages'] };

  if (!startsWithFromLine(buf, pos) || isHeaderLine(buf, pos)) {
    if (looksLikeMessage(buf)) {
      messages.push({ bytes: buf.subarray(pos), origin });
      return { messages, warnings };
    }
    const first = findSeparator(buf, pos);
    if (first === -1) {
      warnings.push('neither an mbox nor a mail message (no headers at the start)');
      return { messages, warnings };
    }
    warnings.push(`skipped ${first - pos} bytes before the first "From " line`);
    pos = first;
  }

  let index = 0;
  let sepStart = pos;
  while (sepStart < buf.length) {
    index++;
    const bodyStart = Math.min(buf.length, lineEnd(buf, sepStart) + 1);
    const next = findSeparator(buf, bodyStart);
    const end = next === -1 ? buf.length : next;
    if (!isBlank(buf, bodyStart, end)) {
      messages.push({ bytes: messageBytes(buf, bodyStart, end), origin: `${origin}#${index}` });
    }
    if (next === -1) break;
    sepStart = next;
  }
  if (buf.length > 0 && buf[buf.length - 1] !== LF) warnings.push('mailbox does not end with a newline (last message may be truncated)');
  return { messages, warnings };
}

/** Offset of the next separator `From ` line at or after `from`, or -1. */
function findSeparator(buf: Buffer, from: number): number {
  let search = Math.max(0, from - 1);
  if (from === 0 && startsWithFromLine(buf, 0)) return 0;
  for (;;) {
    const hit = buf.indexOf(FROM_AT_LINE_START, search);
    if (hit === -1) return -1;
    const lineStart = hit + 1;
    if (lineStart >= from && isSeparator(buf, lineStart)) return lineStart;
    search = hit + 1;
  }
}
