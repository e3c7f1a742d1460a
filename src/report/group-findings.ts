// Grouping findings for compact listings (the terminal output): the findings of one rule in one
// patch become one entry, shown at its most important place, with every other place listed
// compactly by file and function. The grouping itself is the email replies' (email-concerns.ts
// concernsOf, info included here), so a terminal listing and a reply draft agree on what one concern is.
// Pure; decides nothing about the findings, only how many lines they take.
import { concernsOf, type Concern } from './email-concerns.ts';
import type { ReportFinding } from './report-model.ts';

export type { Concern };

/** Lines of one file and function that a concern also covers, in the report's order. */
export interface PlaceGroup {
  file: string | null;
  function: string | null;
  /** New-side line numbers; findings without a line are counted in `unplaced`. */
  lines: number[];
  /** How many of the group's findings name no line. */
  unplaced: number;
}

/** The findings of one patch (or of the series level) as concerns: one per rule, every finding kept. */
export function groupFindings(findings: readonly ReportFinding[]): Concern[] {
  return concernsOf(findings, true);
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
      g = { file: f.file, function: f.function, lines: [], unplaced: 0 };
      groups.set(key, g);
    }
    if (f.line === null) g.unplaced++;
    else if (!g.lines.includes(f.line)) g.lines.push(f.line);
  }
  return [...groups.values()];
}

/** Every finding of a concern, primary first, then the others in the report's order. */
export function concernFindings(concern: Concern): ReportFinding[] {
  return [concern.primary, ...concern.others];
}
