// The ledger eval's matcher and metrics (bench/ledger) on a tiny synthetic labelled thread and
// hand-made ledger entries: no store, no ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashId, mboxMessageIds, parseLabelFile, resolveHashedIds, splitOf, type LabelledThread } from '../bench/ledger/labels.ts';
import { matchThread, pairScore, type EvalEntry } from '../bench/ledger/match.ts';
import { evaluateThread, ledgerStatusAt, precision, recall, sample, statusAccuracy, type ThreadView } from '../bench/ledger/metrics.ts';

const LABELS = {
  thread: 'synthetic',
  source: 'cgroups-0',
  root: '<v1@x>',
  versions: [
    { version: 1, cover: null, patches: ['<v1@x>'], changelog_in: null },
    { version: 2, cover: null, patches: ['<v2@x>'], changelog_in: '<v2@x>' },
  ],
  concerns: [
    { id: 'c1', message_id: '<r1@x>', reviewer: 'R <r@x>', version: 1, patch: '<v1@x>', kind: 'request', addressed_to: 'author',
      concern: 'Use pte_alloc() instead of open-coding the pmd_none check and __pte_alloc.', anchor: { file: 'mm/x.c', function: 'foo' },
      status: { 1: 'acknowledged', 2: 'resolved' }, evidence: {} },
    { id: 'c2', message_id: '<r1@x>', reviewer: 'R <r@x>', version: 1, patch: '<v1@x>', kind: 'question', addressed_to: 'author',
      concern: 'Explain in a comment why the lock is dropped before the retry.', anchor: { file: 'mm/x.c', function: 'foo' },
      status: { 1: 'open', 2: 'open' }, evidence: {} },
    { id: 'c3', message_id: '<r2@x>', reviewer: 'S <s@x>', version: 1, patch: '<v1@x>', kind: 'request', addressed_to: 'author',
      concern: 'Rename the helper to something clearer.', anchor: { file: 'mm/y.c', function: 'bar' },
      status: { 1: 'answered', 2: 'answered' }, evidence: {} },
    { id: 'c4', message_id: '<r3@x>', reviewer: 'S <s@x>', version: 1, patch: '<v1@x>', kind: 'objection', addressed_to: 'author',
      concern: 'The error path leaks the folio reference.', anchor: { file: null, function: null },
      status: { 1: 'open', 2: 'resolved' }, evidence: {} },
  ],
  not_concerns: [{ message_id: '<r4@x>', what: 'ack' }],
  skipped: null,
};

function entry(id: string, text: string, over: Partial<EvalEntry> = {}): EvalEntry {
  return {
    id, messageId: id.split('#')[0]!, seriesKey: 'K1', version: 1, text, file: 'mm/x.c', function: 'foo', status: 'open', acknowledged: false,
    answerMessageId: null, resolvedIn: null, evidence: [], carriedTo: [], ...over,
  };
}

const ENTRIES: EvalEntry[] = [
  // Reply r1's two points, in the opposite order to the labels: only the texts can pair them.
  entry('r1@x#0', 'Why is the lock dropped here? Please add a comment, it is not obvious.', {
    carriedTo: [{ seriesKey: 'K2', version: 2, patch: 1, file: 'mm/x.c', function: 'foo' }],
  }),
  entry('r1@x#1', 'Maybe just use pte_alloc() here?', {
    status: 'resolved', acknowledged: true, resolvedIn: 2,
    evidence: [{ kind: 'acknowledgement', messageId: 'a1@x', version: 1, detail: 'acknowledged' },
      { kind: 'changelog', messageId: 'v2@x', version: 2, detail: 'credited' }],
  }),
  entry('r1@x#2', 'Thanks for working on this.'),
  // The only entry of r2, for its only concern: matched whatever its text, but the status and function are wrong.
  entry('r2@x#0', 'Something better than this name?', { file: 'mm/y.c', function: 'baz' }),
  entry('r4@x#0', 'Acked, but could you also look at the other caller?'),
  entry('r5@x#0', 'What about the other architectures?'),
];

function view(thread: LabelledThread, entries = ENTRIES): ThreadView {
  return {
    thread,
    versions: new Map([[1, { key: 'K1', ledgerVersion: 1 }], [2, { key: 'K2', ledgerVersion: 2 }]]),
    chainOf: new Map([['K1', 'K1'], ['K2', 'K1']]),
    entries,
    notes: [],
  };
}

function labelled(data: unknown = LABELS): { thread: LabelledThread; problems: string[] } {
  const problems: string[] = [];
  const parsed = parseLabelFile('cgroups-99.json', 'held-out', data, problems);
  assert.ok(!('skipped' in parsed));
  return { thread: parsed, problems };
}

test('splits: uffdio-move and cgroups-01..13 tune, cgroups-14 on held out', () => {
  assert.equal(splitOf('uffdio-move.json'), 'tune');
  assert.equal(splitOf('cgroups-13.json'), 'tune');
  assert.equal(splitOf('cgroups-14.json'), 'held-out');
  assert.equal(splitOf('cgroups-31.json'), 'held-out');
  assert.equal(splitOf('notes.json'), null);
});

test('label files: ids lose their brackets; a missing status and a skipped file are told', () => {
  const { thread, problems } = labelled();
  assert.deepEqual(problems, []);
  assert.equal(thread.concerns[0]!.messageId, 'r1@x');
  assert.equal(thread.concerns[0]!.status.get(2), 'resolved');
  const broken = structuredClone(LABELS) as unknown as { concerns: { status: Record<string, string> }[] };
  broken.concerns[1]!.status = { 1: 'open', 7: 'maybe' };
  const bad = labelled(broken).problems;
  assert.ok(bad.some((p) => p.includes('c2: no status for v2')), bad.join('\n'));
  assert.ok(bad.some((p) => p.includes('c2: status for v7')), bad.join('\n'));
  const skipped = parseLabelFile('cgroups-20.json', 'held-out', { ...LABELS, skipped: 'only acks' }, []);
  assert.deepEqual(skipped, { skipped: 'only acks' });
});

test('label files may keep hashed message-ids, resolved against the ids of their source', () => {
  const hashed = JSON.parse(JSON.stringify(LABELS, (k, v: unknown) => (typeof v === 'string' && /^<[^<>\s]+@[^<>\s]+>$/.test(v) ? hashId(v) : v))) as typeof LABELS;
  assert.equal(hashId('<v1@x>'), hashId('v1@x'), 'brackets do not count');
  assert.match(hashed.root, /^h:[0-9a-f]{20}$/);
  const problems: string[] = [];
  const parsed = parseLabelFile('cgroups-02.json', 'tune', hashed, problems) as LabelledThread;
  const mbox = 'From x\nMessage-ID: <v1@x>\n\nbody\nFrom x\nMessage-Id:\n <v2@x>\n\nFrom x\nmessage-id: <r1@x>\n\n';
  assert.deepEqual(mboxMessageIds(mbox), ['v1@x', 'v2@x', 'r1@x'], 'folded and any case');
  const resolved = resolveHashedIds(parsed, () => mboxMessageIds(mbox), problems);
  assert.equal(resolved.root, 'v1@x');
  assert.deepEqual(resolved.versions.map((v) => v.patches), [['v1@x'], ['v2@x']]);
  assert.equal(resolved.concerns[0]!.messageId, 'r1@x');
  // An id the source lacks stays hashed, and is told.
  assert.ok(resolved.concerns.some((c) => c.messageId.startsWith('h:')));
  assert.ok(problems.some((p) => /cgroups-02\.json: h:[0-9a-f]{20} is no message of its source/.test(p)), problems.join('\n'));
});

test('matching pairs the points of one reply by their text, one-to-one', () => {
  const { thread } = labelled();
  const m = matchThread(thread.concerns, ENTRIES);
  assert.equal(m.byConcern.get('c1')?.entry.id, 'r1@x#1');
  assert.equal(m.byConcern.get('c2')?.entry.id, 'r1@x#0');
  assert.equal(m.byConcern.get('c3')?.entry.id, 'r2@x#0');
  assert.equal(m.byConcern.get('c3')?.how, 'single');
  assert.equal(m.byConcern.has('c4'), false);
  assert.equal(m.byEntry.has('r1@x#2'), false);
  // The anchor alone (same file and function) is no evidence.
  assert.equal(pairScore(ENTRIES[2]!, thread.concerns[0]!).score, 0);
});

test('recall, precision, status, anchors and the landed / unaddressed figures', () => {
  const { thread } = labelled();
  const r = evaluateThread(view(thread));
  const c = r.counts;
  assert.deepEqual(recall(c), { hit: 3, of: 4 });
  assert.deepEqual(precision(c), { hit: 3, of: 6 });
  // c1: acknowledged, resolved (2/2); c2: open, open (2/2); c3: answered twice, ledger open (0/2).
  assert.deepEqual(statusAccuracy(c), { hit: 4, of: 6 });
  assert.equal(c.status.confusion.get('answered -> open'), 2);
  assert.deepEqual([c.fileEqual, c.fileLabelled, c.fnEqual, c.fnLabelled], [3, 3, 2, 3]);
  assert.deepEqual([c.landed, c.landedResolved, c.landedExactly], [2, 1, 1]);
  assert.equal(c.unaddressedAtLast, 1);
  assert.deepEqual([c.missedNoEntry, c.missedUnmatched], [1, 0]);
  assert.deepEqual(c.falseBy, { 'not-concern': 1, 'extra-duplicate': 1, 'extra-low-score': 0, unlabelled: 1 });
  const verdict = new Map(r.verdicts.map((v) => [v.entry.id, v.verdict]));
  assert.equal(verdict.get('r4@x#0'), 'not-concern');
  assert.equal(verdict.get('r5@x#0'), 'unlabelled');
});

test('a version the store did not link into the chain is not compared', () => {
  const { thread } = labelled();
  const v = view(thread);
  const r = evaluateThread({ ...v, chainOf: new Map([['K1', 'K1'], ['K2', 'K2']]) });
  assert.deepEqual(statusAccuracy(r.counts), { hit: 2, of: 3 });
  assert.equal(r.counts.status.unlinked, 3);
  assert.deepEqual([r.counts.landed, r.counts.landedResolved], [2, 0]);
});

test('ledger status per version', () => {
  const e = entry('q@x#0', 'x', { version: 2, status: 'outdated', evidence: [{ kind: 'outdated', messageId: null, version: 3, detail: 'gone' }] });
  assert.equal(ledgerStatusAt(e, 1), null);
  assert.equal(ledgerStatusAt(e, 2), 'open');
  assert.equal(ledgerStatusAt(e, 3), 'outdated');
  const answered = entry('q@x#1', 'x', { status: 'resolved', resolvedIn: 3, answerMessageId: 'a@x',
    evidence: [{ kind: 'answer', messageId: 'a@x', version: 1, detail: '' }] });
  assert.deepEqual([1, 2, 3].map((n) => ledgerStatusAt(answered, n)), ['answered', 'answered', 'resolved']);
});

test('the precision sample is seeded: the same draw every run, without repeats', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  const a = sample(items, 40, 16);
  assert.deepEqual(a, sample(items, 40, 16));
  assert.equal(new Set(a).size, 40);
  assert.notDeepEqual(a, sample(items, 40, 17));
  assert.deepEqual(sample([1, 2], 40, 16), [1, 2]);
});
