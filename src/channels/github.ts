// GitHub: one sticky comment per series on an issue or pull request, through @octokit/rest with the
// throttling plugin (primary and secondary rate limits, Retry-After) and the retry plugin (408, 429,
// 5xx and network failures of requests that are safe to repeat). The comment is found by its marker
// among the comments of the token's own login only (anyone can paste a marker), the stored id first.
// Creating a comment is never repeated blindly: after a failure that may have arrived, the marker is
// looked for first.
import { randomUUID } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import type { Channel, Delivered, Delivery } from './channel.ts';
import { USER_AGENT } from './http.ts';
import {
  AttemptFailed, backoffMs, isTransient, networkKind, networkMessage, PostError, redact, retryAfterMs, withRetries, type Failure, type OnWait, type RetryPolicy,
} from './retry.ts';
import type { Target } from './targets.ts';

export const GITHUB_API_VERSION = '2022-11-28';
/** GitHub takes up to 65,536 characters in a comment; a little room is left. */
export const GITHUB_BUDGET = 65_000;

/** Every 4xx but 408 and 429 is final: the retry plugin leaves it alone. */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i).filter((s) => s !== 408 && s !== 429);

const GitHub = Octokit.plugin(throttling, retry);
type Client = InstanceType<typeof GitHub>;

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  cause?: unknown;
}

interface Comment {
  id: number;
  body: string;
  login: string | null;
  url: string | null;
}

export interface GitHubOptions {
  token: string;
  /** The login whose comments are ours; default: the token's own (GET /user). */
  login?: string;
  policy: RetryPolicy;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function timedFetch(ms: number): typeof fetch {
  return (input, init) => {
    const limit = AbortSignal.timeout(ms);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
  };
}

function failureOf(err: unknown, policy: RetryPolicy): Failure {
  const e = err as RequestErrorLike;
  const status = typeof e?.status === 'number' ? e.status : undefined;
  if (!e?.response && (status === undefined || status === 500)) {
    const kind = networkKind(e?.cause ?? err) ?? 'reset';
    const timedOut = kind === 'timeout' || /aborted due to timeout/i.test(e?.message ?? '');
    return { network: timedOut ? 'timeout' : kind, message: networkMessage(timedOut ? 'timeout' : kind, policy) };
  }
  return { status, retryAfter: e.response?.headers?.['retry-after'] ?? null, message: `${status}: ${e.message ?? 'no message'}` };
}

function isRateLimit(f: Failure): boolean {
  return (f.status === 403 || f.status === 429) && /rate limit/i.test(f.message);
}

/**
 * A stand-in for the throttling plugin's write and notification groups (the `write` and
 * `notifications` options): jobs start one at a time, at least `minMs` apart. Used only when the
 * policy sets a spacing (tests); otherwise the plugin's own groups space writes 1 s and comments 3 s.
 */
function spacedGroup(minMs: number): unknown {
  let queue: Promise<unknown> = Promise.resolve();
  let last = Number.NEGATIVE_INFINITY;
  const limiter = {
    schedule(_options: unknown, job: (...args: unknown[]) => Promise<unknown>, ...args: unknown[]): Promise<unknown> {
      const run = queue.then(async () => {
        const wait = last + minMs - Date.now();
        if (wait > 0) await new Promise((done) => setTimeout(done, wait));
        last = Date.now();
        return job(...args);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
  return { key: () => limiter };
}

/** The Octokit client: API version pinned, our own time limit, retries with backoff and jitter. */
function client(target: Extract<Target, { kind: 'github' }>, opts: GitHubOptions, onWait: () => OnWait | undefined): Client {
  const { policy } = opts;
  const limit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
    const ms = retryAfter * policy.secondMs;
    if (retryCount + 1 >= policy.attempts || ms > policy.retryAfterCapMs) return false;
    onWait()?.(ms, 'rate limited');
    return true;
  };
  const octokit = new GitHub({
    auth: opts.token,
    baseUrl: target.apiUrl,
    userAgent: USER_AGENT,
    log: quiet,
    request: { fetch: timedFetch(policy.timeoutMs) },
    retry: { retries: policy.attempts - 1, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: 1 },
    throttle: {
      // Its own limiters: the plugin's are shared by every client of the process under one id.
      id: `mm-review-${randomUUID()}`,
      retryAfterBaseValue: policy.secondMs,
      onRateLimit: limit,
      onSecondaryRateLimit: limit,
      ...(policy.writeSpacingMs === undefined ? {} : { write: spacedGroup(policy.writeSpacingMs), notifications: spacedGroup(policy.writeSpacingMs) }),
    } as ThrottlingOptions,
  });
  octokit.hook.before('request', (options) => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  // The retry plugin waits (n+1)^2 units between tries and ignores Retry-After; its retryRequest (pinned
  // 8.1.1, tested) is where the wait is set: with a unit of 1 ms, ours is the backoff with jitter or the
  // server's Retry-After, and a Retry-After over the cap is not waited for at all.
  const plugin = (octokit as unknown as { retry: { retryRequest: (e: RequestErrorLike, retries: number, after: number) => unknown } }).retry;
  const original = plugin.retryRequest.bind(plugin);
  plugin.retryRequest = (error, retries, after) => {
    const f = failureOf(error, policy);
    const asked = retryAfterMs(f.retryAfter, policy);
    if (!isTransient(f) || (asked !== null && asked > policy.retryAfterCapMs)) return original(error, 0, 0);
    const ms = asked ?? backoffMs(policy, Math.max(0, Math.round(Math.sqrt(after)) - 1));
    onWait()?.(ms, f.message);
    return original(error, retries, ms);
  };
  return octokit;
}

export function githubChannel(target: Extract<Target, { kind: 'github' }>, opts: GitHubOptions): Channel {
  const { policy } = opts;
  const secrets = [opts.token];
  let waiting: OnWait | undefined;
  const octokit = client(target, opts, () => waiting);
  const where = { owner: target.owner, repo: target.repo };
  const label = target.name;

  const fail = (err: unknown): PostError => {
    if (err instanceof PostError) return err;
    const f = failureOf(err, policy);
    const msg = redact(f.message, secrets);
    const asked = retryAfterMs(f.retryAfter, policy);
    if (asked !== null && asked > policy.retryAfterCapMs) {
      const cap = Math.round(policy.retryAfterCapMs / policy.secondMs);
      return new PostError(`${label}: ${msg}; GitHub asked to wait ${Math.round(asked / policy.secondMs)} s, longer than the ${cap} s mm-review waits`, false);
    }
    if (f.status === 401) return new PostError(`${label}: GitHub refused GITHUB_TOKEN (${msg})`, true);
    if (isRateLimit(f)) return new PostError(`${label}: GitHub rate limit (${msg}); try again later`, false);
    if (f.status === 403 || f.status === 410) return new PostError(`${label}: GitHub refused (${msg}): a locked or archived target, or no permission`, true);
    if (f.status === 404) return new PostError(`${label}: not found (${msg}): no such issue or pull request, or the token cannot see it`, true);
    return new PostError(`${label}: ${msg}`, !isTransient(f), false);
  };
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw fail(err);
    }
  };

  const ownLogin = async (): Promise<string> => {
    if (opts.login) return opts.login;
    try {
      return (await octokit.rest.users.getAuthenticated()).data.login;
    } catch (err) {
      const f = failureOf(err, policy);
      if (f.status === 403) throw new PostError(`${label}: the token cannot read its own login (${redact(f.message, secrets)}); give it with --github-login`, true);
      throw fail(err);
    }
  };
  const asComment = (c: { id: number; body?: string | null; user?: { login?: string } | null; html_url?: string }): Comment => ({
    id: c.id, body: (c.body ?? '').replace(/\r\n/g, '\n'), login: c.user?.login ?? null, url: c.html_url ?? null,
  });
  const storedComment = async (id: string, login: string, marker: string): Promise<Comment | null> => {
    if (!/^[1-9][0-9]{0,19}$/.test(id)) return null;
    try {
      const c = asComment((await octokit.rest.issues.getComment({ ...where, comment_id: Number(id) })).data);
      return c.login === login && c.body.includes(marker) ? c : null;
    } catch (err) {
      if (failureOf(err, policy).status === 404) return null;
      throw fail(err);
    }
  };
  const markedComment = (login: string, marker: string): Promise<Comment | null> => call(async () => {
    let found: Comment | null = null;
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...where, issue_number: target.issue, per_page: 100 });
    for await (const page of pages) {
      for (const raw of page.data) {
        const c = asComment(raw);
        if (c.login === login && c.body.includes(marker)) found = c; // the newest wins
      }
    }
    return found;
  });
  const settle = (c: Comment, body: string): Promise<Delivered> => call(async () => {
    if (c.body === body) return { action: 'unchanged', remoteId: String(c.id), url: c.url };
    const res = await octokit.rest.issues.updateComment({ ...where, comment_id: c.id, body });
    return { action: 'updated', remoteId: String(c.id), url: res.data.html_url ?? c.url };
  });

  return {
    target, flavor: 'github', budget: GITHUB_BUDGET, editScope: 'lineage', canFind: true, secrets,
    async deliver(d: Delivery): Promise<Delivered> {
      waiting = d.onWait;
      const login = await ownLogin();
      const existing = (d.knownId ? await storedComment(d.knownId, login, d.marker) : null) ?? await markedComment(login, d.marker);
      if (existing) return settle(existing, d.body);
      return withRetries(async (): Promise<Delivered> => {
        try {
          const res = await octokit.rest.issues.createComment({ ...where, issue_number: target.issue, body: d.body, request: { retries: 0 } });
          return { action: 'created', remoteId: String(res.data.id), url: res.data.html_url ?? null };
        } catch (err) {
          const f = failureOf(err, policy);
          if (f.status !== undefined && !isTransient(f)) throw fail(err);
          if (isRateLimit(f)) throw fail(err); // the throttling plugin has waited already
          throw new AttemptFailed({ ...f, message: redact(f.message, secrets) });
        }
      }, {
        label, policy, repeatable: false, onAttempt: d.onAttempt, onWait: d.onWait,
        find: async () => {
          const c = await markedComment(login, d.marker);
          if (!c) return null;
          const done = await settle(c, d.body);
          return { ...done, action: done.action === 'unchanged' ? 'created' : done.action, note: 'an uncertain try had posted it; found by its marker' };
        },
      });
    },
  };
}
