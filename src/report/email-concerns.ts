// The concerns of one email reply, for presentation only: findings of the same rule in one reply
// become one concern (anchored at its first place, the other places listed), kept in full by severity
// and confidence within a budget, worded as a reviewer would (an error plainly, a warning or a guess as a question), and
// cut to a length budget (the rest one line each). Pure; no rule ids in the prose.
import { safeOneLine } from './escape.ts';
import type { ReportFinding } from './report-model.ts';
import { SEVERITY_RANK } from './report-model.ts';

export interface Concern {
  /** Where the comment goes and what it says: the group's first finding of its highest severity. */
  primary: ReportFinding;
  /** The group's other findings, in the report's order. */
  others: ReportFinding[];
}

const CONFIDENCE_RANK: Record<ReportFinding['confidence'], number> = { certain: 3, likely: 2, question: 1 };

/** Places listed by name in a comment before "and N more places". */
const PLACES_LISTED = 3;

/** The findings of one reply grouped per rule (info-level left out unless asked), in the model's order. */
export function concernsOf(findings: readonly ReportFinding[], includeInfo = false): Concern[] {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    if (f.severity === 'info' && !includeInfo) continue;
    const key = `${f.patch}\u0000${f.rule}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const order = new Map(findings.map((f, i) => [f, i]));
  const concerns = [...groups.values()].map((list): Concern => {
    const primary = [...list].sort((a, b) => rank(b) - rank(a) || order.get(a)! - order.get(b)!)[0]!;
    return { primary, others: list.filter((f) => f !== primary) };
  });
  return concerns.sort((a, b) => order.get(a.primary)! - order.get(b.primary)!);
}

function rank(f: ReportFinding): number {
  return SEVERITY_RANK[f.severity] * 10 + CONFIDENCE_RANK[f.confidence];
}

/** How many info-level findings a reply leaves out. */
export function infoCount(findings: readonly ReportFinding[]): number {
  return findings.filter((f) => f.severity === 'info').length;
}

/** What the rule is sure of, and an error it is fairly sure of, is stated; anything else is asked. */
export function isStatement(f: ReportFinding): boolean {
  return f.confidence === 'certain' || (f.severity === 'error' && f.confidence === 'likely');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}

/** The first sentence of a text and the rest (split at ". " before a capital letter). */
function firstSentence(text: string): [string, string] {
  const m = /^(.+?[.!])\s+(?=[A-Z])/.exec(text);
  return m ? [m[1]!, text.slice(m[0].length)] : [text, ''];
}

/** "The lock ..." becomes "the lock ..."; identifiers ("CONFIG_X", "Foo()") keep their case. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]+\b(?![(_])/.test(text) ? `${text[0]!.toLowerCase()}${text.slice(1)}` : text;
}

/** The point of a concern in reviewer prose: stated for errors, asked otherwise. */
export function concernPoint(f: ReportFinding): string {
  const message = safeOneLine(f.message).trim();
  if (isStatement(f) || message.includes('?')) return sentence(message);
  const [first, rest] = firstSentence(sentence(message));
  const asked = `Am I reading this right that ${lowerFirst(first.replace(/[.!]$/, ''))}?`;
  return rest ? `${asked} ${rest}` : asked;
}

function placeName(f: ReportFinding, primary: ReportFinding): string {
  // A line the hunks do not show (a deleted line, context outside them) is named as such.
  const line = f.line === null ? '' : f.position === null ? `line ${f.line} (outside the hunks)` : `line ${f.line}`;
  const file = f.file !== null && f.file !== primary.file ? safeOneLine(f.file) : '';
  const fn = f.function ? `${safeOneLine(f.function)}()` : '';
  if (fn && fn !== (primary.function ? `${safeOneLine(primary.function)}()` : '')) {
    return [fn, line ? `(${[file, line].filter(Boolean).join(' ')})` : file ? `(${file})` : ''].filter(Boolean).join(' ');
  }
  return [line, file ? `of ${file}` : ''].filter(Boolean).join(' ') || file || 'elsewhere';
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** "The same applies at line 120 and in bar() (line 140), and 3 more places." or "" with one place. */
export function placesText(c: Concern): string {
  if (c.others.length === 0) return '';
  const names = [...new Set(c.others.map((f) => placeName(f, c.primary)))];
  const listed = names.slice(0, PLACES_LISTED).map((n) => (/^line /.test(n) ? `at ${n}` : `in ${n}`));
  const more = names.length - listed.length;
  const list = more > 0 ? `${listed.join(', ')}, and ${more} more place${more === 1 ? '' : 's'}` : joinList(listed);
  return `The same applies ${list}.`;
}

/** One line for a concern left out of the quoted part: where and the point's first sentence. */
export function summaryLine(c: Concern, width: number): string {
  const f = c.primary;
  const where = f.function ? `${safeOneLine(f.function)}()` : f.file ? safeOneLine(f.file) : '';
  const [first] = firstSentence(safeOneLine(f.message).trim());
  const extra = c.others.length > 0 ? ` (+${c.others.length} more)` : '';
  const text = `- ${where && !first.startsWith(where) ? `${where}: ` : ''}${first}`;
  const max = width - extra.length;
  return `${Array.from(text).length > max ? `${Array.from(text).slice(0, max - 3).join('').trimEnd()}...` : text}${extra}`;
}

/**
 * The concerns shown in full within `budget` lines, given what each costs and the lines the reply
 * needs anyway: most important first (severity, then confidence, then the model's order), stopping at the first that does not fit (the first always fits),
 * so that every concern left out can still get its summary line.
 */
export function withinBudget(concerns: readonly Concern[], cost: (c: Concern) => number, budget: number, fixed: number,
  summaryCap: number): Set<Concern> {
  const kept = new Set<Concern>();
  let used = fixed;
  const order = new Map(concerns.map((c, i) => [c, i]));
  const ranked = [...concerns].sort((a, b) => rank(b.primary) - rank(a.primary) || order.get(a)! - order.get(b)!);
  for (const c of ranked) {
    const left = concerns.length - kept.size - 1;
    const summaries = left > 0 ? Math.min(left, summaryCap) + 3 : 0;
    if (kept.size > 0 && used + cost(c) + summaries > budget) break;
    kept.add(c);
    used += cost(c);
  }
  return kept;
}
