// Builds the review report of stored series: loads patches, runs the rules, attaches questions
// and changelogs, then arranges the model (arrange-report.ts). Renderers only show what this decides.
import type { DB } from '../store/db.ts';
import { getMessage } from '../store/db.ts';
import { getSeriesSummary, seriesPatches } from '../store/read.ts';
import { splitPatch, extractChangelog, extractBaseInfo } from '../ingest/patch.ts';
import { checkSeriesChanges } from '../checks/engine.ts';
import type { Finding, PreparedTree, Rule, SeriesPatchInput } from '../checks/index.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import type { Message, PatchContent } from '../domain/mail.ts';
import { VERSION } from '../util/version.ts';
import type { BaseSource, LedgerQuestion, ReportRule, ReviewReport, SeriesAnalysis } from '../report/report-model.ts';
import { arrangeReport } from './arrange-report.ts';
import type { FindingDraft, PatchDraft, SeriesDraft } from './arrange-report.ts';

/** A series applied on its base in a kernel checkout: what the report needs of checks' PreparedTree. */
export type PreparedSeries = Pick<PreparedTree, 'access' | 'base' | 'baseSource' | 'applied' | 'failed' | 'notes'> & {
  /** Knowledge mined from the base tree (else the review's default knowledge applies). */
  knowledge?: KnowledgeBase;
};

export interface TreeProvider {
  /** Applies one series on its base; null when the series cannot be applied at all. */
  prepare(key: string, patches: { index: number; diff: string }[], baseCommit: string | null): Promise<PreparedSeries | null>;
  path: string;
}

export interface BuildOptions {
  rules: Rule[];
  loreBase: string;
  tree?: TreeProvider;
  questions?: (db: DB, key: string) => LedgerQuestion[];
  onWarning?: (text: string) => void;
  /** One line per series analysed on a tree: what applied on which base. */
  onTreeStatus?: (text: string) => void;
  /** Show findings the base already had as findings (marked `preexisting`) instead of listing them in the notes. */
  showPreexisting?: boolean;
  /** Knowledge for a series reviewed without a tree (the one shipped with the tool). */
  knowledge?: KnowledgeBase;
}

/** Pre-existing findings listed one per line in the notes, at most this many per series. */
const PREEXISTING_NOTES = 20;

/** A finding draft, with `preexisting` when the base already had it (review --show-preexisting). */
type ReviewFindingDraft = FindingDraft & { preexisting?: true };

export async function buildReport(db: DB, keys: string[], opts: BuildOptions): Promise<ReviewReport> {
  const rulesById = new Map(opts.rules.map((r) => [r.id, r]));
  const fired = new Set<string>();
  const notes: string[] = [];
  const bases: Record<string, string> = {};
  const series: SeriesDraft[] = [];
  for (const key of keys) {
    const s = await buildSeries(db, key, opts, (t) => notes.push(t));
    if (!s) continue;
    for (const f of s.findings) fired.add(f.rule);
    if (s.analysis.mode === 'tree' && s.analysis.base) bases[key] = s.analysis.base;
    series.push(s);
  }
  const rules: ReportRule[] = [...fired].map((id) => {
    const r = rulesById.get(id)!;
    return { id, title: r.title, category: r.category, severity: r.severity, concern: r.concern, provenance: r.provenance };
  });
  return arrangeReport({
    tool: { name: 'mm-review', version: VERSION },
    context: {
      analysis: series.some((s) => s.analysis.mode === 'tree') ? 'tree' : 'diff',
      tree: opts.tree ? { path: opts.tree.path, bases } : null,
      loreBase: opts.loreBase,
      rules,
    },
    series,
    notes,
  });
}

async function buildSeries(
  db: DB,
  key: string,
  opts: BuildOptions,
  note: (t: string) => void,
): Promise<SeriesDraft | null> {
  const summary = getSeriesSummary(db, key);
  if (!summary) return null;
  const cover = summary.coverId ? getMessage(db, summary.coverId) : null;
  const patches: PatchDraft[] = [];
  const inputs: SeriesPatchInput[] = [];
  for (const p of seriesPatches(db, key)) {
    const msg = getMessage(db, p.messageId);
    const content = msg ? splitPatch(msg.text) : null;
    patches.push({
      index: p.index,
      total: summary.total,
      subject: p.subject,
      messageId: p.messageId,
      references: msg?.references ?? [],
      author: p.author,
      date: p.date,
      files: content ? content.files.map((f) => f.newPath ?? f.oldPath ?? '') : p.files.map((f) => f.path),
      content,
    });
    if (content && p.index > 0) inputs.push({ index: p.index, messageId: p.messageId, subject: p.subject, content });
  }
  const tree = await prepareTree(opts, key, inputs, cover, note);
  const analysis = analysisOf(opts, inputs, tree);
  if (analysis.tree) opts.onTreeStatus?.(`${key}: ${analysis.summary}`);
  // A series of which nothing applied is analysed from its diff alone, never as a tree.
  const access = analysis.mode === 'tree' ? tree?.access : undefined;
  const knowledge = (analysis.mode === 'tree' ? tree?.knowledge : undefined) ?? opts.knowledge;
  const checked = checkSeriesChanges(inputs, { rules: opts.rules, tree: access, ...(knowledge ? { knowledge } : {}), seriesDate: summary.date, onWarning: (w) => opts.onWarning?.(`${key}: ${w}`) });
  const findings: ReviewFindingDraft[] = checked.findings.map((f) => toFindingDraft(f, opts.rules));
  if (opts.showPreexisting) {
    for (const f of checked.preexisting) findings.push({ ...toFindingDraft({ ...f, message: `Already in the base: ${f.message}` }, opts.rules), preexisting: true });
  } else if (checked.preexisting.length > 0) {
    for (const f of checked.preexisting.slice(0, PREEXISTING_NOTES)) {
      note(`${key}: already in the base, not a finding: patch ${f.patch} ${f.function ?? '-'}() ${f.rule} (${f.file ?? '-'}:${f.line ?? '-'})`);
    }
    const more = checked.preexisting.length - PREEXISTING_NOTES;
    if (more > 0) note(`${key}: ${more} more finding${more === 1 ? '' : 's'} already in the base (review --show-preexisting lists them)`);
  }
  const previous = summary.previousKey ? getSeriesSummary(db, summary.previousKey) : null;
  return {
    key,
    title: summary.title,
    version: summary.version,
    isRfc: summary.isRfc,
    author: summary.author,
    date: summary.date,
    messageId: summary.coverId ?? patches[0]?.messageId ?? key,
    cover: cover ? { subject: cover.subject, messageId: cover.id, text: cover.text } : null,
    complete: summary.complete,
    total: summary.total,
    previousVersion: previous?.key ?? null,
    previousVersionNumber: previous?.version ?? null,
    changesSincePrevious: changelogFor(summary.version, cover, patches),
    analysis,
    patches,
    findings,
    questions: opts.questions ? opts.questions(db, key) : [],
  };
}

async function prepareTree(
  opts: BuildOptions,
  key: string,
  inputs: SeriesPatchInput[],
  cover: Message | null,
  note: (t: string) => void,
): Promise<PreparedSeries | null> {
  if (!opts.tree || inputs.length === 0) return null;
  const base = (cover ? extractBaseInfo(cover.text).baseCommit : null) ?? inputs.find((p) => p.content.baseCommit)?.content.baseCommit ?? null;
  const prepared = await opts.tree.prepare(key, inputs.map((p) => ({ index: p.index, diff: p.content.diff })), base);
  if (!prepared) return null;
  for (const n of prepared.notes) note(`${key}: ${n}`);
  return prepared;
}

/** How a series was analysed, from what its tree preparation applied. */
function analysisOf(opts: BuildOptions, inputs: readonly SeriesPatchInput[], tree: PreparedSeries | null): SeriesAnalysis {
  const withSummary = (a: Omit<SeriesAnalysis, 'summary'>): SeriesAnalysis => ({ ...a, summary: treeStatusLine(a) });
  if (!opts.tree) return withSummary({ mode: 'diff', base: null, tree: null });
  const offered = inputs.length;
  if (!tree) return withSummary({ mode: 'diff', base: null, tree: { base: null, baseSource: null, applied: [], offered, failed: [] } });
  const applied = tree.applied.filter((i) => inputs.some((p) => p.index === i));
  const failed = tree.failed.map((f) => ({ patch: f.index, reason: f.reason }));
  const mode = applied.length > 0 ? 'tree' : 'diff';
  return withSummary({ mode, base: mode === 'tree' ? tree.base : null, tree: { base: tree.base, baseSource: tree.baseSource, applied, offered, failed } });
}

/** "2 of 3 patches applied on <base> (its base-commit)", or what the diff-only analysis could not see. */
function treeStatusLine(a: Omit<SeriesAnalysis, 'summary'>): string {
  const t = a.tree;
  if (!t) return 'diff only: functions outside the hunks were not seen';
  if (t.offered === 0) return 'no patch with a diff: nothing to apply';
  if (!t.base) return `no base found for the series in the tree; ${t.offered} patch${t.offered === 1 ? '' : 'es'} analysed from the diff alone`;
  const where = `${t.base.slice(0, 12)} (${BASE_SOURCE_TEXT[t.baseSource ?? 'head']})`;
  if (t.applied.length === 0) return `none of ${t.offered} patch${t.offered === 1 ? '' : 'es'} applied on ${where}: analysed from the diff alone`;
  return `${t.applied.length} of ${t.offered} patch${t.offered === 1 ? '' : 'es'} applied on ${where}`;
}

const BASE_SOURCE_TEXT: Record<BaseSource, string> = {
  'base-commit': 'its base-commit',
  'blob-ids': 'the commit its blob ids match',
  head: 'the tree\'s HEAD',
};

/** The changelog block of this version: from the cover, else from the patches' notes. */
function changelogFor(version: number, cover: Message | null, patches: PatchDraft[]): string[] {
  if (version <= 1) return [];
  const texts = cover ? [cover.text] : patches.map((p) => p.content?.notes ?? '');
  for (const text of texts) {
    const blocks = extractChangelog(text);
    const exact = blocks.find((b) => b.version === version);
    if (exact) return exact.lines;
    const unversioned = blocks.find((b) => b.version === null);
    if (unversioned) return unversioned.lines;
  }
  return [];
}

function toFindingDraft(f: Finding, rules: Rule[]): FindingDraft {
  const rule = rules.find((r) => r.id === f.rule);
  return { ...f, ruleTitle: rule?.title ?? f.rule, reason: rule?.concern.trim() ?? '' };
}

export type { PatchContent };
