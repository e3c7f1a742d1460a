// Escaping for the report formats. Everything that came out of an email (titles, names,
// question text, diff lines) is hostile: it must show as text, never as markup.

/** Control characters and bidi overrides that can disguise text; tab and newline survive. */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control and bidi-override characters with U+FFFD (keeps tab and newline). */
export function stripControls(text: string): string {
  return text.replace(UNSAFE_CHARS, '\ufffd');
}

/** Text made one safe line: line breaks folded into spaces, control and bidi characters replaced. */
export function safeOneLine(text: string): string {
  return stripControls(text.replace(/\r\n|\r|\n/g, ' '));
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Characters with inline meaning in CommonMark/GFM; a backslash makes them literal. */
const MD_INLINE = /[\\`*_[\]<>#|~&$]/g;

/** Breaks @mentions and #refs so posting the text to GitHub notifies nobody and links nothing. */
function neutraliseMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9_-])/g, '@\u200b');
}

/** Escapes one line of email-derived text for a Markdown paragraph, heading or table cell (pipes too). */
export function escapeMarkdown(text: string): string {
  return neutraliseMentions(safeOneLine(text).replace(MD_INLINE, (c) => `\\${c}`));
}

/**
 * Escapes multi-line text so that each line stays an ordinary paragraph line: block syntax at the
 * start of a line (lists, quotes, headings, rules, setext underlines) is neutralised too.
 */
export function escapeMarkdownBlock(text: string): string[] {
  return stripControls(text).split(/\r\n|\r|\n/).map((line) => {
    const escaped = neutraliseMentions(line.replace(MD_INLINE, (c) => `\\${c}`));
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
  return `[${escapeMarkdown(label)}](<${url}>)`;
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
