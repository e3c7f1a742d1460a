// Rebuilding the ledger: reads series, patches and replies from the store (read-only),
// computes the ledger per series chain, and has the store write the question tables.
// Chains whose versions, patches and replies did not change since the last run are skipped.
import type { DB } from '../store/db.ts';
import { listLedgerSeries } from '../store/ledger-inputs.ts';
import { ensureLedgerSchema } from '../store/ledger-schema.ts';
import { isSeriesInLedger, LedgerWriter, listLedgerChains, type QuestionValues } from '../store/ledger-write.ts';
import type { KnownCandidates, LedgerEntry, LedgerResult } from './compute.ts';
import { chainsOf, computeChain, Loader, safeJson, type ChainJob } from './ledger-load.ts';

import type { LedgerQuestion } from './types.ts';
import { listQuestions, storedQuestionsForSeries, type LedgerRow } from './ledger-read.ts';
import { newestVersionOfChain, questionPlace } from '../store/ledger-queries.ts';
import { setQuestionOverride, type OverrideStatus } from '../store/ledger-overrides.ts';
import { InputError } from '../util/errors.ts';

export { listCredits, listQuestions, decisiveEvidence, type CreditRow, type LedgerFilter, type LedgerRow } from './ledger-read.ts';

export interface RebuildStats {
  /** Series chains (linked versions) in the database. */
  chains: number;
  /** Chains recomputed (changed since the last run, or forced). */
  rebuilt: number;
  /** Questions found in the recomputed chains. */
  questions: number;
  ms: number;
  /** Chains that could not be computed (their questions are left out), one line each. */
  warnings: string[];
  /** Replies whose candidates were given (opts.candidatesOf) rather than computed here. */
  precomputed: number;
}

/** Writes one chain's rows (questions, their carries, its credits) and its signature. */
function writeChain(writer: LedgerWriter, root: string, keys: string[], signature: string, result: LedgerResult): void {
  for (const e of result.entries) {
    writer.addQuestion(questionValues(root, e));
    for (const c of e.carried) {
      writer.addCarry({ questionId: e.id, seriesKey: c.seriesKey, version: c.version, chain: root, targetId: c.anchor.targetId,
        patchIndex: c.anchor.patchIndex, file: c.anchor.file, function: c.anchor.function });
    }
  }
  const seqs = new Map<string, number>();
  for (const c of result.credits) {
    const seq = seqs.get(c.seriesKey) ?? 0;
    seqs.set(c.seriesKey, seq + 1);
    writer.addCredit({ chain: root, seriesKey: c.seriesKey, seq, messageId: c.line.messageId, patchIndex: c.line.patchIndex, line: c.line.line,
      namesJson: JSON.stringify(c.line.names), questionIdsJson: JSON.stringify(c.questionIds) });
  }
  writer.addChain(root, signature, JSON.stringify(keys));
}

/** A questions row for an entry of the chain `chain`. */
function questionValues(chain: string, e: LedgerEntry): QuestionValues {
  const q = e.question;
  return [
    e.id, chain, q.messageId, q.seq, e.seriesKey, e.version, q.askedBy, q.askedByEmail, e.askedAt, q.kind,
    q.text, JSON.stringify(q.sentences), q.anchor.targetId, q.anchor.patchIndex, q.anchor.part, q.anchor.file, q.anchor.function,
    JSON.stringify(q.anchor.quoted), JSON.stringify(q.identifiers), e.status, e.acknowledged ? 1 : 0,
    e.answeredBy, e.answerMessageId, e.resolvedIn, JSON.stringify(e.evidence), e.flag, q.addressedTo,
  ];
}

/** Chains computed before their rows are written in one transaction (whichever limit comes first). */
const WRITE_BATCH_QUESTIONS = 2000;
const WRITE_BATCH_CHAINS = 500;

export interface RebuildOptions {
  /** Recompute even unchanged chains. */
  force?: boolean;
  /** Reply candidates computed ahead (by ingest's workers); the ledger is the same without. */
  candidatesOf?: KnownCandidates;
}

/**
 * Recomputes the ledger of every chain whose versions, patches or replies changed since the last run
 * (all chains, or only those containing `seriesKeys`).
 */
export function rebuildLedger(db: DB, seriesKeys?: readonly string[], opts: RebuildOptions = {}): RebuildStats {
  const started = performance.now();
  ensureLedgerSchema(db);
  const rows = listLedgerSeries(db);
  const chains = chainsOf(rows);
  const stored = new Map<string, { signature: string; keys: string[] }>();
  const storedRootOf = new Map<string, string>();
  for (const c of listLedgerChains(db)) {
    const keys = safeJson<string[]>(c.keys, []);
    stored.set(c.root, { signature: c.signature, keys });
    for (const k of keys) storedRootOf.set(k, c.root);
  }
  const wanted = seriesKeys ? new Set(seriesKeys) : null;
  const loader = new Loader(db);
  const jobs: (ChainJob & { signature: string })[] = [];
  for (const [root, members] of chains) {
    if (wanted && !members.some((m) => wanted.has(m.key))) continue;
    const signature = loader.signature(members);
    if (opts.force || stored.get(root)?.signature !== signature) jobs.push({ root, members, signature });
  }
  const stats: RebuildStats = { chains: chains.size, rebuilt: jobs.length, questions: 0, ms: 0, warnings: [], precomputed: 0 };
  const given = opts.candidatesOf;
  const known: KnownCandidates | undefined = given && ((id) => {
    const found = given(id);
    if (found !== undefined) stats.precomputed++;
    return found;
  });
  const writer = new LedgerWriter(db);
  if (!wanted) {
    const live = new Set(rows.map((r) => r.key));
    writer.transaction(() => writer.removeChains([...stored].filter(([, c]) => !c.keys.some((k) => live.has(k))).map(([root]) => root)))();
  }
  // Chains are computed and written in batches, each batch in one transaction (inside the caller's,
  // when there is one): its reads and writes see one state of the store, and memory stays bounded.
  // Each chain's rows are written together with its signature.
  const batch = writer.transaction((from: number): number => {
    const done: { job: (typeof jobs)[number]; result: LedgerResult }[] = [];
    let questions = 0;
    let next = from;
    for (; next < jobs.length && questions < WRITE_BATCH_QUESTIONS && done.length < WRITE_BATCH_CHAINS; next++) {
      const job = jobs[next]!;
      const outcome = computeChain(loader, job, known);
      if (outcome.error) stats.warnings.push(`questions of series ${job.root}: ${outcome.error}`);
      const result = outcome.result ?? { entries: [], credits: [] };
      done.push({ job, result });
      questions += result.entries.length;
    }
    for (const { job, result } of done) {
      const old = new Set<string>(stored.has(job.root) ? [job.root] : []);
      for (const m of job.members) { const r = storedRootOf.get(m.key); if (r) old.add(r); }
      writer.removeChains(old);
      writeChain(writer, job.root, job.members.map((m) => m.key).sort(), job.signature, result);
    }
    stats.questions += questions;
    return next;
  });
  for (let next = 0; next < jobs.length;) next = batch(next);
  stats.ms = Math.round(performance.now() - started);
  return stats;
}

/**
 * Questions for the review report of one version: those asked on it, and those asked on earlier
 * versions that were still unresolved when it was posted (with openSince and their anchor there).
 * Builds the ledger of the series' chain first if no rebuild has covered it yet.
 */
export function questionsForSeries(db: DB, key: string): LedgerQuestion[] {
  ensureLedgerSchema(db);
  if (!isSeriesInLedger(db, key)) rebuildLedger(db, [key]);
  return storedQuestionsForSeries(db, key);
}

export interface Decision {
  /** A question id as the ledger shows it: `<message-id>#<n>`. */
  id: string;
  status: OverrideStatus;
  why: string;
  /** Who decided (free text), when known. */
  by?: string | null;
  /** When (ms since the epoch); default now. */
  at?: number;
}

/**
 * Records a person's decision on a question and brings its chain's ledger up to date: "resolved"
 * resolves it, "open" undoes what the mail resolved, both in the newest version of its series and in
 * every later one (an "open" question may still be resolved by what a later version brings).
 * Returns the question as the ledger now has it.
 */
export function decideQuestion(db: DB, d: Decision): LedgerRow {
  const why = d.why.trim();
  if (!why) throw new InputError('--why is needed: say why the question is ' + d.status);
  ensureLedgerSchema(db);
  rebuildLedger(db);
  const id = d.id.trim().replace(/^<([^>]*)>(#\d+)$/, '$1$2');
  const place = questionPlace(db, id);
  if (!place) throw new InputError(`${d.id}: no question with that id in the ledger (the ids are in the output of mm-review questions)`);
  setQuestionOverride(db, {
    questionId: id, messageId: place.message_id, status: d.status, why, version: newestVersionOfChain(db, place.chain) ?? place.version,
    setBy: d.by ?? null, setAt: d.at ?? Date.now(),
  });
  rebuildLedger(db, [place.series_key]);
  const row = listQuestions(db, { seriesKey: place.series_key }).find((r) => r.id === id);
  if (!row) throw new InputError(`${d.id}: the question is no longer in the ledger`);
  return row;
}
