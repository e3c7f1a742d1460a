// The ledger's database edge: reads series, patches and replies from the store
// (read-only), computes the ledger per series chain, and writes the question tables.
// Chains whose versions, patches and replies did not change since the last run are skipped.
import { createHash } from 'node:crypto';
import type { DB } from '../store/db.ts';
import type { Address, PatchContent, Trailer } from '../model.ts';
import { splitPatch } from '../ingest/patch.ts';
import { normaliseTitle, parseSubject } from '../ingest/subject.ts';
import { computeLedger, type LedgerEntry, type LedgerResult, type VersionInput } from './compute.ts';
import { isReviewer } from './extract.ts';
import { LEDGER_VERSION, ensureLedgerSchema } from './schema.ts';
import type { ThreadMessage } from './types.ts';

export { listQuestions, questionsForSeries, type LedgerFilter, type LedgerRow } from './ledger-read.ts';

interface SeriesRow {
  key: string;
  version: number;
  previous_key: string | null;
  date: number | null;
  author_name: string;
  author_email: string;
  cover_id: string | null;
}

export interface RebuildStats {
  chains: number;
  rebuilt: number;
  questions: number;
  ms: number;
}

/** Groups series keys into chains (connected by previous_key); each chain is named by its smallest key. */
function chainsOf(rows: readonly SeriesRow[]): Map<string, SeriesRow[]> {
  const parent = new Map<string, string>(rows.map((r) => [r.key, r.key]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let c = k; c !== r;) { const n = parent.get(c)!; parent.set(c, r); c = n; }
    return r;
  };
  for (const r of rows) {
    if (!r.previous_key || !parent.has(r.previous_key)) continue;
    const a = find(r.key);
    const b = find(r.previous_key);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const root = find(r.key);
    (out.get(root) ?? out.set(root, []).get(root)!).push(r);
  }
  return out;
}

function parentOf(inReplyTo: string[], refs: string[], id: string): string | null {
  for (let i = inReplyTo.length - 1; i >= 0; i--) if (inReplyTo[i] && inReplyTo[i] !== id) return inReplyTo[i]!;
  for (let i = refs.length - 1; i >= 0; i--) if (refs[i] && refs[i] !== id) return refs[i]!;
  return null;
}

function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function splitQuietly(body: string): PatchContent | null {
  try {
    return splitPatch(body);
  } catch {
    return null; // an unreadable diff was already reported at ingest
  }
}

class Loader {
  private readonly patchRows;
  private readonly replyRows;
  private readonly trailerRows;
  private readonly bodyOf;
  private readonly senders;
  readonly replyIndex = new Map<string, { id: string; target: string }[]>();
  readonly patchIndex = new Map<string, { idx: number; id: string }[]>();

  constructor(private readonly db: DB) {
    this.patchRows = db.prepare(`SELECT sp.idx, m.id, m.subject, m.from_name, m.from_email, m.body, m.has_diff
      FROM series_patches sp JOIN messages m ON m.id = sp.message_id WHERE sp.series_key = ? ORDER BY sp.idx, m.date`);
    this.replyRows = db.prepare(`SELECT m.id, m.from_name, m.from_email, m.date, m.in_reply_to, m.refs, m.body, r.target_id
      FROM replies r JOIN messages m ON m.id = r.message_id WHERE r.series_key = ? ORDER BY m.date, m.id`);
    this.trailerRows = db.prepare(`SELECT t.message_id, t.key, t.value, t.name, t.email FROM message_trailers t
      JOIN replies r ON r.message_id = t.message_id WHERE r.series_key = ? ORDER BY t.message_id, t.seq`);
    this.bodyOf = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
    this.senders = db.prepare(`SELECT DISTINCT m.from_name, m.from_email FROM replies r JOIN messages m ON m.id = r.message_id WHERE r.series_key = ?`);
    for (const r of db.prepare('SELECT series_key, message_id, target_id FROM replies ORDER BY message_id').all() as { series_key: string; message_id: string; target_id: string }[]) {
      (this.replyIndex.get(r.series_key) ?? this.replyIndex.set(r.series_key, []).get(r.series_key)!).push({ id: r.message_id, target: r.target_id });
    }
    for (const r of db.prepare('SELECT series_key, idx, message_id FROM series_patches ORDER BY series_key, idx, message_id').all() as { series_key: string; idx: number; message_id: string }[]) {
      (this.patchIndex.get(r.series_key) ?? this.patchIndex.set(r.series_key, []).get(r.series_key)!).push({ idx: r.idx, id: r.message_id });
    }
  }

  signature(rows: readonly SeriesRow[]): string {
    const h = createHash('sha1');
    h.update(`ledger ${LEDGER_VERSION}\n`);
    for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      h.update(`S ${r.key} ${r.version} ${r.previous_key ?? ''} ${r.cover_id ?? ''} ${r.author_email}\n`);
      for (const p of this.patchIndex.get(r.key) ?? []) h.update(`P ${p.idx} ${p.id}\n`);
      for (const x of this.replyIndex.get(r.key) ?? []) h.update(`R ${x.id} ${x.target}\n`);
    }
    return h.digest('hex');
  }

  /** Whether any reply in the chain comes from someone who is neither the author nor a bot. */
  hasReviewerReplies(rows: readonly SeriesRow[]): boolean {
    return rows.some((r) => (this.senders.all(r.key) as { from_name: string; from_email: string }[])
      .some((s) => isReviewer({ from: { name: s.from_name, email: s.from_email } }, { seriesAuthorEmail: r.author_email })));
  }

  version(r: SeriesRow): VersionInput {
    const authors: Address[] = [{ name: r.author_name, email: r.author_email }];
    const patches = (this.patchRows.all(r.key) as {
      idx: number; id: string; subject: string; from_name: string; from_email: string; body: string; has_diff: number;
    }[]).map((p) => {
      if (p.from_email && !authors.some((a) => a.email === p.from_email)) authors.push({ name: p.from_name, email: p.from_email });
      // Parsed on first use: most patches never need their diff (no questions on them, no next version).
      let parsed: PatchContent | null | undefined;
      return {
        index: p.idx, messageId: p.id, title: normaliseTitle(parseSubject(p.subject).title), text: p.body,
        get content(): PatchContent | null {
          if (parsed === undefined) parsed = p.has_diff === 1 ? splitQuietly(p.body) : null;
          return parsed;
        },
      };
    });
    const trailers = new Map<string, Trailer[]>();
    for (const t of this.trailerRows.all(r.key) as (Trailer & { message_id: string })[]) {
      (trailers.get(t.message_id) ?? trailers.set(t.message_id, []).get(t.message_id)!).push({ key: t.key, value: t.value, name: t.name, email: t.email });
    }
    const thread: ThreadMessage[] = (this.replyRows.all(r.key) as {
      id: string; from_name: string; from_email: string; date: number | null; in_reply_to: string; refs: string; body: string; target_id: string;
    }[]).map((m) => ({
      id: m.id, from: { name: m.from_name, email: m.from_email }, date: m.date,
      parent: parentOf(safeJson<string[]>(m.in_reply_to, []), safeJson<string[]>(m.refs, []), m.id),
      text: m.body, targetId: m.target_id, trailers: trailers.get(m.id) ?? [],
    }));
    const coverText = r.cover_id ? (this.bodyOf.get(r.cover_id) as string | undefined) ?? null : null;
    return { key: r.key, version: r.version, previousKey: r.previous_key, date: r.date, authors, coverId: r.cover_id, coverText, patches, thread };
  }
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
  const writer = new Writer(db);
  const stats: RebuildStats = { chains: chains.size, rebuilt: 0, questions: 0, ms: 0 };
  db.transaction(() => {
    if (!wanted) {
      const live = new Set(rows.map((r) => r.key));
      const vanished = [...stored].filter(([, c]) => !c.keys.some((k) => live.has(k))).map(([root]) => root);
      writer.remove(vanished);
    }
    for (const [root, members] of chains) {
      if (wanted && !members.some((m) => wanted.has(m.key))) continue;
      const signature = loader.signature(members);
      if (!opts.force && stored.get(root)?.signature === signature) continue;
      const old = new Set<string>([root]);
      for (const m of members) { const r = storedRootOf.get(m.key); if (r) old.add(r); }
      writer.remove(old);
      for (const r of old) stored.delete(r);
      const keys = members.map((m) => m.key).sort();
      stats.rebuilt++;
      if (!loader.hasReviewerReplies(members)) {
        writer.chain(root, keys, signature, { entries: [], credits: [] });
        continue;
      }
      const result = computeLedger(members.map((m) => loader.version(m)));
      stats.questions += result.entries.length;
      writer.chain(root, keys, signature, result);
    }
  })();
  stats.ms = Math.round(performance.now() - started);
  return stats;
}
