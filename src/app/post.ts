// The `post` use case: review a stored series version (the same report `review` builds), summarise it
// with the question ledger, and post the summary to team channels (or e-mail drafts) through the
// outbox, so that a re-run, a second process or a run killed half-way never posts anything twice.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { DB } from '../store/db.ts';
import { resolveSeriesKey, seriesPatches, versionChain } from '../store/read.ts';
import { assertOutboxUsable } from '../store/outbox-schema.ts';
import { questionsForSeries } from '../questions/ledger.ts';
import { listQuestions } from '../questions/ledger-read.ts';
import { renderReport, type ReportFormat } from '../report/index.ts';
import { fromFromEnv } from '../report/email.ts';
import { renderSummary, summaryMarker } from '../report/summary.ts';
import type { ReportSeries, ReviewReport } from '../report/report-model.ts';
import { openChannel, type Channel } from '../channels/index.ts';
import { credentialsFor, parseTarget, placeholderCredentials, type Credentials, type Target } from '../channels/targets.ts';
import { buildSummaryModel, lineageRef, type ResolvedQuestion } from '../channels/summary-model.ts';
import { draftsFolder, emailDrafts } from '../channels/email.ts';
import { dispatch, leaseOwner, type DispatchOutcome, type Rendered } from '../channels/dispatch.ts';
import { dispatchChecks, isPatchworkChannel } from '../channels/patchwork.ts';
import { DEFAULT_POLICY, redact, type RetryPolicy } from '../channels/retry.ts';
import { InputError } from '../util/errors.ts';
import { buildReport } from './build-report.ts';
import { loadConfiguredRules, type ConfigLayer } from './config.ts';
import { bundledKnowledge } from './knowledge.ts';
import { loreLinkBase } from './links.ts';
import { silentProgress, type ProgressSink } from './progress.ts';

export type { DispatchOutcome };

export interface PostRequest {
  /** Series key, or the message-id of its cover, a patch or a reply. */
  series: string;
  /** Where to post, as `--to` takes it (see channels/targets.ts): the caller's choice of flag or config. */
  to: readonly string[];
  /** Where credentials come from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** GitHub API base (GitHub Enterprise: https://HOST/api/v3). */
  apiUrl?: string;
  githubLogin?: string;
  /** A link to the full report, shown in the summary. */
  reportUrl?: string;
  /** Write the full report here (.html, .md or .json) and name it in the summary. */
  reportOut?: string;
  dryRun?: boolean;
  /** Post even when an earlier attempt may have been delivered and the channel cannot tell. */
  retryUncertain?: boolean;
  rulesDir?: string;
  /** More rules folders loaded beside `rulesDir` (--rules-extra), as for review. */
  rulesExtra?: readonly string[];
  /** Rule switches and severity overrides (config files, flags), lowest precedence first, as for review. */
  ruleLayers?: readonly ConfigLayer[];
  loreBase?: string;
  progress?: ProgressSink;
  /** A wait before a retry (rate limits, backoff). */
  onWait?: (target: string, ms: number, why: string) => void;
  onStoreBusy?: () => void;
  /** Retry timing (tests make it fast). */
  policy?: Partial<RetryPolicy>;
  leaseMs?: number;
  /** Resolves a relative drafts folder (default: the working directory). */
  cwd?: string;
}

export interface PostResult {
  series: { key: string; title: string; version: number };
  outcomes: DispatchOutcome[];
}

/** How long a claim keeps other processes off a row while its holder posts (renewed while it waits). */
export const LEASE_MS = 5 * 60_000;

const REPORT_FORMATS: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.json': 'json' };

interface Prepared {
  target: Target;
  creds: Credentials;
}

/** Targets and credentials, all checked before anything is read or posted. */
function prepareTargets(req: PostRequest, env: Record<string, string | undefined>): Prepared[] {
  if (req.to.length === 0) throw new InputError('--to: give at least one target');
  const seen = new Set<string>();
  const out: Prepared[] = [];
  for (const text of req.to) {
    const target = parseTarget(text, { apiUrl: req.apiUrl, env, cwd: req.cwd });
    if (seen.has(target.key)) continue;
    seen.add(target.key);
    out.push({ target, creds: req.dryRun ? placeholderCredentials(target) : credentialsFor(target, env) });
  }
  if (req.apiUrl !== undefined && !out.some((p) => p.target.kind === 'github')) throw new InputError('--api-url applies to github: targets only');
  return out;
}

/** Questions of earlier versions that this version resolved, from the ledger. */
function resolvedBy(db: DB, s: ReportSeries): ResolvedQuestion[] {
  return listQuestions(db, { seriesKey: s.key })
    .filter((q) => q.status === 'resolved' && q.resolvedIn === s.version && q.version < s.version)
    .map((q) => ({ askedBy: q.askedBy, version: q.version, messageId: q.messageId, patch: q.patch, file: q.file, function: q.function, text: q.text }));
}

function writeFullReport(report: ReviewReport, path: string): void {
  const format = REPORT_FORMATS[extname(path).toLowerCase()];
  if (!format) throw new InputError(`--report-out ${path}: give a .html, .md or .json file name`);
  try {
    writeFileSync(path, renderReport(report, format));
  } catch (err) {
    throw new InputError(`--report-out ${path}: cannot write it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export async function postSeries(db: DB, req: PostRequest): Promise<PostResult> {
  const env = req.env ?? process.env;
  const progress = req.progress ?? silentProgress;
  const prepared = prepareTargets(req, env);
  if (!req.dryRun) assertOutboxUsable(db);
  const key = resolveSeriesKey(db, req.series);
  if (!key) throw new InputError(`${req.series}: no series or message with that id in the database`);
  if (req.reportUrl !== undefined && !/^https?:\/\/\S+$/.test(req.reportUrl)) throw new InputError(`--report-url ${req.reportUrl}: not an http(s) URL`);

  progress.update('reviewing the series...', true);
  // The rules `review` runs with the same configuration: its switches and severities, noted in the report.
  const { rules, notes } = await loadConfiguredRules(req.rulesDir, req.rulesExtra ?? [], req.ruleLayers ?? []);
  const knowledge = bundledKnowledge();
  const report = await buildReport(db, [key], { rules, loreBase: loreLinkBase(req.loreBase), questions: questionsForSeries, ...(knowledge ? { knowledge } : {}) });
  report.notes.push(...notes);
  const s = report.series[0];
  if (!s) throw new InputError(`${req.series}: the series could not be read from the database`);
  if (req.reportOut) writeFullReport(report, req.reportOut);
  const base = {
    report, series: s, resolved: resolvedBy(db, s),
    previousSubjects: s.previousVersion ? seriesPatches(db, s.previousVersion).filter((p) => p.index > 0).map((p) => p.subject) : null,
    reportUrl: req.reportUrl, reportPath: req.reportOut,
  };
  const chain = versionChain(db, key);
  const policy: RetryPolicy = { ...DEFAULT_POLICY, ...req.policy };
  const owner = leaseOwner();
  const secrets: string[] = [];
  const outcomes: DispatchOutcome[] = [];

  for (const { target, creds } of prepared) {
    progress.update(`posting to ${target.name}...`, true);
    const channel: Channel = openChannel(target, creds, { policy, githubLogin: req.githubLogin });
    secrets.push(...channel.secrets);
    const common = {
      db, seriesKey: key, version: s.version, owner, leaseMs: req.leaseMs ?? LEASE_MS, retryUncertain: req.retryUncertain === true,
      dryRun: req.dryRun === true, onBusy: req.onStoreBusy, onWait: (ms: number, why: string) => req.onWait?.(target.name, ms, redact(why, channel.secrets)),
    };
    if (isPatchworkChannel(channel)) {
      // A check on each patch, from that patch's findings.
      outcomes.push(await dispatchChecks({ ...common, channel, series: s, loreBase: report.context.loreBase, reportUrl: req.reportUrl }));
      continue;
    }
    const flavor = channel.flavor;
    const render = (lineage: string): Rendered => {
      if (flavor === 'email') {
        const files = emailDrafts(report, fromFromEnv(env));
        return { body: files.map((f) => f.text).join('\n'), files, draftsFolder: draftsFolder(s.key, s.version), marker: '', title: s.title };
      }
      if (flavor === 'patchwork') throw new Error('patchwork checks are not a summary');
      const body = renderSummary(buildSummaryModel({ ...base, lineage }), flavor, channel.budget);
      return { body, marker: summaryMarker(lineageRef(lineage)), title: s.title };
    };
    outcomes.push(await dispatch({ ...common, channel, chain, render }));
  }
  progress.done();
  return {
    series: { key, title: s.title, version: s.version },
    outcomes: outcomes.map((o) => ({ ...o, detail: redact(o.detail, secrets, 500) })),
  };
}
