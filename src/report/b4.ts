// b4's external check output (`b4 review`, b4.review-perpatch-check-cmd / review-series-check-cmd): a JSON
// array of {tool, status, summary, url, details}. The use case (app/b4-check.ts) decides the status and
// which findings belong to the message; this only writes them down. Every string from mail (messages,
// paths, notes) is made safe for a terminal: b4 shows them in its TUI as they are.
import type { ReportFinding, Severity } from './report-model.ts';
import { SEVERITY_RANK } from './report-model.ts';
import { safeJson, terminalSafe } from '../util/safe-text.ts';

export type B4Status = 'pass' | 'warn' | 'fail';

/** One result row for b4's matrix: what mm-review found in one message. */
export interface B4Verdict {
  status: B4Status;
  /** The findings shown for the message, in the series' order (patch, file, line). */
  findings: ReportFinding[];
  /** How the message was analysed, one line ("diff only: ...", "1 of 1 patches applied on ..."). */
  analysis: string;
  /** Other things a reader should know (a patch that did not apply, a skipped message). */
  notes: string[];
  /** The message on lore, or null when it had no usable Message-ID. */
  url: string | null;
}

/** The keys b4 reads from each result, in its documented order. */
export interface B4Result {
  tool: string;
  status: B4Status;
  summary: string;
  url: string;
  details: string;
}

export const B4_TOOL = 'mm-review';

/** Keeps the summary to one line of a terminal. */
const SUMMARY_MAX = 160;

const NOUNS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] };

/** "2 errors, 1 warning": the counts by severity, most severe first; "" for none. */
export function severityCounts(findings: readonly ReportFinding[]): string {
  const parts: string[] = [];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n > 0) parts.push(`${n} ${NOUNS[severity][n === 1 ? 0 : 1]}`);
  }
  return parts.join(', ');
}

/** The first of the most severe findings: the one the summary names. */
function headline(findings: readonly ReportFinding[]): ReportFinding | undefined {
  let best: ReportFinding | undefined;
  for (const f of findings) if (!best || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best.severity]) best = f;
  return best;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}

function summaryOf(v: B4Verdict): string {
  const top = headline(v.findings);
  if (!top) return cut(`no findings (${terminalSafe(v.analysis)})`, SUMMARY_MAX);
  const more = v.findings.length > 1 ? ` (+${v.findings.length - 1} more)` : '';
  return cut(`${severityCounts(v.findings)}: ${terminalSafe(top.ruleTitle)} [${top.rule}]${more}`, SUMMARY_MAX);
}

/** `file:line: severity: message [rule]`; a finding on the whole series says so instead of a place. */
export function findingLine(f: ReportFinding): string {
  const place = f.file === null ? '(series)' : f.line === null ? f.file : `${f.file}:${f.line}`;
  return terminalSafe(`${place}: ${f.severity}: ${f.message} [${f.rule}]`);
}

function detailsOf(v: B4Verdict): string {
  const lines = v.findings.map(findingLine);
  if (lines.length > 0) lines.push('');
  lines.push(`analysis: ${terminalSafe(v.analysis)}`);
  for (const note of v.notes) lines.push(`note: ${terminalSafe(note)}`);
  return lines.join('\n');
}

/** The result objects for b4, in the order given. */
export function b4Results(verdicts: readonly B4Verdict[]): B4Result[] {
  return verdicts.map((v) => ({ tool: B4_TOOL, status: v.status, summary: summaryOf(v), url: v.url ?? '', details: detailsOf(v) }));
}

/** What b4-check prints: the JSON array b4 reads (`[]` when there is nothing to report). */
export function renderB4Check(verdicts: readonly B4Verdict[]): string {
  return `${safeJson(b4Results(verdicts))}\n`;
}
