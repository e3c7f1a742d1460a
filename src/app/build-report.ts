// Builds the review report of stored series: loads patches, runs the rules, attaches questions
// and changelogs, then arranges the model (arrange-report.ts). Renderers only show what this decides.
import type { DB } from '../store/db.ts';
import { getMessage } from '../store/db.ts';
import { getSeriesSummary, seriesPatches } from '../store/read.ts';
import { splitPatch, extractChangelog, extractBaseInfo } from '../ingest/patch.ts';
import { checkSeries } from '../checks/index.ts';
import type { Finding, Rule, SeriesPatchInput, TreeAccess } from '../checks/index.ts';
import type { Message, PatchContent } from '../domain/mail.ts';
import { VERSION } from '../util/version.ts';
import type { LedgerQuestion, ReportRule, ReviewReport } from '../report/report-model.ts';
import { arrangeReport } from './arrange-report.ts';
import type { FindingDraft, PatchDraft, SeriesDraft } from './arrange-report.ts';

export interface TreeProvider {
  /** Prepares whole-file access for one series; null when the series cannot be applied at all. */
  prepare(key: string, patches: { index: number; diff: string }[], baseCommit: string | null): Promise<{ access: TreeAccess; base: string; notes: string[] } | null>;
  path: string;
}

export interface BuildOptions {
  rules: Rule[];
  loreBase: string;
  tree?: TreeProvider;
  questions?: (db: DB, key: string) => LedgerQuestion[];
  onWarning?: (text: string) => void;
}

export async function buildReport(db: DB, keys: string[], opts: BuildOptions): Promise<ReviewReport> {
  const rulesById = new Map(opts.rules.map((r) => [r.id, r]));
  const fired = new Set<string>();
  const notes: string[] = [];
  const bases: Record<string, string> = {};
  const series: SeriesDraft[] = [];
  for (const key of keys) {
    const s = await buildSeries(db, key, opts, (t) => notes.push(t), bases);
    if (!s) continue;
    for (const f of s.findings) fired.add(f.rule);
    series.push(s);
  }
  const rules: ReportRule[] = [...fired].map((id) => {
    const r = rulesById.get(id)!;
    return { id, title: r.title, category: r.category, severity: r.severity, concern: r.concern, provenance: r.provenance };
  });
  return arrangeReport({
    tool: { name: 'mm-review', version: VERSION },
    context: {
      analysis: opts.tree ? 'tree' : 'diff',
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
  bases: Record<string, string>,
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
  if (tree) bases[key] = tree.base;
  const findings = checkSeries(inputs, { rules: opts.rules, tree: tree?.access, onWarning: (w) => opts.onWarning?.(`${key}: ${w}`) })
    .map((f) => toFindingDraft(f, opts.rules));
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
) {
  if (!opts.tree || inputs.length === 0) return null;
  const base = (cover ? extractBaseInfo(cover.text).baseCommit : null) ?? inputs.find((p) => p.content.baseCommit)?.content.baseCommit ?? null;
  const prepared = await opts.tree.prepare(key, inputs.map((p) => ({ index: p.index, diff: p.content.diff })), base);
  if (!prepared) return null;
  for (const n of prepared.notes) note(`${key}: ${n}`);
  return prepared;
}

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
