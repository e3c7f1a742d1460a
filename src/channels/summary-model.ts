// What a channel summary says about one series version, decided once from the review report and the
// question ledger; report/summary.ts only writes it in each channel's markup.
import { createHash } from 'node:crypto';
import { normaliseTitle, parseSubject } from '../ingest/subject.ts';
import { loreLink, SEVERITY_RANK, type ReportSeries, type ReviewReport, type Severity } from '../report/report-model.ts';
import type { SummaryChanges, SummaryModel, SummaryQuestion, SummaryState } from '../report/summary.ts';

/** Findings a summary lists at most (the most severe first). */
const TOP_FINDINGS = 10;
/** Changelog lines a summary quotes at most. */
const CHANGELOG_LINES = 8;

/** A question of an earlier version that this version resolved (from the ledger). */
export interface ResolvedQuestion {
  askedBy: string;
  version: number;
  messageId: string;
  patch: number | null;
  file: string | null;
  function: string | null;
  text: string;
}

export interface SummaryInputs {
  report: ReviewReport;
  series: ReportSeries;
  resolved: readonly ResolvedQuestion[];
  /** Subjects of the previous version's patches, when it is stored. */
  previousSubjects: readonly string[] | null;
  reportUrl?: string;
  reportPath?: string;
  /** Series key of the lineage (first version posted): the marker is derived from it. */
  lineage: string;
}

/** The hex id of a lineage key: what markers carry (never the message-id itself). */
export function lineageRef(lineage: string): string {
  return createHash('sha256').update(`mm-review lineage\u0000${lineage}`, 'utf8').digest('hex').slice(0, 16);
}

export function versionLabel(s: Pick<ReportSeries, 'isRfc' | 'version'>): string {
  return `${s.isRfc ? 'RFC ' : ''}v${s.version}`;
}

function placeOf(patch: number | null, total: number): string {
  if (patch === null) return 'series';
  return patch === 0 ? 'cover letter' : `patch ${patch}/${total}`;
}

function stateOf(s: ReportSeries, counts: Record<Severity, number>): SummaryState {
  if (counts.error > 0) return 'fail';
  return counts.warning > 0 || s.missingPatches.length > 0 ? 'warn' : 'pass';
}

function changesOf(s: ReportSeries, previous: readonly string[] | null): SummaryChanges | null {
  if (s.previousVersionNumber === null || previous === null) return null;
  const titleOf = (subject: string): string => parseSubject(subject).title;
  const now = s.patches.filter((p) => p.index > 0).map((p) => titleOf(p.subject));
  const before = previous.map(titleOf);
  const beforeSet = new Set(before.map(normaliseTitle));
  const nowSet = new Set(now.map(normaliseTitle));
  return {
    previous: `v${s.previousVersionNumber}`,
    patchesBefore: before.length,
    patchesNow: now.length,
    added: now.filter((t) => !beforeSet.has(normaliseTitle(t))),
    removed: before.filter((t) => !nowSet.has(normaliseTitle(t))),
    changelog: s.changesSincePrevious.slice(0, CHANGELOG_LINES),
  };
}

/** The summary of `inputs.series`; deterministic (no clock), so an unchanged review gives the same text. */
export function buildSummaryModel(inputs: SummaryInputs): SummaryModel {
  const { report, series: s } = inputs;
  const base = report.context.loreBase;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of s.findings) counts[f.severity]++;
  const ranked = s.findings.map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const open: SummaryQuestion[] = s.questions.filter((q) => q.awaitsAnswer).map((q) => ({
    askedBy: q.askedBy, version: q.openSince ?? s.version, place: placeOf(q.patch, s.total), file: q.file, fn: q.function,
    text: q.text, link: loreLink(base, q.messageId),
  }));
  const resolved: SummaryQuestion[] = inputs.resolved.map((q) => ({
    askedBy: q.askedBy, version: q.version, place: placeOf(q.patch, s.total), file: q.file, fn: q.function,
    text: q.text, link: loreLink(base, q.messageId),
  }));
  const found = new Set(s.patches.filter((p) => p.index > 0).map((p) => p.index)).size;
  return {
    title: s.title,
    version: versionLabel(s),
    versionNumber: s.version,
    author: s.author.name || s.author.email,
    link: s.messageId ? loreLink(base, s.messageId) : null,
    patches: { found, total: s.total, missing: s.missingPatches },
    state: stateOf(s, counts),
    counts,
    analysis: s.analysis.summary,
    findings: ranked.slice(0, TOP_FINDINGS).map((f) => ({
      severity: f.severity, rule: f.rule, place: placeOf(f.patch === 0 ? null : f.patch, s.total), file: f.file, line: f.line,
      fn: f.function, message: f.message,
    })),
    findingsTotal: ranked.length,
    openQuestions: open,
    resolvedQuestions: resolved,
    changes: changesOf(s, inputs.previousSubjects),
    report: { url: inputs.reportUrl ?? null, path: inputs.reportPath ?? null, command: `mm-review review ${s.key}` },
    tool: { name: report.tool.name, version: report.tool.version },
    ref: lineageRef(inputs.lineage),
  };
}
