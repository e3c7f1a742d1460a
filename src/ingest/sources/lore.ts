// lore.kernel.org client: fetches a whole thread as t.mbox.gz, with a descriptive User-Agent, three
// clocks per request (headers, idle body, overall deadline), bounded redirects, retries with backoff
// and a capped Retry-After, gzip-bomb and bot-wall protection, and an on-disk cache with a TTL that
// keeps only answers verified to be a complete thread of mail. Credentials in the lore base are sent
// to their own origin only and never shown: every URL in a message goes through redactUrl.

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RawMessage } from '../../domain/mail.ts';
import { userCacheDir } from '../../util/paths.ts';
import { VERSION } from '../../util/version.ts';
import { LoreError, redactQuery, redactUrl, RetryableError } from './lore-error.ts';
import { download, type HttpRequest, type HttpSettings } from './lore-http.ts';
import { verifyThread, type VerifiedThread } from './lore-mail.ts';

export { LoreError, redactText, redactUrl, type LoreFailure } from './lore-error.ts';
export { retryAfterMs } from './lore-http.ts';

export const DEFAULT_LORE_BASE = 'https://lore.kernel.org';
export const USER_AGENT = `mm-review/${VERSION} (+review tool for Linux mm patches)`;

export interface LoreOptions {
  /**
   * Server root; default `$MM_REVIEW_LORE_BASE`, else https://lore.kernel.org. A URL input brings its own.
   * May hold `user:password@` (sent as basic auth to that origin only) and a query string (sent with each request).
   */
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
  /** Time allowed for one attempt in all: redirects, headers and the whole body (default 120 s). */
  deadlineMs?: number;
  /** Attempts in all, for 5xx, 408, 425, 429, timeouts, network errors and cut-off answers (default 3). */
  tries?: number;
  /** Delay before the second attempt; doubles each time (default 1000 ms). */
  retryDelayMs?: number;
  /** Longest Retry-After honoured; a server asking for more fails the fetch at once (default 60 s). */
  maxRetryAfterMs?: number;
  /** Redirects followed per attempt (default 5). */
  maxRedirects?: number;
  /** Largest thread accepted, compressed or decompressed (default 200 MB). */
  maxBytes?: number;
  /** One-line notes: a cached copy used or dropped, a retry coming. URLs in them are redacted. */
  onStatus?: (text: string) => void;
}

export interface LoreThread {
  messages: RawMessage[];
  warnings: string[];
  fromCache: boolean;
  /** The thread URL as it may be shown (no credentials). */
  url: string;
  messageId: string;
}

export interface LoreTarget {
  messageId: string;
  /** From a URL input; null for a bare message-id. */
  list: string | null;
  /** Origin of a URL input (with the URL's `user:password@`, if any: never show it as is); null for a bare message-id. */
  base: string | null;
}

const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/;

/**
 * A URL the user typed, for an error message. When it does not parse (or holds whitespace), a password
 * with a stray `/`, `#` or space would outlive redactUrl, so everything up to the last `@` is withheld.
 */
function shownInput(raw: string): string {
  const shown = redactUrl(raw);
  const loose = (!URL.canParse(raw) || /\s/.test(raw)) && /^[a-z][a-z0-9+.-]*:\/\/[^@]*:[^@]*@/i.test(shown);
  return (loose ? shown.replace(/^([a-z][a-z0-9+.-]*:\/\/)[\s\S]*@/i, '$1') : shown).slice(0, 100);
}

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
    throw new LoreError('bad-input', `not a valid URL: ${shownInput(s)}`);
  }
  const segments = url.pathname.split('/').filter((p) => p !== '');
  if (segments.length < 2) throw new LoreError('bad-input', `not a lore message URL (expected /<list>/<message-id>/): ${shownInput(s)}`);
  let id: string;
  try {
    id = decodeURIComponent(segments[1]!);
  } catch {
    throw new LoreError('bad-input', `bad %-encoding in the message-id of ${shownInput(s)}`);
  }
  const list = segments[0] === 'r' ? 'all' : segments[0]!;
  if (!LIST_NAME.test(list)) throw new LoreError('bad-input', `invalid list name ${JSON.stringify(list)} in ${shownInput(s)}`);
  const base = url.username || url.password ? `${url.protocol}//${url.username}:${url.password}@${url.host}` : url.origin;
  return { messageId: validateMessageId(id), list, base };
}

/** Path-segment encoding as lore writes it (`@` stays readable). */
export function encodeMessageId(id: string): string {
  return encodeURIComponent(id).replace(/%40/g, '@');
}

interface LoreServer {
  /** `scheme://host[:port][/prefix]`: no credentials, no query, no trailing slash; safe to show. */
  root: string;
  origin: string;
  /** The base's query string ('' or `?...`), kept on every request URL. */
  query: string;
  /** `Basic ...` from the base's `user:password@`, or null. */
  authorization: string | null;
}

function configuredBase(opts: LoreOptions): { raw: string; name: string } {
  if (opts.base !== undefined) return { raw: opts.base, name: 'lore base' };
  const env = process.env.MM_REVIEW_LORE_BASE;
  return env ? { raw: env, name: 'MM_REVIEW_LORE_BASE' } : { raw: DEFAULT_LORE_BASE, name: 'lore base' };
}

function parseServer(raw: string, name: string): LoreServer {
  const value = raw.trim();
  const url = URL.parse(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(value)) {
    throw new LoreError('bad-input', `${name} must be an http(s) URL: ${shownInput(value)}`);
  }
  let authorization: string | null = null;
  if (url.username || url.password) {
    try {
      authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    } catch {
      throw new LoreError('bad-input', `${name}: bad %-encoding in the user name or password of ${shownInput(value)}`);
    }
  }
  return { root: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`, origin: url.origin, query: url.search, authorization };
}

/** The lore server root as it may be shown and linked to: no credentials, no query, no trailing slash. */
export function loreBase(opts: LoreOptions = {}): string {
  const { raw, name } = configuredBase(opts);
  return parseServer(raw, name).root;
}

/** The server a thread is fetched from. A URL input on the configured server's origin borrows its credentials and query. */
function serverFor(target: LoreTarget, opts: LoreOptions): LoreServer {
  const configured = configuredBase(opts);
  if (!target.base) return parseServer(configured.raw, configured.name);
  const own = parseServer(target.base, 'lore URL');
  if (own.authorization) return own;
  let shared: LoreServer | null = null;
  try {
    shared = parseServer(configured.raw, configured.name);
  } catch { /* a broken configured base does not matter for a URL input */ }
  return shared && shared.origin === own.origin ? { ...own, authorization: shared.authorization, query: shared.query } : own;
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

function threadRequest(target: LoreTarget, opts: LoreOptions): HttpRequest {
  const list = target.list ?? opts.list ?? 'all';
  if (!LIST_NAME.test(list)) throw new LoreError('bad-input', `invalid list name ${JSON.stringify(list)}`);
  const server = serverFor(target, opts);
  const rest = `/${list}/${encodeMessageId(target.messageId)}/t.mbox.gz`;
  const shownQuery = redactQuery(server.query);
  const secret = server.authorization !== null || shownQuery !== server.query;
  const url = new URL(server.root + rest + server.query);
  if (secret && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new LoreError('bad-input', `refusing to send the lore credentials (user:password or a token in the query) over plain http to ${url.host}; use an https:// lore base`);
  }
  return { url, shown: server.root + rest + shownQuery, authorization: server.authorization };
}

/** The thread's t.mbox.gz URL as it may be shown (credentials and secret query values left out). */
export function threadUrl(target: LoreTarget, opts: LoreOptions = {}): string {
  return threadRequest(target, opts).shown;
}

function httpSettings(opts: LoreOptions): HttpSettings {
  return {
    headerTimeoutMs: opts.timeoutMs ?? 20_000,
    readTimeoutMs: opts.readTimeoutMs ?? 30_000,
    deadlineMs: opts.deadlineMs ?? 120_000,
    maxBytes: opts.maxBytes ?? 200 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 5,
    tries: opts.tries ?? 3,
    retryDelayMs: opts.retryDelayMs ?? 1000,
    maxRetryAfterMs: opts.maxRetryAfterMs ?? 60_000,
    userAgent: USER_AGENT,
    onStatus: opts.onStatus,
  };
}

function cachePath(dir: string, shownUrl: string): string {
  return path.join(dir, createHash('sha256').update(shownUrl).digest('hex').slice(0, 40) + '.mbox.gz');
}

async function readCache(file: string, ttlMs: number): Promise<{ bytes: Buffer; ageMs: number } | null> {
  if (ttlMs <= 0) return null; // a file written in this very millisecond is not "younger than 0 ms"
  const st = await fs.stat(file).catch(() => null);
  const ageMs = st ? Date.now() - st.mtimeMs : Infinity;
  if (!st?.isFile() || ageMs > ttlMs) return null;
  const bytes = await fs.readFile(file).catch(() => null);
  return bytes ? { bytes, ageMs: Math.max(0, ageMs) } : null;
}

async function writeCache(file: string, gz: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, gz, { mode: 0o600 });
  await fs.rename(tmp, file);
}

const age = (ms: number) => (ms < 90_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : ms < 5_400_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 3_600_000)} h`);

/**
 * Fetches the whole thread around a message from lore (or a compatible
 * public-inbox server). `input` is `<id@host>`, `id@host` or a lore URL.
 */
export async function fetchLoreThread(input: string, opts: LoreOptions = {}): Promise<LoreThread> {
  const target = parseLoreInput(input);
  const req = threadRequest(target, opts);
  const settings = httpSettings(opts);
  const verify = (body: Buffer, contentEncoding?: string) =>
    verifyThread(body, { shown: req.shown, origin: `lore:${target.messageId}`, contentEncoding, maxBytes: settings.maxBytes });
  const done = (t: VerifiedThread, fromCache: boolean): LoreThread =>
    ({ messages: t.messages, warnings: t.warnings, fromCache, url: req.shown, messageId: target.messageId });

  const cacheDir = opts.cacheDir === undefined ? path.join(userCacheDir(), 'lore') : opts.cacheDir;
  const file = cacheDir === false ? null : cachePath(cacheDir, req.shown);
  if (file && !opts.refresh) {
    const cached = await readCache(file, opts.ttlMs ?? 3_600_000);
    if (cached) {
      try {
        const thread = await verify(cached.bytes);
        opts.onStatus?.(`using the cached copy of ${req.shown} from ${age(cached.ageMs)} ago (--refresh fetches it again)`);
        return done(thread, true);
      } catch (e) {
        if (!(e instanceof LoreError || e instanceof RetryableError)) throw e;
        // A bad cached copy (written by an older version, or damaged) must not stand in for the thread.
        await fs.rm(file, { force: true }).catch(() => {});
        opts.onStatus?.(`the cached copy of ${req.shown} is unusable (${e.message}); removed it, fetching again`);
      }
    }
  }
  const thread = await download(req, settings, (answer) => verify(answer.body, answer.contentEncoding));
  if (file) await writeCache(file, thread.gz).catch(() => { /* a cache that cannot be written is not fatal */ });
  return done(thread, false);
}
