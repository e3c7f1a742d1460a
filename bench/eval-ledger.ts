// Eval section "ledger" (issue #16): the reviewer-question ledger against the hand-labelled concerns of
// bench/ledger-labels (see its README.md). Figures only, no asserts.
//   1. build the ledger as a user would: `mm-review --db <temp> ingest` of the UFFDIO_MOVE mbox and, once,
//      of the whole cgroups epoch (timed: the cost figure); $MMR_LEDGER_DB keeps the cgroups store for reuse;
//   2. read it through the app layer (questionsOf, listSeries), find each labelled thread's versions by
//      their cover and patch message-ids, and take the entries asked on them (or from a labelled reply);
//   3. match entries to concerns one-to-one within each reply (bench/ledger/match.ts) and print, per split
//      and per source: concern recall, precision (all entries, and a seeded sample of 40 with verdicts),
//      status accuracy per version, anchor accuracy, and the UFFDIO_MOVE figures, with the targets.
// Run: npm run eval -- ledger [tune|held-out|all] [--verbose]   (default all: tune, then held-out)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { heading, table, type Cell } from './eval-format.ts';
import { LABEL_STATUSES, loadLabels, mboxMessageIds, type LabelSet, type Source, type Split } from './ledger/labels.ts';
import { MIN_PAIR_SCORE } from './ledger/match.ts';
import {
  evaluateThread, precision, recall, sample, statusAccuracy, sumCounts, type Counts, type EntryVerdict, type Ratio, type ThreadResult,
} from './ledger/metrics.ts';
import { cgroupsStore, ingestStore, readThreads, REUSE_ENV, ROOT, UFFDIO_MBOX, type BuiltStore } from './ledger/stores.ts';

const LABEL_DIR = resolve(ROOT, 'bench', 'ledger-labels');
const SAMPLE_SIZE = 40;
/** Seed of the precision sample (the issue's number); the held-out split adds 1. */
const SAMPLE_SEED = 16;

export const TARGETS = { recall: 0.85, precision: 0.85, status: 0.8, landed: 0.75, unaddressed: 10 } as const;

const SPLIT_FILES: Record<Split, string> = { tune: 'uffdio-move.json, cgroups-01..13.json', 'held-out': 'cgroups-14.json and later' };

function pct(r: Ratio): string {
  return r.of === 0 ? '-' : `${((100 * r.hit) / r.of).toFixed(1)}%`;
}

function verdictOf(r: Ratio, target: number): string {
  return r.of === 0 ? 'n/a' : r.hit / r.of >= target ? 'PASS' : 'MISS';
}

function cell(r: Ratio, target?: number): string {
  return `${r.hit}/${r.of} ${pct(r)}${target === undefined ? '' : ` ${verdictOf(r, target)}`}`;
}

/** Text from mail, on one line, without control characters, cut to `n` characters. */
function oneLine(text: string, n: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  return flat.length > n ? flat.slice(0, n) : flat;
}

const thread = (file: string) => file.replace(/\.json$/, '');

function metricsTable(rows: { name: string; counts: Counts }[]): string {
  const t = TARGETS;
  const body: Cell[][] = [['target', `>= ${t.recall * 100}%`, `>= ${t.precision * 100}%`, `>= ${t.status * 100}%`, '-', '-']];
  for (const { name, counts: c } of rows) {
    body.push([name, cell(recall(c), t.recall), cell(precision(c), t.precision), cell(statusAccuracy(c), t.status),
      cell({ hit: c.fileEqual, of: c.fileLabelled }), cell({ hit: c.fnEqual, of: c.fnLabelled })]);
  }
  return table(['', 'concern recall', 'precision (all entries)', 'status (per version)', 'anchor: file', 'anchor: function'], body);
}

function confusionTable(c: Counts): string {
  const cols = LABEL_STATUSES;
  const rows: Cell[][] = LABEL_STATUSES.map((label) => [label, ...cols.map((l) => c.status.confusion.get(`${label} -> ${l}`) ?? 0)]);
  return table(['label \\ ledger', ...cols], rows);
}

function printSample(verdicts: readonly EntryVerdict[], seed: number): void {
  const ordered = [...verdicts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.entry.id < b.entry.id ? -1 : 1));
  const picked = sample(ordered, SAMPLE_SIZE, seed);
  const ok = picked.filter((v) => v.verdict === 'match').length;
  console.log(`\nprecision on a seeded random sample (seed ${seed}) of ${picked.length} of the ${verdicts.length} entries: ` +
    `${cell({ hit: ok, of: picked.length }, TARGETS.precision)}`);
  console.log(table(['#', 'verdict', 'thread', 'entry text (first 80 characters)'], picked.map((v, i) => [
    i + 1, v.verdict === 'match' ? `true: ${v.detail}` : `FALSE: ${v.verdict}`, thread(v.file), oneLine(v.entry.text, 80),
  ])));
  const reasons = picked.filter((v) => v.verdict === 'not-concern');
  if (reasons.length) {
    console.log('  not-concern entries above, as the labels describe their replies:');
    for (const v of reasons) console.log(`    #${picked.indexOf(v) + 1}: ${oneLine(v.detail, 100)}`);
  }
}

function printUffdio(result: ThreadResult): void {
  const c = result.counts;
  const landed = { hit: c.landedResolved, of: c.landed };
  console.log(`\nUFFDIO_MOVE figures (${result.file}):`);
  console.log(`  labelled concerns that become resolved at some version, resolved in the ledger at that version: ${cell(landed, TARGETS.landed)}` +
    ` (target >= ${TARGETS.landed * 100}%; resolved in exactly that version: ${c.landedExactly}, earlier: ${c.landedResolved - c.landedExactly})`);
  console.log(`  questions the v${result.lastVersion} report lists as unaddressed (open at v${result.lastVersion}, no answer): ` +
    `${c.unaddressedAtLast} ${c.unaddressedAtLast <= TARGETS.unaddressed ? 'PASS' : 'MISS'} (target <= ${TARGETS.unaddressed})`);
}

function printSplit(split: Split, results: readonly ThreadResult[], labels: LabelSet, verbose: boolean): void {
  const skipped = labels.skipped.filter((s) => s.split === split);
  const unreadable = labels.unreadable.filter((s) => s.split === split);
  heading(`ledger, ${split} split (${SPLIT_FILES[split]})`);
  console.log(`label files: ${results.length} evaluated, ${skipped.length} skipped, ${unreadable.length} unreadable`);
  for (const s of skipped) console.log(`  skipped ${s.file}: ${oneLine(s.reason, 120)}`);
  for (const s of unreadable) console.log(`  unreadable ${s.file} (left out; being written?): ${s.reason}`);
  if (results.length === 0) return;
  const sources = (['uffdio-move', 'cgroups'] as Source[]).filter((s) => results.some((r) => r.source === s));
  const rows: { name: string; counts: Counts }[] = sources.map((s) => ({ name: s, counts: sumCounts(results.filter((r) => r.source === s).map((r) => r.counts)) }));
  const all = sumCounts(results.map((r) => r.counts));
  if (rows.length > 1) rows.push({ name: 'all', counts: all });
  console.log('');
  console.log(metricsTable(rows));
  console.log(`\nmissed concerns: ${all.concerns - all.matched} (${all.missedNoEntry} whose reply gave no entry, ${all.missedUnmatched} whose reply's entries were not taken for them)`);
  const f = all.falseBy;
  console.log(`false entries: ${all.entries - all.entriesMatched} (${f['not-concern']} from replies labelled not a concern, ` +
    `${f['extra-duplicate']} more points of replies whose concerns all matched, ${f['extra-low-score']} from replies with a concern left unmatched ` +
    `(score < ${MIN_PAIR_SCORE}), ${f.unlabelled} from replies the labels do not list)`);
  console.log(`\nstatus per version, matched concerns (rows: label, columns: ledger); ${all.status.compared} version points compared` +
    `${all.status.unlinked ? `, ${all.status.unlinked} not compared (the store did not link that version to the entry's chain)` : ''}` +
    `${all.status.missingVersion ? `, ${all.status.missingVersion} not compared (version not in the store)` : ''}`);
  console.log(confusionTable(all));
  for (const r of results.filter((x) => x.source === 'uffdio-move')) printUffdio(r);
  const cg = rows.find((r) => r.name === 'cgroups')?.counts;
  if (cg && cg.landed > 0) {
    console.log(`\ncgroups, same figure (no target): landed concerns resolved where they landed ${cell({ hit: cg.landedResolved, of: cg.landed })}`);
  }
  console.log('\nper thread:');
  console.log(table(['thread', 'concerns', 'matched', 'entries', 'true entries', 'status', 'file', 'function'], results.map((r) => {
    const c = r.counts;
    return [thread(r.file), c.concerns, c.matched, c.entries, c.entriesMatched, `${c.status.equal}/${c.status.compared}`,
      `${c.fileEqual}/${c.fileLabelled}`, `${c.fnEqual}/${c.fnLabelled}`];
  })));
  for (const r of results) for (const n of r.notes) console.log(`  ${thread(r.file)}: ${n}`);
  printSample(results.flatMap((r) => r.verdicts), SAMPLE_SEED + (split === 'tune' ? 0 : 1));
  if (!verbose) return;
  console.log('\nmissed concerns:');
  for (const r of results) for (const m of r.missed) console.log(`  ${thread(r.file)} ${m.concern.id} <${m.concern.messageId}>: ${oneLine(m.concern.concern, 90)} [${m.reason}]`);
  console.log('\nfalse entries:');
  for (const v of results.flatMap((r) => r.verdicts)) {
    if (v.verdict !== 'match') console.log(`  ${thread(v.file)} ${v.entry.id} ${v.verdict}: ${oneLine(v.entry.text, 90)}`);
  }
}

function seconds(ms: number | null): string {
  return ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`;
}

function printCost(stores: readonly BuiltStore[], readMs: Map<Source, number>): void {
  heading('ledger: cost (wall time on this machine, 2 shared cores)');
  for (const s of stores) {
    const what = s.source === 'cgroups' ? 'whole cgroups epoch' : 'UFFDIO_MOVE mbox';
    const rss = s.rssMb === null ? '' : `, peak RSS ${s.rssMb} MB`;
    const size = s.questions === null ? '' : `; ${s.questions} questions in ${s.chainsRebuilt} chains from ${s.messagesStored} messages`;
    console.log(`${what}: \`mm-review ingest\` ${s.seconds === null ? '?' : `${s.seconds.toFixed(1)} s`} (whole process: read, store, ` +
      `regroup and build the ledger), of which the ledger ${seconds(s.ledgerMs)}${size}${rss}`);
    if (s.reused) console.log(`  reused: ${s.reused}`);
    console.log(`  reading it back (questionsOf, listSeries over the store): ${seconds(readMs.get(s.source) ?? null)}`);
  }
}

function printMethod(): void {
  heading('ledger: how these figures are made');
  console.log([
    `Stores: \`mm-review --db <temp> -q ingest <source>\` from the TypeScript sources (tsx), the ledger read with questionsOf.`,
    `  A labelled version is the series its cover/patch message-ids resolve to; a thread's entries are the ledger rows asked`,
    `  on those series, or coming from a reply the labels name. ${REUSE_ENV}=<path> keeps the cgroups store for later runs.`,
    `Matching: an entry can match only a concern raised by the same reply (message-id). A reply with one entry and one concern:`,
    `  they match. Otherwise pairs are scored and taken greedily, best first, one-to-one, none under ${MIN_PAIR_SCORE}:`,
    `  score = word overlap |A n B| / sqrt(|A||B|) of content words (stop words out, endings cut, identifiers split at '_')`,
    `  of entry text vs concern summary, + 0.2 per identifier (foo_bar, CamelCase, foo(), a path) the entry text names and`,
    `  the concern names (summary or anchor function; at most 0.4), + 0.1 same anchor function, + 0.05 same anchor file;`,
    `  a pair sharing no word and no identifier is never taken (anchor agreement alone does not match).`,
    `Recall: labelled concerns with a matching entry / labelled concerns. Precision: matching entries / all entries of the`,
    `  thread; an entry from a reply labelled not_concerns (and raising no concern) is false, so is an unmatched second entry`,
    `  of a concern's reply (a duplicate or a point the labels do not count), and one from a reply the labels do not list.`,
    `Status: per matched concern, per labelled version the store links into the entry's chain. The ledger's status at version`,
    `  n: resolved from resolvedIn on; outdated from its 'outdated' evidence's version on; answered once the author's answer`,
    `  exists; else open. Label "acknowledged" = ledger open with the acknowledged flag (its acknowledgement evidence dated`,
    `  at or before n); label "open" = ledger open without it. All five must agree exactly.`,
    `Anchor: matched concerns whose label names a file: the entry's file is the same; likewise the function.`,
    `UFFDIO_MOVE: "landed" = concerns labelled resolved at some version (the first such); counted when the ledger's status`,
    `  at that version is resolved. "Unaddressed at v6" = entries asked on v6 or carried into it (what the v6 report`,
    `  lists) whose ledger status is open with no answer (compute.ts flags them "no matching change and no answer").`,
    `Limits: a verdict is only as good as the matcher: two points of one reply with few shared words can be swapped or left`,
    `  unmatched (counted false and missed); an entry stating a concern in words unlike the summary's is missed when its reply`,
    `  has several points; an entry that merges two points matches one of them only; a second entry for an already matched`,
    `  concern counts false (a duplicate); the one-entry-one-concern rule matches without reading the text; replies absent`,
    `  from the labels count false though a labeller may have left them out on purpose (e.g. the author writing from another`,
    `  address); the ledger's status per version is rebuilt from its final status, resolvedIn and dated evidence.`,
  ].join('\n'));
}

export async function evalLedger(args: readonly string[]): Promise<void> {
  const verbose = args.includes('--verbose') || args.includes('-v');
  const which = args.find((a) => !a.startsWith('-')) ?? 'all';
  if (which !== 'all' && which !== 'tune' && which !== 'held-out') {
    console.error('usage: npm run eval -- ledger [tune|held-out|all] [--verbose]');
    process.exitCode = 2;
    return;
  }
  const splits: Split[] = which === 'all' ? ['tune', 'held-out'] : [which];
  const labels = loadLabels(LABEL_DIR, (source) => (source === 'uffdio-move' && existsSync(UFFDIO_MBOX) ? mboxMessageIds(readFileSync(UFFDIO_MBOX, 'utf8')) : []));
  const threads = labels.threads.filter((t) => splits.includes(t.split));
  heading(`ledger: ${threads.length} labelled threads from bench/ledger-labels (${splits.join(', ')})`);
  if (labels.problems.length) {
    console.log(`label format problems (${labels.problems.length}):`);
    for (const p of labels.problems) console.log(`  ${p}`);
  } else {
    console.log('label format: no problems found');
  }
  if (labels.ignored.length) console.log(`ignored (name fits no split): ${labels.ignored.join(', ')}`);
  const scratch = mkdtempSync(join(tmpdir(), 'mmr-eval-ledger-'));
  try {
    const stores: BuiltStore[] = [];
    const readMs = new Map<Source, number>();
    const results: ThreadResult[] = [];
    for (const source of ['uffdio-move', 'cgroups'] as const) {
      const mine = threads.filter((t) => t.source === source);
      if (mine.length === 0) continue;
      let built: BuiltStore;
      try {
        process.stderr.write(`ledger: building the ${source} store${source === 'cgroups' && !process.env[REUSE_ENV] ? ' (the whole epoch: a minute or so)' : ''}\n`);
        built = source === 'uffdio-move' ? await ingestStore(source, UFFDIO_MBOX, join(scratch, 'uffdio-move.db'), scratch) : await cgroupsStore(scratch);
      } catch (err) {
        console.log(`skipped ${source} (${mine.length} threads): ${(err as Error).message}`);
        continue;
      }
      stores.push(built);
      const read = readThreads(built.path, mine);
      readMs.set(source, read.ms);
      results.push(...read.views.map(evaluateThread));
    }
    const order = (r: ThreadResult) => (r.source === 'uffdio-move' ? '' : r.file);
    results.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    for (const split of splits) printSplit(split, results.filter((r) => r.split === split), labels, verbose);
    printCost(stores, readMs);
    printMethod();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
