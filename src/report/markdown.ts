// Markdown report: one section per series; per patch one entry per concern (group-findings.ts: one rule
// in one patch), explained once with the diff lines it is about and every other place listed; reviewer
// questions per patch. Safe to paste into a GitHub issue: email text is escaped.
import type { ExcerptRow } from './annotate.ts';
import { excerptAround, hunkHeader } from './annotate.ts';
import {
  escapeMarkdown, escapeMarkdownBlock, formatAddress, markdownCodeBlock, markdownInlineCode, markdownLink, safeOneLine,
} from './escape.ts';
import {
  concernExcerpt, groupFindings, offHunkLines, otherPlaces, repeatedRules, tally, type Concern, type PlaceGroup,
} from './group-findings.ts';
import type { ReportFinding, ReportPatch, ReportQuestion, ReportSeries, ReviewReport, Severity } from './report-model.ts';
import { loreLink, provenanceLink } from './report-model.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/** Groups of other places (file and function) listed on one line; more become a list, one item each. */
const PLACE_GROUPS_INLINE = 3;

/** Appended to the flagged line of an excerpt. */
const MD_FLAG_MARKER = '  <-- ';

function analysisLine(series: ReportSeries): string {
  const a = series.analysis;
  if (!a.tree) return escapeMarkdown(safeOneLine(a.summary));
  const base = a.base ? `; base ${markdownInlineCode(a.base)}` : '';
  return `${a.mode === 'tree' ? 'tree' : 'diff only'}: ${escapeMarkdown(safeOneLine(a.summary))}${base}`;
}

function severityCounts(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return 'none';
  return SEVERITIES
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

function completeness(series: ReportSeries): string {
  const found = series.patches.length;
  if (series.complete) return `${found} of ${series.total} (complete)`;
  const list = series.missingPatches.length > 0 ? `; missing ${series.missingPatches.join(', ')}` : '';
  return `${found} of ${series.total} (incomplete${list})`;
}

function messageLink(report: ReviewReport, label: string, messageId: string | null): string {
  return messageId ? markdownLink(label, loreLink(report.context.loreBase, messageId)) : escapeMarkdown(label);
}

function provenanceText(report: ReviewReport, entries: readonly string[]): string {
  return entries.map((entry) => {
    const link = provenanceLink(report.context.loreBase, entry);
    return link === entry ? markdownInlineCode(entry) : markdownLink(entry, link);
  }).join(', ');
}

function excerptLines(rows: ExcerptRow[], header: string, rule: string): string[] {
  const out = [header];
  for (const row of rows) {
    if (row.type === 'gap') {
      out.push(`[... ${row.skipped} line${row.skipped === 1 ? '' : 's'} ...]`);
      continue;
    }
    const text = `${row.line.kind}${row.line.text}`;
    const no = row.line.newNo ?? row.line.oldNo;
    out.push(row.flagged ? `${text}${MD_FLAG_MARKER}${rule} (line ${no})` : text);
  }
  return out;
}

function findingLocation(f: Pick<ReportFinding, 'file' | 'line' | 'function'>): string {
  const where: string[] = [];
  if (f.file) where.push(markdownInlineCode(f.line !== null ? `${f.file}:${f.line}` : f.file));
  if (f.function) where.push(`in ${markdownInlineCode(`${f.function}()`)}`);
  return where.join(' ');
}

/** A placed finding's affected functions, each with its own finding's message. */
function relatedLines(f: ReportFinding): string[] {
  if (!f.related || f.related.length === 0) return [];
  return ['', '**Also affected** (where each function drew this finding):', '',
    ...f.related.map((r) => `- ${findingLocation(r) || 'series'}: ${escapeMarkdownBlock(r.message).join(' ')}`)];
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "22 findings in 10 concerns (2 error, 20 warning)", or "none". */
function tallyText(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return 'none';
  const t = tally(findings);
  return `${plural(t.findings, 'finding')} in ${plural(t.concerns, 'concern')} (${severityCounts(findings)})`;
}

/** One group of other places: "`bar()` in `mm/x.c`: lines 40, 52 (×2)". */
function placeGroupText(g: PlaceGroup, primary: ReportFinding): string {
  const where: string[] = [];
  if (g.function) where.push(markdownInlineCode(`${g.function}()`));
  if (g.file !== null && g.file !== primary.file) where.push(`${where.length > 0 ? 'in ' : ''}${markdownInlineCode(g.file)}`);
  const lines = g.places.map((p) => `${p.line}${p.findings.length > 1 ? ` (×${p.findings.length})` : ''}`);
  const parts: string[] = [];
  if (lines.length > 0) parts.push(`${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}`);
  if (g.unplaced > 0) parts.push(`${plural(g.unplaced, 'place')} without a line`);
  return where.length > 0 ? `${where.join(' ')}: ${parts.join(' and ')}` : parts.join(' and ');
}

/** "**And 3 more places:** ..." listing every other place of a concern: inline, or one item per group when many. */
function otherPlacesLines(concern: Concern): string[] {
  const n = concern.others.length;
  if (n === 0) return [];
  const groups = otherPlaces(concern).map((g) => placeGroupText(g, concern.primary));
  const lead = `**And ${plural(n, 'more place')}:**`;
  if (groups.length <= PLACE_GROUPS_INLINE) return ['', `${lead} ${groups.join('; ')}`];
  return ['', lead, '', ...groups.map((g) => `- ${g}`)];
}

/** "*Lines 62, 70 are not shown in the patch's hunks.*" for a concern's lines outside the hunks. */
function offHunkNote(concern: Concern): string[] {
  const groups = offHunkLines(concern);
  const count = groups.reduce((n, g) => n + g.lines.length, 0);
  if (count === 0) return [];
  const parts = groups.map((g) => `${g.lines.join(', ')}${g.file !== null && g.file !== concern.primary.file ? ` of ${markdownInlineCode(g.file)}` : ''}`);
  return ['', `*${count === 1 ? 'Line' : 'Lines'} ${parts.join('; ')} ${count === 1 ? 'is' : 'are'} not shown in the patch's hunks.*`];
}

/** One concern: the primary finding in full, its lines marked in one excerpt, every other place listed. */
function renderConcern(report: ReviewReport, concern: Concern, patch: ReportPatch | null, repeated: boolean): string[] {
  const f = concern.primary;
  const out: string[] = [];
  const head = [`**${f.severity}**`, markdownInlineCode(f.rule), f.category, f.confidence].join(' · ');
  out.push(`${head} — ${escapeMarkdown(f.ruleTitle)}`);
  const where = findingLocation(f);
  if (where) out.push('', where);
  out.push('', ...escapeMarkdownBlock(f.message));
  out.push(...relatedLines(f));
  const cut = concernExcerpt(concern);
  const excerpt = patch && cut ? excerptAround(patch.content, cut.position, cut.around, cut.marked) : null;
  if (excerpt) out.push('', ...markdownCodeBlock(excerptLines(excerpt.rows, hunkHeader(excerpt.hunk), f.rule), 'diff'));
  out.push(...offHunkNote(concern));
  out.push(...otherPlacesLines(concern));
  if (repeated) {
    out.push('', `*Why and provenance: as for the first ${markdownInlineCode(f.rule)} finding above.*`);
    return out;
  }
  if (f.reason) out.push('', `**Why:** ${escapeMarkdownBlock(f.reason).join(' ')}`);
  if (f.provenance.length > 0) out.push('', `**Provenance:** ${provenanceText(report, f.provenance)}`);
  return out;
}

function renderFindings(report: ReviewReport, concerns: readonly Concern[], patch: ReportPatch | null): string[] {
  const out: string[] = [];
  const repeated = repeatedRules(concerns);
  concerns.forEach((c, i) => {
    if (i > 0) out.push('', '---');
    out.push('', ...renderConcern(report, c, patch, repeated.has(c)));
  });
  return out;
}

function statusLine(report: ReviewReport, q: ReportQuestion): string {
  const parts = [`**${q.status}**`];
  if (q.openSince !== null) parts.push(`open since v${q.openSince}`);
  parts.push(`asked by ${escapeMarkdown(q.askedBy || q.askedByEmail || 'unknown')} (${messageLink(report, 'message', q.messageId)})`);
  if (q.file) parts.push(markdownInlineCode(q.file));
  if (q.function) parts.push(`in ${markdownInlineCode(`${q.function}()`)}`);
  return parts.join(' · ');
}

function outcomeLine(report: ReviewReport, q: ReportQuestion): string | null {
  switch (q.status) {
    case 'answered': {
      const who = q.answeredBy ? ` by ${escapeMarkdown(q.answeredBy)}` : '';
      const link = q.answerMessageId ? ` (${messageLink(report, 'reply', q.answerMessageId)})` : '';
      const ack = q.acknowledged ? '' : '; the asker has not acknowledged the answer yet';
      return `*Answered${who}${link}${ack}.*`;
    }
    case 'resolved':
      return `*Resolved${q.evidence ? `: ${escapeMarkdown(q.evidence)}` : ''}.*`;
    case 'outdated':
      return '*The quoted code changed since the question was asked; it was never answered, so it stays open.*';
    default:
      return null;
  }
}

function renderQuestion(report: ReviewReport, q: ReportQuestion): string[] {
  const out = ['', statusLine(report, q)];
  if (q.status === 'resolved') {
    out.push('', ...escapeMarkdownBlock(q.text).map((l) => `> ${l}`));
  } else {
    if (q.quoted.length > 0) out.push('', ...markdownCodeBlock(q.quoted));
    out.push('', ...escapeMarkdownBlock(q.text).map((l) => `> ${l}`));
  }
  const outcome = outcomeLine(report, q);
  if (outcome) out.push('', outcome);
  return out;
}

function renderQuestions(report: ReviewReport, questions: readonly ReportQuestion[], heading: string): string[] {
  if (questions.length === 0) return [];
  const open = questions.filter((q) => q.awaitsAnswer).length;
  const out = ['', `${heading} (${open} open of ${questions.length})`];
  for (const q of questions) out.push(...renderQuestion(report, q));
  return out;
}

function renderPatch(report: ReviewReport, patch: ReportPatch): string[] {
  const { findings, questions } = patch;
  const out = ['', `### Patch ${patch.index}/${patch.total}: ${escapeMarkdown(patch.subject)}`, ''];
  const files = patch.files.map((f) => markdownInlineCode(f)).join(', ');
  out.push(`${messageLink(report, 'message on lore', patch.messageId)}${files ? ` · files: ${files}` : ''}`);
  if (patch.content === null) out.push('', '*The patch body was not available; findings below are not anchored to diff lines.*');
  if (findings.length === 0) out.push('', 'No findings.');
  else out.push('', `#### Findings: ${tallyText(findings)}`, ...renderFindings(report, groupFindings(findings), patch));
  out.push(...renderQuestions(report, questions, '#### Reviewer questions'));
  return out;
}

function renderSeriesHeader(report: ReviewReport, s: ReportSeries): string[] {
  const author = formatAddress(s.author);
  const openQuestions = s.questions.filter((q) => q.awaitsAnswer).length;
  const out = [
    '', `## ${escapeMarkdown(s.title)} (v${s.version})`, '',
    `- **Version:** v${s.version}${s.isRfc ? ' (RFC)' : ''}`,
    `- **Author:** ${escapeMarkdown(author)}`,
    `- **Patches:** ${completeness(s)}`,
  ];
  if (s.cover) out.push(`- **Cover letter:** ${messageLink(report, s.cover.subject, s.cover.messageId)}`);
  else if (s.messageId) out.push(`- **First patch:** ${messageLink(report, s.messageId, s.messageId)}`);
  if (s.previousVersion) {
    const label = s.previousVersionNumber !== null ? `v${s.previousVersionNumber}` : s.previousVersion;
    out.push(`- **Previous version:** ${messageLink(report, label, s.previousVersion)}`);
  }
  out.push(`- **Analysis:** ${analysisLine(s)}`);
  out.push(`- **Findings:** ${tallyText(s.findings)} · **Open questions:** ${openQuestions} of ${s.questions.length}`);
  if (s.previousVersion || s.changesSincePrevious.length > 0) {
    const prev = s.previousVersionNumber !== null ? `v${s.previousVersionNumber}` : 'the previous version';
    out.push('', `### What changed since ${prev}`, '');
    if (s.changesSincePrevious.length === 0) out.push('No changelog found in the cover letter or the patch notes.');
    for (const line of s.changesSincePrevious) out.push(`- ${escapeMarkdownBlock(line).join(' ')}`);
  }
  return out;
}

function renderSeriesMarkdown(report: ReviewReport, s: ReportSeries): string[] {
  const out = renderSeriesHeader(report, s);
  if (s.seriesFindings.length > 0) {
    out.push('', `### Series-level findings: ${tallyText(s.seriesFindings)}`, ...renderFindings(report, groupFindings(s.seriesFindings), null));
  }
  out.push(...renderQuestions(report, s.seriesQuestions, '### Questions on the cover letter or the whole series'));
  for (const patch of s.patches) out.push(...renderPatch(report, patch));
  return out;
}

/** The whole report as GitHub-flavoured Markdown, newline-terminated. */
export function renderMarkdown(report: ReviewReport): string {
  const out = ['# mm-review report', '', `Generated by mm-review ${escapeMarkdown(report.tool.version)}.`];
  if (report.series.length === 0) out.push('', 'No patch series found in the input.');
  for (const s of report.series) out.push(...renderSeriesMarkdown(report, s));
  if (report.notes.length > 0) {
    out.push('', '## Input notes', '');
    for (const note of report.notes) out.push(`- ${escapeMarkdownBlock(note).join(' ')}`);
  }
  return `${out.join('\n')}\n`;
}
