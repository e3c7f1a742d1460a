// patchwork checks: a check with context `mm-review` on each patch of a series version, through the
// instance's REST API (/api/, version 1.2 or later for the msgid filter). A check cannot be edited: a
// newer one from the same user and context supersedes it, so a patch gets a new check only when its
// state or link changed (the outbox keeps one row per patch), and never `pending`.
//
//   GET  {base}/api/patches/?project={slug}&msgid={id without <>}  -> [{id, msgid: "<id>", web_url, ...}]
//   POST {base}/api/patches/{id}/checks/  {state, target_url, context, description}  -> 201 {id, url, ...}
//   Authorization: Token {PATCHWORK_TOKEN}; adding checks needs maintainer rights on the project.
import { loreLink, type ReportPatch, type ReportSeries } from '../report/report-model.ts';
import { safeOneLine } from '../util/safe-text.ts';
import type { Channel, Delivered, Delivery } from './channel.ts';
import { dispatch, type DispatchInput, type DispatchOutcome, type OutcomeStatus } from './dispatch.ts';
import { request, stringField, type Answer } from './http.ts';
import { AttemptFailed, PostError, redact, withRetries, type Failure, type RetryPolicy } from './retry.ts';
import type { Target } from './targets.ts';

export type PatchworkTarget = Extract<Target, { kind: 'patchwork' }>;

/** The check's context: a slug, the same for every run, so a newer check supersedes the older. */
export const CHECK_CONTEXT = 'mm-review';
/** Longest description sent, in characters. */
export const DESCRIPTION_CHARS = 255;

export type CheckState = 'success' | 'warning' | 'fail';

export interface CheckPayload {
  state: CheckState;
  target_url: string;
  context: string;
  description: string;
}

const ZWSP = '\u200b';

/** One plain line of at most `max` characters: controls replaced, mentions, references, links and tags broken. */
export function neutralise(text: string, max = DESCRIPTION_CHARS): string {
  const line = safeOneLine(text).replace(/\s+/g, ' ').trim()
    .replace(/(^|[^A-Za-z0-9._%+-])@(?=\S)/g, `$1@${ZWSP}`)
    .replace(/#(?=\S)/g, `#${ZWSP}`)
    .replace(/:\/\//g, `${ZWSP}://`)
    .replace(/<(?=\S)/g, `<${ZWSP}`);
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;

/** The check of one patch: its state from its own findings, a count line, and the link given. */
export function checkOf(patch: Pick<ReportPatch, 'findings'>, targetUrl: string): CheckPayload {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of patch.findings) counts[f.severity]++;
  const state: CheckState = counts.error > 0 ? 'fail' : counts.warning > 0 ? 'warning' : 'success';
  const rules = [...new Set(patch.findings.filter((f) => f.severity !== 'info').map((f) => f.rule))];
  const text = patch.findings.length === 0 ? 'no findings'
    : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}${rules.length ? `: ${rules.join(', ')}` : ''}`;
  return { state, target_url: targetUrl, context: CHECK_CONTEXT, description: neutralise(text) };
}

export interface PatchworkOptions {
  token: string;
  policy: RetryPolicy;
}

export interface PatchworkChannel extends Channel {
  flavor: 'patchwork';
  /** True once the server refused the token (401) or its rights (403): no point trying more patches. */
  refused(): boolean;
}

export function isPatchworkChannel(c: Channel): c is PatchworkChannel {
  return c.flavor === 'patchwork';
}

interface FoundPatch {
  id: string;
  web: string | null;
}

export function patchworkChannel(target: PatchworkTarget, opts: PatchworkOptions): PatchworkChannel {
  const { policy } = opts;
  const secrets = [opts.token];
  const label = target.name;
  let refused = false;

  const call = async (method: string, path: string, json?: CheckPayload): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Token ${opts.token}`, accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json';
    const a = await request(`${target.base}${path}`, { method, headers, body: json ? JSON.stringify(json) : undefined }, policy);
    if (a.status >= 200 && a.status < 300) return a;
    const said = redact(stringField(a.json, 'detail') ?? a.text.slice(0, 200), secrets, 200);
    throw new AttemptFailed({ status: a.status, retryAfter: a.headers.get('retry-after'), message: `${a.status}: ${said || 'no message'}` });
  };
  const describe = (f: Failure): string => {
    if (f.status === 401) return `the server refused PATCHWORK_TOKEN (${f.message})`;
    if (f.status === 403) return `PATCHWORK_TOKEN's user may not add checks to ${target.project} (${f.message}); posting checks needs maintainer rights on the project`;
    if (f.status === 400) return `${f.message} (is "${target.project}" a project on ${target.base}?)`;
    if (f.status !== undefined && f.status >= 300 && f.status < 400) return `${f.message}: the server redirects; give the instance's own URL`;
    return f.message;
  };
  const retried = (work: () => Promise<Answer>, d: Delivery): Promise<Answer> =>
    // Sending a check twice changes nothing anyone sees (the newer of two equal checks supersedes the other), so posts repeat too.
    withRetries(work, { label, policy, repeatable: true, onAttempt: d.onAttempt, onWait: d.onWait, describe });

  /** The patch with this Message-ID in the project; the answer is matched again here, since servers before API 1.2 ignore the filter. */
  const lookup = async (msgid: string, d: Delivery): Promise<FoundPatch | null> => {
    const q = new URLSearchParams({ project: target.project, msgid });
    const a = await retried(() => call('GET', `/api/patches/?${q.toString()}`), d);
    let list: unknown;
    try {
      list = JSON.parse(a.text);
    } catch {
      list = null;
    }
    if (!Array.isArray(list)) throw new PostError(`${label}: the patch lookup did not answer with a list (is ${target.base} a patchwork server?)`, true);
    const hit = (list as { id?: unknown; msgid?: unknown; web_url?: unknown }[])
      .find((p) => p !== null && typeof p === 'object' && p.msgid === `<${msgid}>` && typeof p.id === 'number');
    return hit ? { id: String(hit.id), web: typeof hit.web_url === 'string' ? hit.web_url : null } : null;
  };
  const post = (patch: FoundPatch, payload: CheckPayload, d: Delivery): Promise<Answer> =>
    retried(() => call('POST', `/api/patches/${encodeURIComponent(patch.id)}/checks/`, payload), d);

  const skipped: Delivered = { action: 'skipped', remoteId: '', url: null, note: `not on ${target.base}` };
  return {
    target, flavor: 'patchwork', budget: DESCRIPTION_CHARS, editScope: 'version', canFind: true, secrets,
    refused: () => refused,
    async deliver(d: Delivery): Promise<Delivered> {
      const payload = JSON.parse(d.body) as CheckPayload;
      try {
        let patch = d.extra.patch ? { id: d.extra.patch, web: d.extra.web ?? null } : await lookup(d.marker, d);
        if (!patch) return skipped;
        let a: Answer;
        try {
          a = await post(patch, payload, d);
        } catch (err) {
          // The patch id kept from an earlier run may be gone (the patch deleted, the instance rebuilt): look it up again.
          if (!d.extra.patch || !(err instanceof PostError) || err.status !== 404) throw err;
          patch = await lookup(d.marker, d);
          if (!patch) return skipped;
          a = await post(patch, payload, d);
        }
        const id = stringField(a.json, 'id');
        return {
          action: 'created', remoteId: id ? `check ${id}` : `patch ${patch.id}`, url: patch.web ?? stringField(a.json, 'url'),
          extra: { patch: patch.id, ...(patch.web ? { web: patch.web } : {}) },
        };
      } catch (err) {
        if (err instanceof PostError && (err.status === 401 || err.status === 403)) refused = true;
        throw err;
      }
    },
  };
}

export interface ChecksInput extends Omit<DispatchInput, 'channel' | 'chain' | 'render'> {
  channel: PatchworkChannel;
  series: ReportSeries;
  /** Where links point when there is no report URL: the lore server. */
  loreBase: string;
  reportUrl?: string;
}

/** The outbox row of one patch: its Message-ID, apart from every series key (which are bare message-ids). */
export function checkLineage(messageId: string): string {
  return `patch:${messageId}`;
}

/** Posts the check of every patch of the series version, each through its own outbox row; one outcome for the target. */
export async function dispatchChecks(input: ChecksInput): Promise<DispatchOutcome> {
  const { channel, series: s, reportUrl, loreBase, ...rest } = input;
  const parts: DispatchOutcome[] = [];
  const states = new Map<string, CheckState>();
  for (const p of s.patches.filter((x) => x.index > 0)) {
    const check = checkOf(p, reportUrl ?? loreLink(loreBase, p.messageId));
    const body = JSON.stringify(check);
    const lineage = checkLineage(p.messageId);
    const o = await dispatch({
      ...rest, channel, chain: [lineage],
      render: () => ({ body, marker: p.messageId, title: p.subject, hashText: `${check.state}\n${check.target_url}` }),
    });
    const place = `${p.index}/${p.total}`;
    states.set(place, check.state);
    parts.push({ ...o, target: `${o.target} patch ${place}`, ...(o.body !== undefined ? { body: `patch ${place} <${p.messageId}>: ${o.body}` } : {}) });
    if (channel.refused()) break;
  }
  return summarise(channel.target.name, parts, states);
}

const STATUS_ORDER: OutcomeStatus[] = ['failed', 'uncertain', 'busy', 'dry-run', 'created', 'updated', 'unchanged', 'skipped'];

/** One outcome for the target, worst status first; the per-patch outcomes ride along as `parts`. */
function summarise(name: string, parts: DispatchOutcome[], states: Map<string, CheckState>): DispatchOutcome {
  const placeOf = (o: DispatchOutcome): string => o.target.slice(name.length + ' patch '.length);
  const status = STATUS_ORDER.find((st) => parts.some((o) => o.status === st)) ?? 'skipped';
  const lines: string[] = [];
  for (const o of parts.filter((x) => ['failed', 'uncertain', 'busy'].includes(x.status))) lines.push(`patch ${placeOf(o)}: ${o.detail}`);
  const group = (st: OutcomeStatus, text: string, withState = false): void => {
    const hit = parts.filter((o) => o.status === st).map((o) => (withState ? `${placeOf(o)} (${states.get(placeOf(o))})` : placeOf(o)));
    if (hit.length) lines.push(`${text} ${hit.join(', ')}`);
  };
  group('created', 'check posted on', true);
  group('unchanged', 'unchanged on');
  for (const reason of new Set(parts.filter((o) => o.status === 'skipped').map((o) => o.detail))) {
    lines.push(`skipped (${reason}): ${parts.filter((o) => o.status === 'skipped' && o.detail === reason).map(placeOf).join(', ')}`);
  }
  if (status === 'dry-run') lines.push(`not posted (--dry-run): ${parts.length} check${parts.length === 1 ? '' : 's'}`);
  return {
    target: name, status, detail: lines.join('; ') || 'no patches to check', remoteId: null, url: null, parts,
    ...(status === 'dry-run' ? { body: parts.map((o) => o.body ?? '').join('\n') } : {}),
  };
}
