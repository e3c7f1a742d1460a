// Email report: one kernel-style review reply per patch that has findings, as an mboxrd
// mailbox. The flagged hunks are quoted with "> ", each comment right under its line.
// Never a Reviewed-by/Acked-by; the closing says the comments come from mm-review's rules.
import { createHash } from 'node:crypto';
import type { Address } from '../domain/mail.ts';
import { excerptHunk, hunkHeader, patchPath } from './annotate.ts';
import { safeOneLine, stripControls } from './escape.ts';
import type { ReportFinding, ReportPatch, ReportSeries, ReviewReport } from './report-model.ts';
import { provenanceLink } from './report-model.ts';

export const PLACEHOLDER_FROM = 'Reviewer <reviewer@example.invalid>';
const WRAP_COLUMN = 72;
/**
 * Longest replied-to subject kept, in characters. Real patch subjects are far shorter, so they stay whole
 * and recognisable; a hostile 4,000-character one is cut (with "...") so the header stays readable and
 * far below RFC 5322's 998-character line limit even where it cannot be folded (one long word).
 */
export const MAX_SUBJECT_CHARS = 200;
/** Longest display name kept in To:/From: and the attribution line, in characters, for the same reason. */
const MAX_NAME_CHARS = 100;
/** RFC 5322's limit on a line, without its line ending. */
const MAX_LINE_OCTETS = 998;

export interface EmailOptions {
  /** From: header value; defaults to the placeholder. See `fromFromEnv`. */
  from?: string;
  /** Date for every reply (ms); default: the replied-to message's date plus one hour. */
  date?: number;
  /** Quoted lines above each flagged line. */
  context?: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ADDR = /^[^\s<>@",;:()[\]\\]+@[^\s<>@",;:()[\]\\]+$/;
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

/**
 * RFC 2047 encoded words (UTF-8, base64) for text that is not plain ASCII. Text that merely looks like
 * an encoded word ("=?...?=") is encoded too, so a reader's client cannot decode it into something else.
 */
function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 36) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

/** A header line, folded at spaces so lines stay under 78 columns where possible. */
function header(name: string, value: string): string {
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** Text cut to `max` characters (never inside a surrogate pair), at a space when one is near the end, with "...". */
function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 3).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= cut.length - 40 && space > 0 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

function mailbox(name: string, email: string): string {
  const clean = truncateText(safeOneLine(name).trim(), MAX_NAME_CHARS);
  if (!clean) return email;
  const display = /^[\x20-\x7e]*$/.test(clean) && !clean.includes('=?')
    ? (/[()<>[\]:;@\\,."]/.test(clean) ? `"${clean.replace(/["\\]/g, '\\$&')}"` : clean)
    : encodeWords(clean);
  return `${display} <${email}>`;
}

/** A From: value made safe: a well-formed "Name <addr>" or bare address, else the placeholder. */
function normaliseFrom(value: string | undefined): string {
  const v = value?.trim();
  if (!v || /[\r\n]/.test(v)) return PLACEHOLDER_FROM;
  const angle = /^(.*?)\s*<([^<>]+)>$/.exec(v);
  if (angle && ADDR.test(angle[2]!)) return mailbox(angle[1]!.replace(/^"(.*)"$/, '$1'), angle[2]!);
  return ADDR.test(v) ? v : PLACEHOLDER_FROM;
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

/** The reviewer-style comment for one finding: the point, the reason, the sources. */
export function commentFor(report: ReviewReport, f: ReportFinding): string[] {
  const message = safeOneLine(f.message).trim();
  let point: string;
  if (f.confidence === 'question') point = message.endsWith('?') ? message : `${sentence(message)} Is that intended?`;
  else if (f.confidence === 'likely') point = `${sentence(message)} Unless I am missing something, this needs fixing.`;
  else point = sentence(message);
  const out = [...wrap(point)];
  if (f.reason) out.push('', ...wrap(sentence(f.reason)));
  const links = f.provenance.map((p) => provenanceLink(report.context.loreBase, safeOneLine(p)));
  if (links.length > 0) out.push('', 'See also:', ...links.map((l) => `  ${l}`));
  out.push('', `(mm-review rule ${safeOneLine(f.rule)})`);
  return out;
}

interface Target {
  messageId: string;
  subject: string;
  references: string[];
  author: Address;
  date: number | null;
  patch: ReportPatch | null;
  coverText: string | null;
  findings: ReportFinding[];
}

/**
 * One reply per message that has findings, in the model's order: the cover letter first (it takes the
 * series-level findings; without a cover, the first patch does), then the patches.
 */
function targetsFor(series: ReportSeries): Target[] {
  const patchTarget = (p: ReportPatch): Target => ({
    messageId: p.messageId, subject: p.subject, references: p.references, author: p.author, date: p.date,
    patch: p, coverText: null, findings: [],
  });
  const cover: Target | null = series.cover ? {
    messageId: series.cover.messageId, subject: series.cover.subject, references: [], author: series.author,
    date: series.date, patch: null, coverText: series.cover.text, findings: [],
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

/** Quoted hunks with the comments under their lines; returns the findings it could place. */
function quotedHunks(report: ReviewReport, t: Target, context: number): { lines: string[]; placed: Set<ReportFinding> } {
  const lines: string[] = [];
  const placed = new Set<ReportFinding>();
  const content = t.patch?.content ?? null;
  if (!content) return { lines, placed };
  content.files.forEach((file, fileIndex) => {
    const path = patchPath(file);
    const atLine = new Map<number, Map<number, ReportFinding[]>>();
    const fileLevel: ReportFinding[] = [];
    for (const f of t.findings) {
      if (f.patch !== t.patch?.index || f.fileIndex !== fileIndex) continue;
      const pos = f.position;
      placed.add(f);
      if (!pos) {
        fileLevel.push(f);
        continue;
      }
      const hunk = atLine.get(pos.hunkIndex) ?? new Map<number, ReportFinding[]>();
      hunk.set(pos.lineIndex, [...(hunk.get(pos.lineIndex) ?? []), f]);
      atLine.set(pos.hunkIndex, hunk);
    }
    if (fileLevel.length === 0 && atLine.size === 0) return;
    lines.push(quote(`diff --git a/${file.oldPath ?? path} b/${path}`));
    for (const f of fileLevel) lines.push('', ...commentFor(report, f), '');
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
        for (const f of flagged.get(row.index) ?? []) lines.push('', ...commentFor(report, f), '');
      }
    });
    while (lines.at(-1) === '' || lines.at(-1) === '> [...]') lines.pop();
    lines.push('');
  });
  return { lines, placed };
}

/** The first `count` non-empty lines of a text, quoted, with a trim marker when there was more. */
function quoteLeading(text: string, count: number): string[] {
  const lines = stripControls(text).split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  return [...lines.slice(0, count).map(quote), ...(lines.length > count ? ['> [...]'] : []), ''];
}

function replyBody(report: ReviewReport, t: Target, context: number): string[] {
  const out = [attribution(t)];
  const { lines, placed } = quotedHunks(report, t, context);
  const general = t.findings.filter((f) => !placed.has(f));
  const intro = t.coverText ?? (general.length > 0 ? t.patch?.content?.commitMessage ?? t.patch?.subject ?? '' : '');
  out.push(...quoteLeading(intro, 3));
  if (general.length > 0) {
    if (t.patch && general.some((f) => f.patch === 0)) out.push('For the series as a whole:', '');
    for (const f of general) out.push(...commentFor(report, f), '');
  }
  out.push(...lines);
  while (out.at(-1) === '') out.pop();
  out.push('', ...wrap(`These comments were generated by mm-review ${report.tool.version} from its mm review rules, `
    + 'not written by a person; please weigh them accordingly.'));
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

function renderReply(report: ReviewReport, t: Target, options: EmailOptions): string {
  const date = options.date ?? (t.date ?? 0) + 3_600_000;
  const subject = `Re: ${encodeWords(replySubjectText(t.subject))}`;
  const refs = [...new Set([...t.references, t.messageId])].filter(isMsgId);
  const headers = [
    header('From', normaliseFrom(options.from)),
  ];
  const authorEmail = safeOneLine(t.author.email).trim();
  if (ADDR.test(authorEmail)) headers.push(header('To', mailbox(t.author.name, authorEmail)));
  headers.push(
    header('Subject', subject),
    header('Date', rfc5322Date(date)),
    `Message-ID: <${replyMessageId(t.messageId, report.tool)}>`,
  );
  if (isMsgId(t.messageId)) headers.push(`In-Reply-To: <${t.messageId}>`);
  if (refs.length > 0) headers.push(header('References', refs.map((r) => `<${r}>`).join(' ')));
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit',
    `X-Mailer: mm-review ${safeOneLine(report.tool.version)}`);
  const body = replyBody(report, t, options.context ?? 3).map((l) => capLine(/^>*From /.test(l) ? `>${l}` : l));
  return `From mm-review@localhost ${asctimeDate(date)}\n${headers.join('\n')}\n\n${body.join('\n')}\n`;
}

/** All replies as one mboxrd mailbox (LF line endings); "" when nothing has findings. */
export function renderEmail(report: ReviewReport, options: EmailOptions = {}): string {
  const replies: string[] = [];
  for (const series of report.series) {
    for (const target of targetsFor(series)) replies.push(renderReply(report, target, options));
  }
  return replies.join('\n');
}
