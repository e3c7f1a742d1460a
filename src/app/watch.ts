// The `watch` use case: one round of following a list. Bring new mail into the store (a local
// public-inbox mirror, fetched first when it is a clone, read from the ingest's cursor on; or a lore
// search window), queue every series version whose cover or patches arrived, and review each queued
// version once it is complete or quiet, posting it to the --post targets through `post`'s use case.
// What was reviewed or posted is recorded per (series key, target) with a signature of its patches,
// so a round with nothing new does nothing; the outbox keeps a post from being delivered twice when a
// round is killed between delivering and recording.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '../store/db.ts';
import {
  claimWatchLock, doneSignatures, dropPending, getWatchState, lastMessageRowidSeen, pendingSeries, queueSeries, recordDone,
  releaseWatchLock, seriesParts, seriesStoredBetween, setWatchState, unusableWatchVersion, type WatchHolder,
} from '../store/watch.ts';
import { getSeriesSummary } from '../store/read.ts';
import { StoreError } from '../store/errors.ts';
import type { Rule } from '../checks/index.ts';
import { questionsForSeries } from '../questions/ledger.ts';
import { ownerGone, leaseOwner } from '../channels/dispatch.ts';
import { credentialsFor, parseTarget } from '../channels/targets.ts';
import type { RetryPolicy } from '../channels/retry.ts';
import { InputError } from '../util/errors.ts';
import { buildReport } from './build-report.ts';
import { loadConfiguredRules, type ConfigLayer } from './config.ts';
import { bundledKnowledge } from './knowledge.ts';
import { loreLinkBase } from './links.ts';
import { ingestSources } from './ingest.ts';
import { postSeries } from './post.ts';
import { silentProgress, type ProgressSink } from './progress.ts';
import { fetchMirror, resolveWatchSource, searchRound, type WatchSource } from './watch-source.ts';

export { resolveWatchSource, type WatchSource };

export interface WatchRequest {
  source: WatchSource;
  /** Where to post each review, as `post --to` takes it (may be empty: review and record only). */
  post: readonly string[];
  /** Review an incomplete series once no part of it arrived for this long. */
  quietMs: number;
  env?: Record<string, string | undefined>;
  loreBase?: string;
  rulesDir?: string;
  /** More rules folders loaded beside `rulesDir` (--rules-extra), as for review. */
  rulesExtra?: readonly string[];
  /** Rule switches and severity overrides (config files, flags), lowest precedence first, as for review. */
  ruleLayers?: readonly ConfigLayer[];
  progress?: ProgressSink;
  policy?: Partial<RetryPolicy>;
  now?: () => number;
  cwd?: string;
}

export interface WatchEvent {
  /** 'reviewed' / 'posted' go to stdout, 'failed' / 'warning' to stderr. */
  kind: 'reviewed' | 'posted' | 'failed' | 'warning';
  text: string;
}

export interface RoundResult {
  events: WatchEvent[];
  /** Series still waiting (incomplete and not quiet yet, or a post to retry). */
  waiting: number;
}

export interface WatchTarget {
  /** As the user wrote it. */
  text: string;
  /** The outbox's key of the target. */
  key: string;
}

/** Checks the --post targets and their credentials before anything is read or posted. */
export function checkTargets(post: readonly string[], env: Record<string, string | undefined>, cwd?: string): WatchTarget[] {
  const out: WatchTarget[] = [];
  for (const text of post) {
    const target = parseTarget(text, { env, cwd });
    credentialsFor(target, env);
    if (!out.some((t) => t.key === target.key)) out.push({ text, key: target.key });
  }
  return out;
}

/** Checks the rules folders and the rule switches (an unknown id: one line) before the first round. */
export async function checkRules(req: Pick<WatchRequest, 'rulesDir' | 'rulesExtra' | 'ruleLayers'>): Promise<void> {
  await loadConfiguredRules(req.rulesDir, req.rulesExtra ?? [], req.ruleLayers ?? []);
}

/** The watch lock: one watcher per store. */
export class WatchLock {
  readonly owner = leaseOwner();
  constructor(private readonly db: DB, private readonly leaseMs: number) {}

  /** Takes or renews the lock; returns the other watcher holding it, else null. */
  claim(): WatchHolder | null {
    const now = Date.now();
    return claimWatchLock(this.db, { owner: this.owner, host: hostname(), pid: process.pid }, now, now + this.leaseMs, (h) => ownerGone(h.owner));
  }

  release(): void {
    releaseWatchLock(this.db, this.owner);
  }
}

export function assertWatchUsable(db: DB): void {
  const v = unusableWatchVersion(db);
  if (v !== null) throw new StoreError(db.name, v === 0 ? 'it has no watch tables (open it once where it can be written)' : `its watch tables were written by a newer mm-review (watch ${v})`);
}

/** A signature of what a review of the version reads: its cover and patch message-ids. */
function signatureOf(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
}

/** Brings new mail in; returns warnings (a fetch that failed: the local copy is still read). */
async function bringMailIn(db: DB, req: WatchRequest, progress: ProgressSink): Promise<string[]> {
  const src = req.source;
  if (src.kind === 'lore') return searchRound(db, src, progress, req.now ?? Date.now);
  const warnings = await fetchMirror(src, (t) => progress.update(t, true));
  const summary = await ingestSources(db, { sources: src.epochs, progress });
  warnings.push(...summary.skipped.slice(0, 5).map((s) => `skipped ${s.origin}: ${s.reason}`));
  return warnings;
}

/**
 * One round: new mail in, the series it touched queued, every ready queued version reviewed and posted.
 * `lock.claim()` is renewed before each series; losing the lock ends the round.
 */
export async function watchRound(db: DB, req: WatchRequest, lock: WatchLock): Promise<RoundResult> {
  const now = req.now ?? Date.now;
  const progress = req.progress ?? silentProgress;
  const env = req.env ?? process.env;
  const targets = checkTargets(req.post, env, req.cwd);
  const events: WatchEvent[] = [];

  // Messages stored before the first watch are history: only what arrives from then on is new.
  if (getWatchState(db, 'watermark') === null) setWatchState(db, 'watermark', String(lastMessageRowidSeen(db)));
  for (const w of await bringMailIn(db, req, progress)) events.push({ kind: 'warning', text: w });
  const from = Number(getWatchState(db, 'watermark'));
  const upTo = lastMessageRowidSeen(db);
  if (upTo > from) queueSeries(db, seriesStoredBetween(db, from, upTo), upTo, now());

  let waiting = 0;
  let rules: Rule[] | null = null;
  for (const key of pendingSeries(db)) {
    const parts = seriesParts(db, key);
    if (!parts.exists) { // regrouped under another key since it was queued: that key was queued too
      dropPending(db, key);
      continue;
    }
    if (!parts.complete && now() - parts.lastStoredAt < req.quietMs) {
      waiting++;
      continue;
    }
    const signature = signatureOf(parts.ids);
    const done = doneSignatures(db, key);
    const wanted = targets.length ? targets : [{ text: '', key: '' }];
    const todo = wanted.filter((t) => done.get(t.key) !== signature);
    if (todo.length === 0) {
      dropPending(db, key);
      continue;
    }
    const holder = lock.claim();
    if (holder) throw new InputError(`the watch lock of ${db.name} was taken over by ${holder.owner}; stopping`);
    const s = getSeriesSummary(db, key)!;
    const name = `${s.title} (v${s.version}, ${s.patchesFound}/${s.total}${s.complete ? '' : ', incomplete'})`;
    progress.update(`reviewing ${name}...`, true);
    let ok = true;
    if (targets.length === 0) {
      rules ??= (await loadConfiguredRules(req.rulesDir, req.rulesExtra ?? [], req.ruleLayers ?? [])).rules;
      const knowledge = bundledKnowledge();
      const report = await buildReport(db, [key], { rules, loreBase: loreLinkBase(req.loreBase), questions: questionsForSeries, ...(knowledge ? { knowledge } : {}) });
      const r = report.series[0];
      const detail = r ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}, ${r.questions.length} question${r.questions.length === 1 ? '' : 's'}` : 'not readable';
      recordDone(db, key, '', signature, detail, now());
      events.push({ kind: 'reviewed', text: `${key}: ${name}: ${detail}` });
    } else {
      const result = await postSeries(db, {
        series: key, to: todo.map((t) => t.text), env, loreBase: req.loreBase, rulesDir: req.rulesDir, rulesExtra: req.rulesExtra, ruleLayers: req.ruleLayers,
        policy: req.policy, cwd: req.cwd,
      });
      for (const [i, o] of result.outcomes.entries()) {
        const targetKey = todo[i]!.key;
        if (o.status === 'failed' || o.status === 'uncertain' || o.status === 'busy') {
          ok = false;
          events.push({ kind: 'failed', text: `${key}: ${o.target}: ${o.detail}` });
          continue;
        }
        recordDone(db, key, targetKey, signature, `${o.status}: ${o.detail}`, now());
        if (o.status !== 'unchanged') events.push({ kind: 'posted', text: `${key}: ${name} -> ${o.target}: ${o.status}` });
      }
    }
    if (ok) dropPending(db, key);
    else waiting++;
  }
  progress.done();
  return { events, waiting };
}
