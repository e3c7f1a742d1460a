// Retrying a channel request: only 408, 429, 5xx and network failures are retried, after an exponential
// backoff with jitter or the server's Retry-After (capped). A request that may have been delivered (a
// timeout, a reset connection, a 5xx from a gateway) is not simply sent again: the caller looks for
// its marker first, or gives up saying that it may have been delivered.
import { safeOneLine } from '../util/safe-text.ts';
import { retryAfterMs as parseRetryAfter } from '../util/retry-after.ts';

export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** Backoff before retry n (0-based): a random time between half and all of min(maxMs, baseMs * 2^n). */
  baseMs: number;
  maxMs: number;
  /** A longer Retry-After than this is not waited for: the post fails with a line saying how long was asked. */
  retryAfterCapMs: number;
  /** Milliseconds per second of a Retry-After value (tests make it small). */
  secondMs: number;
  /** One request's time limit. */
  timeoutMs: number;
  random: () => number;
  /** Least time between two writes to one server; default: the client's own (GitHub: 1 s, 3 s between comments). */
  writeSpacingMs?: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  attempts: 4, baseMs: 1000, maxMs: 30_000, retryAfterCapMs: 60_000, secondMs: 1000, timeoutMs: 30_000, random: Math.random,
};

/** A post that did not happen (or may have): one line for people, and how to treat it. */
export class PostError extends Error {
  override name = 'PostError';
  constructor(
    message: string,
    /** Trying again later will not help without a change (refused credentials, a locked issue). */
    readonly permanent: boolean,
    /** It may have been delivered all the same. */
    readonly uncertain = false,
    /** The HTTP status of the last answer, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One failed attempt, as the retry loop sees it. */
export interface Failure {
  /** HTTP status, when the server answered. */
  status?: number;
  /** The Retry-After header (or a body field of the same meaning). */
  retryAfter?: string | number | null;
  /** How the request failed when no answer came: refused and unresolved requests were never sent. */
  network?: 'timeout' | 'refused' | 'reset';
  /** Short text for people (already safe). */
  message: string;
}

/** Thrown by an attempt that failed in a way the retry loop judges (a Failure). */
export class AttemptFailed extends Error {
  override name = 'AttemptFailed';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function isTransient(f: Failure): boolean {
  if (f.network) return true;
  const s = f.status ?? 0;
  return s === 408 || s === 429 || (s >= 500 && s <= 599);
}

/** A failure after which the request may have been carried out by the server. */
export function mayHaveArrived(f: Failure): boolean {
  if (f.network) return f.network !== 'refused';
  const s = f.status ?? 0;
  return s >= 500 && s !== 503;
}

export function backoffMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

/** A Retry-After value in milliseconds (seconds or an HTTP date), scaled by the policy's second; null when absent or unreadable. */
export function retryAfterMs(value: string | number | null | undefined, policy: RetryPolicy, now = Date.now()): number | null {
  const ms = parseRetryAfter(value, now);
  return ms === null ? null : Math.round((ms / 1000) * policy.secondMs);
}

/** Waits `ms`; the timer never outlives the wait. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** What the retry loop reports while it waits (the CLI shows it on a terminal). */
export type OnWait = (ms: number, why: string) => void;

/** How long to wait before the next try, or a PostError when the server asked for more than the cap. */
export function waitFor(f: Failure, retry: number, policy: RetryPolicy, label: string): number {
  const asked = retryAfterMs(f.retryAfter, policy);
  if (asked === null) return backoffMs(policy, retry);
  if (asked > policy.retryAfterCapMs) {
    const seconds = Math.round(asked / policy.secondMs);
    throw new PostError(`${label}: ${f.message}; the server asked to wait ${seconds} s, longer than the ${Math.round(policy.retryAfterCapMs / policy.secondMs)} s mm-review waits`, false);
  }
  return asked;
}

export interface AttemptOptions<T> {
  label: string;
  policy: RetryPolicy;
  /** The request may be sent again even when an earlier try may have arrived (an edit, a read). */
  repeatable: boolean;
  /** Looks for an earlier delivery after an uncertain try; null when there is none. Absent: the channel cannot look. */
  find?: () => Promise<T | null>;
  onWait?: OnWait;
  /** Called before every try (lease renewal). */
  onAttempt?: () => void;
  /** The line for a failure that is not retried (default: the failure's message). */
  describe?: (f: Failure) => string;
}

/**
 * Runs `attempt` until it succeeds, a failure is not transient, or the tries are used up. `attempt`
 * throws AttemptFailed (anything else propagates as is).
 */
export async function withRetries<T>(attempt: () => Promise<T>, opts: AttemptOptions<T>): Promise<T> {
  const { policy, label } = opts;
  for (let n = 0; ; n++) {
    opts.onAttempt?.();
    let failure: Failure;
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof AttemptFailed)) throw err;
      failure = err.failure;
    }
    const uncertain = mayHaveArrived(failure);
    if (!isTransient(failure)) throw new PostError(`${label}: ${opts.describe?.(failure) ?? failure.message}`, true, false, failure.status);
    if (uncertain && !opts.repeatable && !opts.find) {
      throw new PostError(`${label}: ${failure.message}; it may have been delivered, so it is not sent again (--retry-uncertain sends it anyway)`, false, true);
    }
    if (n + 1 >= policy.attempts) {
      const maybe = uncertain && !opts.repeatable;
      throw new PostError(`${label}: ${failure.message} (gave up after ${policy.attempts} tries${maybe ? '; the last may have been delivered' : ''})`, false, maybe, failure.status);
    }
    const ms = waitFor(failure, n, policy, label);
    opts.onWait?.(ms, failure.message);
    await sleep(ms);
    if (uncertain && !opts.repeatable && opts.find) {
      opts.onAttempt?.();
      const found = await opts.find();
      if (found !== null) return found;
    }
  }
}

/** How a fetch() that got no answer failed. */
export function networkKind(err: unknown): Failure['network'] {
  const e = err as { name?: string; cause?: { code?: string } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  const code = e?.cause?.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'].includes(code)) return 'refused';
  return 'reset';
}

export function networkMessage(kind: Failure['network'], policy: RetryPolicy): string {
  if (kind === 'timeout') return `no answer within ${Math.round(policy.timeoutMs / 1000)} s`;
  return kind === 'refused' ? 'cannot connect to the server' : 'the connection failed';
}

/** Text from a server or an error, as one safe line with every secret masked. */
export function redact(text: string, secrets: readonly string[], max = 300): string {
  let out = safeOneLine(text);
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[secret]');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
