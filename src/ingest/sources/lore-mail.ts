// Decides whether bytes from lore (or from the cache) are a complete thread of mail. Only what passes
// is cached: a web page, an empty body, a gzip stream that stops short or an mbox cut mid-line would
// otherwise be served from the cache for the whole TTL.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RawMessage } from '../../domain/mail.ts';
import { splitMailbox } from '../mbox.ts';
import { readHeaderBlock } from '../parse-headers.ts';
import { LoreError, RetryableError } from './lore-error.ts';
import { BOT_MARKER, botWall } from './lore-http.ts';

const gunzip = promisify(zlib.gunzip);

export interface VerifiedThread {
  messages: RawMessage[];
  warnings: string[];
  /** The thread as the cache keeps it (gzip). */
  gz: Buffer;
}

export interface VerifyOptions {
  /** The URL as shown in messages. */
  shown: string;
  /** Origin label of the messages (`lore:<id>`). */
  origin: string;
  /** Content-Encoding of a download ('' for a cached file). */
  contentEncoding?: string;
  maxBytes: number;
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Strict gunzip: a stream that ends early is a cut-off answer (retried), not a shorter thread. */
async function inflate(body: Buffer, shown: string, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzip(body, { maxOutputLength: maxBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new LoreError('too-large', `thread from ${shown} decompresses to more than ${maxBytes} bytes; refused`);
    }
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) {
      throw new RetryableError(new LoreError('network', `the gzip stream from lore ended early: the answer was cut off (${shown})`));
    }
    throw new RetryableError(new LoreError('network', `thread from ${shown} is not valid gzip: ${err.message}`));
  }
}

/** A web page where mail was expected. An mbox (starts with "From ") never counts, whatever its mail discusses. */
function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 2048).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('from ')) return false;
  return head.startsWith('<!doctype html') || head.startsWith('<html') || BOT_MARKER.test(body.subarray(0, 65536).toString('utf8'));
}

/** A message counts as mail when its header has From: and a Message-ID: or Subject:. */
function looksLikeMail(msg: RawMessage): boolean {
  const names = new Set(readHeaderBlock(msg.bytes, 0, Math.min(msg.bytes.length, 256 * 1024), () => false, true).names);
  return names.has('from') && (names.has('message-id') || names.has('subject'));
}

/**
 * The messages of a lore answer (or cached file), after checking it is a whole thread of mail.
 * Throws LoreError (final) or RetryableError (a cut-off answer, worth another try).
 */
export async function verifyThread(body: Buffer, o: VerifyOptions): Promise<VerifiedThread> {
  let payload = body;
  const encoding = o.contentEncoding ?? '';
  if (encoding === 'gzip' || encoding === 'x-gzip') payload = await inflate(body, o.shown, o.maxBytes);
  else if (encoding !== '' && encoding !== 'identity') {
    throw new LoreError('http', `lore answered with an unsupported Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} (${o.shown})`);
  }
  const empty = () => new LoreError('empty', `lore answered with an empty body (${o.shown}); nothing was cached, try again later`);
  if (payload.length === 0) throw empty();

  const compressed = isGzip(payload);
  const mbox = compressed ? await inflate(payload, o.shown, o.maxBytes) : payload;
  if (mbox.length === 0) throw empty();
  if (looksLikeHtml(mbox)) {
    if (BOT_MARKER.test(mbox.subarray(0, 65536).toString('utf8'))) throw botWall(o.shown);
    throw new LoreError('not-mail', `lore answered with a web page instead of mail (${o.shown}); check the lore base URL`);
  }
  if (!compressed && mbox[mbox.length - 1] !== 0x0a) {
    // public-inbox ends every message with a newline; without one the connection closed mid-message.
    throw new RetryableError(new LoreError('network', `the mbox from lore stops mid-line: the answer was cut off after ${mbox.length} bytes (${o.shown})`));
  }
  const { messages, warnings } = splitMailbox(mbox, o.origin);
  if (messages.length === 0) throw new LoreError('empty', `lore returned no messages (${o.shown})`);
  if (!messages.some(looksLikeMail)) {
    throw new LoreError('not-mail', `the answer from lore is not mail: no message has From: and Message-ID: or Subject: headers (${o.shown})`);
  }
  return { messages, warnings, gz: compressed ? payload : zlib.gzipSync(mbox) };
}
