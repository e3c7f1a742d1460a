// The ledger's database edge: reads series, patches and replies from the store
// (read-only), computes the ledger per series chain, and writes the question tables.
// Chains whose versions, patches and replies did not change since the last run are skipped.
import type { DB } from '../store/db.ts';
import type { LedgerEntry, LedgerResult } from './compute.ts';
import { chainsOf, Loader, safeJson, type ChainJob, type SeriesRow } from './ledger-load.ts';
import { runChains } from './ledger-parallel.ts';
import { ensureLedgerSchema } from './schema.ts';

import type { ReportQuestion } from '../report/model.ts';
import { storedQuestionsForSeries } from './ledger-read.ts';

export { listQuestions, decisiveEvidence, type LedgerFilter, type LedgerRow } from './ledger-read.ts';

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
}

class Writer {
  private readonly insQ;
  private readonly insC;
  private readonly insL;
  private readonly insChain;
  private readonly deletes;

  constructor(db: DB) {
    this.insQ = db.prepare(`INSERT OR REPLACE INTO questions (id, chain, message_id, seq, series_key, version, asked_by, asked_by_email, asked_at,
        kind, text, sentences, target_id, patch_index, part, file, function, quoted, identifiers, status, acknowledged, answered_by,
        answer_message_id, resolved_in, evidence, flag)
      VALUES (@id, @chain, @message_id, @seq, @series_key, @version, @asked_by, @asked_by_email, @asked_at, @kind, @text, @sentences,
        @target_id, @patch_index, @part, @file, @function, @quoted, @identifiers, @status, @acknowledged, @answered_by,
        @answer_message_id, @resolved_in, @evidence, @flag)`);
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
      this.insQ.run(entryRow(root, e));
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

function entryRow(chain: string, e: LedgerEntry): Record<string, unknown> {
  const q = e.question;
  return {
    id: e.id, chain, message_id: q.messageId, seq: q.seq, series_key: e.seriesKey, version: e.version,
    asked_by: q.askedBy, asked_by_email: q.askedByEmail, asked_at: e.askedAt, kind: q.kind, text: q.text,
    sentences: JSON.stringify(q.sentences), target_id: q.anchor.targetId, patch_index: q.anchor.patchIndex, part: q.anchor.part,
    file: q.anchor.file, function: q.anchor.function, quoted: JSON.stringify(q.anchor.quoted), identifiers: JSON.stringify(q.identifiers),
    status: e.status, acknowledged: e.acknowledged ? 1 : 0, answered_by: e.answeredBy, answer_message_id: e.answerMessageId,
    resolved_in: e.resolvedIn, evidence: JSON.stringify(e.evidence), flag: e.flag,
  };
}

/**
 * Recomputes the ledger of every chain whose versions, patches or replies changed since the last run
 * (all chains, or only those containing `seriesKeys`). `force` recomputes even unchanged chains.
 * Large rebuilds use a worker thread for half of the chains (file databases only).
 */
export function rebuildLedger(db: DB, seriesKeys?: readonly string[], opts: { force?: boolean } = {}): RebuildStats {
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
  const weights = new Map(jobs.map((j) => [j.root, loader.weight(j.members)]));
  const outcomes = new Map(runChains(db, jobs, (j) => weights.get(j.root) ?? 0).map((o) => [o.root, o]));
  const stats: RebuildStats = { chains: chains.size, rebuilt: jobs.length, questions: 0, ms: 0, warnings: [] };
  const writer = new Writer(db);
  db.transaction(() => {
    if (!wanted) {
      const live = new Set(rows.map((r) => r.key));
      writer.remove([...stored].filter(([, c]) => !c.keys.some((k) => live.has(k))).map(([root]) => root));
    }
    for (const job of jobs) {
      const old = new Set<string>([job.root]);
      for (const m of job.members) { const r = storedRootOf.get(m.key); if (r) old.add(r); }
      writer.remove(old);
      const outcome = outcomes.get(job.root);
      if (outcome?.error) stats.warnings.push(`questions of series ${job.root}: ${outcome.error}`);
      const result = outcome?.result ?? { entries: [], credits: [] };
      stats.questions += result.entries.length;
      writer.chain(job.root, job.members.map((m) => m.key).sort(), job.signature, result);
    }
  })();
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
