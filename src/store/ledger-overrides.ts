// A person's decision on a ledger question (`mm-review questions --set <id> resolved|open --why ...`):
// not a derived fact, so it lives outside the ledger's tables (which a ledger rebuild drops and
// rewrites) in a table of the store's own schema (schema.ts, version 2). Every rebuild reads them and
// the ledger applies them to the question and keeps them in later versions.
import type { DB } from './handle.ts';

export const QUESTION_OVERRIDES_TABLE = `
CREATE TABLE IF NOT EXISTS question_overrides (
  question_id TEXT PRIMARY KEY,   -- message_id#seq, as the ledger numbers the comments of a reply
  message_id TEXT NOT NULL,       -- the reply that asked
  status TEXT NOT NULL,           -- resolved | open
  why TEXT NOT NULL,
  version INTEGER,                -- the newest version of the question's series when it was set
  set_by TEXT,
  set_at INTEGER NOT NULL         -- ms since the epoch
);
CREATE INDEX IF NOT EXISTS question_overrides_message ON question_overrides(message_id);
`;

export type OverrideStatus = 'resolved' | 'open';

export interface QuestionOverride {
  questionId: string;
  messageId: string;
  status: OverrideStatus;
  why: string;
  /** The newest version of its series when it was set (the decision holds from there on). */
  version: number | null;
  setBy: string | null;
  setAt: number;
}

interface OverrideRow {
  question_id: string;
  message_id: string;
  status: string;
  why: string;
  version: number | null;
  set_by: string | null;
  set_at: number;
}

function fromRow(r: OverrideRow): QuestionOverride {
  return {
    questionId: r.question_id, messageId: r.message_id, status: r.status === 'open' ? 'open' : 'resolved', why: r.why, version: r.version,
    setBy: r.set_by, setAt: r.set_at,
  };
}

/** Records a decision (replacing an earlier one on the same question), in one write transaction. */
export function setQuestionOverride(db: DB, o: QuestionOverride): void {
  db.transaction(() => {
    db.prepare(`INSERT OR REPLACE INTO question_overrides (question_id, message_id, status, why, version, set_by, set_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(o.questionId, o.messageId, o.status, o.why, o.version, o.setBy, o.setAt);
  }).immediate();
}

/** Removes the decision on a question; true when there was one. */
export function clearQuestionOverride(db: DB, questionId: string): boolean {
  return db.transaction(() => db.prepare('DELETE FROM question_overrides WHERE question_id = ?').run(questionId).changes > 0).immediate();
}

/** Every decision, by question id. */
export function listQuestionOverrides(db: DB): Map<string, QuestionOverride> {
  const rows = db.prepare('SELECT question_id, message_id, status, why, version, set_by, set_at FROM question_overrides').all() as OverrideRow[];
  return new Map(rows.map((r) => [r.question_id, fromRow(r)]));
}
