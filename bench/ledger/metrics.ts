// Figures of one labelled thread against the ledger's entries, and their sums: recall, precision, status
// accuracy per version, anchor accuracy, the UFFDIO_MOVE figures (landed concerns resolved where they
// landed; questions the last version's report lists as unaddressed). Pure: the store is read elsewhere.
import type { LabelConcern, LabelledThread, LabelStatus, Source, Split } from './labels.ts';
import { matchThread, type EvalEntry, type Match, type Matching } from './match.ts';

/** The series the store holds for a labelled version: its key and the version number mm-review gave it. */
export interface VersionRef {
  key: string;
  ledgerVersion: number;
}

/** A labelled thread as the store sees it. */
export interface ThreadView {
  thread: LabelledThread;
  /** Labelled version -> its series in the store, or null when the store has none. */
  versions: Map<number, VersionRef | null>;
  /** Series key -> the id of its linked version chain (mm-review's version linking). */
  chainOf: ReadonlyMap<string, string>;
  /** Ledger entries asked on the labelled versions, or from a labelled reply. */
  entries: EvalEntry[];
  /** What the store made of the labelled versions, when it is worth telling (split or missing versions). */
  notes: string[];
}

/**
 * The ledger's status of an entry at a version (ledger version number `n`), in the labels' vocabulary:
 * resolved from `resolvedIn` on; outdated from the version of its `outdated` evidence on; answered once an
 * author's answer exists; else open, or "acknowledged" when an acknowledgement (evidence kind
 * `acknowledgement`) came at or before `n` (the ledger: status open with the acknowledged flag).
 * Null before the version it was asked on.
 */
export function ledgerStatusAt(e: EvalEntry, n: number): LabelStatus | null {
  if (n < e.version) return null;
  if (e.resolvedIn !== null && n >= e.resolvedIn) return 'resolved';
  if (e.evidence.some((x) => x.kind === 'outdated' && x.version <= n)) return 'outdated';
  if (e.answerMessageId !== null && !e.evidence.some((x) => x.kind === 'answer' && x.version > n)) return 'answered';
  if (e.evidence.some((x) => x.kind === 'acknowledgement' && x.version <= n)) return 'acknowledged';
  // The flag alone (no dated evidence): the ledger's final word, for versions it was open in.
  if (e.status === 'open' && e.acknowledged && !e.evidence.some((x) => x.kind === 'acknowledgement')) return 'acknowledged';
  return 'open';
}

export type Verdict = 'match' | 'not-concern' | 'extra-duplicate' | 'extra-low-score' | 'unlabelled';

export interface EntryVerdict {
  file: string;
  source: Source;
  entry: EvalEntry;
  verdict: Verdict;
  /** The matched concern's id, or what the labels say of the reply. */
  detail: string;
}

export interface StatusTally {
  /** Version points compared (labelled, and the ledger has the version in the entry's chain). */
  compared: number;
  equal: number;
  /** `label -> ledger` counts. */
  confusion: Map<string, number>;
  /** Labelled version not in the store. */
  missingVersion: number;
  /** The store has the version but did not link it into the entry's chain. */
  unlinked: number;
}

export interface Counts {
  threads: number;
  concerns: number;
  matched: number;
  /** Missed concerns whose reply gave no ledger entry at all. */
  missedNoEntry: number;
  /** Missed concerns whose reply gave entries, none taken for it. */
  missedUnmatched: number;
  entries: number;
  entriesMatched: number;
  falseBy: Record<Exclude<Verdict, 'match'>, number>;
  status: StatusTally;
  fileLabelled: number;
  fileEqual: number;
  fnLabelled: number;
  fnEqual: number;
  /** Concerns that become resolved at some labelled version. */
  landed: number;
  /** ... of which the ledger has resolved at that version. */
  landedResolved: number;
  /** ... of which the ledger resolved in exactly that version (not earlier). */
  landedExactly: number;
  /** Entries the last labelled version's report lists as awaiting an answer: open there and no answer. */
  unaddressedAtLast: number;
}

export interface ThreadResult {
  file: string;
  split: Split;
  source: Source;
  lastVersion: number;
  counts: Counts;
  matching: Matching;
  verdicts: EntryVerdict[];
  /** Missed concerns: id, reason. */
  missed: { concern: LabelConcern; reason: string }[];
  notes: string[];
}

export function emptyCounts(): Counts {
  return {
    threads: 0, concerns: 0, matched: 0, missedNoEntry: 0, missedUnmatched: 0, entries: 0, entriesMatched: 0,
    falseBy: { 'not-concern': 0, 'extra-duplicate': 0, 'extra-low-score': 0, unlabelled: 0 },
    status: { compared: 0, equal: 0, confusion: new Map(), missingVersion: 0, unlinked: 0 },
    fileLabelled: 0, fileEqual: 0, fnLabelled: 0, fnEqual: 0, landed: 0, landedResolved: 0, landedExactly: 0, unaddressedAtLast: 0,
  };
}

/** The ledger's status of a matched entry at a labelled version, or why it cannot be compared. */
function statusAtLabel(view: ThreadView, e: EvalEntry, version: number): LabelStatus | 'missing' | 'unlinked' | null {
  const ref = view.versions.get(version);
  if (!ref) return 'missing';
  const chain = view.chainOf.get(e.seriesKey);
  if (chain === undefined || chain !== view.chainOf.get(ref.key)) return 'unlinked';
  return ledgerStatusAt(e, ref.ledgerVersion);
}

function tallyStatus(view: ThreadView, m: Match, t: StatusTally): void {
  for (const [version, label] of [...m.concern.status].sort((a, b) => a[0] - b[0])) {
    const got = statusAtLabel(view, m.entry, version);
    if (got === 'missing') t.missingVersion++;
    else if (got === 'unlinked') t.unlinked++;
    else {
      const ledger = got ?? 'open';
      t.compared++;
      if (ledger === label) t.equal++;
      const k = `${label} -> ${ledger}`;
      t.confusion.set(k, (t.confusion.get(k) ?? 0) + 1);
    }
  }
}

/** The first labelled version at which the concern is resolved, if it ever is. */
export function landedAt(c: LabelConcern): number | null {
  const hit = [...c.status].sort((a, b) => a[0] - b[0]).find(([, s]) => s === 'resolved');
  return hit ? hit[0] : null;
}

export function evaluateThread(view: ThreadView): ThreadResult {
  const { thread } = view;
  const counts = emptyCounts();
  counts.threads = 1;
  const entries = [...new Map(view.entries.map((e) => [e.id, e])).values()];
  const matching = matchThread(thread.concerns, entries);
  const repliesWithEntries = new Set(entries.map((e) => e.messageId));
  const missed: ThreadResult['missed'] = [];
  counts.concerns = thread.concerns.length;
  for (const c of thread.concerns) {
    const m = matching.byConcern.get(c.id);
    if (!m) {
      const none = !repliesWithEntries.has(c.messageId);
      if (none) counts.missedNoEntry++;
      else counts.missedUnmatched++;
      missed.push({ concern: c, reason: none ? 'no ledger entry from its reply' : "its reply's entries were taken by other concerns or scored too low" });
      continue;
    }
    counts.matched++;
    tallyStatus(view, m, counts.status);
    if (c.anchor.file !== null) {
      counts.fileLabelled++;
      if (m.entry.file === c.anchor.file) counts.fileEqual++;
    }
    if (c.anchor.function !== null) {
      counts.fnLabelled++;
      if (m.entry.function === c.anchor.function) counts.fnEqual++;
    }
  }
  for (const c of thread.concerns) {
    const at = landedAt(c);
    if (at === null) continue;
    counts.landed++;
    const m = matching.byConcern.get(c.id);
    if (!m || statusAtLabel(view, m.entry, at) !== 'resolved') continue;
    counts.landedResolved++;
    if (m.entry.resolvedIn === view.versions.get(at)?.ledgerVersion) counts.landedExactly++;
  }
  const concernReplies = new Set(thread.concerns.map((c) => c.messageId));
  const notConcern = new Map(thread.notConcerns.map((n) => [n.messageId, n.what]));
  const verdicts: EntryVerdict[] = [];
  for (const e of entries) {
    const m = matching.byEntry.get(e.id);
    let verdict: Verdict;
    let detail: string;
    if (m) {
      verdict = 'match';
      detail = m.concern.id;
    } else if (concernReplies.has(e.messageId)) {
      const open = thread.concerns.filter((c) => c.messageId === e.messageId && !matching.byConcern.has(c.id));
      verdict = open.length ? 'extra-low-score' : 'extra-duplicate';
      detail = open.length ? `reply's ${open.map((c) => c.id).join(', ')} unmatched (score too low)` : "another point of a reply whose concerns are all matched";
    } else if (notConcern.has(e.messageId)) {
      verdict = 'not-concern';
      detail = notConcern.get(e.messageId)!;
    } else {
      verdict = 'unlabelled';
      detail = 'reply listed neither as a concern nor as a not-concern';
    }
    verdicts.push({ file: thread.file, source: thread.source, entry: e, verdict, detail });
  }
  counts.entries = entries.length;
  counts.entriesMatched = matching.matches.length;
  for (const v of verdicts) if (v.verdict !== 'match') counts.falseBy[v.verdict]++;
  const lastVersion = Math.max(...thread.versions.map((v) => v.version));
  const last = view.versions.get(lastVersion);
  if (last) {
    counts.unaddressedAtLast = entries.filter((e) => (e.seriesKey === last.key || e.carriedTo.some((c) => c.seriesKey === last.key))
      && e.status === 'open' && e.answerMessageId === null).length;
  }
  return { file: thread.file, split: thread.split, source: thread.source, lastVersion, counts, matching, verdicts, missed, notes: view.notes };
}

/** The sum of several threads' counts. */
export function sumCounts(list: readonly Counts[]): Counts {
  const out = emptyCounts();
  for (const c of list) {
    for (const k of ['threads', 'concerns', 'matched', 'missedNoEntry', 'missedUnmatched', 'entries', 'entriesMatched', 'fileLabelled',
      'fileEqual', 'fnLabelled', 'fnEqual', 'landed', 'landedResolved', 'landedExactly', 'unaddressedAtLast'] as const) out[k] += c[k];
    for (const k of Object.keys(out.falseBy) as (keyof Counts['falseBy'])[]) out.falseBy[k] += c.falseBy[k];
    out.status.compared += c.status.compared;
    out.status.equal += c.status.equal;
    out.status.missingVersion += c.status.missingVersion;
    out.status.unlinked += c.status.unlinked;
    for (const [k, n] of c.status.confusion) out.status.confusion.set(k, (out.status.confusion.get(k) ?? 0) + n);
  }
  return out;
}

export interface Ratio {
  hit: number;
  of: number;
}

export const recall = (c: Counts): Ratio => ({ hit: c.matched, of: c.concerns });
export const precision = (c: Counts): Ratio => ({ hit: c.entriesMatched, of: c.entries });
export const statusAccuracy = (c: Counts): Ratio => ({ hit: c.status.equal, of: c.status.compared });

/** A seeded PRNG (mulberry32): the same sample on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` items drawn without replacement by a seeded generator (all of them, in order, when there are at most n). */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  if (items.length <= n) return [...items];
  const pool = [...items];
  const rnd = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rnd() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
