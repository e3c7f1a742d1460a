// One HTTP request of the Zulip and Slack clients (GitHub goes through Octokit): a time limit, no
// redirects followed (credentials stay with the server they were meant for), and a Failure for a
// request that got no answer.
import { VERSION } from '../util/version.ts';
import { AttemptFailed, networkKind, networkMessage, type RetryPolicy } from './retry.ts';

export const USER_AGENT = `mm-review/${VERSION} (+https://lore.kernel.org review summaries)`;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body read as JSON, or null when it is not JSON. */
  json: Record<string, unknown> | null;
}

/** Longest answer read, in characters: chat APIs answer with a few hundred bytes. */
const MAX_ANSWER_CHARS = 1 << 20;

export async function request(url: string, init: { method: string; headers: Record<string, string>; body?: string }, policy: RetryPolicy): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { 'user-agent': USER_AGENT, ...init.headers },
      body: init.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
  } catch (err) {
    const kind = networkKind(err);
    throw new AttemptFailed({ network: kind, message: networkMessage(kind, policy) });
  }
  let text: string;
  try {
    text = (await res.text()).slice(0, MAX_ANSWER_CHARS);
  } catch (err) {
    const kind = networkKind(err);
    throw new AttemptFailed({ network: kind === 'refused' ? 'reset' : kind, message: `the answer was cut off (${networkMessage(kind, policy)})` });
  }
  let json: Record<string, unknown> | null = null;
  try {
    const v = JSON.parse(text) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function stringField(json: Record<string, unknown> | null, name: string): string | null {
  const v = json?.[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}
