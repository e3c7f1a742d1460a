// Read side of the reviewer-question ledger: the stored rows of one chain, one version or all, for
// the review report and `mm-review questions` (which decode and order them).
import type { DB } from './handle.ts';

/** A questions row as stored (see ledger-schema.ts), the columns the readers use. */
export interface StoredQuestionRow {
  id: string;
  chain: string;
  message_id: string;
  seq: number;
  series_key: string;
  version: number;
  asked_by: string;
  asked_by_email: string;
  asked_at: number | null;
  kind: string;
  text: string;
  target_id: string;
  patch_index: number | null;
  part: string | null;
  file: string | null;
  function: string | null;
  /** JSON array. */
  quoted: string;
  status: string;
  acknowledged: number;
  answered_by: string | null;
  answer_message_id: string | null;
  resolved_in: number | null;
  /** JSON array. */
  evidence: string;
  flag: string | null;
  addressed_to: string | null;
}

/** A question carried into a later version, with its anchor there. */
export type CarriedQuestionRow = StoredQuestionRow & { c_patch: number | null; c_file: string | null; c_function: string | null };

export interface StoredCarryRow {
  series_key: string;
  version: number;
  patch_index: number | null;
  file: string | null;
  function: string | null;
}

/** A question_credits row with its version's series facts (null when the series is gone). */
export interface StoredCreditRow {
  series_key: string;
  seq: number;
  message_id: string;
  patch_index: number;
  line: string;
  /** JSON array. */
  names: string;
  /** JSON array. */
  question_ids: string;
  version: number | null;
  title: string | null;
  date: number | null;
}

export interface StoredQuestionSummary {
  id: string;
  message_id: string;
  asked_by: string;
  asked_by_email: string;
  version: number;
  status: string;
  text: string;
}

function keysOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as string[]) : [];
  } catch {
    return [];
  }
}

/** The root of the stored chain holding the series `key`, or null. */
export function findLedgerChain(db: DB, key: string): string | null {
  const direct = db.prepare('SELECT chain FROM questions WHERE series_key = ? LIMIT 1').pluck().get(key) as string | undefined;
  if (direct) return direct;
  for (const c of db.prepare('SELECT root, keys FROM question_chains').all() as { root: string; keys: string }[]) {
    if (keysOf(c.keys).includes(key)) return c.root;
  }
  return null;
}

/** The questions of one chain, or of every chain (unordered). */
export function listQuestionRows(db: DB, chain?: string): StoredQuestionRow[] {
  return (chain === undefined
    ? db.prepare('SELECT * FROM questions').all()
    : db.prepare('SELECT * FROM questions WHERE chain = ?').all(chain)) as StoredQuestionRow[];
}

/** The questions asked on the version `key`. */
export function questionsAskedOn(db: DB, key: string): StoredQuestionRow[] {
  return db.prepare('SELECT * FROM questions WHERE series_key = ?').all(key) as StoredQuestionRow[];
}

/** The questions asked on earlier versions that were still unresolved in the version `key`. */
export function questionsCarriedInto(db: DB, key: string): CarriedQuestionRow[] {
  return db.prepare(`SELECT q.*, c.patch_index AS c_patch, c.file AS c_file, c.function AS c_function
    FROM question_carries c JOIN questions q ON q.id = c.question_id WHERE c.series_key = ?`).all(key) as CarriedQuestionRow[];
}

/** A series title by key (null when the series is not stored), through one statement prepared here. */
export function seriesTitleReader(db: DB): (key: string) => string | null {
  const titleOf = db.prepare('SELECT title FROM series WHERE key = ?').pluck();
  return (key) => (titleOf.get(key) as string | undefined) ?? null;
}

/** The later versions a question was carried into, oldest first, through one statement prepared here. */
export function questionCarriesReader(db: DB): (questionId: string) => StoredCarryRow[] {
  const carriesOf = db.prepare('SELECT series_key, version, patch_index, file, function FROM question_carries WHERE question_id = ? ORDER BY version');
  return (questionId) => carriesOf.all(questionId) as StoredCarryRow[];
}

/** The changelog credits of one chain, or of every chain (unordered). */
export function listCreditRows(db: DB, chain?: string): StoredCreditRow[] {
  const columns = `c.series_key, c.seq, c.message_id, c.patch_index, c.line, c.names, c.question_ids, s.version, s.title, s.date
    FROM question_credits c LEFT JOIN series s ON s.key = c.series_key`;
  return (chain === undefined
    ? db.prepare(`SELECT ${columns}`).all()
    : db.prepare(`SELECT ${columns} WHERE c.chain = ?`).all(chain)) as StoredCreditRow[];
}

/** A question's summary by id (undefined when it is not stored), through one statement prepared here. */
export function questionSummaryReader(db: DB): (id: string) => StoredQuestionSummary | undefined {
  const questionOf = db.prepare('SELECT id, message_id, asked_by, asked_by_email, version, status, text FROM questions WHERE id = ?');
  return (id) => questionOf.get(id) as StoredQuestionSummary | undefined;
}

/** How many questions the ledger holds, over every series chain. */
export function countLedgerQuestions(db: DB): number {
  return db.prepare('SELECT count(*) FROM questions').pluck().get() as number;
}

/** The newest version number among the series of a stored chain (null when none of them is stored). */
export function newestVersionOfChain(db: DB, chain: string): number | null {
  const keys = keysOf((db.prepare('SELECT keys FROM question_chains WHERE root = ?').pluck().get(chain) as string | undefined) ?? '[]');
  if (keys.length === 0) return null;
  const newest = db.prepare(`SELECT max(version) FROM series WHERE key IN (${keys.map(() => '?').join(', ')})`).pluck().get(...keys) as number | null;
  return newest ?? null;
}

/** A stored question's chain, series and asking message (undefined when there is no such question). */
export function questionPlace(db: DB, id: string): { chain: string; series_key: string; message_id: string; version: number } | undefined {
  return db.prepare('SELECT chain, series_key, message_id, version FROM questions WHERE id = ?').get(id) as
    { chain: string; series_key: string; message_id: string; version: number } | undefined;
}
