// Terminal output of a review: one line per concern in the compiler convention
// (`file:line: severity: message [rule]`, which editors and `grep` read), the diff lines it points at
// indented below, grouped per patch, then a one-line summary. Plain text: no Markdown escapes and no
// zero-width characters (message-ids and paths must paste as they are, into b4 or an editor); mail
// text goes through terminalSafe so that it cannot drive the terminal. Colour only when asked for.
import { lineAt } from './annotate.ts';
import { groupFindings, otherPlaces, concernFindings, type Concern, type PlaceGroup } from './group-findings.ts';
import type { ReportFinding, ReportPatch, ReportSeries, ReviewReport, Severity } from './report-model.ts';
import { terminalSafe } from '../util/safe-text.ts';

// Printers elsewhere import the terminal sanitiser from here.
export { terminalSafe } from '../util/safe-text.ts';

export interface TextOptions {
  /** SGR colour codes (severity, headers); the caller decides (a TTY, NO_COLOR). Default off. */
  color?: boolean;
  /** A last line pointing at the full report, in the caller's words (it knows its options). */
  hint?: string;
}

/** Diff lines shown under one concern, at most. */
const MAX_DIFF_LINES = 3;

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

const SGR = { error: '1;31', warning: '1;33', info: '36', bold: '1', dim: '2' } as const;

type Style = keyof typeof SGR;
type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
const coloured: Paint = (style, text) => `\u001b[${SGR[style]}m${text}\u001b[0m`;

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `file:line`, `file`, or where a finding without a file belongs. */
function location(f: ReportFinding, patch: ReportPatch | null): string {
  if (f.file) return f.line !== null ? `${terminalSafe(f.file)}:${f.line}` : terminalSafe(f.file);
  return patch ? `patch ${patch.index}/${patch.total}` : 'series';
}

function headline(f: ReportFinding, patch: ReportPatch | null, paint: Paint): string {
  const message = terminalSafe(f.message).trim();
  return `${location(f, patch)}: ${paint(f.severity, f.severity)}: ${message} ${paint('dim', `[${terminalSafe(f.rule)}]`)}`;
}

/** The added/removed (or context) lines a concern's findings point at, a few at most, each once. */
function diffLines(concern: Concern, patch: ReportPatch | null, paint: Paint): string[] {
  if (!patch) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of concernFindings(concern)) {
    if (out.length >= MAX_DIFF_LINES) break;
    const line = lineAt(patch.content, f.position);
    if (!line || !f.position) continue;
    const key = `${f.position.fileIndex}:${f.position.hunkIndex}:${f.position.lineIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const no = String(line.newNo ?? line.oldNo ?? '').padStart(5);
    const text = `${line.kind}${terminalSafe(line.text)}`;
    out.push(`  ${paint('dim', `${no} |`)} ${line.kind === ' ' ? text : paint(line.kind === '+' ? 'bold' : 'dim', text)}`);
  }
  return out;
}

function placeText(g: PlaceGroup, primary: ReportFinding): string {
  const lines = g.lines.join(', ');
  const unplaced = g.unplaced > 0 ? `${lines ? ' + ' : ''}${plural(g.unplaced, 'place')} without a line` : '';
  const file = g.file !== null && g.file !== primary.file ? `${terminalSafe(g.file)}:` : '';
  const fn = g.function ? ` in ${terminalSafe(g.function)}()` : '';
  return `${file}${lines}${unplaced}${fn}`.trim() || 'elsewhere';
}

/** "... and 3 more places: 40, 52 in bar(); mm/x.c:61" with every other place listed. */
function morePlaces(concern: Concern): string[] {
  const n = concern.others.length;
  if (n === 0) return [];
  const list = otherPlaces(concern).map((g) => placeText(g, concern.primary)).join('; ');
  return [`    ... and ${plural(n, 'more place')}: ${list}`];
}

function renderConcern(concern: Concern, patch: ReportPatch | null, paint: Paint): string[] {
  const f = concern.primary;
  const out = [headline(f, patch, paint)];
  if (f.function) out.push(`    in ${terminalSafe(f.function)}()`);
  out.push(...diffLines(concern, patch, paint));
  if (f.related && f.related.length > 0) {
    const fns = [...new Set(f.related.map((r) => (r.function ? `${terminalSafe(r.function)}()` : location({ ...f, ...r }, patch))))];
    out.push(`    affects: ${fns.join(', ')}`);
  }
  out.push(...morePlaces(concern));
  return out;
}

/** `[PATCH 2/3] subject`: the subject as sent when it carries its own tag, else with one added. */
function patchHeader(patch: ReportPatch): string {
  const subject = terminalSafe(patch.subject).trim();
  return /^\[[^\]]*\]/.test(subject) ? subject : `[PATCH ${patch.index}/${patch.total}] ${subject}`;
}

function renderPatch(patch: ReportPatch, paint: Paint): string[] {
  if (patch.findings.length === 0) return [];
  const out = ['', paint('bold', patchHeader(patch)),
    `  message-id: ${terminalSafe(patch.messageId)}`];
  if (patch.content === null) out.push('  (patch body not available: no diff lines to show)');
  for (const c of groupFindings(patch.findings)) out.push(...renderConcern(c, patch, paint));
  return out;
}

function renderSeries(s: ReportSeries, paint: Paint): string[] {
  const missing = s.missingPatches.length > 0 ? `, missing ${s.missingPatches.join(', ')}` : '';
  const out = [paint('bold', `${terminalSafe(s.title)} (v${s.version}${s.isRfc ? ', RFC' : ''}): ${s.patches.length} of ${plural(s.total, 'patch', 'patches')}${missing}`)];
  if (s.messageId) out.push(`  message-id: ${terminalSafe(s.messageId)}`);
  out.push(`  analysis: ${terminalSafe(s.analysis.summary)}`);
  if (s.seriesFindings.length > 0) {
    out.push('', paint('bold', 'Series-level findings'));
    for (const c of groupFindings(s.seriesFindings)) out.push(...renderConcern(c, null, paint));
  }
  for (const patch of s.patches) out.push(...renderPatch(patch, paint));
  return out;
}

/**
 * "3 errors, 5 warnings, 1 info (4 concerns) in 2 of 3 patches": findings, as --fail-on counts them, and the
 * concerns they make when that is fewer.
 */
export function summaryLine(report: ReviewReport): string {
  const all = report.series.flatMap((s) => s.findings);
  const patches = report.series.flatMap((s) => s.patches);
  const flagged = patches.filter((p) => p.findings.length > 0).length;
  const counts = SEVERITIES.map((s) => [s, all.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => plural(n, s, s === 'info' ? s : `${s}s`));
  const where = `${flagged} of ${plural(patches.length, 'patch', 'patches')}`;
  const across = report.series.length > 1 ? ` across ${report.series.length} series` : '';
  const concerns = report.series.reduce((n, s) => n + groupFindings(s.seriesFindings).length + s.patches.reduce((m, p) => m + groupFindings(p.findings).length, 0), 0);
  const grouped = concerns < all.length ? ` (${plural(concerns, 'concern')})` : '';
  return counts.length === 0 ? `no findings in ${plural(patches.length, 'patch', 'patches')}${across}` : `${counts.join(', ')}${grouped} in ${where}${across}`;
}

/** The report for a terminal (or a pipe, with colour off), newline-terminated. */
export function renderText(report: ReviewReport, options: TextOptions = {}): string {
  const paint = options.color ? coloured : plain;
  const out: string[] = [];
  if (report.series.length === 0) out.push('No patch series found in the input.');
  report.series.forEach((s, i) => {
    if (i > 0) out.push('');
    out.push(...renderSeries(s, paint));
  });
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => `note: ${terminalSafe(n)}`));
  out.push('', paint('bold', summaryLine(report)));
  const open = report.series.reduce((n, s) => n + s.questions.filter((q) => q.awaitsAnswer).length, 0);
  if (open > 0) out.push(`${plural(open, 'reviewer question')} await${open === 1 ? 's' : ''} an answer`);
  if (options.hint) out.push(paint('dim', terminalSafe(options.hint)));
  return `${out.join('\n')}\n`;
}
