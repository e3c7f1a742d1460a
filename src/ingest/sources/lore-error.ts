// Errors of the lore client, and the redaction every shown URL goes through: a lore base may carry
// `user:password@` (basic auth for a private mirror) or a token in its query string, and neither may
// reach a terminal, a report or the store.
import { InputError } from '../../util/errors.ts';

export type LoreFailure =
  | 'bad-input' | 'not-found' | 'bot-wall' | 'not-mail' | 'http' | 'network' | 'timeout' | 'too-large' | 'empty';

/** Query parameters whose values are withheld when a URL is shown (by name, case-insensitive). */
const SECRET_PARAM = /token|secret|passw|pwd|api[-_]?key|auth|signature|session|credential|^(?:key|sig|code)$/i;

const SCHEME_AND_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi;
// A URL in prose: punctuation that closes the sentence or a parenthesis is not part of it.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*[^\s"'<>).,;:]/gi;

/** A query string (with or without its `?`) with the values of secret-looking parameters replaced by `***`. */
export function redactQuery(query: string): string {
  return query.replace(/([?&;]|^)([^=&;#?\s]*)=([^&;#\s]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch { /* a malformed name is judged as written */ }
    return SECRET_PARAM.test(decoded) ? `${sep}${name}=***` : whole;
  });
}

/**
 * The URL as it may be shown: no `user:password@`, secret-looking query values replaced. Works on
 * text, without parsing it as a URL.
 */
export function redactUrl(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw);
  let out = raw;
  if (scheme) {
    // The authority ends at the first `/`, `?` or `#`; an `@` after that belongs to the path (lore's message-ids).
    const rest = raw.slice(scheme[0].length);
    const authorityEnd = rest.search(/[/?#\s]/);
    const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at !== -1) out = scheme[0] + rest.slice(at + 1);
  }
  const q = out.indexOf('?');
  if (q === -1) return out;
  const hash = out.indexOf('#', q);
  const query = hash === -1 ? out.slice(q) : out.slice(q, hash);
  return out.slice(0, q) + redactQuery(query) + (hash === -1 ? '' : out.slice(hash));
}

/** Any text with every URL in it redacted, on one line. */
export function redactText(text: string): string {
  return text
    .replace(URL_IN_TEXT, (u) => redactUrl(u))
    .replace(SCHEME_AND_USERINFO, '$1')
    .replace(/[\r\n]+/g, ' ');
}

/** A lore problem, reported to the user as one line. Its message is redacted whatever the caller passed. */
export class LoreError extends InputError {
  override name = 'LoreError';
  constructor(readonly kind: LoreFailure, message: string) {
    super(redactText(message));
  }
}

/** A failure worth another try: a 5xx, 408, 425, 429, a timeout, a network error or a cut-off answer. */
export class RetryableError extends Error {
  constructor(readonly failure: LoreError, readonly retryAfterMs: number | null = null) {
    super(failure.message);
  }
}

/** `12 s`, `1.5 s`, `250 ms`: a duration for messages. */
export function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms >= 1e15) return 'an unbounded time';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Math.ceil(s * 10) / 10} s`;
}
