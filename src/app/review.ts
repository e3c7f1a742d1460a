// The `review` use case: ingest the sources, find the series versions they hold, run the mm rules over
// each (with the base tree when one is given) and build one report model for the renderers.
import type { DB } from '../store/db.ts';
import { seriesForMessages } from '../store/series-of.ts';
import { messageIdsOfOrigins } from '../store/messages-of-source.ts';
import { classifySource } from '../ingest/sources/files.ts';
import { readPublicInbox } from '../ingest/sources/publicinbox.ts';
import type { Severity } from '../checks/index.ts';
import { loreLinkBase } from './links.ts';
import { questionsForSeries } from '../questions/ledger.ts';
import { SEVERITY_RANK, type ReviewReport } from '../report/report-model.ts';
import { InputError } from '../util/errors.ts';
import { buildReport, type TreeProvider } from './build-report.ts';
import { treeProvider } from './tree-provider.ts';
import { bundledKnowledge } from './knowledge.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { ingestSources, type IngestSummary, type SourceOptions } from './ingest.ts';
import { silentProgress, type ProgressSink } from './progress.ts';
import { loadConfiguredRules, type ConfigLayer } from './config.ts';
import { pickSeries, planSources, type SeriesPick } from './review-select.ts';

export type { TreeProvider, SeriesPick };
export { parseVersionOption } from './review-select.ts';

export interface ReviewRequest extends SourceOptions, SeriesPick {
  sources: string[];
  /**
   * Read every source again. Without it, a lore message-id or URL whose series version the store
   * already holds (complete) is reviewed from the store, with a note saying so.
   */
  refresh?: boolean;
  /** One line per source reviewed from the store instead of fetched (also in the report's notes). */
  onNote?: (text: string) => void;
  /** Rules directory (default: the bundled rules/). */
  rulesDir?: string;
  /** A kernel git checkout: each series is applied on its base there and whole files are analysed. */
  treeDir?: string;
  /** Another way to reach a tree (tests); `treeDir` wins when both are given. */
  tree?: TreeProvider;
  progress?: ProgressSink;
  onWarning?: (text: string) => void;
  /** One line per series reviewed on a tree: how many patches applied, on which base. */
  onTreeStatus?: (text: string) => void;
  /** With a tree: report findings the base already had (marked pre-existing) instead of listing them in the notes. */
  showPreexisting?: boolean;
  /** The tree-index cache file for `treeDir` (default: the tree index's default path). */
  treeIndexCache?: string;
  /** false: no mined knowledge at all (neither the tree's nor the shipped one); a knowledge base: use it instead of the shipped one (evaluations). */
  knowledge?: boolean | KnowledgeBase;
  /** More rules folders loaded beside `rulesDir` (--rules-extra); an id defined twice is an error. */
  rulesExtra?: string[];
  /** Rule switches and severity overrides (config files, flags), lowest precedence first; see config.ts. */
  ruleLayers?: ConfigLayer[];
}

export interface ReviewResult {
  report: ReviewReport;
  ingest: IngestSummary;
}

export async function reviewSources(db: DB, req: ReviewRequest): Promise<ReviewResult> {
  const progress = req.progress ?? silentProgress;
  // A review runs the rules, not their cases: a case file being edited does not stop it.
  // Rule switches and severities from config files and flags; their notes say what the report was checked with.
  const { rules, notes: settingNotes } = await loadConfiguredRules(req.rulesDir, req.rulesExtra ?? [], req.ruleLayers ?? []);
  const links = loreLinkBase(req.loreBase);
  const input = req.sources.join(' ');
  const plan = planSources(db, req.sources, req.refresh === true);
  for (const s of plan.stored) req.onNote?.(s.note);
  const summary = plan.read.length > 0
    ? await ingestSources(db, { sources: plan.read, loreBase: req.loreBase, cacheTtlSeconds: req.cacheTtlSeconds, progress })
    : nothingRead();
  const ids = await inputMessageIds(db, plan.read, summary.messageIds);
  const found = seriesForMessages(db, [...ids, ...plan.stored.flatMap((s) => s.messageIds)]);
  if (found.length === 0) {
    throw new InputError(`${input}: no patch series found (${summary.read} messages read, ${summary.skipped.length} skipped)`);
  }
  const picked = pickSeries(db, found, { series: req.series, version: req.version }, input);
  for (const note of picked.notes) req.onNote?.(note);
  const keys = picked.keys;
  progress.update(`checking ${keys.length} series...`, true);
  const knowledge = req.knowledge === false ? null : typeof req.knowledge === 'object' ? req.knowledge : bundledKnowledge();
  const local = req.treeDir !== undefined ? treeProvider(req.treeDir, { indexCachePath: req.treeIndexCache, knowledge: req.knowledge !== false, progress }) : undefined;
  try {
    const report = await buildReport(db, keys, {
      rules,
      loreBase: links,
      tree: local ?? req.tree,
      questions: questionsForSeries,
      onWarning: req.onWarning,
      onTreeStatus: req.onTreeStatus,
      showPreexisting: req.showPreexisting,
      ...(knowledge ? { knowledge } : {}),
    });
    for (const k of summary.skipped) report.notes.push(`skipped ${k.origin}: ${k.reason}`);
    report.notes.push(...plan.stored.map((s) => s.note), ...picked.notes);
    report.notes.push(...settingNotes);
    return { report, ingest: summary };
  } finally {
    await local?.close();
    progress.done();
  }
}

/** The ingest summary of a review that read nothing (every source was in the store). */
function nothingRead(): IngestSummary {
  return { read: 0, stored: 0, duplicates: 0, skipped: [], warnings: [], series: 0, patches: 0, replies: 0, messageIds: [] };
}

/**
 * The messages a review is about: those this run read, and every stored message of each public-inbox
 * epoch among the sources. An epoch is read incrementally (only the commits after the last run's), so
 * without the stored ones a second review of it would find nothing; with them it reviews the same series.
 * The epoch's commits are listed by reading it again (its blobs, not parsed); its messages are the
 * stored ones of origin `git:<commit>`.
 */
async function inputMessageIds(db: DB, sources: readonly string[], read: readonly string[]): Promise<string[]> {
  const origins: string[] = [];
  for (const source of sources) {
    if (classifySource(source) !== 'public-inbox') continue;
    for await (const message of readPublicInbox(source)) origins.push(message.origin);
  }
  if (origins.length === 0) return [...read];
  const seen = new Set(read);
  return [...read, ...messageIdsOfOrigins(db, origins).filter((id) => !seen.has(id))];
}

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON as readonly string[]).includes(value);
}

/** True when a finding of the report reaches `failOn` (never for 'never'). */
export function reachesSeverity(report: ReviewReport, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return report.series.some((s) => s.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold));
}
