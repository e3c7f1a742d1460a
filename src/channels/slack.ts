// Slack: an incoming webhook (post once per version: a webhook cannot edit) or a bot token
// (chat.postMessage, then chat.update of the same version's message when its summary changes). Text is
// sent as plain text (mrkdwn off) with link unfurling off; 429 answers carry a Retry-After that is
// honoured. Slack cannot be searched for an earlier post here, so a post that may have arrived is
// never sent again without --retry-uncertain.
import type { Channel, Delivered, Delivery } from './channel.ts';
import { request, stringField, type Answer } from './http.ts';
import { AttemptFailed, PostError, redact, withRetries, type Failure, type RetryPolicy } from './retry.ts';
import type { Target } from './targets.ts';

/** Slack advises keeping message text under 4,000 characters. */
export const SLACK_BUDGET = 3_800;

const AUTH_ERRORS = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope']);
/** chat.update errors after which a new message is posted instead. */
const CANNOT_EDIT = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

export type SlackOptions = { policy: RetryPolicy } & ({ webhookUrl: string } | { token: string });

function payload(text: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({ ...extra, text, mrkdwn: false, unfurl_links: false, unfurl_media: false });
}

export function slackChannel(target: Extract<Target, { kind: 'slack' }>, opts: SlackOptions): Channel {
  const { policy } = opts;
  const label = target.name;
  const webhook = 'webhookUrl' in opts ? opts.webhookUrl : null;
  const token = 'token' in opts ? opts.token : null;
  const secrets = webhook ? [webhook, new URL(webhook).pathname] : [token!];

  const failure = (a: Answer, error: string | null): Failure => ({
    status: a.status >= 200 && a.status < 300 ? 400 : a.status,
    retryAfter: a.headers.get('retry-after'),
    message: redact(a.status >= 200 && a.status < 300 && error ? error : `${a.status}: ${error ?? (a.text.slice(0, 200) || 'no message')}`, secrets),
  });
  const describe = (f: Failure): string => {
    const code = /(?:^|: )(\S+)$/.exec(f.message)?.[1] ?? '';
    if (AUTH_ERRORS.has(code) || f.status === 401) return `Slack refused ${webhook ? 'SLACK_WEBHOOK_URL' : 'SLACK_BOT_TOKEN'} (${f.message})`;
    return f.message;
  };
  const retried = <T>(work: () => Promise<T>, d: Delivery, repeatable: boolean): Promise<T> =>
    withRetries(work, { label, policy, repeatable, onAttempt: d.onAttempt, onWait: d.onWait, describe });

  /** One Web API call; a Failure unless Slack says ok. */
  const api = async (method: string, body: string): Promise<Record<string, unknown>> => {
    const a = await request(`${'apiUrl' in target ? target.apiUrl : ''}/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token!}`, 'content-type': 'application/json; charset=utf-8' },
      body,
    }, policy);
    if (a.status >= 200 && a.status < 300 && a.json?.ok === true) return a.json;
    throw new AttemptFailed(failure(a, stringField(a.json, 'error')));
  };

  const viaWebhook = async (d: Delivery): Promise<Delivered> => {
    await retried(async () => {
      const a = await request(webhook!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload(d.body) }, policy);
      if (a.status < 200 || a.status >= 300) throw new AttemptFailed(failure(a, a.text.trim().slice(0, 100) || null));
    }, d, false);
    return { action: 'created', remoteId: 'webhook', url: null };
  };

  const viaBot = async (d: Delivery): Promise<Delivered> => {
    const channel = target.mode === 'bot' ? target.channel : '';
    let note: string | undefined;
    const known = d.knownId ? /^([A-Z0-9]+)\/([0-9]+\.[0-9]+)$/.exec(d.knownId) : null;
    if (known) {
      try {
        await retried(() => api('chat.update', payload(d.body, { channel: known[1]!, ts: known[2]! })), d, true);
        return { action: 'updated', remoteId: d.knownId!, url: null };
      } catch (err) {
        const code = err instanceof PostError ? /: (\S+)$/.exec(err.message)?.[1] ?? '' : '';
        if (!CANNOT_EDIT.has(code)) throw err;
        note = `the earlier message could not be edited (${code}); posted a new one`;
      }
    }
    const res = await retried(() => api('chat.postMessage', payload(d.body, { channel })), d, false);
    const ts = stringField(res, 'ts');
    const where = stringField(res, 'channel') ?? channel;
    if (!ts) throw new PostError(`${label}: Slack answered without a message ts`, false, true);
    return { action: 'created', remoteId: `${where}/${ts}`, url: null, note };
  };

  return {
    target, flavor: 'slack', budget: SLACK_BUDGET, editScope: webhook ? 'none' : 'version', canFind: false, secrets,
    deliver: (d) => (webhook ? viaWebhook(d) : viaBot(d)),
  };
}
