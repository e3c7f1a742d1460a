// Scoring of the tree-mutation benchmark (pure): whether a mutant is flagged (a finding of a rule of its
// category in the changed function) and the per-category tallies the report prints.
import { CATEGORIES, CATEGORY_RULES } from './families.ts';
import type { MutationCategory } from './families.ts';
import type { Mutant } from './generate.ts';

export type Form = 'whole-file' | 'one-hunk';
export const FORMS: readonly Form[] = ['whole-file', 'one-hunk'];

export interface FindingLike {
  rule: string;
  file: string | null;
  function: string | null;
  line: number | null;
  message?: string;
}

/** What made a flagging finding: a hand-written rule, or which side of the mined rules (read from its message). */
export type FlagKind = 'hand-written' | 'belief' | 'since-mined' | 'loss';
export const FLAG_KINDS: readonly FlagKind[] = ['hand-written', 'belief', 'since-mined', 'loss'];

export function flagKind(f: FindingLike): FlagKind {
  if (!f.rule.startsWith('mm.mined.')) return 'hand-written';
  const m = f.message ?? '';
  if (/this change removes /.test(m)) return 'loss';
  if (/, although \w+\(\) in /.test(m)) return 'since-mined';
  return 'belief';
}

type Target = Pick<Mutant, 'category' | 'file' | 'function'>;

const ofCategory = (category: MutationCategory, f: FindingLike) => CATEGORY_RULES[category].includes(f.rule);

/** The findings that flag `m`: a rule of its category, in its file, in the function that was changed. */
export function flaggingFindings(m: Target, findings: readonly FindingLike[]): FindingLike[] {
  return findings.filter((f) => ofCategory(m.category, f) && f.file === m.file && f.function === m.function);
}

/** Findings of the category's rules in other functions of the file that the unmutated file does not draw. */
export function misplacedFindings(m: Target, findings: readonly FindingLike[], unmutated: readonly FindingLike[]): FindingLike[] {
  const known = new Set(unmutated.map((f) => `${f.rule}\0${f.function ?? ''}`));
  return findings.filter((f) => ofCategory(m.category, f) && f.function !== m.function && !known.has(`${f.rule}\0${f.function ?? ''}`));
}

export interface Outcome {
  mutant: Mutant;
  form: Form;
  /** null: the review gave no result for this mutant (its mail was not found as a series). */
  flagged: boolean | null;
  /** The unmutated file already draws a flagging finding in that function (the mutation did not cause it). */
  preexisting: boolean;
  misplaced: number;
  /** One-hunk form: the patch applied on the tree (analysis 'tree'). */
  applied: boolean | null;
  /** Kinds of the flagging findings. */
  by: FlagKind[];
}

export interface Tally {
  mutants: number;
  flagged: number;
  preexisting: number;
  misplaced: number;
  missing: number;
  applied: number;
}

const emptyTally = (): Tally => ({ mutants: 0, flagged: 0, preexisting: 0, misplaced: 0, missing: 0, applied: 0 });

/** Tallies per category (in CATEGORIES order, then 'total') for one form. */
export function tally(outcomes: readonly Outcome[], form: Form): Map<MutationCategory | 'total', Tally> {
  const out = new Map<MutationCategory | 'total', Tally>([...CATEGORIES.map((c) => [c, emptyTally()] as const), ['total', emptyTally()]]);
  for (const o of outcomes.filter((x) => x.form === form)) {
    for (const t of [out.get(o.mutant.category)!, out.get('total')!]) {
      t.mutants++;
      if (o.flagged === null) t.missing++;
      if (o.flagged) t.flagged++;
      if (o.flagged && o.preexisting) t.preexisting++;
      if (o.misplaced > 0) t.misplaced++;
      if (o.applied) t.applied++;
    }
  }
  return out;
}

/** "12/40 (30%)"; "-" when there is nothing to count. */
export function ratio(n: number, of: number): string {
  return of === 0 ? '-' : `${n}/${of} (${Math.round((n * 100) / of)}%)`;
}

/** Deterministic sample: at most `max` mutants per category, chosen by a seeded shuffle, returned in id order. */
export function sampleMutants<T extends { id: string; category: MutationCategory }>(all: readonly T[], max: number, seed: number): T[] {
  const out: T[] = [];
  for (const c of CATEGORIES) {
    const mine = all.filter((m) => m.category === c).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (mine.length <= max) {
      out.push(...mine);
      continue;
    }
    let s = (seed >>> 0) || 1;
    const rand = () => {
      // mulberry32
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = mine.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [mine[i], mine[j]] = [mine[j]!, mine[i]!];
    }
    out.push(...mine.slice(0, max).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }
  return out;
}
