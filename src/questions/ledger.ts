// The ledger's database edge: reads series, patches and replies from the store
// (read-only), computes the ledger per series chain, and writes the question tables.
// Chains whose versions, patches and replies did not change since the last run are skipped.
import type { DB } from '../store/db.ts';
import type { KnownCandidates, LedgerEntry, LedgerResult } from './compute.ts';
import { chainsOf, computeChain, Loader, safeJson, type ChainJob, type SeriesRow } from './ledger-load.ts';
import { ensureLedgerSchema } from './schema.ts';

import type { ReportQuestion } from '../report/model.ts';
import { storedQuestionsForSeries } from './ledger-read.ts';

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

class Writer {
  private readonly insQ;
  private readonly insC;
  private readonly insL;
  private readonly insChain;
  private readonly deletes;

  constructor(db: DB) {
    this.insQ = db.prepare(`INSERT OR REPLACE INTO questions (${QUESTION_COLUMNS.join(', ')})
      VALUES (${QUESTION_COLUMNS.map(() => '?').join(', ')})`);
    this.insC = db.prepare(`INSERT OR REPLACE INTO question_carries (question_id, series_key, version, chain, target_id, patch_index, file, function)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insL = db.prepare(`INSERT OR REPLACE INTO question_credits (chain, series_key, seq, message_id, patch_index, line, names, question_ids)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insChain = db.prepare('INSERT OR REPLACE INTO question_chains (root, signature, keys) VALUES (?, ?, ?)');
    this.deletes = ['questions', 'question_carries', 'question_credits', 'question_chains']
      .map((t) => db.prepare(`DELETE FROM ${t} WHERE ${t === 'question_chains' ? 'root' : 'chain'} = ?`));
  }

  chain(root: string, keys: string[], signature: string, result: LedgerResult): void {
    for (const e of result.entries) {
      this.insQ.run(...entryRow(root, e));
      for (const c of e.carried) this.insC.run(e.id, c.seriesKey, c.version, root, c.anchor.targetId, c.anchor.patchIndex, c.anchor.file, c.anchor.function);
    }
    const seqs = new Map<string, number>();
    for (const c of result.credits) {
      const seq = seqs.get(c.seriesKey) ?? 0;
      seqs.set(c.seriesKey, seq + 1);
      this.insL.run(root, c.seriesKey, seq, c.line.messageId, c.line.patchIndex, c.line.line, JSON.stringify(c.line.names), JSON.stringify(c.questionIds));
    }
    this.insChain.run(root, signature, JSON.stringify(keys));
  }

  remove(roots: Iterable<string>): void {
    for (const root of roots) for (const d of this.deletes) d.run(root);
  }
}

const QUESTION_COLUMNS = ['id', 'chain', 'message_id', 'seq', 'series_key', 'version', 'asked_by', 'asked_by_email', 'asked_at', 'kind',
  'text', 'sentences', 'target_id', 'patch_index', 'part', 'file', 'function', 'quoted', 'identifiers', 'status', 'acknowledged',
  'answered_by', 'answer_message_id', 'resolved_in', 'evidence', 'flag'];

/** A questions row, in QUESTION_COLUMNS order. */
function entryRow(chain: string, e: LedgerEntry): unknown[] {
  const q = e.question;
  return [
    e.id, chain, q.messageId, q.seq, e.seriesKey, e.version, q.askedBy, q.askedByEmail, e.askedAt, q.kind,
    q.text, JSON.stringify(q.sentences), q.anchor.targetId, q.anchor.patchIndex, q.anchor.part, q.anchor.file, q.anchor.function,
    JSON.stringify(q.anchor.quoted), JSON.stringify(q.identifiers), e.status, e.acknowledged ? 1 : 0,
    e.answeredBy, e.answerMessageId, e.resolvedIn, JSON.stringify(e.evidence), e.flag,
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
  const rows = db.prepare('SELECT key, version, previous_key, date, author_name, author_email, cover_id FROM series').all() as SeriesRow[];
  const chains = chainsOf(rows);
  const stored = new Map<string, { signature: string; keys: string[] }>();
  const storedRootOf = new Map<string, string>();
  for (const c of db.prepare('SELECT root, signature, keys FROM question_chains').all() as { root: string; signature: string; keys: string }[]) {
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
  const writer = new Writer(db);
  if (!wanted) {
    const live = new Set(rows.map((r) => r.key));
    db.transaction(() => writer.remove([...stored].filter(([, c]) => !c.keys.some((k) => live.has(k))).map(([root]) => root)))();
  }
  // Chains are computed and written in batches, each batch in one transaction: its reads share one
  // snapshot, the write lock is taken only when its rows are written, and memory stays bounded.
  // Each chain's rows are written together with its signature.
  const batch = db.transaction((from: number): number => {
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
      writer.remove(old);
      writer.chain(job.root, job.members.map((m) => m.key).sort(), job.signature, result);
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
export function questionsForSeries(db: DB, key: string): ReportQuestion[] {
  ensureLedgerSchema(db);
  const covered = db.prepare('SELECT 1 FROM question_chains WHERE instr(keys, ?) > 0').get(JSON.stringify(key));
  if (!covered) rebuildLedger(db, [key]);
  return storedQuestionsForSeries(db, key);
}
