// Builds the review report of stored series, one at a time: loads patches, runs the rules, attaches
// questions and changelogs, arranges the series (arrange-report.ts) and keeps only that. Renderers only
// show what this decides.
import type { DB } from '../store/db.ts';
import { getMessage } from '../store/db.ts';
import { getSeriesSummary, seriesPatches } from '../store/read.ts';
import { splitPatch, extractChangelog, extractBaseInfo } from '../ingest/patch.ts';
import { checkSeriesSteps, type SeriesCheck } from '../checks/engine.ts';
import { finishPausing } from '../checks/steps.ts';
import type { Finding, PreparedTree, Rule, SeriesPatchInput } from '../checks/index.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import type { Message, PatchContent } from '../domain/mail.ts';
import { VERSION } from '../util/version.ts';
import type { BaseSource, LedgerQuestion, ReportPatch, ReportRecipients, ReportRule, ReportSeries, ReviewReport, SeriesAnalysis } from '../report/report-model.ts';
import { arrangeSeries, completeReport } from './arrange-report.ts';
import type { FindingDraft, PatchDraft, SeriesDraft } from './arrange-report.ts';

/** A series applied on its base in a kernel checkout: what the report needs of checks' PreparedTree. */
export type PreparedSeries = Pick<PreparedTree, 'access' | 'base' | 'baseSource' | 'applied' | 'failed' | 'notes'> & {
  /** Knowledge mined from the base tree (else the review's default knowledge applies). */
  knowledge?: KnowledgeBase;
  /** Called once the series is checked: its scratch checkout and the texts read from it can go. */
  release?: () => Promise<void>;
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

/**
 * Series are built, checked and arranged one at a time; what the report keeps of each is its arranged
 * model, with every patch's diff re-read from its mail text when a renderer asks for it (keptDiffs):
 * the parsed patches, change models and syntax trees of a series are garbage once it is done.
 */
export async function buildReport(db: DB, keys: string[], opts: BuildOptions): Promise<ReviewReport> {
  const rulesById = new Map(opts.rules.map((r) => [r.id, r]));
  const firstById = new Map<string, Rule>();
  for (const r of opts.rules) if (!firstById.has(r.id)) firstById.set(r.id, r);
  const fired = new Set<string>();
  const notes: string[] = [];
  const bases: Record<string, string> = {};
  const series: ReportSeries[] = [];
  const diffs = keptDiffs();
  const pauses = pacer();
  for (const key of keys) {
    const built = await buildSeries(db, key, opts, { rulesById: firstById, pause: pauses.nowAndThen }, (t) => notes.push(t));
    if (built) {
      const s = built.draft;
      for (const f of s.findings) fired.add(f.rule);
      if (s.analysis.mode === 'tree' && s.analysis.base) bases[key] = s.analysis.base;
      const arranged = arrangeSeries(s);
      for (const p of arranged.patches) diffs.keep(p, built.texts.get(p.messageId));
      series.push(arranged);
    }
    // The syntax trees of a series hold native memory that is given back only when their finalizers run,
    // on a turn of the event loop: let one pass between series (and now and then within a large one).
    await pauses.always();
  }
  const rules: ReportRule[] = [...fired].map((id) => {
    const r = rulesById.get(id)!;
    return { id, title: r.title, category: r.category, severity: r.severity, concern: r.concern, provenance: r.provenance };
  });
  const head = {
    tool: { name: 'mm-review' as const, version: VERSION },
    context: {
      analysis: series.some((s) => s.analysis.mode === 'tree') ? 'tree' as const : 'diff' as const,
      tree: opts.tree ? { path: opts.tree.path, bases } : null,
      loreBase: opts.loreBase,
      rules,
    },
    notes,
  };
  return completeReport(head, series);
}

/** Within the checks of one series: a turn of the event loop at most every this many milliseconds. */
const PAUSE_EVERY_MS = 20;

/**
 * Turns of the event loop (tree-sitter's trees are freed by finalizers that run on one): `always`, and
 * `nowAndThen` when the last one is PAUSE_EVERY_MS ago (between two steps of a series' checks).
 */
function pacer(): { always: () => Promise<void>; nowAndThen: () => Promise<void> | void } {
  let last = performance.now();
  const always = (): Promise<void> => {
    last = performance.now();
    return new Promise((resolve) => setImmediate(resolve));
  };
  return { always, nowAndThen: () => (performance.now() - last >= PAUSE_EVERY_MS ? always() : undefined) };
}

/** Parsed diffs kept for renderers that read a few patches at once (an excerpt per finding of one patch). */
const DIFFS_KEPT = 16;

/**
 * The report's patches hold their mail text rather than its parsed diff: `content` is split again on
 * first read, and the last few parsed are kept. A parsed diff takes several times its text's memory, and
 * the JSON report never reads it.
 */
function keptDiffs(): { keep(patch: ReportPatch, text: string | undefined): void } {
  const recent = new Map<ReportPatch, PatchContent | null>();
  return {
    keep(patch, text) {
      if (patch.content === null || text === undefined) return;
      Object.defineProperty(patch, 'content', {
        enumerable: true,
        configurable: true,
        get(): PatchContent | null {
          let content = recent.get(patch);
          if (content === undefined) {
            content = splitPatch(text);
            if (recent.size >= DIFFS_KEPT) recent.delete(recent.keys().next().value!);
          } else recent.delete(patch);
          recent.set(patch, content);
          return content;
        },
        set(value: PatchContent | null) {
          Object.defineProperty(patch, 'content', { value, enumerable: true, configurable: true, writable: true });
        },
      });
    },
  };
}

/** A series' draft, and the mail text of each patch by message-id (what its diff is split from). */
interface BuiltSeries {
  draft: SeriesDraft;
  texts: Map<string, string>;
}

async function buildSeries(
  db: DB,
  key: string,
  opts: BuildOptions,
  run: { rulesById: ReadonlyMap<string, Rule>; pause: () => Promise<void> | void },
  note: (t: string) => void,
): Promise<BuiltSeries | null> {
  const summary = getSeriesSummary(db, key);
  if (!summary) return null;
  const cover = summary.coverId ? getMessage(db, summary.coverId) : null;
  const patches: PatchDraft[] = [];
  const inputs: SeriesPatchInput[] = [];
  const texts = new Map<string, string>();
  for (const p of seriesPatches(db, key)) {
    const msg = getMessage(db, p.messageId);
    const content = msg ? splitPatch(msg.text) : null;
    if (msg && !texts.has(p.messageId)) texts.set(p.messageId, msg.text);
    patches.push({
      index: p.index,
      total: summary.total,
      subject: p.subject,
      messageId: p.messageId,
      references: msg?.references ?? [],
      author: p.author,
      date: p.date,
      ...(msg ? { recipients: recipientsOf(msg) } : {}),
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
  const steps = checkSeriesSteps(inputs, { rules: opts.rules, tree: access, ...(knowledge ? { knowledge } : {}), seriesDate: summary.date, onWarning: (w) => opts.onWarning?.(`${key}: ${w}`) });
  let checked: SeriesCheck;
  try {
    checked = await finishPausing(steps, run.pause);
  } finally {
    await tree?.release?.();
  }
  const findings: ReviewFindingDraft[] = checked.findings.map((f) => toFindingDraft(f, run.rulesById));
  if (opts.showPreexisting) {
    for (const f of checked.preexisting) findings.push({ ...toFindingDraft({ ...f, message: `Already in the base: ${f.message}` }, run.rulesById), preexisting: true });
  } else if (checked.preexisting.length > 0) {
    for (const f of checked.preexisting.slice(0, PREEXISTING_NOTES)) {
      note(`${key}: already in the base, not a finding: patch ${f.patch} ${f.function ?? '-'}() ${f.rule} (${f.file ?? '-'}:${f.line ?? '-'})`);
    }
    const more = checked.preexisting.length - PREEXISTING_NOTES;
    if (more > 0) note(`${key}: ${more} more finding${more === 1 ? '' : 's'} already in the base (review --show-preexisting lists them)`);
  }
  const previous = summary.previousKey ? getSeriesSummary(db, summary.previousKey) : null;
  const draft: SeriesDraft = {
    key,
    title: summary.title,
    version: summary.version,
    isRfc: summary.isRfc,
    author: summary.author,
    date: summary.date,
    messageId: summary.coverId ?? patches[0]?.messageId ?? key,
    cover: cover ? { subject: cover.subject, messageId: cover.id, text: cover.text, recipients: recipientsOf(cover) } : null,
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
  return { draft, texts };
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

/** A stored message's To and Cc, copied (the message parses them on first read). */
function recipientsOf(msg: Message): ReportRecipients {
  return { to: msg.to.map((a) => ({ ...a })), cc: msg.cc.map((a) => ({ ...a })) };
}

function toFindingDraft(f: Finding, rules: ReadonlyMap<string, Rule>): FindingDraft {
  const rule = rules.get(f.rule);
  return { ...f, ruleTitle: rule?.title ?? f.rule, reason: rule?.concern.trim() ?? '' };
}

export type { PatchContent };
