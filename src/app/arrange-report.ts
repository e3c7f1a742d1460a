// Turns a drafted review report into the report model: orders everything once (patches by index,
// findings by checks' sortFindings, questions by patch), groups findings and questions per patch,
// places each on its diff line and completes the rule list. Pure; renderers only read what this decides.
import { sortFindings } from '../checks/index.ts';
import type {
  LedgerQuestion, ReportFinding, ReportPatch, ReportQuestion, ReportRule, ReportSeries, ReviewReport,
} from '../report/report-model.ts';
import type { PatchContent } from '../domain/mail.ts';
import { fileIndexOf, newLinePosition, questionPosition } from './diff-positions.ts';

/** At most this many missing patch indexes are listed per series. */
const MISSING_PATCHES_LISTED = 20;

/** A finding as the engine reports it, with its rule's title and reason; not yet placed. */
export type FindingDraft = Omit<ReportFinding, 'fileIndex' | 'position' | 'repeatsRule'>;
export type PatchDraft = Omit<ReportPatch, 'findings' | 'questions'>;

export interface SeriesDraft extends Omit<ReportSeries,
  'patches' | 'missingPatches' | 'findings' | 'questions' | 'seriesFindings' | 'seriesQuestions'> {
  patches: PatchDraft[];
  findings: FindingDraft[];
  questions: LedgerQuestion[];
}

export interface ReportDraft extends Omit<ReviewReport, 'series' | 'findingCategories'> {
  series: SeriesDraft[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The report model of a draft. The draft's arrays are not changed. */
export function arrangeReport(draft: ReportDraft): ReviewReport {
  return completeReport(draft, draft.series.map(arrangeSeries));
}

/**
 * The report model of series arranged one at a time (arrangeSeries, as a review goes), with the rest of
 * the draft: the rule list completed from their findings, and the findings' categories.
 */
export function completeReport(draft: Omit<ReportDraft, 'series'>, series: ReportSeries[]): ReviewReport {
  const findings = series.flatMap((s) => s.findings);
  return {
    tool: draft.tool,
    context: { ...draft.context, rules: firedRules(draft.context.rules, findings) },
    series,
    findingCategories: [...new Set(findings.map((f) => f.category))].sort(byString),
    notes: draft.notes,
  };
}

/** Findings in the one order of the project: checks' sortFindings (patch, file, line, rule, message). */
function orderFindings<F extends FindingDraft>(findings: readonly F[]): F[] {
  const draftOf = new Map<object, F>(findings.map((f) => [f, f]));
  return sortFindings([...findings]).map((f) => draftOf.get(f)!);
}

/** Questions by patch (cover and unknown first), keeping the ledger's order within a patch. */
function orderQuestions<Q extends LedgerQuestion>(questions: readonly Q[]): Q[] {
  return [...questions].sort((a, b) => (a.patch ?? -1) - (b.patch ?? -1));
}

/** One series of the report model: ordered, grouped and placed in its diffs. The draft is not changed. */
export function arrangeSeries(draft: SeriesDraft): ReportSeries {
  const patchDrafts = [...draft.patches].sort((a, b) => a.index - b.index);
  const held = new Set(patchDrafts.map((p) => p.index));
  const byIndex = new Map<number, PatchDraft>();
  for (const p of patchDrafts) if (!byIndex.has(p.index)) byIndex.set(p.index, p);
  const contentOf = (index: number | null): PatchContent | null =>
    index === null ? null : byIndex.get(index)?.content ?? null;
  const explained = new Set<string>();
  const findings = orderFindings(draft.findings).map((f): ReportFinding => {
    const content = contentOf(f.patch);
    const group = `${held.has(f.patch) ? f.patch : 'series'}\u0000${f.rule}`;
    const repeatsRule = explained.has(group);
    explained.add(group);
    return { ...f, fileIndex: fileIndexOf(content, f.file), position: newLinePosition(content, f.file, f.line), repeatsRule };
  });
  const questions = orderQuestions(draft.questions).map((q): ReportQuestion => ({
    ...q,
    position: questionPosition(contentOf(q.patch), q),
    awaitsAnswer: q.status === 'open' || q.status === 'outdated',
  }));
  const findingsOf = groupBy(findings, (f) => f.patch);
  const questionsOf = groupBy(questions, (q) => q.patch);
  const patches = patchDrafts.map((p): ReportPatch => ({
    ...p,
    findings: [...(findingsOf.get(p.index) ?? [])],
    questions: [...(questionsOf.get(p.index) ?? [])],
  }));
  return {
    ...draft,
    patches,
    missingPatches: missingIndexes(held, draft.total),
    findings,
    questions,
    seriesFindings: findings.filter((f) => !held.has(f.patch)),
    seriesQuestions: questions.filter((q) => q.patch === null || !held.has(q.patch)),
  };
}

/** The items by key, each list in the items' order. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function missingIndexes(held: ReadonlySet<number>, total: number): number[] {
  const missing: number[] = [];
  for (let i = 1; i <= total && missing.length < MISSING_PATCHES_LISTED; i++) if (!held.has(i)) missing.push(i);
  return missing;
}

/** The context's rules plus any rule a finding names that it lacks (described from the finding), by id. */
function firedRules(rules: readonly ReportRule[], findings: readonly ReportFinding[]): ReportRule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const f of findings) {
    if (byId.has(f.rule)) continue;
    byId.set(f.rule, { id: f.rule, title: f.ruleTitle, category: f.category, severity: f.severity, concern: f.reason, provenance: f.provenance });
  }
  return [...byId.values()].sort((a, b) => byString(a.id, b.id));
}
