// Retry-After, as HTTP servers send it (lore, GitHub, Zulip, Slack): delta-seconds or an HTTP-date.

/**
 * Milliseconds from `now` a Retry-After value asks to wait: seconds (any length; a number as a
 * JSON body gives it may have a fraction) or an HTTP-date (a date in the past means now); null
 * when absent or unreadable.
 */
export function retryAfterMs(value: string | number | null | undefined, now = Date.now()): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names its month; Date.parse alone would read "-5" as a year.
  const at = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/i.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
