// Address headers (From, To, Cc) to {name, email}. The plain forms that make up
// nearly all list mail (`Name <a@b>`, `"Last, First" <a@b>`, `a@b`) are read
// here directly; groups, comments and anything odd go to mailparser's parser.
import { createRequire } from 'node:module';
import type { Address } from './mail.ts';
import { decodeWords } from './mime.ts';

type ParseAddressHeader = typeof import('mailparser').parseAddressHeader;
let fullParser: ParseAddressHeader | undefined;

/**
 * mailparser's address parser, loaded on first use: only the unusual headers need it, and loading
 * mailparser (its stream parser, linkify-it, the TLD list) took 40-50 ms of every command's start.
 */
function addressParser(): ParseAddressHeader {
  return (fullParser ??= (createRequire(import.meta.url)('mailparser') as typeof import('mailparser')).parseAddressHeader);
}

const MAX_TEXT = 1024;
const CONTROL = /[\x00-\x1f\x7f]/g;

/** Control characters, or whitespace other than single spaces: what cleanAddressText has to rewrite. */
const NEEDS_CLEANING = /[\x00-\x1f\x7f]|[^\S ]| {2}/;

function cleanAddressText(value: string): string {
  const text = NEEDS_CLEANING.test(value) ? value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim() : value.trim();
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/** Splits at commas outside quotes and angle brackets; null when quoting is unbalanced. */
function splitList(value: string): string[] | null {
  const out: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 /* " */ && !angle) quoted = !quoted;
    else if (c === 0x3c /* < */ && !quoted) {
      if (angle) return null;
      angle = true;
    } else if (c === 0x3e /* > */ && !quoted) {
      if (!angle) return null;
      angle = false;
    } else if (c === 0x2c /* , */ && !quoted && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted || angle) return null;
  out.push(value.slice(start));
  return out;
}

const NAME_ADDR = /^(.*?)\s*<\s*([^<>\s]*)\s*>$/;
const BARE_ADDR = /^[^\s"<>@]+@[^\s"<>@]+$/;

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

function readName(raw: string, warnings: string[]): string {
  return cleanAddressText(unquote(decodeWords(unquote(raw), warnings)));
}

/** The plain-form reading of one header value, or null when it needs the full parser. */
function readSimple(value: string, warnings: string[]): Address[] | null {
  if (/[:;()\\]/.test(value)) return null;
  const pieces = splitList(value);
  if (!pieces) return null;
  const out: Address[] = [];
  for (const piece of pieces) {
    const text = piece.trim();
    if (!text) continue;
    const m = NAME_ADDR.exec(text);
    if (m) {
      if (m[1]!.includes('<') || m[1]!.includes('>') || m[2]!.includes('=?')) return null;
      const email = cleanAddressText(m[2]!).toLowerCase();
      const name = readName(m[1]!, warnings);
      out.push({ name: name.toLowerCase() === email ? '' : name, email });
    } else if (BARE_ADDR.test(text) && !text.includes('=?')) {
      out.push({ name: '', email: text.toLowerCase() });
    } else {
      return null;
    }
  }
  return out;
}

/** Every address of every value, in order. Never throws; unreadable values give a warning. */
export function parseAddresses(values: string[] | undefined, warnings: string[]): Address[] {
  if (!values || values.length === 0) return [];
  const out: Address[] = [];
  for (const value of values) {
    const simple = readSimple(value, warnings);
    if (simple) {
      out.push(...simple);
      continue;
    }
    const parseAddressHeader = addressParser();
    try {
      for (const a of parseAddressHeader(value, { flatten: true }).value) {
        out.push({ name: cleanAddressText(unquote(a.name ?? '')), email: cleanAddressText(a.address ?? '').toLowerCase() });
      }
    } catch {
      warnings.push('unreadable address header');
    }
  }
  return out;
}

/**
 * Addresses read from header values on first use. Messages keep To and Cc as header text and parse
 * them only when asked: nothing in review reads them, and long Cc lists made address parsing a
 * quarter of per-message ingest time.
 */
export function lazyAddresses(values: readonly string[]): () => Address[] {
  let parsed: Address[] | undefined;
  return () => (parsed ??= parseAddresses([...values], []));
}
