// Escaping for the report formats. Everything that came out of an email (titles, names,
// question text, diff lines) is hostile: it must show as text, never as markup.
import { safeOneLine, stripControls } from '../util/safe-text.ts';

export { safeOneLine, stripControls };

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Characters with inline meaning in CommonMark/GFM; a backslash makes them literal. */
const MD_INLINE = /[\\`*_[\]<>#|~&$]/g;

const ZWSP = '\u200b';

/** A run of 7 to 40 hex digits with a letter and a digit in it: what GitHub may link as a commit. */
const SHA_LIKE = /(?<![0-9A-Za-z_])(?=[0-9a-f]{0,39}[a-f])(?=[0-9a-f]{0,39}[0-9])[0-9a-f]{7,40}(?![0-9A-Za-z_])/gi;

/**
 * Breaks what GitHub would turn into a notification or a link in Markdown text, with a zero-width space
 * (invisible, so the text reads the same): @mentions and email autolinks (user@host, owner/repo@sha),
 * URL autolinks (scheme://, www.), issue references (#123, owner/repo#123, GH-123). Outside link text,
 * commit-SHA-like tokens become code spans instead: GitHub links none inside code, and a SHA copied
 * from the page must stay whole. Runs on text already escaped, so the backticks it adds are the only
 * live ones.
 */
function neutraliseReferences(text: string, inLinkText = false): string {
  const broken = text
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWSP}`)
    .replace(/:\/\//g, `${ZWSP}://`)
    .replace(/(www)(?=\.)/gi, `$1${ZWSP}`)
    .replace(/#(?=[0-9])/g, `#${ZWSP}`)
    .replace(/\b(GH-)(?=[0-9])/gi, `$1${ZWSP}`);
  // Link text is never linked again, so a message-id label keeps its plain look.
  return inLinkText ? broken : broken.replace(SHA_LIKE, '`$&`');
}

/** One line with every inline Markdown special backslash-escaped. */
function escapeInline(text: string): string {
  return safeOneLine(text).replace(MD_INLINE, (c) => `\\${c}`);
}

/** Escapes one line of email-derived text for a Markdown paragraph, heading or table cell (pipes too). */
export function escapeMarkdown(text: string): string {
  return neutraliseReferences(escapeInline(text));
}

/**
 * Escapes multi-line text so that each line stays an ordinary paragraph line: block syntax at the
 * start of a line (lists, quotes, headings, rules, setext underlines) is neutralised too.
 */
export function escapeMarkdownBlock(text: string): string[] {
  // Split first: a CR of a CRLF line ending is a line break here, not a stray control to mark.
  return text.split(/\r\n|\r|\n/).map((line) => {
    const escaped = neutraliseReferences(stripControls(line).replace(MD_INLINE, (c) => `\\${c}`));
    return escaped
      .replace(/^(\s*)([-+=>:])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      .replace(/^[ \t]+/, (ws) => '\u00a0'.repeat(ws.replace(/\t/g, '    ').length));
  });
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A code fence longer than any backtick run inside the text (at least three). */
export function fenceFor(text: string): string {
  return '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
}

/** A fenced code block whose content can never close the fence early. */
export function markdownCodeBlock(lines: string[], info = ''): string[] {
  const clean = lines.map((l) => stripControls(l));
  const fence = fenceFor(clean.join('\n'));
  return [`${fence}${info}`, ...clean, fence];
}

/** Inline code span for arbitrary text (paths, function names, rule ids). */
export function markdownInlineCode(text: string): string {
  const clean = safeOneLine(text);
  const ticks = '`'.repeat(longestRun(clean, '`') + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** True for an absolute http(s) URL that is safe to make into a link. */
function isWebUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s<>"'`]+$/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A Markdown link whose target cannot break out of the link syntax. */
export function markdownLink(label: string, url: string): string {
  if (!isWebUrl(url)) return escapeMarkdown(label);
  // isWebUrl admits no whitespace, '<' or '>', so the <...> destination cannot be closed early.
  return `[${neutraliseReferences(escapeInline(label), true)}](<${url}>)`;
}

/** An HTML link for a web URL; other values are shown as escaped text. */
export function htmlLink(label: string, url: string, className = ''): string {
  const cls = className ? ` class="${escapeHtml(className)}"` : '';
  if (!isWebUrl(url)) return `<span${cls}>${escapeHtml(label)}</span>`;
  return `<a${cls} href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

/** "Name <email>" as plain text, or just one of the two when the other is missing. */
export function formatAddress(address: { name: string; email: string }): string {
  const name = safeOneLine(address.name).trim();
  const email = safeOneLine(address.email).trim();
  if (name && email) return `${name} <${email}>`;
  return name || email || 'unknown';
}
