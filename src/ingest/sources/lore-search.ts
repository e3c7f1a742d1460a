// Lore search for a watcher: `POST <base>/<list>/?q=rt:<since>..&x=m` with an empty body (lore
// answers a GET of x=m with a page, and a body asking for whole threads expands them) returns the
// matching messages as a gzipped mbox; 404 means no results. One request at a time with a pause
// between, the descriptive User-Agent, no retry (the watcher's next round is the retry), never a
// second try on a 4xx, and the bot-check page recognised.
import http from 'node:http';
import https from 'node:https';
import type { RawMessage } from '../../domain/mail.ts';
import { LoreError, RetryableError, redactUrl } from './lore-error.ts';
import { BOT_MARKER, botWall } from './lore-http.ts';
import { verifyThread } from './lore-mail.ts';
import { USER_AGENT } from './lore.ts';

export interface SearchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Least time between two requests of this process (default 2 s). */
  pauseMs?: number;
}

export interface SearchResult {
  messages: RawMessage[];
  warnings: string[];
  shown: string;
}

let lastRequestAt = 0;

/** The search URL for messages received since `sinceSec` (Unix seconds). */
export function searchUrl(base: string, list: string, sinceSec: number): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}/${encodeURIComponent(list)}/`);
  url.search = `q=${encodeURIComponent(`rt:${Math.floor(sinceSec)}..`)}&x=m`;
  return url;
}

function post(url: URL, timeoutMs: number, maxBytes: number): Promise<{ status: number; type: string; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST', agent: false,
      headers: { 'user-agent': USER_AGENT, accept: 'application/gzip, application/mbox;q=0.9, */*;q=0.1', 'content-length': '0', 'accept-encoding': 'gzip, identity' },
    });
    const timer = setTimeout(() => req.destroy(new LoreError('timeout', `lore did not answer within ${Math.round(timeoutMs / 1000)} s (${redactUrl(url.href)})`)), timeoutMs);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      let total = 0;
      res.on('data', (b: Buffer) => {
        total += b.length;
        if (total > maxBytes) req.destroy(new LoreError('too-large', `search answer from ${redactUrl(url.href)} is larger than ${maxBytes} bytes; refused`));
        else parts.push(b);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '').toLowerCase(), encoding: String(res.headers['content-encoding'] ?? '').toLowerCase(), body: Buffer.concat(parts) });
      });
      res.on('error', (e) => { clearTimeout(timer); reject(e); });
    });
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.end();
  });
}

/** Messages of `list` received since `sinceSec`; none when lore has no results (404). */
export async function searchLore(base: string, list: string, sinceSec: number, o: SearchOptions = {}): Promise<SearchResult> {
  const url = searchUrl(base, list, sinceSec);
  const shown = redactUrl(url.href);
  const pause = (o.pauseMs ?? 2000) - (Date.now() - lastRequestAt);
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  lastRequestAt = Date.now();
  const maxBytes = o.maxBytes ?? 200 * 1024 * 1024;
  let answer;
  try {
    answer = await post(url, o.timeoutMs ?? 60_000, maxBytes);
  } catch (e) {
    if (e instanceof LoreError) throw e;
    throw new LoreError('network', `cannot reach lore (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) for ${shown}`);
  }
  if (answer.status !== 200) {
    if (BOT_MARKER.test(answer.body.subarray(0, 65536).toString('utf8'))) throw botWall(shown);
    if (answer.status === 404) return { messages: [], warnings: [], shown };
    throw new LoreError('http', `lore answered HTTP ${answer.status} for ${shown}`);
  }
  try {
    const t = await verifyThread(answer.body, { shown, origin: `lore-search:${list}`, contentEncoding: answer.encoding, maxBytes });
    return { messages: t.messages, warnings: t.warnings, shown };
  } catch (e) {
    if (e instanceof RetryableError) throw e.failure;
    throw e;
  }
}
