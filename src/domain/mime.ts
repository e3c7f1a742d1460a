// Byte-level decoding for the mail parser: transfer encodings, charsets,
// format=flowed and RFC 2047 encoded words. Never throws on bad input; problems
// become warnings.
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

// libmime and iconv-lite are loaded on first use: loading them builds charset tables (GBK, the Japanese
// ones) that only unusual mail needs, 20-30 ms of every command's start. The build's bundle keeps each
// `createRequire(import.meta.url)(name)` of them as a bundled module, initialised when first required.
type Libmime = typeof import('libmime').default;
type Iconv = typeof import('iconv-lite');
let libmimeModule: Libmime | undefined;
let iconvModule: Iconv | undefined;
let libmimeDecode: typeof import('libmime/lib/charset.js').decode | undefined;

export function libmime(): Libmime {
  if (!libmimeModule) {
    const m = createRequire(import.meta.url)('libmime') as Libmime & { default?: Libmime };
    libmimeModule = m.default ?? m;
  }
  return libmimeModule;
}

function iconv(): Iconv {
  return (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as Iconv);
}

function decodeWithLibmime(bytes: Buffer, charset: string): string {
  libmimeDecode ??= (createRequire(import.meta.url)('libmime/lib/charset.js') as typeof import('libmime/lib/charset.js')).decode;
  return libmimeDecode(bytes, charset);
}

const EQUALS = 0x3d;
const LF = 0x0a;
const CR = 0x0d;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Quoted-printable to bytes: `=XX` escapes, `=` soft line breaks (trailing blanks allowed), stray
 * `=` kept, and unencoded blanks before a line break dropped as transport padding (RFC 2045 6.7).
 */
function decodeQuotedPrintable(input: Buffer): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  const n = input.length;
  let o = 0;
  let i = 0;
  let kept = 0; // output before this offset is never trimmed (decoded or already ended lines)
  while (i < n) {
    const c = input[i]!;
    if (c === LF || (c === CR && input[i + 1] === LF)) {
      while (o > kept && (out[o - 1] === 0x20 || out[o - 1] === 0x09)) o--;
      if (c === CR) {
        out[o++] = CR;
        i++;
      }
      out[o++] = LF;
      i++;
      kept = o;
      continue;
    }
    if (c !== EQUALS) {
      out[o++] = c;
      i++;
      continue;
    }
    const hi = i + 1 < n ? hexValue(input[i + 1]!) : -1;
    const lo = i + 2 < n ? hexValue(input[i + 2]!) : -1;
    if (hi >= 0 && lo >= 0) {
      out[o++] = (hi << 4) | lo;
      kept = o;
      i += 3;
      continue;
    }
    let j = i + 1;
    while (j < n && (input[j] === 0x20 || input[j] === 0x09)) j++;
    if (j >= n) {
      i = n;
      kept = o;
    } else if (input[j] === LF) {
      i = j + 1;
      kept = o;
    } else if (input[j] === CR && input[j + 1] === LF) {
      i = j + 2;
      kept = o;
    } else {
      out[o++] = c;
      kept = o;
      i++;
    }
  }
  while (o > kept && (out[o - 1] === 0x20 || out[o - 1] === 0x09)) o--;
  return out.subarray(0, o);
}

function decodeBase64(input: Buffer): Buffer {
  return Buffer.from(input.toString('latin1'), 'base64');
}

/** Applies a Content-Transfer-Encoding; unknown encodings pass the bytes through with a warning. */
export function decodeTransfer(input: Buffer, encoding: string, warnings: string[]): Buffer {
  switch (encoding) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return input;
    case 'quoted-printable':
      return decodeQuotedPrintable(input);
    case 'base64':
      return decodeBase64(input);
    default:
      warnings.push(`unknown transfer encoding "${printable(encoding)}" (body kept as is)`);
      return input;
  }
}

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const ASCII_NAMES = new Set(['', 'us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', 'default', '7bit', '8bit']);
const LATIN1_NAMES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1']);
const REFUSED = new Set(['utf-7', 'utf7', 'unicode-1-1-utf-7', 'utf-7-imap', 'base64', 'hex', 'binary']);
const JAPANESE = /^(?:jis|iso-?2022-?jp|eucjp)/;

/** Bytes known to be UTF-8 when valid, else ISO-8859-1: the guess for unlabelled or mislabelled text. */
function guessText(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Decodes text bytes in the declared charset; an unknown charset is guessed with a warning. */
export function decodeCharset(bytes: Buffer, charset: string, warnings: string[]): string {
  const name = charset.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (UTF8_NAMES.has(name)) return bytes.toString('utf8');
  if (ASCII_NAMES.has(name)) return guessText(bytes);
  if (LATIN1_NAMES.has(name)) return bytes.toString('latin1');
  if (!REFUSED.has(name)) {
    try {
      if (JAPANESE.test(name)) return decodeWithLibmime(bytes, name);
      if (iconv().encodingExists(name)) return iconv().decode(bytes, name);
    } catch {
      // falls through to the guess below
    }
  }
  const guessed = isUtf8(bytes) ? 'utf-8' : 'latin1';
  warnings.push(`unknown charset "${printable(name)}" (decoded as ${guessed})`);
  return guessed === 'utf-8' ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Undoes format=flowed soft breaks, keeping a final newline. */
export function decodeFlowed(text: string, delSp: boolean): string {
  const decoded = libmime().decodeFlowed(text, delSp);
  return text.endsWith('\n') && !decoded.endsWith('\n') ? decoded + '\n' : decoded;
}

const ENCODED_WORD_CHARSET = /=\?([^?*\s]+)(?:\*[^?]*)?\?[bBqQ]\?/g;

/** RFC 2047 decoding of a header value, warning about encoded words in unknown charsets. */
export function decodeWords(value: string, warnings: string[]): string {
  if (value.indexOf('=?') === -1) return value;
  for (const m of value.matchAll(ENCODED_WORD_CHARSET)) {
    const name = m[1]!.toLowerCase();
    const known = UTF8_NAMES.has(name) || ASCII_NAMES.has(name) || LATIN1_NAMES.has(name) || JAPANESE.test(name);
    if (!known && (REFUSED.has(name) || !iconv().encodingExists(name))) {
      warnings.push(`unknown charset "${printable(name)}" in an encoded header word`);
      break;
    }
  }
  try {
    return libmime().decodeWords(value);
  } catch {
    warnings.push('undecodable encoded words in a header');
    return value;
  }
}

/** A short, single-line, control-free rendering of hostile text for warnings. */
export function printable(text: string, max = 60): string {
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > max ? clean.slice(0, max) + '...' : clean;
}
