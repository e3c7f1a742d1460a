// RawMessage -> Message. A synchronous parser of our own: headers are read
// straight from the bytes, the body is walked as MIME (multipart, nested
// message/rfc822, QP/base64, charsets) and only text/plain is kept.
// Pure: no I/O. Bad input gives warnings; only bytes that are not a mail at all throw.
import { createHash } from 'node:crypto';
import type { Message, RawMessage } from '../domain/mail.ts';
import { lazyAddresses, parseAddresses } from '../domain/address.ts';
import { extractIds, extractMessageId, parseDate, readHeaderBlock, type HeaderMap } from './parse-headers.ts';
import { decodeWords, printable } from '../domain/mime.ts';
import { extractText } from './parse-body.ts';

/** Thrown when the bytes are not a mail message; the message is one line naming the origin. */
export class MessageParseError extends Error {
  readonly origin: string;
  constructor(origin: string, problem: string) {
    super(`${origin.replace(/[\x00-\x1f\x7f]/g, '?')}: ${problem}`);
    this.name = 'MessageParseError';
    this.origin = origin;
  }
}

/** Decoded body text above this many characters is cut at a line end (with a warning). */
export const MAX_TEXT_CHARS = 8 * 1024 * 1024;
const MAX_HEADER_VALUE = 4096;

/** Headers copied into Message.headers (besides every x-patchwork-* header). */
const KEPT_HEADERS = new Set(['list-id', 'x-mailer', 'change-id', 'x-change-id']);
const READ_HEADERS = new Set([
  'message-id', 'in-reply-to', 'references', 'subject', 'from', 'to', 'cc', 'date',
  'content-type', 'content-transfer-encoding', 'content-disposition', ...KEPT_HEADERS,
]);
const isReadHeader = (name: string) => READ_HEADERS.has(name) || name.startsWith('x-patchwork-');

/** Header names of which at least one must be present for bytes to count as a mail. */
const MAIL_HEADERS = new Set([
  'from', 'to', 'cc', 'date', 'subject', 'message-id', 'in-reply-to', 'references', 'received',
  'return-path', 'mime-version', 'content-type', 'delivered-to', 'sender', 'reply-to', 'list-id',
]);

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

function cleanHeaderText(value: string): string {
  const text = value.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return text.length > MAX_HEADER_VALUE ? text.slice(0, MAX_HEADER_VALUE) : text;
}

function keptHeaders(headers: HeaderMap, contentType: string, warnings: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of headers) {
    if (KEPT_HEADERS.has(name) || name.startsWith('x-patchwork-')) {
      out[name] = cleanHeaderText(decodeWords(values[0]!, warnings));
    }
  }
  if (headers.has('content-type')) out['content-type'] = contentType;
  return out;
}

/** Whether a parsed header block looks like the head of a mail message. */
function hasMailHeaders(names: readonly string[]): boolean {
  return names.some((name) => MAIL_HEADERS.has(name));
}

/** Parses one message. Throws MessageParseError only when the bytes are not a mail at all. */
export function parseMessage(raw: RawMessage): Message {
  const bytes = raw.bytes;
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  if (start >= bytes.length) throw new MessageParseError(raw.origin, 'empty message');

  const block = readHeaderBlock(bytes, start, bytes.length, isReadHeader, true);
  if (block.fieldCount === 0) throw new MessageParseError(raw.origin, 'no mail headers at the start');
  if (!hasMailHeaders(block.names)) {
    throw new MessageParseError(raw.origin, 'no mail headers (From, Date, Subject, Message-ID...) at the start');
  }
  const warnings: string[] = [];
  const headers = block.headers;
  if (!block.terminated) {
    warnings.push(block.bodyStart >= bytes.length
      ? 'message ends inside its headers (truncated?)'
      : 'no blank line after the headers');
  }

  let id = extractMessageId(headers.get('message-id')?.[0]);
  let syntheticId = false;
  if (!id) {
    if (headers.has('message-id')) warnings.push(`unusable Message-ID "${printable(headers.get('message-id')![0]!)}"`);
    id = `${createHash('sha1').update(bytes).digest('hex')}@mm-review.invalid`;
    syntheticId = true;
  }

  const { text, contentType } = extractText(bytes.subarray(block.bodyStart), headers, MAX_TEXT_CHARS, warnings);
  const dateValue = headers.get('date')?.[0];
  const date = parseDate(dateValue);
  if (dateValue && date === null) warnings.push(`unreadable Date "${printable(dateValue)}"`);
  const from = parseAddresses(headers.get('from'), warnings)[0] ?? { name: '', email: '' };

  const recipientHeaders = { to: headers.get('to') ?? [], cc: headers.get('cc') ?? [] };
  const to = lazyAddresses(recipientHeaders.to);
  const cc = lazyAddresses(recipientHeaders.cc);
  return {
    id,
    syntheticId,
    from,
    get to() { return to(); },
    get cc() { return cc(); },
    recipientHeaders,
    date,
    subject: cleanHeaderText(decodeWords(headers.get('subject')?.[0] ?? '', warnings)),
    inReplyTo: extractIds(headers.get('in-reply-to')),
    references: extractIds(headers.get('references')),
    text,
    headers: keptHeaders(headers, contentType, warnings),
    origin: raw.origin,
    size: bytes.length,
    warnings: [...new Set(warnings)],
  };
}
