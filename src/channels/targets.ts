// `post --to` targets: their syntax, the outbox key of each, and the credentials each needs from the
// environment. Secrets never become part of a target's name or key.
import { resolve } from 'node:path';
import { InputError } from '../util/errors.ts';
import { safeOneLine } from '../util/safe-text.ts';

export const GITHUB_API = 'https://api.github.com';
export const SLACK_API = 'https://slack.com/api';

export type Target =
  | { kind: 'github'; name: string; key: string; owner: string; repo: string; issue: number; apiUrl: string }
  | { kind: 'zulip'; name: string; key: string; site: string; stream: string }
  | { kind: 'slack'; name: string; key: string; mode: 'webhook' }
  | { kind: 'slack'; name: string; key: string; mode: 'bot'; channel: string; apiUrl: string }
  | { kind: 'email'; name: string; key: string; dir: string }
  | { kind: 'patchwork'; name: string; key: string; base: string; project: string };

export const TARGET_SYNTAX = 'github:OWNER/REPO#N, zulip:SITE#STREAM, slack:webhook, slack:CHANNEL, patchwork:URL/project/SLUG, email[:DIR]';

export const DEFAULT_DRAFTS_DIR = 'mm-review-drafts';

/**
 * A base URL we may send a secret to: https, or http to this machine (tests, a local proxy); no
 * user:password, query or fragment. Returned without a trailing slash.
 */
export function checkedBaseUrl(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${what}: not a URL: "${safeOneLine(text).slice(0, 200)}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(`${what}: must be an https URL (plain http only to this machine)`);
  }
  if (url.username || url.password || url.search || url.hash) throw new InputError(`${what}: give the URL without credentials, query or fragment`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function bad(text: string, why: string): InputError {
  return new InputError(`--to ${safeOneLine(text).slice(0, 200)}: ${why}`);
}

/** Parses one `--to` value; `apiUrl` is the GitHub API base of --api-url, `cwd` resolves a drafts folder. */
export function parseTarget(text: string, opts: { apiUrl?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Target {
  const env = opts.env ?? {};
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (scheme) {
    case 'github': {
      const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})#([1-9][0-9]{0,9})$/.exec(rest);
      if (!m || m[2] === '.' || m[2] === '..') throw bad(text, 'expected github:OWNER/REPO#N (an issue or pull request number)');
      const apiUrl = opts.apiUrl === undefined ? GITHUB_API : checkedBaseUrl(opts.apiUrl, '--api-url');
      const name = `github:${m[1]}/${m[2]}#${m[3]}`;
      return { kind: 'github', name, key: apiUrl === GITHUB_API ? name : `${name}@${apiUrl}`, owner: m[1]!, repo: m[2]!, issue: Number(m[3]), apiUrl };
    }
    case 'zulip': {
      const hash = rest.indexOf('#');
      const site = hash < 0 ? '' : rest.slice(0, hash);
      const stream = hash < 0 ? '' : rest.slice(hash + 1);
      if (!site || !stream.trim() || stream.length > 60 || /[\u0000-\u001f\u007f]/.test(stream)) {
        throw bad(text, 'expected zulip:SITE#STREAM (a Zulip server and a stream name of at most 60 characters)');
      }
      const base = checkedBaseUrl(/^[a-z]+:\/\//i.test(site) ? site : `https://${site}`, `--to ${safeOneLine(text).slice(0, 200)}`);
      return { kind: 'zulip', name: `zulip:${base.replace(/^https:\/\//, '')}#${stream}`, key: `zulip:${base}#${stream}`, site: base, stream };
    }
    case 'slack': {
      if (rest === 'webhook') return { kind: 'slack', name: 'slack:webhook', key: 'slack:webhook', mode: 'webhook' };
      if (!/^(#[a-z0-9_-]{1,80}|[CGD][A-Z0-9]{6,20})$/.test(rest)) {
        throw bad(text, 'expected slack:webhook (SLACK_WEBHOOK_URL) or slack:CHANNEL (a channel id like C0123ABCD, or #name, with SLACK_BOT_TOKEN)');
      }
      const apiUrl = env.SLACK_API_URL ? checkedBaseUrl(env.SLACK_API_URL, 'SLACK_API_URL') : SLACK_API;
      const name = `slack:${rest}`;
      return { kind: 'slack', name, key: apiUrl === SLACK_API ? name : `${name}@${apiUrl}`, mode: 'bot', channel: rest, apiUrl };
    }
    case 'email': {
      if (colon >= 0 && !rest) throw bad(text, 'expected email or email:DIR (the folder for the drafts)');
      const dir = resolve(opts.cwd ?? process.cwd(), rest || DEFAULT_DRAFTS_DIR);
      return { kind: 'email', name: `email:${dir}`, key: `email:${dir}`, dir };
    }
    case 'patchwork': {
      // The project's page on the instance: BASE/project/SLUG, optionally with a trailing / or /list/.
      const m = /^(.+)\/project\/([A-Za-z0-9_-]{1,255})\/?(?:list\/?)?$/.exec(rest);
      if (!m) throw bad(text, 'expected patchwork:URL/project/SLUG (the project page on the instance, e.g. https://patchwork.kernel.org/project/linux-mm)');
      const base = checkedBaseUrl(/^[a-z]+:\/\//i.test(m[1]!) ? m[1]! : `https://${m[1]!}`, `--to ${safeOneLine(text).slice(0, 200)}`);
      const name = `patchwork:${base}/project/${m[2]!}`;
      return { kind: 'patchwork', name, key: name, base, project: m[2]! };
    }
    default:
      throw bad(text, `unknown target (use ${TARGET_SYNTAX})`);
  }
}

export type Credentials =
  | { kind: 'github'; token: string }
  | { kind: 'zulip'; email: string; apiKey: string }
  | { kind: 'slack-webhook'; url: string }
  | { kind: 'slack-bot'; token: string }
  | { kind: 'email' }
  | { kind: 'patchwork'; token: string };

function need(env: Record<string, string | undefined>, name: string, target: Target, what: string): string {
  const v = env[name]?.trim();
  if (!v) throw new InputError(`${target.name}: ${name} is not set (${what})`);
  if (/[\s\u0000-\u001f]/.test(v)) throw new InputError(`${target.name}: ${name} holds whitespace or control characters`);
  return v;
}

/** The credentials `target` needs, from the environment only; a one-line InputError naming the variable when missing. */
export function credentialsFor(target: Target, env: Record<string, string | undefined>): Credentials {
  switch (target.kind) {
    case 'github':
      return { kind: 'github', token: need(env, 'GITHUB_TOKEN', target, 'a token that may comment on the issue or pull request') };
    case 'zulip':
      return {
        kind: 'zulip',
        email: need(env, 'ZULIP_EMAIL', target, "the bot's e-mail address"),
        apiKey: need(env, 'ZULIP_API_KEY', target, "the bot's API key"),
      };
    case 'slack':
      if (target.mode === 'webhook') {
        const url = need(env, 'SLACK_WEBHOOK_URL', target, 'the incoming webhook URL');
        try {
          checkedBaseUrl(url, 'SLACK_WEBHOOK_URL');
        } catch {
          // The URL is a secret: say what is wrong without repeating it.
          throw new InputError(`${target.name}: SLACK_WEBHOOK_URL is not an https URL`);
        }
        return { kind: 'slack-webhook', url };
      }
      return { kind: 'slack-bot', token: need(env, 'SLACK_BOT_TOKEN', target, 'a bot token with chat:write') };
    case 'email':
      return { kind: 'email' };
    case 'patchwork':
      return { kind: 'patchwork', token: need(env, 'PATCHWORK_TOKEN', target, "an API token of a user who may add checks to the project (a maintainer's)") };
  }
}

/** Stand-in credentials for a dry run, which renders but never connects. */
export function placeholderCredentials(target: Target): Credentials {
  switch (target.kind) {
    case 'github':
      return { kind: 'github', token: 'dry-run' };
    case 'zulip':
      return { kind: 'zulip', email: 'dry-run@example.invalid', apiKey: 'dry-run' };
    case 'slack':
      return target.mode === 'webhook' ? { kind: 'slack-webhook', url: 'https://example.invalid/dry-run' } : { kind: 'slack-bot', token: 'dry-run' };
    case 'email':
      return { kind: 'email' };
    case 'patchwork':
      // Not "dry-run": a secret is masked in every line, and the dry run's own lines say "--dry-run".
      return { kind: 'patchwork', token: 'placeholder-not-a-token' };
  }
}

/** Every secret value of a set of credentials, to be masked in any text that leaves the process. */
export function secretsOf(c: Credentials): string[] {
  switch (c.kind) {
    case 'github':
    case 'slack-bot':
    case 'patchwork':
      return [c.token];
    case 'zulip':
      return [c.apiKey, Buffer.from(`${c.email}:${c.apiKey}`).toString('base64')];
    case 'slack-webhook':
      return [c.url, new URL(c.url).pathname];
    case 'email':
      return [];
  }
}
