// Short summaries of a series version for team channels: GitHub Markdown, Zulip Markdown and Slack
// plain text. The model decides what is said (channels/summary-model.ts); this file only writes it in
// each channel's markup, escapes everything that came from mail for that markup, and drops or shortens
// whole sections from the end of the list until the text fits the channel's budget.
import { escapeMarkdown, markdownInlineCode, markdownLink, safeOneLine } from './escape.ts';
import type { Severity } from './report-model.ts';

export type SummaryFlavor = 'github' | 'zulip' | 'slack';
export type SummaryState = 'pass' | 'warn' | 'fail';

export interface SummaryFinding {
  severity: Severity;
  rule: string;
  /** "patch 2/3", "series": our words. */
  place: string;
  /** File, line and function, from the diff (hostile): shown as code. */
  file: string | null;
  line: number | null;
  fn: string | null;
  message: string;
}

export interface SummaryQuestion {
  askedBy: string;
  /** The version it was asked on. */
  version: number;
  place: string;
  file: string | null;
  fn: string | null;
  text: string;
  /** Lore link of the reply that asked it. */
  link: string | null;
}

export interface SummaryChanges {
  /** "v1". */
  previous: string;
  patchesBefore: number;
  patchesNow: number;
  added: string[];
  removed: string[];
  changelog: string[];
}

export interface SummaryModel {
  title: string;
  /** "v2", "RFC v3". */
  version: string;
  versionNumber: number;
  author: string;
  link: string | null;
  patches: { found: number; total: number; missing: number[] };
  state: SummaryState;
  counts: Record<Severity, number>;
  analysis: string;
  /** Most severe first; `findingsTotal` counts them all. */
  findings: SummaryFinding[];
  findingsTotal: number;
  openQuestions: SummaryQuestion[];
  resolvedQuestions: SummaryQuestion[];
  changes: SummaryChanges | null;
  report: { url: string | null; path: string | null; command: string };
  tool: { name: string; version: string };
  /** Hex id of the series lineage: the machine marker. */
  ref: string;
}

/** The marker a channel searches for among its own posts (hex id only: nothing from mail). */
export function summaryMarker(ref: string): string {
  return `mm-review/summary/${ref}`;
}

const ZWSP = '\u200b';
/** Longest piece of mail-derived text kept in one line of a summary. */
const MAX_ITEM_CHARS = 300;

function cut(text: string, max = MAX_ITEM_CHARS): string {
  const chars = Array.from(safeOneLine(text).trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Breaks what would notify, link, reference or strike out in chat text, with invisible zero-width spaces. */
function breakReferences(text: string): string {
  return text
    // At the start of a word only: an address or a message-id (x@y) mentions nobody and stays copyable.
    .replace(/(^|[^A-Za-z0-9._%+-])@(?=\S)/g, `$1@${ZWSP}`)
    .replace(/#(?=\S)/g, `#${ZWSP}`)
    .replace(/:\/\//g, `${ZWSP}://`)
    .replace(/\b(www)(?=\.)/gi, `$1${ZWSP}`)
    .replace(/~(?=~)/g, `~${ZWSP}`);
}

/** Zulip Markdown: inline specials backslash-escaped; mentions (@**x**, @*group*), #**stream**, $$math$$, ~~x~~, <time:> broken. */
export function escapeZulip(text: string): string {
  return breakReferences(cut(text).replace(/[\\`*_[\]()]/g, (c) => `\\${c}`))
    .replace(/\$(?=\$)/g, `$${ZWSP}`)
    .replace(/<(?=\S)/g, `<${ZWSP}`);
}

/** Slack text: &, < and > as entities (so no <!channel>, <@U…> or <url|x>), mentions and links broken. */
export function escapeSlack(text: string): string {
  return breakReferences(cut(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>"'`()|]+$/.test(url);
}

interface Markup {
  text(s: string): string;
  code(s: string): string;
  strong(s: string): string;
  link(label: string, url: string): string;
  heading(s: string): string;
  bullet(s: string): string;
  footer(s: string): string;
  marker(ref: string, version: number): string;
  measure(s: string): number;
}

const MARKUPS: Record<SummaryFlavor, Markup> = {
  github: {
    text: (s) => escapeMarkdown(cut(s)),
    code: (s) => markdownInlineCode(cut(s, 120)),
    strong: (s) => `**${s}**`,
    link: (label, url) => markdownLink(label, url),
    heading: (s) => `#### ${s}`,
    bullet: (s) => `- ${s}`,
    footer: (s) => `<sub>${s}</sub>`,
    marker: (ref, version) => `<!-- ${summaryMarker(ref)} v${version} -->`,
    measure: (s) => s.length,
  },
  zulip: {
    text: escapeZulip,
    code: (s) => markdownInlineCode(cut(s, 120)),
    strong: (s) => `**${s}**`,
    link: (label, url) => (isWebUrl(url) ? `[${escapeZulip(label)}](${url})` : escapeZulip(label)),
    heading: (s) => `**${s}**`,
    bullet: (s) => `- ${s}`,
    footer: (s) => `*${s}*`,
    marker: (ref) => summaryMarker(ref),
    measure: (s) => Buffer.byteLength(s, 'utf8'),
  },
  slack: {
    text: escapeSlack,
    code: (s) => escapeSlack(cut(s, 120)),
    strong: (s) => s,
    link: (label, url) => (isWebUrl(url) ? `${escapeSlack(label)}: ${url.replace(/&/g, '&amp;')}` : escapeSlack(label)),
    heading: (s) => `${s}:`,
    bullet: (s) => `• ${s}`,
    footer: (s) => s,
    marker: (ref) => summaryMarker(ref),
    measure: (s) => s.length,
  },
};

const STATE_TEXT: Record<SummaryState, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface Section {
  lines: string[];
  items: string[];
  /** The line that stands for `n` items left out. */
  more: (n: number) => string;
}

function whereText(m: Markup, place: string, file: string | null, line: number | null, fn: string | null): string {
  const parts = [place];
  if (file) parts.push(m.code(line === null ? file : `${file}:${line}`));
  if (fn) parts.push(m.code(`${fn}()`));
  return parts.join(' · ');
}

function header(m: Markup, s: SummaryModel): string[] {
  const title = `${m.text(cut(s.title, 200))} (${s.version})`;
  const patches = `${s.patches.found} of ${plural(s.patches.total, 'patch', 'patches')}${s.patches.missing.length ? `, missing ${s.patches.missing.join(', ')}` : ''}`;
  const lines = [m.strong(`mm-review: ${title}`)];
  const by = `by ${m.text(s.author || 'unknown')} · ${patches}`;
  lines.push(s.link ? `${by} · ${m.link('lore', s.link)}` : by);
  const c = s.counts;
  lines.push(`${m.strong(`State: ${STATE_TEXT[s.state]}`)} · ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info · ${m.text(s.analysis)}`);
  return lines;
}

function sections(m: Markup, s: SummaryModel): Section[] {
  const out: Section[] = [];
  if (s.findings.length > 0) {
    const hidden = s.findingsTotal - s.findings.length;
    out.push({
      lines: [m.heading(`Top findings (${s.findingsTotal})`)],
      items: s.findings.map((f) => m.bullet(`${f.severity} · ${whereText(m, f.place, f.file, f.line, f.fn)}: ${m.text(f.message)} (${m.code(f.rule)})`)),
      more: (n) => m.bullet(`… ${plural(n + hidden, 'more finding')} in the full report`),
    });
  }
  const question = (q: SummaryQuestion, tail: string): string => {
    const asked = `${m.text(q.askedBy)} on v${q.version}, ${whereText(m, q.place, q.file, null, q.fn)}: ${m.text(q.text)}`;
    return m.bullet(q.link ? `${asked} ${m.link(tail, q.link)}` : asked);
  };
  if (s.openQuestions.length > 0) {
    out.push({
      lines: [m.heading(`Reviewer questions still open (${s.openQuestions.length})`)],
      items: s.openQuestions.map((q) => question(q, 'asked')),
      more: (n) => m.bullet(`… ${plural(n, 'more open question')}`),
    });
  }
  if (s.resolvedQuestions.length > 0) {
    out.push({
      lines: [m.heading(`Resolved by ${s.version} (${s.resolvedQuestions.length})`)],
      items: s.resolvedQuestions.map((q) => question(q, 'asked')),
      more: (n) => m.bullet(`… ${plural(n, 'more resolved question')}`),
    });
  }
  const ch = s.changes;
  if (ch) {
    const items = [m.bullet(`patches: ${ch.patchesBefore} → ${ch.patchesNow}`)];
    for (const t of ch.added) items.push(m.bullet(`added: ${m.text(t)}`));
    for (const t of ch.removed) items.push(m.bullet(`dropped: ${m.text(t)}`));
    for (const l of ch.changelog) items.push(m.bullet(`changelog: ${m.text(l)}`));
    out.push({ lines: [m.heading(`Changes since ${ch.previous}`)], items, more: (n) => m.bullet(`… ${plural(n, 'more change')}`) });
  }
  return out;
}

function reportLine(m: Markup, s: SummaryModel): string {
  if (s.report.url) return `Full report: ${m.link(s.report.url, s.report.url)}`;
  if (s.report.path) return `Full report: ${m.code(s.report.path)}`;
  return `Full report: ${m.code(s.report.command)}`;
}

function footer(m: Markup, s: SummaryModel, omitted: boolean): string[] {
  const lines: string[] = [];
  if (omitted) lines.push(m.footer('Some sections were shortened or left out to fit this channel; the full report has everything.'));
  lines.push(m.footer(`Findings are deterministic rule checks by ${s.tool.name} ${s.tool.version}, not a person's review; `
    + 'weigh them accordingly. Questions come from the reviewers\' replies on the list.'));
  lines.push(m.marker(s.ref, s.versionNumber));
  return lines;
}

const join = (blocks: string[][]): string => `${blocks.filter((b) => b.length > 0).map((b) => b.join('\n')).join('\n\n')}\n`;

/**
 * The summary in one channel's markup within `budget` (the channel's unit: characters, or UTF-8 bytes
 * for Zulip). Sections are kept whole while they fit; the first that does not is shortened at an item
 * boundary (with a "… N more" line), and what follows it is left out when even that does not fit.
 */
export function renderSummary(model: SummaryModel, flavor: SummaryFlavor, budget: number): string {
  const m = MARKUPS[flavor];
  const head = header(m, model);
  const tail = [reportLine(m, model)];
  const kept: string[][] = [];
  let omitted = false;
  const fits = (extra: string[]): boolean => m.measure(join([head, ...kept, extra, tail, footer(m, model, true)])) <= budget;
  for (const sec of sections(m, model)) {
    if (omitted) break;
    const whole = [...sec.lines, ...sec.items];
    if (fits(whole)) {
      kept.push(whole);
      continue;
    }
    omitted = true;
    for (let k = sec.items.length - 1; k >= 1; k--) {
      const part = [...sec.lines, ...sec.items.slice(0, k), sec.more(sec.items.length - k)];
      if (fits(part)) {
        kept.push(part);
        break;
      }
    }
  }
  return join([head, ...kept, tail, footer(m, model, omitted)]);
}
