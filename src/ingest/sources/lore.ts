// lore.kernel.org client: fetches a whole thread as t.mbox.gz, with a
// descriptive User-Agent, timeouts, retries with backoff, gzip-bomb and
// bot-wall protection, and an on-disk cache with a TTL.

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RawMessage } from '../../domain/mail.ts';
import { InputError } from '../../util/errors.ts';
import { userCacheDir } from '../../util/paths.ts';
import { VERSION } from '../../util/version.ts';
import { splitMailbox } from '../mbox.ts';

const gunzip = promisify(zlib.gunzip);

export const DEFAULT_LORE_BASE = 'https://lore.kernel.org';
export const USER_AGENT = `mm-review/${VERSION} (+review tool for Linux mm patches)`;

export interface LoreOptions {
  /** Server root; default `$MM_REVIEW_LORE_BASE`, else https://lore.kernel.org. A URL input brings its own. */
  base?: string;
  /** List to ask when the input is a bare message-id (default `all`). */
  list?: string;
  /** Cache directory; default `<user cache dir>/lore`; `false` disables the cache. */
  cacheDir?: string | false;
  /** How long a cached thread is used without asking the server (default 1 hour). */
  ttlMs?: number;
  /** Ignore the cache for this call (the fresh answer is still stored). */
  refresh?: boolean;
  /** Time allowed until the response headers arrive (default 20 s). */
  timeoutMs?: number;
  /** Longest pause allowed between two body chunks (default 30 s). */
  readTimeoutMs?: number;
  /** Attempts in all, for 5xx, 429, timeouts and network errors (default 3). */
  tries?: number;
  /** Delay before the second attempt; doubles each time (default 1000 ms). */
  retryDelayMs?: number;
  /** Largest thread accepted, compressed or decompressed (default 200 MB). */
  maxBytes?: number;
}

export interface LoreThread {
  messages: RawMessage[];
  warnings: string[];
  fromCache: boolean;
  url: string;
  messageId: string;
}

export type LoreFailure = 'bad-input' | 'not-found' | 'bot-wall' | 'http' | 'network' | 'timeout' | 'too-large' | 'empty';

/** A lore problem, reported to the user as one line. */
export class LoreError extends InputError {
  override name = 'LoreError';
  constructor(readonly kind: LoreFailure, message: string) {
    super(message);
  }
}

export interface LoreTarget {
  messageId: string;
  /** From a URL input; null for a bare message-id. */
  list: string | null;
  /** Origin of a URL input; null for a bare message-id. */
  base: string | null;
}

const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;

/** Validates a message-id given by the user (without angle brackets); returns it or throws LoreError. */
export function validateMessageId(id: string): string {
  const shown = JSON.stringify(id).slice(0, 80);
  if (id.length === 0 || id.length > 995) throw new LoreError('bad-input', `invalid message-id ${shown}: empty or too long`);
  if (/[\s\x00-\x1f\x7f]/.test(id)) throw new LoreError('bad-input', `invalid message-id ${shown}: contains whitespace or control characters`);
  if (/[/<>]/.test(id)) throw new LoreError('bad-input', `invalid message-id ${shown}: contains "/", "<" or ">"`);
  if (id.startsWith('-')) throw new LoreError('bad-input', `invalid message-id ${shown}: starts with "-"`);
  return id;
}

/** Understands `<id@host>`, `id@host` and lore URLs (`https://lore.kernel.org/<list>/<id>/...`). */
export function parseLoreInput(input: string): LoreTarget {
  const s = input.trim();
  if (!/^https?:\/\//i.test(s)) {
    const bare = s.startsWith('<') && s.endsWith('>') ? s.slice(1, -1) : s;
    return { messageId: validateMessageId(bare), list: null, base: null };
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new LoreError('bad-input', `not a valid URL: ${s.slice(0, 100)}`);
  }
  const segments = url.pathname.split('/').filter((p) => p !== '');
  if (segments.length < 2) throw new LoreError('bad-input', `not a lore message URL (expected /<list>/<message-id>/): ${s.slice(0, 100)}`);
  let id: string;
  try {
    id = decodeURIComponent(segments[1]!);
  } catch {
    throw new LoreError('bad-input', `bad %-encoding in the message-id of ${s.slice(0, 100)}`);
  }
  const list = segments[0] === 'r' ? 'all' : segments[0]!;
  if (!LIST_NAME.test(list)) throw new LoreError('bad-input', `invalid list name ${JSON.stringify(list)} in ${s.slice(0, 100)}`);
  return { messageId: validateMessageId(id), list, base: url.origin };
}

/** Path-segment encoding as lore writes it (`@` stays readable). */
export function encodeMessageId(id: string): string {
  return encodeURIComponent(id).replace(/%40/g, '@');
}

export function loreBase(opts: LoreOptions = {}): string {
  const base = (opts.base ?? process.env.MM_REVIEW_LORE_BASE ?? DEFAULT_LORE_BASE).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/i.test(base)) throw new LoreError('bad-input', `lore base must be an http(s) URL: ${base.slice(0, 100)}`);
  return base;
}

export function threadUrl(target: LoreTarget, opts: LoreOptions = {}): string {
  const list = target.list ?? opts.list ?? 'all';
  if (!LIST_NAME.test(list)) throw new LoreError('bad-input', `invalid list name ${JSON.stringify(list)}`);
  const base = target.base ?? loreBase(opts);
  return `${base}/${list}/${encodeMessageId(target.messageId)}/t.mbox.gz`;
}

const BOT_MARKER = /making sure you(?:'|&#39;|&apos;|’)re not a bot/i;

/** A web page where mail was expected. An mbox (starts with "From ") never counts, whatever its mail discusses. */
function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 2048).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('from ')) return false;
  return head.startsWith('<!doctype html') || head.startsWith('<html') || BOT_MARKER.test(body.subarray(0, 65536).toString('utf8'));
}

function botWall(url: string): LoreError {
  return new LoreError('bot-wall', `lore answered with a bot-check web page instead of mail (${url}); try again later, or clone the public-inbox epoch and read it locally`);
}

async function decodeBody(body: Buffer, url: string, maxBytes: number): Promise<Buffer> {
  let mbox = body;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      mbox = await gunzip(body, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        throw new LoreError('too-large', `thread from ${url} decompresses to more than ${maxBytes} bytes; refused`);
      }
      throw new LoreError('network', `thread from ${url} is not valid gzip: ${(e as Error).message}`);
    }
  }
  if (looksLikeHtml(mbox)) throw botWall(url);
  return mbox;
}

class RetryableError extends Error {
  constructor(readonly failure: LoreError, readonly retryAfterMs: number | null = null) {
    super(failure.message);
  }
}

function retryAfter(header: string | null): number | null {
  if (!header || !/^\d{1,4}$/.test(header.trim())) return null;
  return Math.min(Number(header) * 1000, 60_000);
}

/** One HTTP attempt. Throws LoreError (final) or RetryableError. */
async function attempt(url: string, opts: Required<Pick<LoreOptions, 'timeoutMs' | 'readTimeoutMs' | 'maxBytes'>>): Promise<Buffer> {
  const ac = new AbortController();
  let timedOut = false;
  const arm = (ms: number) => setTimeout(() => { timedOut = true; ac.abort(); }, ms);
  let timer = arm(opts.timeoutMs);
  try {
    const res = await fetch(url, {
      signal: ac.signal,
      redirect: 'follow',
      headers: { 'user-agent': USER_AGENT, accept: 'application/gzip, application/mbox;q=0.9, */*;q=0.1' },
    });
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    if (res.status !== 200) {
      const peek = res.body ? await readCapped(res.body, 65536, () => {}) : Buffer.alloc(0);
      if (type.includes('text/html') && BOT_MARKER.test(peek.toString('utf8'))) throw botWall(url);
      if (res.status === 404 || res.status === 410) throw new LoreError('not-found', `message not found on lore (${url})`);
      const failure = new LoreError('http', `lore answered HTTP ${res.status} for ${url}`);
      if (res.status >= 500 || res.status === 429) throw new RetryableError(failure, retryAfter(res.headers.get('retry-after')));
      throw failure;
    }
    if (type.includes('text/html')) {
      await res.body?.cancel().catch(() => {});
      throw botWall(url);
    }
    clearTimeout(timer);
    timer = arm(opts.readTimeoutMs);
    return res.body ? await readCapped(res.body, opts.maxBytes, () => { clearTimeout(timer); timer = arm(opts.readTimeoutMs); }, url) : Buffer.alloc(0);
  } catch (e) {
    if (e instanceof LoreError || e instanceof RetryableError) throw e;
    if (timedOut) throw new RetryableError(new LoreError('timeout', `lore did not answer in time (${url})`));
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new RetryableError(new LoreError('network', `cannot reach lore (${why}) for ${url}`));
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, cap: number, onChunk: () => void, url?: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    onChunk();
    total += chunk.length;
    if (total > cap) {
      if (!url) break;
      await body.cancel().catch(() => {});
      throw new LoreError('too-large', `thread from ${url} is larger than ${cap} bytes; refused`);
    }
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  return Buffer.concat(parts);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function download(url: string, opts: LoreOptions): Promise<Buffer> {
  const tries = Math.max(1, opts.tries ?? 3);
  const settings = {
    timeoutMs: opts.timeoutMs ?? 20_000,
    readTimeoutMs: opts.readTimeoutMs ?? 30_000,
    maxBytes: opts.maxBytes ?? 200 * 1024 * 1024,
  };
  const baseDelay = opts.retryDelayMs ?? 1000;
  for (let i = 1; ; i++) {
    try {
      return await attempt(url, settings);
    } catch (e) {
      if (!(e instanceof RetryableError)) throw e;
      if (i >= tries) throw new LoreError(e.failure.kind, `${e.failure.message} (after ${tries} ${tries === 1 ? 'try' : 'tries'})`);
      await sleep(Math.max(baseDelay * 2 ** (i - 1), e.retryAfterMs ?? 0));
    }
  }
}

function cachePath(dir: string, url: string): string {
  return path.join(dir, createHash('sha256').update(url).digest('hex').slice(0, 40) + '.mbox.gz');
}

async function readCache(file: string, ttlMs: number): Promise<Buffer | null> {
  if (ttlMs <= 0) return null; // a file written in this very millisecond is not "younger than 0 ms"
  const st = await fs.stat(file).catch(() => null);
  if (!st?.isFile() || Date.now() - st.mtimeMs > ttlMs) return null;
  return fs.readFile(file).catch(() => null);
}

async function writeCache(file: string, body: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const gz = body[0] === 0x1f && body[1] === 0x8b ? body : zlib.gzipSync(body);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, gz, { mode: 0o600 });
  await fs.rename(tmp, file);
}

/**
 * Fetches the whole thread around a message from lore (or a compatible
 * public-inbox server). `input` is `<id@host>`, `id@host` or a lore URL.
 */
export async function fetchLoreThread(input: string, opts: LoreOptions = {}): Promise<LoreThread> {
  const target = parseLoreInput(input);
  const url = threadUrl(target, opts);
  const maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;
  const cacheDir = opts.cacheDir === undefined ? path.join(userCacheDir(), 'lore') : opts.cacheDir;
  const file = cacheDir === false ? null : cachePath(cacheDir, url);

  let fromCache = false;
  let mbox: Buffer | null = null;
  if (file && !opts.refresh) {
    const cached = await readCache(file, opts.ttlMs ?? 3_600_000);
    if (cached) {
      mbox = await decodeBody(cached, url, maxBytes).catch(() => null);
      fromCache = mbox !== null;
    }
  }
  if (!mbox) {
    const body = await download(url, opts);
    mbox = await decodeBody(body, url, maxBytes);
    if (file) await writeCache(file, body).catch(() => { /* a cache that cannot be written is not fatal */ });
  }

  const { messages, warnings } = splitMailbox(mbox, `lore:${target.messageId}`);
  if (messages.length === 0) throw new LoreError('empty', `lore returned no messages for ${target.messageId} (${url})`);
  return { messages, warnings, fromCache, url, messageId: target.messageId };
}
