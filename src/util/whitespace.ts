// One way to collapse whitespace, with a fast path: most lines need only the trim.

/** Any whitespace other than a single space between words. */
const NOT_SINGLE_SPACE = /[^\S ]| {2}/;

/** `s` trimmed, every whitespace run made one space. */
export function collapseWhitespace(s: string): string {
  const t = s.trim();
  return NOT_SINGLE_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t;
}
