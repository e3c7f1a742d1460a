// Findings grouped into concerns for the listings (terminal, Markdown, HTML): the findings of one rule
// in one patch are one concern, explained once at its most important place (its primary finding), its
// other places listed by file and function with every line. The grouping itself is the email replies'
// (email-concerns.ts concernsOf, info included here), so every format agrees on what one concern is.
// Also here, for the formats that annotate diff lines: what each line shows (the concerns explained
// under it, one mark per other concern with findings on it), what no diff line shows, and the lines a
// concern's excerpt marks. Pure; decides nothing about the findings, only how many lines they take.
import { concernsOf, type Concern } from './email-concerns.ts';
import type { DiffPosition, ReportFinding, ReviewReport } from './report-model.ts';

export type { Concern };

/** One line a concern covers: a new-side line number, its diff line, and the concern's findings on it. */
export interface Place {
  line: number;
  /** The diff line showing it; null when no hunk shows that line. */
  position: DiffPosition | null;
  /** At least one; more when several findings of the concern sit on the line. */
  findings: ReportFinding[];
}

/** Lines of one file and function that a concern also covers, in the report's order. */
export interface PlaceGroup {
  file: string | null;
  function: string | null;
  /** New-side line numbers, each once; findings without a line are counted in `unplaced`. */
  lines: number[];
  /** How many of the group's findings name no line. */
  unplaced: number;
  /** `lines` with their diff lines and findings, in the same order. */
  places: Place[];
}

/** How many findings and how many concerns: "22 findings in 10 concerns". */
export interface Tally {
  findings: number;
  concerns: number;
}

/** A concern's findings on one diff line (or off the diff) that are not where it is explained: one mark for all. */
export interface ConcernMark {
  concern: Concern;
  /** In the report's order; at least one. */
  findings: ReportFinding[];
}

/** What one diff line shows under it. */
export interface LineAnnotation {
  position: DiffPosition;
  /** Concerns whose primary finding sits on this line (with any of their other findings there), in order. */
  explained: Concern[];
  /** Concerns explained elsewhere with findings on this line: one mark each, in the concerns' order. */
  marks: ConcernMark[];
}

/** What no diff line shows: a concern whose primary has no diff line, or a mark for another concern's such findings. */
export type OffDiffItem = { kind: 'concern'; concern: Concern } | { kind: 'mark'; mark: ConcernMark };

/** The excerpt of a concern: the hunk of its primary, cut around a few of its lines, every line of it shown marked. */
export interface ConcernExcerpt {
  /** The primary's diff line. */
  position: DiffPosition;
  /** More line indices of that hunk to cut the excerpt around (the next lines of the concern, a few at most). */
  around: number[];
  /** Line indices of that hunk holding findings of the concern, the primary's first, each once. */
  marked: number[];
}

/** Lines of a concern that no hunk shows, per file (its findings' new-side lines). */
export interface OffHunkLines {
  file: string | null;
  lines: number[];
}

/** Lines of a concern's hunk, besides its primary's, that its excerpt is cut around. */
export const EXCERPT_LINES_AROUND = 2;

/**
 * The findings of one patch (or of the series level) as concerns: one per rule, every finding kept, in
 * the order of their primaries. The primary is the email's (the first of the highest severity and
 * confidence), except that one on a diff line is preferred to one of the same rank no hunk shows, so
 * that a concern is explained where the diff shows it.
 */
export function groupFindings(findings: readonly ReportFinding[]): Concern[] {
  const order = new Map(findings.map((f, i) => [f, i]));
  return concernsOf(findings, true)
    .map((c) => onDiffPrimary(c, order))
    .sort((a, b) => order.get(a.primary)! - order.get(b.primary)!);
}

function onDiffPrimary(c: Concern, order: ReadonlyMap<ReportFinding, number>): Concern {
  if (c.primary.position) return c;
  const placed = c.others.find((f) => f.position && f.severity === c.primary.severity && f.confidence === c.primary.confidence);
  if (!placed) return c;
  const others = [c.primary, ...c.others].filter((f) => f !== placed).sort((a, b) => order.get(a)! - order.get(b)!);
  return { primary: placed, others };
}

/** Every finding of a concern, primary first, then the others in the report's order. */
export function concernFindings(concern: Concern): ReportFinding[] {
  return [concern.primary, ...concern.others];
}

/** Key of a diff line of a patch: file, hunk and line index. */
export function positionKey(p: DiffPosition): string {
  return `${p.fileIndex}:${p.hunkIndex}:${p.lineIndex}`;
}

/**
 * The other places of a concern, grouped by file and function in order of first appearance; the lines of
 * a group keep the report's order with duplicates (two findings on one line) shown once.
 */
export function otherPlaces(concern: Concern): PlaceGroup[] {
  const groups = new Map<string, PlaceGroup>();
  for (const f of concern.others) {
    const key = `${f.file ?? ''}\u0000${f.function ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { file: f.file, function: f.function, lines: [], unplaced: 0, places: [] };
      groups.set(key, g);
    }
    if (f.line === null) {
      g.unplaced++;
      continue;
    }
    const place = g.places.find((p) => p.line === f.line);
    if (place) {
      place.findings.push(f);
      place.position ??= f.position;
    } else {
      g.lines.push(f.line);
      g.places.push({ line: f.line, position: f.position, findings: [f] });
    }
  }
  return [...groups.values()];
}

/** Findings and concerns of one series (or one patch): concerns are counted per patch, as the listings show them. */
export function tally(findings: readonly ReportFinding[]): Tally {
  return { findings: findings.length, concerns: groupFindings(findings).length };
}

/** Findings and concerns of a whole report: the series' tallies added (series never share a concern). */
export function reportTally(report: ReviewReport): Tally {
  return report.series.map((s) => tally(s.findings)).reduce(
    (a, b) => ({ findings: a.findings + b.findings, concerns: a.concerns + b.concerns }), { findings: 0, concerns: 0 });
}

/**
 * What each diff line of a patch shows, by positionKey: the concerns explained under it and one mark per
 * other concern with findings on it. A line never shows one concern twice: findings of a concern on the
 * line of its primary are part of its explanation, and several on another line share one mark.
 */
export function lineAnnotations(concerns: readonly Concern[]): Map<string, LineAnnotation> {
  const at = new Map<string, LineAnnotation>();
  const entry = (position: DiffPosition): LineAnnotation => {
    const key = positionKey(position);
    let a = at.get(key);
    if (!a) {
      a = { position, explained: [], marks: [] };
      at.set(key, a);
    }
    return a;
  };
  for (const concern of concerns) {
    const home = concern.primary.position;
    if (home) entry(home).explained.push(concern);
    const marks = new Map<string, ConcernMark>();
    for (const f of concern.others) {
      if (!f.position || (home && positionKey(f.position) === positionKey(home))) continue;
      const key = positionKey(f.position);
      const mark = marks.get(key);
      if (mark) mark.findings.push(f);
      else {
        const created = { concern, findings: [f] };
        marks.set(key, created);
        entry(f.position).marks.push(created);
      }
    }
  }
  return at;
}

/**
 * What no diff line shows, in the concerns' order: each concern whose primary has no diff line (its
 * other findings off the diff are part of it), and one mark per other concern for its findings off the diff.
 */
export function offDiffItems(concerns: readonly Concern[]): OffDiffItem[] {
  const items: OffDiffItem[] = [];
  for (const concern of concerns) {
    if (!concern.primary.position) {
      items.push({ kind: 'concern', concern });
      continue;
    }
    const off = concern.others.filter((f) => !f.position);
    if (off.length > 0) items.push({ kind: 'mark', mark: { concern, findings: off } });
  }
  return items;
}

/**
 * The excerpt of a concern, or null when its primary has no diff line: the primary's hunk, cut around
 * its line and the next EXCERPT_LINES_AROUND lines of the concern in that hunk; every line of the concern
 * in the hunk is marked (once) where the excerpt shows it. The other places are listed, not excerpted.
 */
export function concernExcerpt(concern: Concern): ConcernExcerpt | null {
  const position = concern.primary.position;
  if (!position) return null;
  const marked = [position.lineIndex];
  for (const f of concern.others) {
    const p = f.position;
    if (p && p.fileIndex === position.fileIndex && p.hunkIndex === position.hunkIndex && !marked.includes(p.lineIndex)) {
      marked.push(p.lineIndex);
    }
  }
  return { position, around: marked.slice(1, 1 + EXCERPT_LINES_AROUND), marked };
}

/** The lines of a concern's findings that no hunk shows (a deleted line, context outside the hunks), per file. */
export function offHunkLines(concern: Concern): OffHunkLines[] {
  const groups = new Map<string, OffHunkLines>();
  for (const f of concernFindings(concern)) {
    if (f.line === null || f.position !== null) continue;
    const key = f.file ?? '';
    const g = groups.get(key) ?? { file: f.file, lines: [] };
    groups.set(key, g);
    if (!g.lines.includes(f.line)) g.lines.push(f.line);
  }
  return [...groups.values()];
}

/** Concerns of a listing whose rule an earlier concern of the same listing already explained (series level only). */
export function repeatedRules(concerns: readonly Concern[]): Set<Concern> {
  const seen = new Set<string>();
  const repeated = new Set<Concern>();
  for (const c of concerns) {
    if (seen.has(c.primary.rule)) repeated.add(c);
    seen.add(c.primary.rule);
  }
  return repeated;
}
