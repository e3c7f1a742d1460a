// Prints the tree-mutation benchmark of one release: family members found, recall per category and form,
// every mutant's outcome, and the function-level findings on the unmutated mm/ files.
import { heading, perKloc, table } from '../eval-format.ts';
import type { Cell } from '../eval-format.ts';
import { CATEGORIES, CATEGORY_RULES } from './families.ts';
import type { RunResult } from './runner.ts';
import { FLAG_KINDS, FORMS, ratio, tally } from './score.ts';
import type { FlagKind } from './score.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printRun(r: RunResult, print: (line: string) => void = console.log): void {
  heading(`tree mutations: linux-source-${r.version} (${r.origin})`);
  print(`tree for the one-hunk form: ${r.repo.dir} at ${r.repo.head.slice(0, 12)} (${r.repo.source})`);
  print('\nfamily members found in mm/ (callee names matching the family patterns) and the rules that count:');
  print(table(['category', 'members', 'rules'], CATEGORIES.map((c) => [c, (r.members.get(c) ?? []).join(' ') || '-', CATEGORY_RULES[c].join(' ')])));

  const perCat = (c: string) => [r.generated.filter((m) => m.category === c).length, r.sampled.filter((m) => m.category === c).length];
  const sampledNote = r.sampled.length === r.generated.length
    ? `all ${r.generated.length} reviewed (no category above ${r.maxPerCategory})`
    : `${r.sampled.length} of ${r.generated.length} reviewed (at most ${r.maxPerCategory} per category, seeded shuffle, seed ${r.seed})`;
  print(`\nmutants: ${sampledNote}`);

  const [whole, hunk] = FORMS.map((f) => tally(r.outcomes, f));
  const rows: Cell[][] = [...CATEGORIES, 'total' as const].map((c) => {
    const [gen, sam] = c === 'total' ? [r.generated.length, r.sampled.length] : perCat(c);
    const w = whole!.get(c)!;
    const h = hunk!.get(c)!;
    return [c, gen, sam, ratio(w.flagged, w.mutants), ratio(h.flagged, h.mutants), `${h.applied}/${h.mutants}`, `${w.preexisting}/${h.preexisting}`, `${w.misplaced}/${h.misplaced}`];
  });
  print(table(['category', 'generated', 'reviewed', 'whole file (diff only)', 'one hunk (--tree)', 'applied', 'pre-existing w/h', 'elsewhere w/h'], rows));
  print('flagged: a finding of a rule of the category in the changed function. applied: one-hunk patches analysed on the tree.');
  print('pre-existing: flagged mutants whose unmutated file already draws that finding there. elsewhere: mutants with a new finding of the category in another function.');
  for (const form of FORMS) {
    const flagged = r.outcomes.filter((o) => o.form === form && o.flagged);
    const only = (k: FlagKind) => flagged.filter((o) => o.by.length === 1 && o.by[0] === k).length;
    const any = (k: FlagKind) => flagged.filter((o) => o.by.includes(k)).length;
    print(`${form}: flagged by ${FLAG_KINDS.map((k) => `${k} ${any(k)} (only it ${only(k)})`).join(', ')}`);
  }
  print('belief: a mined belief broken; since-mined: the function did it in the mined tree, the posted one does not (diff only); loss: the change took it away (--tree).');
  const byHunks = new Map<number, number>();
  for (const n of r.hunks) byHunks.set(n, (byHunks.get(n) ?? 0) + 1);
  print(`one-hunk patches by hunk count: ${[...byHunks].sort((a, b) => a[0] - b[0]).map(([n, k]) => `${n} hunk${n === 1 ? '' : 's'}: ${k}`).join(', ')}`);
  const missing = FORMS.map((f) => tally(r.outcomes, f).get('total')!.missing);
  if (missing.some((n) => n > 0)) print(`no report series found for ${missing[0]} whole-file and ${missing[1]} one-hunk mutants (counted as not flagged)`);

  print('\nevery mutant (W: flagged whole file, H: flagged one hunk, -: not flagged, ?: no result):');
  for (const m of r.sampled) {
    const mark = (form: string) => {
      const o = r.outcomes.find((x) => x.mutant === m && x.form === form);
      return o?.flagged === null || !o ? '?' : o.flagged ? (form === 'whole-file' ? 'W' : 'H') : '-';
    };
    print(`  ${mark('whole-file')}${mark('one-hunk')} ${m.category.padEnd(15)} ${m.file}:${m.functionLine} ${m.function}() ${m.removals.map((x) => `-${x.name}:${x.line}`).join(' ')}`);
  }

  const u = r.unmutated;
  const fnLevel = u.findings.filter((f) => f.scope === 'function' || f.scope === 'hunk');
  const asserted = fnLevel.filter((f) => f.confidence !== 'question');
  print(`\nunmutated mm/ posted as new files: ${u.files} files, ${u.lines} lines, ${u.findings.length} findings; function-level: ${fnLevel.length} (${perKloc(fnLevel.length, u.lines)} per 1,000 lines), of which not questions: ${asserted.length} (${perKloc(asserted.length, u.lines)} per 1,000 lines)`);
  for (const f of fnLevel) print(`  ${f.file ?? '-'}:${f.line ?? '-'} ${f.function ?? '-'}() ${f.rule} [${f.severity}, ${f.confidence}]`);
  if (r.warnings.length) {
    print(`\nwarnings: ${r.warnings.length}`);
    for (const w of r.warnings.slice(0, 10)) print(`  ${w}`);
  }
  const t = r.times;
  print(`\nwall time: ${seconds(t.total)} (generate ${seconds(t.generate)}, repo ${seconds(t.repo)}, whole-file form with unmutated ${seconds(t.wholeFile)}, one-hunk form ${seconds(t.oneHunk)})`);
}
