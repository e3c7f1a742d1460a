// HTML report: one self-contained page (inline CSS/JS allowed by hash in a strict CSP),
// each patch's diff with its concerns (group-findings.ts: one rule in one patch) right under the
// flagged lines: one box per line, each concern explained once with every other place listed and a
// one-line mark at each of those; filters by severity and category. Every string from email is
// escaped; nothing from it can become markup.
import type { DiffLine, FilePatch, Hunk } from '../domain/mail.ts';
import { hunkHeader, lineAt, patchPath } from './annotate.ts';
import { escapeHtml, formatAddress, htmlLink, safeOneLine } from './escape.ts';
import {
  groupFindings, lineAnnotations, offDiffItems, otherPlaces, positionKey, reportTally, tally,
  type Concern, type ConcernMark, type LineAnnotation, type OffDiffItem, type PlaceGroup, type Tally,
} from './group-findings.ts';
import { REPORT_CSS, REPORT_JS, contentSecurityPolicy } from './html-assets.ts';
import type {
  Category, DiffPosition, ReportFinding, ReportPatch, ReportQuestion, ReportSeries, ReviewReport, Severity,
} from './report-model.ts';
import { SEVERITY_RANK, loreLink, provenanceLink } from './report-model.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

/** Groups of other places (file and function) listed on one line; more become a list, one item each. */
const PLACE_GROUPS_INLINE = 3;

interface SeriesCtx {
  report: ReviewReport;
  series: ReportSeries;
  sid: string;
  findingIds: Map<ReportFinding, string>;
  questionIds: Map<ReportQuestion, string>;
}

const e = escapeHtml;

function attrs(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${e(String(v))}"`)
    .join('');
}

function messageLink(report: ReviewReport, label: string, messageId: string | null): string {
  return messageId ? htmlLink(label, loreLink(report.context.loreBase, messageId)) : e(label);
}

function analysisText(s: ReportSeries): string {
  const a = s.analysis;
  if (!a.tree) return e(a.summary);
  const base = a.base ? `; base <code>${e(a.base)}</code>` : '';
  return `${a.mode === 'tree' ? 'tree' : 'diff only'}: ${e(a.summary)}${base}`;
}

/** Key of a hunk line in the maps of what is shown under it. */
function rowKey(hunkIndex: number, lineIndex: number): string {
  return `${hunkIndex}:${lineIndex}`;
}

/** The items of one file of a patch, grouped by the hunk line (rowKey) they sit on. */
function byRow<T extends { position: ReportFinding['position'] }>(items: readonly T[], fileIndex: number): Map<string, T[]> {
  const at = new Map<string, T[]>();
  for (const item of items) {
    const pos = item.position;
    if (pos === null || pos.fileIndex !== fileIndex) continue;
    const key = rowKey(pos.hunkIndex, pos.lineIndex);
    at.set(key, [...(at.get(key) ?? []), item]);
  }
  return at;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "22 findings in 10 concerns". */
function tallyText(t: Tally): string {
  return `${plural(t.findings, 'finding')} in ${plural(t.concerns, 'concern')}`;
}

/** `file:line in fn()` of a finding, as text (escaped by the caller). */
function placeText(f: Pick<ReportFinding, 'file' | 'line' | 'function'>): string {
  const file = f.file ? (f.line !== null ? `${f.file}:${f.line}` : f.file) : f.line !== null ? `line ${f.line}` : '';
  return [file, f.function ? `in ${f.function}()` : ''].filter(Boolean).join(' ') || 'the series';
}

/** The id of a patch's diff row at a position, or null when the patch does not show it. */
function rowIdAt(patch: ReportPatch | null, pid: string | null, position: DiffPosition | null): string | null {
  if (!patch || !pid || !position) return null;
  const line = lineAt(patch.content, position);
  return line ? lineId(pid, position.fileIndex, line) : null;
}

function findingBody(ctx: SeriesCtx, f: ReportFinding): string {
  const where: string[] = [];
  if (f.file) where.push(`<code>${e(f.line !== null ? `${f.file}:${f.line}` : f.file)}</code>`);
  if (f.function) where.push(`in <code>${e(f.function)}()</code>`);
  const provenance = f.provenance.map((p) => {
    const link = provenanceLink(ctx.report.context.loreBase, p);
    return link === p ? `<code>${e(p)}</code>` : htmlLink(p, link);
  });
  return [
    '<div class="finding-head">',
    `<span class="badge ${e(f.severity)}">${e(f.severity)}</span>`,
    `<span class="finding-title">${e(f.ruleTitle)}</span>`,
    `<code class="rule-id">${e(f.rule)}</code>`,
    `<span class="muted">${e(f.category)} · ${e(f.confidence)}</span>`,
    where.length > 0 ? `<span class="muted">${where.join(' ')}</span>` : '',
    '</div>',
    `<p class="finding-message">${e(f.message)}</p>`,
    relatedBlock(f),
    f.reason ? `<p class="finding-reason"><strong>Why:</strong> ${e(f.reason)}</p>` : '',
    provenance.length > 0 ? `<p class="finding-provenance"><strong>Provenance:</strong> ${provenance.join(', ')}</p>` : '',
  ].join('');
}

/** A placed finding's affected functions, each with its own finding's message, folded. */
function relatedBlock(f: ReportFinding): string {
  if (!f.related || f.related.length === 0) return '';
  const names = f.related.map((r) => (r.function ? `${r.function}()` : r.file ?? '')).filter((n, i, all) => n && all.indexOf(n) === i);
  const items = f.related.map((r) => {
    const where = [r.file ? `<code>${e(r.line !== null ? `${r.file}:${r.line}` : r.file)}</code>` : '', r.function ? `in <code>${e(r.function)}()</code>` : ''].filter(Boolean).join(' ');
    return `<li>${where}: ${e(r.message)}</li>`;
  });
  return `<details class="finding-related"><summary>Also affected: ${e(names.join(', '))}</summary><ul>${items.join('')}</ul></details>`;
}

/** One group of a concern's other places: "<code>bar()</code> in <code>mm/x.c</code>: lines 40, 52 (×2)", lines linked to their rows. */
function placeGroupHtml(g: PlaceGroup, concern: Concern, patch: ReportPatch | null, pid: string | null): string {
  const where: string[] = [];
  if (g.function) where.push(`<code>${e(g.function)}()</code>`);
  if (g.file !== null && g.file !== concern.primary.file) where.push(`${where.length > 0 ? 'in ' : ''}<code>${e(g.file)}</code>`);
  const lines = g.places.map((p) => {
    const id = rowIdAt(patch, pid, p.position);
    const label = id ? `<a href="#${e(id)}">${p.line}</a>` : `${p.line} <span class="muted">(not in the hunks)</span>`;
    return p.findings.length > 1 ? `${label} (×${p.findings.length})` : label;
  });
  const parts: string[] = [];
  if (lines.length > 0) parts.push(`${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')}`);
  if (g.unplaced > 0) parts.push(`${plural(g.unplaced, 'place')} without a line`);
  return where.length > 0 ? `${where.join(' ')}: ${parts.join(' and ')}` : parts.join(' and ');
}

/** "And 3 more places: ...": every other place of a concern, inline or one item per group when many. */
function otherPlacesHtml(concern: Concern, patch: ReportPatch | null, pid: string | null): string {
  const n = concern.others.length;
  if (n === 0) return '';
  const groups = otherPlaces(concern).map((g) => placeGroupHtml(g, concern, patch, pid));
  const lead = `<strong>And ${plural(n, 'more place')}:</strong>`;
  if (groups.length <= PLACE_GROUPS_INLINE) return `<p class="finding-places">${lead} ${groups.join('; ')}</p>`;
  return `<div class="finding-places">${lead}<ul>${groups.map((g) => `<li>${g}</li>`).join('')}</ul></div>`;
}

function concernAttrs(ctx: SeriesCtx, c: Concern, cls: string): string {
  const f = c.primary;
  return attrs({
    id: ctx.findingIds.get(f), class: `${cls} sev-${f.severity}`, 'data-finding': '', 'data-count': 1 + c.others.length,
    'data-rule': f.rule, 'data-severity': f.severity, 'data-category': f.category, 'data-confidence': f.confidence,
    'data-patch': f.patch, 'data-file': f.file, 'data-new-line': f.line,
  });
}

/** A concern: its primary finding in full, then every other place. */
function concernBody(ctx: SeriesCtx, c: Concern, patch: ReportPatch | null, pid: string | null): string {
  return findingBody(ctx, c.primary) + otherPlacesHtml(c, patch, pid);
}

function concernCard(ctx: SeriesCtx, c: Concern, patch: ReportPatch | null, pid: string | null): string {
  return `<div${concernAttrs(ctx, c, 'finding card')}>${concernBody(ctx, c, patch, pid)}</div>`;
}

/** Filter attributes of a mark: its concern's (so that a concern shows or hides as a whole), its own place. */
function markAttrs(ctx: SeriesCtx, m: ConcernMark, cls: string): string {
  const f = m.concern.primary;
  const first = m.findings[0]!;
  return attrs({
    id: ctx.findingIds.get(first), class: `${cls} sev-${f.severity}`, 'data-mark': '', 'data-count': m.findings.length,
    'data-rule': f.rule, 'data-severity': f.severity, 'data-category': f.category, 'data-patch': first.patch,
    'data-file': first.file, 'data-new-line': first.line,
    title: m.findings.map((x) => safeOneLine(x.message)).join(' / '),
  });
}

/** One line saying that a concern explained elsewhere also covers this place, linked to its explanation. */
function markBody(ctx: SeriesCtx, m: ConcernMark, offDiff: boolean): string {
  const f = m.concern.primary;
  const id = ctx.findingIds.get(f) ?? '';
  const n = m.findings.length;
  const here = offDiff
    ? `also at ${m.findings.map((x) => e(placeText(x))).filter((t, i, all) => all.indexOf(t) === i).join(', ')} (not on a diff line)`
    : `also here${n > 1 ? ` (${n} findings)` : ''}`;
  return `<span class="badge ${e(f.severity)}">${e(f.severity)}</span> <span class="finding-title">${e(f.ruleTitle)}</span> `
    + `<code class="rule-id">${e(f.rule)}</code> <span class="muted">${here}; see <a href="#${e(id)}">${e(placeText(f))}</a></span>`;
}

function lineId(pid: string, fileIndex: number, line: DiffLine): string {
  return line.newNo !== null ? `${pid}-f${fileIndex}-n${line.newNo}` : `${pid}-f${fileIndex}-o${line.oldNo}`;
}

function diffRow(pid: string, fileIndex: number, path: string, line: DiffLine, flagged: boolean): string {
  const kind = line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : 'ctx';
  const a = attrs({
    id: lineId(pid, fileIndex, line), class: `line ${kind}${flagged ? ' flagged' : ''}`,
    'data-file': path, 'data-new-line': line.newNo, 'data-old-line': line.oldNo,
  });
  return `<tr${a}><td class="ln old">${line.oldNo ?? ''}</td><td class="ln new">${line.newNo ?? ''}</td>`
    + `<td class="code">${e(line.kind)}${e(line.text)}</td></tr>`;
}

/**
 * The one row under a flagged diff line: a box with the concerns explained here (each once, however
 * many of its findings sit on the line) and one mark per concern explained elsewhere; only the marks
 * when no concern is explained here.
 */
function annotationRow(ctx: SeriesCtx, patch: ReportPatch, pid: string, path: string, line: DiffLine, note: LineAnnotation): string {
  const marks = note.marks.length > 0
    ? `<ul class="finding-marks" data-group="">${note.marks.map((m) => `<li${markAttrs(ctx, m, 'mark')}>${markBody(ctx, m, false)}</li>`).join('')}</ul>`
    : '';
  const base = { 'data-group': '', 'data-file': path, 'data-new-line': line.newNo, 'data-old-line': line.oldNo };
  if (note.explained.length === 0) {
    return `<tr${attrs({ class: 'finding-marks-row', ...base })}><td colspan="3">${marks}</td></tr>`;
  }
  const top = note.explained.map((c) => c.primary.severity).reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
  const rules = note.explained.map((c) => c.primary.rule).join(' ');
  const concerns = note.explained.map((c) => `<div${concernAttrs(ctx, c, 'concern')}>${concernBody(ctx, c, patch, pid)}</div>`).join('');
  return `<tr${attrs({ class: `finding inline sev-${top}`, ...base, 'data-rule': rules })}><td colspan="3">`
    + `<div class="finding-box">${concerns}${marks}</div></td></tr>`;
}

function inlineQuestion(ctx: SeriesCtx, q: ReportQuestion): string {
  const since = q.openSince !== null ? ` · open since v${q.openSince}` : '';
  const id = ctx.questionIds.get(q) ?? '';
  return `<tr class="question-inline"${attrs({ 'data-question': id, 'data-status': q.status })}><td colspan="3">`
    + `<div class="inline-q"><span class="badge status status-${e(q.status)}">${e(q.status)}</span> `
    + `${e(q.askedBy || q.askedByEmail)} asked${since}: ${e(q.text)} <a href="#${e(id)}">details</a></div></td></tr>`;
}

function renderHunk(ctx: SeriesCtx, patch: ReportPatch, pid: string, fileIndex: number, path: string, hunk: Hunk, hunkIndex: number,
  notes: Map<string, LineAnnotation>, questionsAt: Map<string, ReportQuestion[]>): string {
  const rows = [`<tr class="hunk-header"><td colspan="3" class="code">${e(hunkHeader(hunk))}</td></tr>`];
  hunk.lines.forEach((line, lineIndex) => {
    const note = notes.get(positionKey({ fileIndex, hunkIndex, lineIndex }));
    rows.push(diffRow(pid, fileIndex, path, line, note !== undefined));
    if (note) rows.push(annotationRow(ctx, patch, pid, path, line, note));
    for (const q of questionsAt.get(rowKey(hunkIndex, lineIndex)) ?? []) rows.push(inlineQuestion(ctx, q));
  });
  return rows.join('\n');
}

function renderFile(ctx: SeriesCtx, pid: string, fileIndex: number, file: FilePatch, patch: ReportPatch,
  notes: Map<string, LineAnnotation>): string {
  const path = patchPath(file);
  const questionsAt = byRow(patch.questions, fileIndex);
  const rename = file.oldPath && file.newPath && file.oldPath !== file.newPath ? ` (from ${e(file.oldPath)})` : '';
  const body = file.binary
    ? '<p class="muted">Binary file.</p>'
    : `<table class="diff"${attrs({ 'data-file': path })}><colgroup><col class="ln"><col class="ln"><col></colgroup>\n`
      + `${file.hunks.map((h, hunkIndex) => renderHunk(ctx, patch, pid, fileIndex, path, h, hunkIndex, notes, questionsAt)).join('\n')}\n</table>`;
  return `<div class="file"${attrs({ id: `${pid}-f${fileIndex}`, 'data-file': path })}>`
    + `<div class="file-name">${e(path)}${rename} <span class="muted">${e(file.status)}</span></div>\n${body}</div>`;
}

function questionBlock(ctx: SeriesCtx, q: ReportQuestion): string {
  const { report } = ctx;
  const meta: string[] = [`<span class="badge status status-${e(q.status)}">${e(q.status)}</span>`];
  if (q.openSince !== null) meta.push(`<span class="muted">open since v${q.openSince}</span>`);
  meta.push(`asked by ${e(q.askedBy || q.askedByEmail || 'unknown')} (${messageLink(report, 'message', q.messageId)})`);
  if (q.file) meta.push(`<code>${e(q.file)}</code>`);
  if (q.function) meta.push(`in <code>${e(q.function)}()</code>`);
  let outcome = '';
  if (q.status === 'answered') {
    const link = q.answerMessageId ? ` (${messageLink(report, 'reply', q.answerMessageId)})` : '';
    outcome = `Answered${q.answeredBy ? ` by ${e(q.answeredBy)}` : ''}${link}${q.acknowledged ? '' : '; not acknowledged yet'}.`;
  } else if (q.status === 'resolved') {
    outcome = `Resolved${q.evidence ? `: ${e(q.evidence)}` : ''}.`;
  } else if (q.status === 'outdated') {
    outcome = 'The quoted code changed since; never answered, so still open.';
  }
  return `<div class="question"${attrs({ id: ctx.questionIds.get(q), 'data-status': q.status, 'data-patch': q.patch })}>`
    + `<div>${meta.join(' · ')}</div>`
    + (q.quoted.length > 0 ? `<pre class="quoted">${e(q.quoted.join('\n'))}</pre>` : '')
    + `<blockquote>${e(q.text)}</blockquote>`
    + (outcome ? `<p class="muted">${outcome}</p>` : '')
    + '</div>';
}

function questionsSection(ctx: SeriesCtx, questions: ReportQuestion[], heading: string): string {
  if (questions.length === 0) return '';
  const open = questions.filter((q) => q.awaitsAnswer).length;
  return `<h4>${heading} <span class="muted">(${open} open of ${questions.length})</span></h4>\n`
    + questions.map((q) => questionBlock(ctx, q)).join('\n');
}

/** A concern whose primary is on no diff line, in full; or one mark for another concern's findings off the diff. */
function offDiffCard(ctx: SeriesCtx, item: OffDiffItem, patch: ReportPatch | null, pid: string | null): string {
  if (item.kind === 'concern') return concernCard(ctx, item.concern, patch, pid);
  return `<div${markAttrs(ctx, item.mark, 'finding card mark')}>${markBody(ctx, item.mark, true)}</div>`;
}

function renderPatch(ctx: SeriesCtx, patch: ReportPatch): string {
  const { findings, questions } = patch;
  const pid = `${ctx.sid}-p${patch.index}`;
  const concerns = groupFindings(findings);
  const counted = findings.length > 0 ? ` · ${tallyText(tally(findings))}` : '';
  const parts = [
    `<section class="patch"${attrs({ id: pid, 'data-patch': patch.index })}>`,
    `<h3>Patch ${patch.index}/${patch.total}: ${e(patch.subject)}</h3>`,
    `<p class="muted">${messageLink(ctx.report, 'message on lore', patch.messageId)} · ${e(formatAddress(patch.author))}${counted}</p>`,
  ];
  const content = patch.content;
  const offDiff = offDiffItems(concerns);
  if (content) {
    parts.push(`<details class="commit-message"><summary>Commit message</summary><pre>${e(content.commitMessage)}</pre></details>`);
  } else {
    parts.push('<p class="muted">The patch body was not available.</p>');
  }
  if (findings.length === 0) parts.push('<p class="muted">No findings.</p>');
  if (offDiff.length > 0) {
    parts.push('<h4>Findings not on a diff line</h4>', ...offDiff.map((item) => offDiffCard(ctx, item, patch, pid)));
  }
  const notes = lineAnnotations(concerns);
  content?.files.forEach((file, fileIndex) => parts.push(renderFile(ctx, pid, fileIndex, file, patch, notes)));
  parts.push(questionsSection(ctx, questions, 'Reviewer questions'), '</section>');
  return parts.join('\n');
}

function seriesHeader(ctx: SeriesCtx): string {
  const { report, series: s } = ctx;
  const complete = s.complete ? 'complete' : 'incomplete';
  const rows: Array<[string, string]> = [
    ['Version', `v${s.version}${s.isRfc ? ' (RFC)' : ''}`],
    ['Author', e(formatAddress(s.author))],
    ['Patches', `${s.patches.length} of ${s.total} (${complete})`],
  ];
  if (s.cover) rows.push(['Cover letter', messageLink(report, s.cover.subject, s.cover.messageId)]);
  if (s.previousVersion) {
    rows.push(['Previous version', messageLink(report, s.previousVersionNumber !== null ? `v${s.previousVersionNumber}` : s.previousVersion, s.previousVersion)]);
  }
  rows.push(['Analysis', analysisText(s)]);
  const counts = SEVERITIES.map((sev) => `${s.findings.filter((f) => f.severity === sev).length} ${sev}`).join(', ');
  rows.push(['Findings', `${tallyText(tally(s.findings))}: ${counts}`]);
  const dl = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  let changes = '';
  if (s.previousVersion || s.changesSincePrevious.length > 0) {
    const prev = s.previousVersionNumber !== null ? `v${s.previousVersionNumber}` : 'the previous version';
    const items = s.changesSincePrevious.map((c) => `<li>${e(c)}</li>`).join('');
    changes = `<h4>What changed since ${prev}</h4>`
      + (items ? `<ul class="changes">${items}</ul>` : '<p class="muted">No changelog found.</p>');
  }
  return `<h2>${e(s.title)} <span class="muted">v${s.version}</span></h2>\n<dl class="meta">${dl}</dl>\n${changes}`;
}

function renderSeries(report: ReviewReport, series: ReportSeries, index: number): string {
  const sid = `s${index + 1}`;
  const ctx: SeriesCtx = {
    report, series, sid,
    findingIds: new Map(series.findings.map((f, i) => [f, `${sid}-finding-${i + 1}`])),
    questionIds: new Map(series.questions.map((q, i) => [q, `${sid}-q${i + 1}`])),
  };
  const parts = [`<section class="series"${attrs({ id: sid, 'data-series': series.key, 'data-version': series.version })}>`, seriesHeader(ctx)];
  if (series.seriesFindings.length > 0) {
    parts.push('<h4>Series-level findings</h4>', ...offDiffItems(groupFindings(series.seriesFindings)).map((item) => offDiffCard(ctx, item, null, null)));
  }
  parts.push(questionsSection(ctx, series.seriesQuestions, 'Questions on the cover letter or the whole series'));
  for (const patch of series.patches) parts.push(renderPatch(ctx, patch));
  parts.push('</section>');
  return parts.join('\n');
}

function summaryTable(findings: ReportFinding[], categories: readonly Category[]): string {
  const count = (sev: Severity | null, cat: Category | null): number =>
    findings.filter((f) => (sev === null || f.severity === sev) && (cat === null || f.category === cat)).length;
  const head = `<tr><th>Severity</th>${categories.map((c) => `<th>${e(c)}</th>`).join('')}<th>Total</th></tr>`;
  const rows = [...SEVERITIES, null].map((sev) => {
    const label = sev ?? 'Total';
    const cells = categories.map((c) => count(sev, c)).map((n) => `<td${n === 0 ? ' class="zero"' : ''}>${n}</td>`).join('');
    return `<tr${attrs({ 'data-summary-severity': label })}><td>${e(label)}</td>${cells}<td>${count(sev, null)}</td></tr>`;
  });
  return `<table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function filterForm(findings: ReportFinding[], categories: readonly Category[]): string {
  const boxes = SEVERITIES.map((s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`).join(' ');
  const options = categories.map((c) => `<option value="${e(c)}">${e(c)}</option>`).join('');
  return `<div class="toolbar"><form id="filters"><span><strong>Severity:</strong> ${boxes}</span>`
    + `<label><strong>Category:</strong> <select name="category" id="filter-category"><option value="">all</option>${options}</select></label>`
    + `<span id="filter-count" class="muted">${findings.length} of ${findings.length} findings shown</span></form></div>`;
}

/** The whole report as one self-contained HTML page. */
export function renderHtml(report: ReviewReport): string {
  const all = report.series.flatMap((s) => s.findings);
  const title = report.series.length === 1 ? `mm-review: ${report.series[0]!.title}` : 'mm-review report';
  const notes = report.notes.length > 0
    ? `<h2>Input notes</h2><ul class="notes">${report.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<header class="page-header"><h1>mm-review report</h1><p class="muted">mm-review ${e(report.tool.version)} · `
      + `${report.series.length} series · ${report.context.analysis === 'tree' ? 'analysed against a kernel tree' : 'diff-only analysis'} · `
      + `<span id="summary-count">${tallyText(reportTally(report))}</span></p>`
      + `${summaryTable(all, report.findingCategories)}</header>`,
    filterForm(all, report.findingCategories),
    '<main>',
    report.series.length === 0 ? '<p>No patch series found in the input.</p>' : '',
    ...report.series.map((s, i) => renderSeries(report, s, i)),
    notes,
    '</main>',
    `<script>${REPORT_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
