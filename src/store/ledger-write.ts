// Write side of the reviewer-question ledger: which chains it holds (and their signatures), and its
// rows, written and removed per series chain through statements prepared once per rebuild.
import type { DB } from './handle.ts';

/** A chain as the ledger last built it. */
export interface LedgerChainRow {
  root: string;
  signature: string;
  /** JSON array of series keys, as stored. */
  keys: string;
}

export function listLedgerChains(db: DB): LedgerChainRow[] {
  return db.prepare('SELECT root, signature, keys FROM question_chains').all() as LedgerChainRow[];
}

/** Whether a ledger build has covered the series `key` (its chain is stored, with or without questions). */
export function isSeriesInLedger(db: DB, key: string): boolean {
  return db.prepare('SELECT 1 FROM question_chains WHERE instr(keys, ?) > 0').get(JSON.stringify(key)) !== undefined;
}

/** The columns of a questions row, in the order of QuestionValues. */
const QUESTION_COLUMNS = ['id', 'chain', 'message_id', 'seq', 'series_key', 'version', 'asked_by', 'asked_by_email', 'asked_at', 'kind',
  'text', 'sentences', 'target_id', 'patch_index', 'part', 'file', 'function', 'quoted', 'identifiers', 'status', 'acknowledged',
  'answered_by', 'answer_message_id', 'resolved_in', 'evidence', 'flag', 'addressed_to'];

/** A questions row as stored (JSON arrays as text, booleans as 0/1), in column order. */
export type QuestionValues = [
  id: string, chain: string, messageId: string, seq: number, seriesKey: string, version: number,
  askedBy: string, askedByEmail: string, askedAt: number | null, kind: string,
  text: string, sentencesJson: string, targetId: string, patchIndex: number | null, part: string | null,
  file: string | null, fn: string | null, quotedJson: string, identifiersJson: string, status: string, acknowledged: 0 | 1,
  answeredBy: string | null, answerMessageId: string | null, resolvedIn: number | null, evidenceJson: string, flag: string | null,
  addressedTo: string | null,
];

/** A later version a question was still unresolved in, with its anchor there. */
export interface CarryValues {
  questionId: string;
  seriesKey: string;
  version: number;
  chain: string;
  targetId: string;
  patchIndex: number | null;
  file: string | null;
  function: string | null;
}

/** A changelog line that credits a reviewer or answers questions (names and ids as JSON text). */
export interface CreditValues {
  chain: string;
  seriesKey: string;
  /** Order of the line among its version's credits. */
  seq: number;
  messageId: string;
  patchIndex: number;
  line: string;
  namesJson: string;
  questionIdsJson: string;
}

/** The ledger's statements, prepared once; the caller decides the transactions (see transaction). */
export class LedgerWriter {
  private readonly insertQuestion;
  private readonly insertCarry;
  private readonly insertCredit;
  private readonly insertChain;
  private readonly deletes;

  constructor(private readonly db: DB) {
    this.insertQuestion = db.prepare(`INSERT OR REPLACE INTO questions (${QUESTION_COLUMNS.join(', ')})
      VALUES (${QUESTION_COLUMNS.map(() => '?').join(', ')})`);
    this.insertCarry = db.prepare(`INSERT OR REPLACE INTO question_carries (question_id, series_key, version, chain, target_id, patch_index, file, function)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertCredit = db.prepare(`INSERT OR REPLACE INTO question_credits (chain, series_key, seq, message_id, patch_index, line, names, question_ids)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertChain = db.prepare('INSERT OR REPLACE INTO question_chains (root, signature, keys) VALUES (?, ?, ?)');
    this.deletes = ['questions', 'question_carries', 'question_credits', 'question_chains']
      .map((t) => db.prepare(`DELETE FROM ${t} WHERE ${t === 'question_chains' ? 'root' : 'chain'} = ?`));
  }

  /**
   * `fn` as one transaction; nested calls join the outer transaction. It begins IMMEDIATE: its reads
   * and writes then see one state of the store, and another process that committed between them
   * cannot make its first write fail.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const run = this.db.transaction(fn);
    return (...args: A) => run.immediate(...args);
  }

  addQuestion(values: QuestionValues): void {
    this.insertQuestion.run(...values);
  }

  addCarry(c: CarryValues): void {
    this.insertCarry.run(c.questionId, c.seriesKey, c.version, c.chain, c.targetId, c.patchIndex, c.file, c.function);
  }

  addCredit(c: CreditValues): void {
    this.insertCredit.run(c.chain, c.seriesKey, c.seq, c.messageId, c.patchIndex, c.line, c.namesJson, c.questionIdsJson);
  }

  /** Records that the chain `root` (series `keys`, JSON text) was built from inputs with this signature. */
  addChain(root: string, signature: string, keysJson: string): void {
    this.insertChain.run(root, signature, keysJson);
  }

  /** Removes every row of the chains. */
  removeChains(roots: Iterable<string>): void {
    for (const root of roots) for (const d of this.deletes) d.run(root);
  }
}
