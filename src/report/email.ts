// Email report: one kernel-style review reply per patch with something worth saying, as an mboxrd
// mailbox. Reply-all (To: the author; Cc: the patch's To and Cc, lists included, minus the sender),
// threaded under the patch. Only the commented lines are quoted, with a few lines of context before
// them; one comment per concern (email-concerns.ts), within a length budget; info-level findings left
// out. Never a Reviewed-by/Acked-by; the closing says the comments come from mm-review's rules.
import { createHash } from 'node:crypto';
import type { Address } from '../domain/mail.ts';
import { excerptHunk, hunkHeader, patchPath } from './annotate.ts';
import { safeOneLine, stripControls } from './escape.ts';
import {
  MAX_NAME_CHARS, addressHeader, encodeWords, header, normaliseFrom, replyAddresses, truncateText,
} from './email-headers.ts';
import { concernPoint, concernsOf, infoCount, placesText, summaryLine, withinBudget, type Concern } from './email-concerns.ts';
import type { ReportFinding, ReportPatch, ReportRecipients, ReportSeries, ReviewReport } from './report-model.ts';
import { provenanceLink } from './report-model.ts';

export { PLACEHOLDER_FROM } from './email-headers.ts';

const WRAP_COLUMN = 72;
/**
 * Longest replied-to subject kept, in characters. Real patch subjects are far shorter, so they stay whole
 * and recognisable; a hostile 4,000-character one is cut (with "...") so the header stays readable and
 * far below RFC 5322's 998-character line limit even where it cannot be folded (one long word).
 */
export const MAX_SUBJECT_CHARS = 200;
/** Default body length of one reply, in lines: concerns past it are summarised one line each. */
export const DEFAULT_BUDGET = 120;
/** Summary lines listed for concerns past the budget before "and N more". */
const SUMMARIES_LISTED = 10;
/** References ("See also") listed under a comment. */
const REFERENCES_LISTED = 3;
/** RFC 5322's limit on a line, without its line ending. */
const MAX_LINE_OCTETS = 998;

export interface EmailOptions {
  /** From: header value; defaults to the placeholder. See `fromFromEnv`. Also left out of Cc. */
  from?: string;
  /** Date for every reply (ms); default: the replied-to message's date plus one hour. */
  date?: number;
  /** Quoted lines above each commented line. */
  context?: number;
  /** Body lines per reply (default DEFAULT_BUDGET); concerns past it get one summary line each. */
  budget?: number;
  /** Comment on info-level findings too (default: they are left out, and counted in the closing). */
  includeInfo?: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MSGID = /^[\x21-\x7e]+$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} `
    + `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

function asctimeDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} `
    + `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The From: value for replies taken from MM_REVIEW_FROM (placeholder when unset or malformed). */
export function fromFromEnv(env: Record<string, string | undefined> = process.env): string {
  return normaliseFrom(env.MM_REVIEW_FROM);
}

/** Deterministic Message-ID for the reply to `messageId` written by this tool version. */
export function replyMessageId(messageId: string, tool: { name: string; version: string }): string {
  const hash = createHash('sha256').update(`${tool.name}\u0000${tool.version}\u0000${messageId}`, 'utf8').digest('hex');
  return `${tool.name}.${hash.slice(0, 24)}@${tool.name}.invalid`;
}

/** Word-wraps one paragraph at `width` columns (words longer than that get a line of their own). */
export function wrap(text: string, width = WRAP_COLUMN): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of safeOneLine(text).split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function sentence(text: string): string {
  const t = safeOneLine(text).trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}

/** The reviewer-style comment for one concern: the point (and its other places), the reason, a few sources. */
export function commentFor(report: ReviewReport, c: Concern): string[] {
  const places = placesText(c);
  const out = wrap(places ? `${concernPoint(c.primary)} ${places}` : concernPoint(c.primary));
  if (c.primary.reason) out.push('', ...wrap(sentence(c.primary.reason)));
  const links = c.primary.provenance.slice(0, REFERENCES_LISTED).map((p) => provenanceLink(report.context.loreBase, safeOneLine(p)));
  if (links.length > 0) out.push('', 'See also:', ...links.map((l) => `  ${l}`));
  return out;
}

interface Target {
  messageId: string;
  subject: string;
  references: string[];
  author: Address;
  recipients: ReportRecipients | undefined;
  date: number | null;
  patch: ReportPatch | null;
  coverText: string | null;
  findings: ReportFinding[];
}

/**
 * One target per message that has findings, in the model's order: the cover letter first (it takes the
 * series-level findings; without a cover, the first patch does), then the patches.
 */
function targetsFor(series: ReportSeries): Target[] {
  const patchTarget = (p: ReportPatch): Target => ({
    messageId: p.messageId, subject: p.subject, references: p.references, author: p.author, recipients: p.recipients,
    date: p.date, patch: p, coverText: null, findings: [],
  });
  const cover: Target | null = series.cover ? {
    messageId: series.cover.messageId, subject: series.cover.subject, references: [], author: series.author,
    recipients: series.cover.recipients, date: series.date, patch: null, coverText: series.cover.text, findings: [],
  } : null;
  const byIndex = new Map<number, Target>();
  for (const p of series.patches) if (!byIndex.has(p.index)) byIndex.set(p.index, patchTarget(p));
  const first = series.patches[0];
  const seriesLevel = cover ?? (first ? byIndex.get(first.index) : undefined);
  for (const f of series.findings) (byIndex.get(f.patch) ?? seriesLevel)?.findings.push(f);
  return [cover, ...byIndex.values()].filter((t): t is Target => t !== null && t.findings.length > 0);
}

function attribution(t: Target): string {
  const who = truncateText(safeOneLine(t.author.name).trim() || safeOneLine(t.author.email).trim(), MAX_NAME_CHARS) || 'the author';
  return t.date === null ? `${who} wrote:` : `On ${rfc5322Date(t.date)}, ${who} wrote:`;
}

/** One quoted line; kept exact (a blank context line stays "> " plus its space). */
function quote(text: string): string {
  return `> ${stripControls(text).replace(/\n/g, ' ')}`;
}

/** Where a concern's comment goes: under its diff line, under its file's header, or before the diff. */
function placement(t: Target, c: Concern): 'line' | 'file' | 'general' {
  const f = c.primary;
  if (!t.patch?.content || f.patch !== t.patch.index || f.fileIndex === null) return 'general';
  return f.position ? 'line' : 'file';
}

/** The quoted hunks around the concerns placed in the diff, each comment under its line. */
function quotedHunks(report: ReviewReport, t: Target, concerns: readonly Concern[], context: number): string[] {
  const lines: string[] = [];
  const content = t.patch?.content ?? null;
  if (!content) return lines;
  content.files.forEach((file, fileIndex) => {
    const atLine = new Map<number, Map<number, Concern[]>>();
    const fileLevel: Concern[] = [];
    for (const c of concerns) {
      const where = placement(t, c);
      if (where === 'general' || c.primary.fileIndex !== fileIndex) continue;
      const pos = c.primary.position;
      if (where === 'file' || !pos) {
        fileLevel.push(c);
        continue;
      }
      const hunk = atLine.get(pos.hunkIndex) ?? new Map<number, Concern[]>();
      hunk.set(pos.lineIndex, [...(hunk.get(pos.lineIndex) ?? []), c]);
      atLine.set(pos.hunkIndex, hunk);
    }
    if (fileLevel.length === 0 && atLine.size === 0) return;
    const path = patchPath(file);
    lines.push(quote(`diff --git a/${file.oldPath ?? path} b/${path}`));
    for (const c of fileLevel) lines.push('', ...commentFor(report, c), '');
    file.hunks.forEach((hunk, hunkIndex) => {
      const flagged = atLine.get(hunkIndex);
      if (!flagged) return;
      lines.push(quote(hunkHeader(hunk)));
      for (const row of excerptHunk(hunk, flagged.keys(), context, 0)) {
        if (row.type === 'gap') {
          if (lines.at(-1) !== '> [...]') lines.push('> [...]');
          continue;
        }
        lines.push(quote(`${row.line.kind}${row.line.text}`));
        for (const c of flagged.get(row.index) ?? []) lines.push('', ...commentFor(report, c), '');
      }
    });
    while (lines.at(-1) === '' || lines.at(-1) === '> [...]') lines.pop();
    lines.push('');
  });
  return lines;
}

/** The first `count` non-empty lines of a text, quoted, with a trim marker when there was more. */
function quoteLeading(text: string, count: number): string[] {
  const lines = stripControls(text).split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  return [...lines.slice(0, count).map(quote), ...(lines.length > count ? ['> [...]'] : []), ''];
}

/** The closing: who wrote the comments, the checks behind them (ids only here), what was left out. */
function closing(report: ReviewReport, concerns: readonly Concern[], infoLeftOut: number): string[] {
  const out = wrap(`These comments were generated by mm-review ${report.tool.version} from its mm review rules, `
    + 'not written by a person; please weigh them accordingly.');
  const ids = [...new Set(concerns.map((c) => safeOneLine(c.primary.rule)))].sort();
  if (ids.length > 0) out.push(`Checks: ${ids.join(', ')}`);
  if (infoLeftOut > 0) out.push(`(${infoLeftOut} minor note${infoLeftOut === 1 ? '' : 's'} left out.)`);
  return out;
}

function replyBody(report: ReviewReport, t: Target, concerns: Concern[], options: EmailOptions): string[] {
  const context = options.context ?? 3;
  const infoLeftOut = options.includeInfo ? 0 : infoCount(t.findings);
  const general = concerns.filter((c) => placement(t, c) === 'general');
  const intro = t.coverText ?? (general.length > 0 ? t.patch?.content?.commitMessage ?? t.patch?.subject ?? '' : '');
  const introLines = quoteLeading(intro, 3);
  const seriesNote = t.patch && general.some((c) => c.primary.patch === 0) ? ['For the series as a whole:', ''] : [];
  const tail = closing(report, concerns, infoLeftOut);
  const fixed = 1 + introLines.length + seriesNote.length + 1 + tail.length;
  const cost = (c: Concern): number => commentFor(report, c).length + 2
    + (placement(t, c) === 'line' ? context + 4 : placement(t, c) === 'file' ? 2 : 0);
  const kept = withinBudget(concerns, cost, options.budget ?? DEFAULT_BUDGET, fixed, SUMMARIES_LISTED);
  const full = concerns.filter((c) => kept.has(c));
  const rest = concerns.filter((c) => !kept.has(c));
  const out = [attribution(t), ...introLines];
  const fullGeneral = full.filter((c) => placement(t, c) === 'general');
  if (fullGeneral.length > 0) {
    out.push(...seriesNote);
    for (const c of fullGeneral) out.push(...commentFor(report, c), '');
  }
  out.push(...quotedHunks(report, t, full, context));
  while (out.at(-1) === '') out.pop();
  if (rest.length > 0) {
    out.push('', rest.length === 1 ? 'One more thing, in short:' : `${rest.length} more things, in short:`);
    for (const c of rest.slice(0, SUMMARIES_LISTED)) out.push(summaryLine(c, WRAP_COLUMN));
    const more = rest.length - SUMMARIES_LISTED;
    if (more > 0) out.push(`- and ${more} more of the same kind.`);
  }
  out.push('', ...tail);
  return out;
}

/**
 * A body line cut to RFC 5322's 998-octet limit (8bit text counts octets), with "...". Only hostile
 * input gets there: a quoted diff line or an unbreakable word of thousands of characters.
 */
function capLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  let out = '';
  for (const ch of line) {
    if (Buffer.byteLength(out + ch, 'utf8') > MAX_LINE_OCTETS - 3) break;
    out += ch;
  }
  return `${out}...`;
}

/** The replied-to subject as one line, without a leading "Re:", cut to MAX_SUBJECT_CHARS. */
function replySubjectText(subject: string): string {
  const text = safeOneLine(subject).trim();
  const replied = /^re:\s*/i.exec(text);
  return truncateText(replied ? text.slice(replied[0].length) : text, MAX_SUBJECT_CHARS);
}

function isMsgId(id: string): boolean {
  return MSGID.test(id) && !/[<>]/.test(id) && id.length <= 250;
}

function renderReply(report: ReviewReport, t: Target, concerns: Concern[], options: EmailOptions): string {
  const date = options.date ?? (t.date ?? 0) + 3_600_000;
  const subject = `Re: ${encodeWords(replySubjectText(t.subject))}`;
  const refs = [...new Set([...t.references, t.messageId])].filter(isMsgId);
  const from = normaliseFrom(options.from);
  const addresses = replyAddresses(t.author, t.recipients, from);
  const to = addresses.to.length > 0 ? addresses.to : addresses.cc.slice(0, 1);
  const cc = addresses.to.length > 0 ? addresses.cc : addresses.cc.slice(1);
  const headers = [header('From', from)];
  if (to.length > 0) headers.push(addressHeader('To', to));
  if (cc.length > 0) headers.push(addressHeader('Cc', cc));
  headers.push(
    header('Subject', subject),
    header('Date', rfc5322Date(date)),
    `Message-ID: <${replyMessageId(t.messageId, report.tool)}>`,
  );
  if (isMsgId(t.messageId)) headers.push(`In-Reply-To: <${t.messageId}>`);
  if (refs.length > 0) headers.push(header('References', refs.map((r) => `<${r}>`).join(' ')));
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit',
    `X-Mailer: mm-review ${safeOneLine(report.tool.version)}`);
  const dropped = [
    addresses.malformed > 0 ? `${addresses.malformed} malformed recipient address${addresses.malformed === 1 ? '' : 'es'} left out` : '',
    addresses.overLimit > 0 ? `${addresses.overLimit} recipient${addresses.overLimit === 1 ? '' : 's'} past the Cc limit left out` : '',
  ].filter(Boolean);
  if (dropped.length > 0) headers.push(header('X-MM-Review-Note', dropped.join('; ')));
  const body = replyBody(report, t, concerns, options).map((l) => capLine(/^>*From /.test(l) ? `>${l}` : l));
  return `From mm-review@localhost ${asctimeDate(date)}\n${headers.join('\n')}\n\n${body.join('\n')}\n`;
}

/** All replies as one mboxrd mailbox (LF line endings); "" when nothing is worth a reply. */
export function renderEmail(report: ReviewReport, options: EmailOptions = {}): string {
  const replies: string[] = [];
  for (const series of report.series) {
    for (const target of targetsFor(series)) {
      const concerns = concernsOf(target.findings, options.includeInfo ?? false);
      if (concerns.length > 0) replies.push(renderReply(report, target, concerns, options));
    }
  }
  return replies.join('\n');
}
