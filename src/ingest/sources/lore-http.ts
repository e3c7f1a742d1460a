// The HTTP side of the lore client: one GET per attempt, watched by three clocks (until the headers,
// between two body chunks, and an overall deadline, so a server dripping a byte at a time cannot hold
// the run), with a bounded number of redirects, and retries with backoff that honour Retry-After up
// to a cap. node:http is used rather than fetch: fetch follows up to 20 redirects on its own and
// quietly accepts a gzip Content-Encoding that stops short.
import type http from 'node:http';
import type https from 'node:https';
import { LoreError, redactUrl, RetryableError, seconds } from './lore-error.ts';
import { retryAfterMs } from '../../util/retry-after.ts';

export interface HttpSettings {
  headerTimeoutMs: number;
  readTimeoutMs: number;
  deadlineMs: number;
  maxBytes: number;
  maxRedirects: number;
  tries: number;
  retryDelayMs: number;
  maxRetryAfterMs: number;
  userAgent: string;
  onStatus?: (text: string) => void;
}

export interface HttpRequest {
  /** Without userinfo; may carry a query string from the lore base. */
  url: URL;
  /** The URL as messages show it (redacted). */
  shown: string;
  /** `Basic ...` for the request's own origin, or null. */
  authorization: string | null;
}

export interface HttpAnswer {
  body: Buffer;
  contentType: string;
  contentEncoding: string;
}

export const BOT_MARKER = /making sure you(?:'|&#39;|&apos;|’)re not a bot/i;

export function botWall(shown: string): LoreError {
  return new LoreError('bot-wall', `lore answered with a bot-check web page instead of mail (${shown}); try again later, or clone the public-inbox epoch and read it locally`);
}

export { retryAfterMs };

const RETRYABLE_STATUS = new Set([408, 425, 429]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

let transports: { http: typeof http; https: typeof https } | null = null;

/** node:http and node:https, loaded when lore is first asked: most runs read local files only, and they load TLS. */
async function loadTransports(): Promise<void> {
  transports ??= { http: (await import('node:http')).default, https: (await import('node:https')).default };
}

const timeout = (message: string) => new RetryableError(new LoreError('timeout', message));

/** One attempt's connection: the current request and response, and the clocks that may end them. */
class Exchange {
  private req: http.ClientRequest | null = null;
  private res: http.IncomingMessage | null = null;
  private reason: Error | null = null;
  private readonly deadline: NodeJS.Timeout;

  constructor(private readonly shown: string, private readonly s: HttpSettings) {
    this.deadline = setTimeout(() => this.abort(timeout(`lore did not deliver the whole answer within ${seconds(s.deadlineMs)} (${shown})`)), s.deadlineMs);
    this.deadline.unref(); // the socket keeps the process alive while it matters
  }

  /** Ends the exchange; the first reason given is the one reported. */
  abort(why: Error): void {
    this.reason ??= why;
    this.res?.destroy(why);
    this.req?.destroy(why);
  }

  /** Releases the timers and the socket, whatever happened. */
  close(): void {
    clearTimeout(this.deadline);
    this.res?.destroy();
    this.req?.destroy();
  }

  /** The error to report for `e`: the clock that fired, or `e` classified. */
  explain(e: unknown): Error {
    const cause = this.reason ?? e;
    if (cause instanceof LoreError || cause instanceof RetryableError) return cause;
    const err = cause as NodeJS.ErrnoException;
    const why = err.code ?? err.message;
    const failure = new LoreError('network', `cannot reach lore (${why}) for ${this.shown}`);
    // A certificate problem does not go away by asking again.
    return /CERT|TLS|SSL/i.test(why) ? failure : new RetryableError(failure);
  }

  open(url: URL, authorization: string | null): Promise<http.IncomingMessage> {
    if (this.reason) return Promise.reject(this.reason);
    this.res?.destroy(); // the previous hop (a redirect) is done with
    this.req?.destroy();
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        'user-agent': this.s.userAgent,
        accept: 'application/gzip, application/mbox;q=0.9, */*;q=0.1',
        'accept-encoding': 'gzip, identity',
      };
      if (authorization) headers.authorization = authorization;
      const req = (url.protocol === 'https:' ? transports!.https : transports!.http).request(url, { method: 'GET', agent: false, headers });
      this.req = req;
      this.res = null;
      const timer = setTimeout(() => this.abort(timeout(`lore did not answer within ${seconds(this.s.headerTimeoutMs)} (${this.shown})`)), this.s.headerTimeoutMs);
      timer.unref();
      req.on('response', (res) => {
        clearTimeout(timer);
        this.res = res;
        res.on('error', () => { /* reported through read() */ });
        resolve(res);
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end();
    });
  }

  /** The whole body, or up to `cap` bytes when `peek` (then it never fails). */
  read(res: http.IncomingMessage, cap: number, peek = false): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let total = 0;
      let idle: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => this.abort(timeout(`lore sent nothing for ${seconds(this.s.readTimeoutMs)} in the middle of the answer (${this.shown})`)), this.s.readTimeoutMs);
        idle.unref();
      };
      const finish = (e: Error | null) => {
        clearTimeout(idle);
        if (e && !peek) reject(e);
        else resolve(Buffer.concat(parts));
      };
      arm();
      res.on('data', (chunk: Buffer) => {
        arm();
        total += chunk.length;
        if (total > cap) {
          if (peek) {
            finish(null);
            return res.destroy();
          }
          return this.abort(new LoreError('too-large', `thread from ${this.shown} is larger than ${cap} bytes; refused`));
        }
        parts.push(chunk);
      });
      res.on('end', () => finish(res.complete ? lengthMismatch(res, total, this.shown) : cutOff(total, this.shown)));
      res.on('error', () => finish(cutOff(total, this.shown))); // the socket closed early ('aborted')
      res.on('close', () => finish(cutOff(total, this.shown))); // after 'end' this changes nothing
    });
  }
}

function cutOff(got: number, shown: string): RetryableError {
  return new RetryableError(new LoreError('network', `the answer from lore was cut off after ${got} bytes (${shown})`));
}

function lengthMismatch(res: http.IncomingMessage, got: number, shown: string): RetryableError | null {
  const declared = res.headers['content-length'];
  if (declared === undefined || !/^\d+$/.test(declared) || Number(declared) === got) return null;
  return new RetryableError(new LoreError('network', `the answer from lore was cut off: ${got} of ${declared} bytes arrived (${shown})`));
}

function nextLocation(location: string, from: URL, shown: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new LoreError('http', `lore redirected to an invalid URL ${JSON.stringify(redactUrl(location).slice(0, 120))} (${shown})`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new LoreError('http', `lore redirected to a non-http URL (${shown})`);
  next.username = '';
  next.password = '';
  next.hash = '';
  return next;
}

/** One attempt: follows redirects (at most `maxRedirects`, never in a loop) and returns a 200's body. */
async function attempt(req: HttpRequest, s: HttpSettings): Promise<HttpAnswer> {
  const ex = new Exchange(req.shown, s);
  try {
    let url = req.url;
    const visited = new Set([url.href]);
    for (;;) {
      // Credentials go to the origin they were given for, never to wherever a redirect points.
      const res = await ex.open(url, url.origin === req.url.origin ? req.authorization : null);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUS.has(status) && location) {
        const next = nextLocation(location, url, req.shown);
        if (visited.has(next.href)) throw new LoreError('http', `lore redirects in a loop (back to ${redactUrl(next.href)}) for ${req.shown}`);
        if (visited.size > s.maxRedirects) throw new LoreError('http', `lore redirected more than ${s.maxRedirects} times (last to ${redactUrl(next.href)}) for ${req.shown}`);
        visited.add(next.href);
        url = next;
        continue;
      }
      const contentType = (res.headers['content-type'] ?? '').toLowerCase();
      if (status !== 200) {
        const peek = contentType.includes('html') ? await ex.read(res, 65536, true) : Buffer.alloc(0);
        if (BOT_MARKER.test(peek.toString('utf8'))) throw botWall(req.shown);
        if (status === 404 || status === 410) throw new LoreError('not-found', `message not found on lore (${req.shown})`);
        const failure = new LoreError('http', `lore answered HTTP ${status} for ${req.shown}`);
        if (status >= 500 || RETRYABLE_STATUS.has(status)) throw new RetryableError(failure, retryAfterMs(res.headers['retry-after']));
        throw failure; // any other 4xx (and odd codes) will not change by asking again
      }
      const body = await ex.read(res, s.maxBytes);
      return { body, contentType, contentEncoding: (res.headers['content-encoding'] ?? '').trim().toLowerCase() };
    }
  } catch (e) {
    throw ex.explain(e);
  } finally {
    ex.close();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Downloads `req` and hands each 200 answer to `accept`, which may throw a RetryableError (a body cut
 * short) to ask again. Gives up after `tries` attempts, or at once when Retry-After exceeds the cap.
 */
export async function download<T>(req: HttpRequest, s: HttpSettings, accept: (answer: HttpAnswer) => Promise<T>): Promise<T> {
  await loadTransports();
  const tries = Math.max(1, Math.floor(s.tries));
  for (let i = 1; ; i++) {
    try {
      return await accept(await attempt(req, s));
    } catch (e) {
      if (!(e instanceof RetryableError)) throw e;
      const wanted = e.retryAfterMs;
      if (wanted !== null && wanted > s.maxRetryAfterMs) {
        throw new LoreError(e.failure.kind, `${e.failure.message}; the server asked to wait ${seconds(wanted)} before asking again, longer than the ${seconds(s.maxRetryAfterMs)} this client waits; try again later`);
      }
      if (i >= tries) throw new LoreError(e.failure.kind, `${e.failure.message} (after ${tries} ${tries === 1 ? 'try' : 'tries'})`);
      const wait = Math.max(s.retryDelayMs * 2 ** (i - 1), wanted ?? 0);
      s.onStatus?.(`${e.failure.message}; trying again in ${seconds(wait)} (try ${i + 1} of ${tries})`);
      await sleep(wait);
    }
  }
}
