// The MIME walk of the mail parser: finds the text/plain content of a message
// body (single part, multipart, nested message/rfc822) and decodes it to one
// UTF-8 string with LF line endings. Synchronous, bounded, never throws.
import { readHeaderBlock, type HeaderMap } from './parse-headers.ts';
import { decodeCharset, decodeFlowed, decodeTransfer, libmime, printable } from '../domain/mime.ts';

const LF = 0x0a;
const CR = 0x0d;
const MAX_DEPTH = 12;
const MAX_PARTS = 500;

export interface ContentInfo {
  /** Lower-case type/subtype. */
  type: string;
  params: Record<string, string>;
  /** Lower-case Content-Transfer-Encoding token ("" when absent). */
  encoding: string;
  attachment: boolean;
  filename: string;
}

interface Walk {
  texts: string[];
  chars: number;
  limit: number;
  full: boolean;
  parts: number;
  warnings: string[];
}

const PART_HEADERS = new Set(['content-type', 'content-transfer-encoding', 'content-disposition']);
const isPartHeader = (name: string) => PART_HEADERS.has(name);

const PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff', 'text/patch', 'text/diff', 'application/x-patch', 'application/x-diff']);
const PATCH_NAME = /\.(?:patch|diff)$/i;

/**
 * The plain form of a MIME header value that nearly all mail uses: `type/subtype` (or a token) and
 * `; name=token` or `; name="text"` parameters, no comments, escapes, continuations or odd spacing.
 */
const PLAIN_VALUE = /^[ \t\r\n\f\v]*[A-Za-z0-9!#$&^_.+/-]+[ \t\r\n\f\v]*((?:;[ \t\r\n\f\v]*[A-Za-z0-9_.-]+=(?:[A-Za-z0-9!#$&^_.+-]+|"[^"\\]*")[ \t\r\n\f\v]*)*);?[ \t\r\n\f\v]*$/;
const PLAIN_PARAM = /;[ \t\r\n\f\v]*([A-Za-z0-9_.-]+)=(?:([A-Za-z0-9!#$&^_.+-]+)|"([^"\\]*)")/g;

/**
 * libmime's parseHeaderValue(value, { stripComments: true }) for the plain form, without loading libmime:
 * the value trimmed, parameter names in lower case, values as written (quotes removed), the first of
 * a repeated name kept. Anything else (null) goes to libmime.
 */
export function parsePlainValue(value: string): { value: string; params: Record<string, string> } | null {
  const m = PLAIN_VALUE.exec(value);
  if (!m) return null;
  const params: Record<string, string> = {};
  const semi = value.indexOf(';');
  const head = (semi < 0 ? value : value.slice(0, semi)).replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');
  for (const p of (m[1] ?? '').matchAll(PLAIN_PARAM)) {
    const name = p[1]!.toLowerCase();
    if (name === '__proto__') return null;
    if (!Object.hasOwn(params, name)) params[name] = p[2] ?? p[3] ?? '';
  }
  return { value: head, params };
}

function parseValue(value: string): { value: string; params: Record<string, string> } | null {
  try {
    return parsePlainValue(value) ?? libmime().parseHeaderValue(value, { stripComments: true });
  } catch {
    return null;
  }
}

/** Reads Content-Type, Content-Transfer-Encoding and Content-Disposition of an entity. */
function contentInfo(headers: HeaderMap, defaultType: string, warnings: string[]): ContentInfo {
  let type = defaultType;
  let params: Record<string, string> = {};
  const rawType = headers.get('content-type')?.[0];
  if (rawType) {
    const parsed = parseValue(rawType);
    const value = parsed?.value.trim().toLowerCase() ?? '';
    if (parsed && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(value)) {
      type = value;
      params = parsed.params;
    } else {
      warnings.push(`unreadable Content-Type "${printable(rawType)}" (read as ${defaultType})`);
    }
  }
  const rawEncoding = headers.get('content-transfer-encoding')?.[0] ?? '';
  const encoding = rawEncoding.trim().toLowerCase().split(/[\s;(]/, 1)[0]!;
  let attachment = false;
  let filename = params['name'] ?? '';
  const rawDisposition = headers.get('content-disposition')?.[0];
  if (rawDisposition) {
    const parsed = parseValue(rawDisposition);
    attachment = (parsed?.value.trim().toLowerCase() ?? '') === 'attachment';
    filename = parsed?.params['filename'] ?? filename;
  }
  return { type, params, encoding, attachment, filename };
}

function wantsText(info: ContentInfo): boolean {
  if (info.type === 'text/plain') return !info.attachment || PATCH_NAME.test(info.filename);
  return PATCH_TYPES.has(info.type);
}

function appendText(w: Walk, raw: string): void {
  let text = raw.indexOf('\r\n') === -1 ? raw : raw.replace(/\r\n/g, '\n');
  if (w.chars + text.length > w.limit) {
    const room = w.limit - w.chars;
    const cut = text.lastIndexOf('\n', room - 1);
    text = text.slice(0, cut > 0 ? cut + 1 : room);
    w.warnings.push(`text truncated to ${w.limit} characters`);
    w.full = true;
  }
  w.texts.push(text);
  w.chars += text.length;
}

function decodeTextPart(body: Buffer, info: ContentInfo, w: Walk): void {
  // Raw bytes beyond four per allowed character cannot all fit; do not even decode them.
  let bounded = body;
  if (body.length > w.limit * 4) {
    bounded = body.subarray(0, w.limit * 4);
    w.warnings.push(`text part of ${body.length} bytes cut to ${bounded.length} bytes before decoding`);
  }
  const bytes = decodeTransfer(bounded, info.encoding, w.warnings);
  let text = decodeCharset(bytes, info.params['charset'] ?? '', w.warnings);
  if ((info.params['format'] ?? '').toLowerCase() === 'flowed') {
    text = decodeFlowed(text.replace(/\r\n/g, '\n'), (info.params['delsp'] ?? '').toLowerCase() === 'yes');
  }
  appendText(w, text);
}

interface SplitParts {
  parts: Buffer[];
  /** False when the final `--boundary--` is missing. */
  closed: boolean;
  /** True when splitting stopped at `maxParts`. */
  capped: boolean;
}

/** Splits a multipart body at `--boundary` lines (at most `maxParts` parts). */
function splitMultipart(body: Buffer, boundary: string, maxParts = MAX_PARTS): SplitParts {
  const delimiter = Buffer.from('--' + boundary, 'latin1');
  const n = body.length;
  const parts: Buffer[] = [];
  let partStart = -1;
  let pos = 0;
  for (;;) {
    const at = body.indexOf(delimiter, pos);
    if (at === -1) break;
    if (at > 0 && body[at - 1] !== LF) {
      pos = at + 1;
      continue;
    }
    let after = at + delimiter.length;
    const isClose = body[after] === 0x2d && body[after + 1] === 0x2d;
    if (isClose) after += 2;
    let eol = after;
    while (eol < n && (body[eol] === 0x20 || body[eol] === 0x09 || body[eol] === CR)) eol++;
    if (!isClose && eol < n && body[eol] !== LF) {
      pos = at + 1;
      continue;
    }
    if (partStart >= 0) {
      let end = at > 0 ? at - 1 : 0;
      if (end > partStart && body[end - 1] === CR) end--;
      parts.push(body.subarray(partStart, Math.max(partStart, end)));
    }
    if (isClose) return { parts, closed: true, capped: false };
    if (parts.length >= maxParts) return { parts, closed: true, capped: true };
    partStart = Math.min(n, eol + 1);
    pos = partStart;
  }
  if (partStart >= 0) parts.push(body.subarray(partStart));
  return { parts, closed: false, capped: false };
}

/** A boundary guessed from the first `--token` line of a body whose header forgot it. */
function guessBoundary(body: Buffer): string | null {
  const text = body.toString('latin1', 0, Math.min(body.length, 64 * 1024));
  const m = /(?:^|\n)--([^\s-][^\r\n]{0,69}?)[ \t]*\r?\n/.exec(text);
  return m ? m[1]!.replace(/--$/, '') : null;
}

function walkPart(part: Buffer, defaultType: string, w: Walk, depth: number): void {
  const block = readHeaderBlock(part, 0, part.length, isPartHeader);
  const info = contentInfo(block.headers, defaultType, w.warnings);
  walkEntity(part.subarray(block.bodyStart), info, w, depth);
}

function walkMultipart(body: Buffer, info: ContentInfo, w: Walk, depth: number): void {
  let boundary = info.params['boundary'] ?? '';
  if (!boundary) {
    const guessed = guessBoundary(body);
    w.warnings.push(`${info.type} without a boundary${guessed ? ' (boundary guessed from the body)' : ''}`);
    if (!guessed) return decodeTextPart(body, { ...info, type: 'text/plain' }, w);
    boundary = guessed;
  }
  const { parts, closed, capped } = splitMultipart(body, boundary);
  if (parts.length === 0 && closed) {
    w.warnings.push(`${info.type} has no parts`);
    return;
  }
  if (parts.length === 0) {
    w.warnings.push(`${info.type} has no part with its boundary (body read as plain text)`);
    return decodeTextPart(body, { ...info, type: 'text/plain' }, w);
  }
  if (!closed) w.warnings.push(`${info.type} is not closed by its final boundary (truncated?)`);
  if (capped) w.warnings.push(`${info.type} has more than ${MAX_PARTS} parts (the rest ignored)`);
  const childDefault = info.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  if (info.type === 'multipart/alternative') return walkAlternative(parts, childDefault, w, depth);
  for (const part of parts) {
    if (w.full) return;
    walkPart(part, childDefault, w, depth + 1);
  }
}

/** Of alternative renderings, only the plain-text one counts; HTML is never used. */
function walkAlternative(parts: Buffer[], childDefault: string, w: Walk, depth: number): void {
  const children = parts.map((part) => {
    const block = readHeaderBlock(part, 0, part.length, isPartHeader);
    return { body: part.subarray(block.bodyStart), info: contentInfo(block.headers, childDefault, w.warnings) };
  });
  const plain = children.find((c) => wantsText(c.info));
  if (plain) return walkEntity(plain.body, plain.info, w, depth + 1);
  for (const child of children) {
    if (!child.info.type.startsWith('multipart/') && child.info.type !== 'message/rfc822') continue;
    const before = w.texts.length;
    walkEntity(child.body, child.info, w, depth + 1);
    if (w.texts.length > before || w.full) return;
  }
}

function walkEntity(body: Buffer, info: ContentInfo, w: Walk, depth: number): void {
  if (w.full) return;
  if (++w.parts > MAX_PARTS) {
    if (w.parts === MAX_PARTS + 1) w.warnings.push(`more than ${MAX_PARTS} MIME parts (the rest ignored)`);
    return;
  }
  if (depth > MAX_DEPTH) {
    if (!w.warnings.includes('MIME nesting too deep (inner parts ignored)')) {
      w.warnings.push('MIME nesting too deep (inner parts ignored)');
    }
    return;
  }
  if (info.type.startsWith('multipart/')) return walkMultipart(body, info, w, depth);
  if (info.type === 'message/rfc822' || info.type === 'message/global') {
    if (info.attachment) return;
    const inner = info.encoding === 'base64' || info.encoding === 'quoted-printable'
      ? decodeTransfer(body, info.encoding, w.warnings)
      : body;
    return walkPart(inner, 'text/plain', w, depth + 1);
  }
  if (wantsText(info)) decodeTextPart(body, info, w);
}

export interface BodyText {
  text: string;
  contentType: string;
}

/**
 * The text/plain content of a message body, given its top-level headers. Text parts are joined
 * with a newline between them; text beyond `limit` characters is cut at a line end with a warning.
 */
export function extractText(body: Buffer, headers: HeaderMap, limit: number, warnings: string[]): BodyText {
  const info = contentInfo(headers, 'text/plain', warnings);
  const w: Walk = { texts: [], chars: 0, limit, full: false, parts: 0, warnings };
  walkEntity(body, info, w, 0);
  let text = w.texts.length === 1 ? w.texts[0]! : '';
  if (w.texts.length > 1) {
    for (const piece of w.texts) {
      if (text && !text.endsWith('\n')) text += '\n';
      text += piece;
    }
  }
  return { text, contentType: info.type };
}
