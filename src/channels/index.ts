// The channel client of a parsed target, with its credentials.
import type { Channel } from './channel.ts';
import { emailChannel } from './email.ts';
import { githubChannel } from './github.ts';
import { patchworkChannel } from './patchwork.ts';
import type { RetryPolicy } from './retry.ts';
import { slackChannel } from './slack.ts';
import type { Credentials, Target } from './targets.ts';
import { zulipChannel } from './zulip.ts';

export interface OpenOptions {
  policy: RetryPolicy;
  /** GitHub: the login whose comments are ours, when the token cannot tell (GET /user). */
  githubLogin?: string;
}

export function openChannel(target: Target, creds: Credentials, opts: OpenOptions): Channel {
  const { policy } = opts;
  if (target.kind === 'github' && creds.kind === 'github') return githubChannel(target, { token: creds.token, login: opts.githubLogin, policy });
  if (target.kind === 'zulip' && creds.kind === 'zulip') return zulipChannel(target, { email: creds.email, apiKey: creds.apiKey, policy });
  if (target.kind === 'slack' && creds.kind === 'slack-webhook') return slackChannel(target, { webhookUrl: creds.url, policy });
  if (target.kind === 'slack' && creds.kind === 'slack-bot') return slackChannel(target, { token: creds.token, policy });
  if (target.kind === 'email') return emailChannel(target);
  if (target.kind === 'patchwork' && creds.kind === 'patchwork') return patchworkChannel(target, { token: creds.token, policy });
  throw new Error(`no client for ${target.kind} with ${creds.kind} credentials`);
}

export type { Channel, Delivered, Delivery, DraftFile, EditScope } from './channel.ts';
