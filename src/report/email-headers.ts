// Header text for the email report: encoded words, folding, mailboxes, the From: value and the
// reply-all recipients (To: the author; Cc: the original To and Cc, lists included, minus the sender).
// Everything that reaches a header goes through here, so mail text can never add a header line.
import type { Address } from '../domain/mail.ts';
import { safeOneLine } from './escape.ts';
import type { ReportRecipients } from './report-model.ts';

export const PLACEHOLDER_FROM = 'Reviewer <reviewer@example.invalid>';
/** Longest display name kept in To:/Cc:/From: and the attribution line, in characters. */
export const MAX_NAME_CHARS = 100;
/** At most this many Cc addresses; the rest are left out with a note (a hostile header can hold thousands). */
export const MAX_CC = 60;
/** A plain addr-spec: printable ASCII, one "@", nothing a header parser would split on. */
const ADDR = /^[^\s<>@",;:()[\]\\]+@[^\s<>@",;:()[\]\\]+$/;

export function isAddress(email: string): boolean {
  return ADDR.test(email) && /^[\x21-\x7e]+$/.test(email) && email.length <= 254;
}

/**
 * RFC 2047 encoded words (UTF-8, base64) for text that is not plain ASCII. Text that merely looks like
 * an encoded word ("=?...?=") is encoded too, so a reader's client cannot decode it into something else.
 */
export function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 36) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/** A header line, folded at spaces so lines stay under 78 columns where possible. */
export function header(name: string, value: string): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of value.split(' ')) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** An address-list header, folded after the commas within 78 columns. */
export function addressHeader(name: string, mailboxes: readonly string[]): string {
  return header(name, mailboxes.map((m, i) => (i < mailboxes.length - 1 ? `${m},` : m)).join(' '));
}

/** Text cut to `max` characters (never inside a surrogate pair), at a space when one is near the end, with "...". */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 3).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= cut.length - 40 && space > 0 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

/** "Name <addr>" with the name quoted or encoded as needed; the bare address when there is no name. */
export function mailbox(name: string, email: string): string {
  const clean = truncateText(safeOneLine(name).trim(), MAX_NAME_CHARS);
  if (!clean) return email;
  const display = /^[\x20-\x7e]*$/.test(clean) && !clean.includes('=?')
    ? (/[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/["\\]/g, '\\$&')}"` : clean)
    : encodeWords(clean);
  return `${display} <${email}>`;
}

/** A From: value made safe: a well-formed "Name <addr>" or bare address, else the placeholder. */
export function normaliseFrom(value: string | undefined): string {
  const v = value?.trim();
  if (!v || /[\r\n]/.test(v)) return PLACEHOLDER_FROM;
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(v);
  if (angle && isAddress(angle[2]!)) return mailbox(angle[1]!.replace(/^"(.*)"$/, '$1'), angle[2]!);
  return isAddress(v) ? v : PLACEHOLDER_FROM;
}

/** The address of a normalised From: value, lower-cased. */
function fromAddress(from: string): string {
  return (/<([^<>]+)>$/.exec(from)?.[1] ?? from).toLowerCase();
}

export interface ReplyAddresses {
  /** To: mailboxes (the author, unless the author is the sender or has no usable address). */
  to: string[];
  /** Cc: mailboxes, in the original To-then-Cc order, without duplicates, the author or the sender. */
  cc: string[];
  /** Recipients left out: malformed addresses, and those beyond MAX_CC. */
  malformed: number;
  overLimit: number;
}

/** Reply-all addressing for a reply to a message from `author` that was sent to `recipients`. */
export function replyAddresses(author: Address, recipients: ReportRecipients | undefined, from: string): ReplyAddresses {
  const taken = new Set([fromAddress(normaliseFrom(from))]);
  const out: ReplyAddresses = { to: [], cc: [], malformed: 0, overLimit: 0 };
  const authorEmail = safeOneLine(author.email).trim().toLowerCase();
  if (isAddress(authorEmail) && !taken.has(authorEmail)) out.to.push(mailbox(author.name, authorEmail));
  taken.add(authorEmail);
  for (const a of [...recipients?.to ?? [], ...recipients?.cc ?? []]) {
    const email = a.email.trim().toLowerCase();
    if (!isAddress(email)) {
      if (email !== '' || a.name.trim() !== '') out.malformed++;
      continue;
    }
    if (taken.has(email)) continue;
    taken.add(email);
    if (out.cc.length >= MAX_CC) out.overLimit++;
    else out.cc.push(mailbox(a.name, email));
  }
  return out;
}
