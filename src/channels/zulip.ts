// Zulip: one topic per series lineage, one message in it edited in place for later versions while the
// server allows edits, a new message when it refuses. The bot's e-mail and API key authenticate every
// request (HTTP basic auth); RATE_LIMIT_HIT answers carry a retry-after that is honoured.
import type { Channel, Delivered, Delivery } from './channel.ts';
import { request, stringField, type Answer } from './http.ts';
import { AttemptFailed, PostError, redact, withRetries, type Failure, type RetryPolicy } from './retry.ts';
import type { Target } from './targets.ts';

/** Zulip's default message limit is 10,000; the summary is measured in UTF-8 bytes to stay under it. */
export const ZULIP_BUDGET = 9_900;
/** Zulip caps topic names at 60 characters by default. */
export const ZULIP_TOPIC_CHARS = 60;

/**
 * The topic of a series: its title, one line, cut to the topic limit. Topics are not Markdown, but
 * linkifiers (#123) apply to them: references are broken with a zero-width space as in messages.
 */
export function zulipTopic(title: string): string {
  const line = title.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line.replace(/([@#])(?=\S)/g, '$1\u200b'));
  if (chars.length === 0) return 'mm-review';
  return chars.length <= ZULIP_TOPIC_CHARS ? chars.join('') : `${chars.slice(0, ZULIP_TOPIC_CHARS - 1).join('').trimEnd()}…`;
}

export interface ZulipOptions {
  email: string;
  apiKey: string;
  policy: RetryPolicy;
}

export function zulipChannel(target: Extract<Target, { kind: 'zulip' }>, opts: ZulipOptions): Channel {
  const { policy } = opts;
  const auth = `Basic ${Buffer.from(`${opts.email}:${opts.apiKey}`).toString('base64')}`;
  const secrets = [opts.apiKey, auth.slice(6)];
  const label = target.name;
  const api = `${target.site}/api/v1`;

  /** One request; a Failure for anything but success. */
  const call = async (method: string, path: string, form: Record<string, string> | null): Promise<Answer> => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { authorization: auth, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const a = await request(`${api}${path}`, { method, headers, body }, policy);
    if (a.status >= 200 && a.status < 300 && stringField(a.json, 'result') === 'success') return a;
    const msg = redact(stringField(a.json, 'msg') ?? a.text.slice(0, 200) ?? '', secrets);
    const code = stringField(a.json, 'code');
    throw new AttemptFailed({
      status: a.status === 200 ? 400 : a.status,
      retryAfter: a.headers.get('retry-after') ?? stringField(a.json, 'retry-after'),
      message: `${a.status}${code ? ` ${code}` : ''}: ${msg || 'no message'}`,
    });
  };
  const describe = (f: Failure): string => (f.status === 401 ? `Zulip refused ZULIP_EMAIL / ZULIP_API_KEY (${f.message})` : f.message);
  const retried = <T>(work: () => Promise<T>, d: Delivery, extra: { repeatable: boolean; find?: () => Promise<T | null> }): Promise<T> =>
    withRetries(work, { label, policy, onAttempt: d.onAttempt, onWait: d.onWait, describe, ...extra });

  const edit = (id: string, body: string, d: Delivery): Promise<void> =>
    retried(async () => { await call('PATCH', `/messages/${encodeURIComponent(id)}`, { content: body }); }, d, { repeatable: true });

  /** Our own message in the topic that carries the marker, newest first; null when none. */
  const search = async (topic: string, d: Delivery): Promise<{ id: string; content: string } | null> => {
    const narrow = JSON.stringify([
      { operator: 'stream', operand: target.stream }, { operator: 'topic', operand: topic }, { operator: 'sender', operand: opts.email },
    ]);
    const q = new URLSearchParams({ anchor: 'newest', num_before: '100', num_after: '0', narrow, apply_markdown: 'false' });
    const a = await retried(() => call('GET', `/messages?${q.toString()}`, null), d, { repeatable: true });
    const list = Array.isArray(a.json?.messages) ? (a.json.messages as { id?: unknown; content?: unknown }[]) : [];
    const hit = list.filter((m) => typeof m.content === 'string' && m.content.includes(d.marker) && typeof m.id === 'number').at(-1);
    return hit ? { id: String(hit.id), content: hit.content as string } : null;
  };

  return {
    target, flavor: 'zulip', budget: ZULIP_BUDGET, editScope: 'lineage', canFind: true, secrets,
    async deliver(d: Delivery): Promise<Delivered> {
      const topic = d.extra.topic || zulipTopic(d.title);
      const done = (action: Delivered['action'], id: string, note?: string): Delivered => ({ action, remoteId: id, url: null, extra: { topic }, note });
      let note: string | undefined;
      if (d.knownId) {
        try {
          await edit(d.knownId, d.body, d);
          return done('updated', d.knownId);
        } catch (err) {
          // An edit the server refuses (its edit window closed, the message deleted): a new message.
          if (!(err instanceof PostError) || !err.permanent || (err.status !== 400 && err.status !== 404)) throw err;
          note = `the earlier message could not be edited (${err.message.slice(label.length + 2)}); posted a new one`;
        }
      }
      if (d.resumed) {
        const found = await search(topic, d);
        if (found) {
          if (found.content !== d.body) await edit(found.id, d.body, d);
          return done(found.content === d.body ? 'unchanged' : 'updated', found.id);
        }
      }
      const form = { type: 'stream', to: target.stream, topic, content: d.body };
      let found = false;
      const created = await retried(async () => stringField((await call('POST', '/messages', form)).json, 'id'), d, {
        repeatable: false,
        find: async () => {
          const hit = await search(topic, d);
          found = hit !== null;
          return hit?.id ?? null;
        },
      });
      if (!created) throw new PostError(`${label}: Zulip answered without a message id`, false, true);
      return done('created', created, found ? 'an uncertain try had posted it; found by its marker' : note);
    },
  };
}
