// Tables of the reviewer-question ledger and their version: derived facts that a ledger rebuild
// rewrites per series chain (all linked versions) whenever the chain's messages change.
import type { DB } from './handle.ts';

/** Bump when extraction or status rules change: every chain is recomputed. */
export const LEDGER_VERSION = 3;

const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS question_chains (
  root TEXT PRIMARY KEY,          -- smallest series key of the chain
  signature TEXT NOT NULL,        -- hash of the chain's versions, patches and replies
  keys TEXT NOT NULL              -- JSON array of series keys
);
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,            -- message_id#seq
  chain TEXT NOT NULL,
  message_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  series_key TEXT NOT NULL,       -- the version it was asked on
  version INTEGER NOT NULL,
  asked_by TEXT NOT NULL,
  asked_by_email TEXT NOT NULL,
  asked_at INTEGER,
  kind TEXT NOT NULL,             -- question | request | concern
  text TEXT NOT NULL,
  sentences TEXT NOT NULL,        -- JSON array
  target_id TEXT NOT NULL,
  patch_index INTEGER,
  part TEXT,                      -- diff | message | NULL
  file TEXT,
  function TEXT,
  quoted TEXT NOT NULL,           -- JSON array
  identifiers TEXT NOT NULL,      -- JSON array
  status TEXT NOT NULL,           -- open | answered | resolved | outdated
  acknowledged INTEGER NOT NULL,
  answered_by TEXT,
  answer_message_id TEXT,
  resolved_in INTEGER,
  evidence TEXT NOT NULL,         -- JSON array of {kind, messageId, version, detail}
  flag TEXT,
  addressed_to TEXT               -- whom the comment speaks to, when named and not the author's default
);
CREATE INDEX IF NOT EXISTS questions_series ON questions(series_key);
CREATE INDEX IF NOT EXISTS questions_chain ON questions(chain);
CREATE TABLE IF NOT EXISTS question_carries (
  question_id TEXT NOT NULL,
  series_key TEXT NOT NULL,       -- a later version the question was still unresolved in
  version INTEGER NOT NULL,
  chain TEXT NOT NULL,
  target_id TEXT NOT NULL,
  patch_index INTEGER,
  file TEXT,
  function TEXT,
  PRIMARY KEY (question_id, series_key)
);
CREATE INDEX IF NOT EXISTS question_carries_series ON question_carries(series_key);
CREATE INDEX IF NOT EXISTS question_carries_chain ON question_carries(chain);
CREATE TABLE IF NOT EXISTS question_credits (
  chain TEXT NOT NULL,
  series_key TEXT NOT NULL,       -- the version whose changelog has the line
  seq INTEGER NOT NULL,
  message_id TEXT NOT NULL,       -- cover or patch the line is in
  patch_index INTEGER NOT NULL,
  line TEXT NOT NULL,
  names TEXT NOT NULL,            -- JSON array of credited names
  question_ids TEXT NOT NULL,     -- JSON array of matched question ids
  PRIMARY KEY (series_key, seq)
);
CREATE INDEX IF NOT EXISTS question_credits_chain ON question_credits(chain);
`;

const LEDGER_TABLES = ['question_chains', 'questions', 'question_carries', 'question_credits'];

/**
 * Creates the ledger tables; when they were written by another LEDGER_VERSION, drops them first
 * (they are derived facts: the next rebuild fills them again).
 */
export function ensureLedgerSchema(db: DB): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'ledger_version'").pluck().get() as string | undefined;
  if (stored !== String(LEDGER_VERSION)) {
    db.transaction(() => {
      for (const t of LEDGER_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
      db.exec(LEDGER_SCHEMA);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_version', ?)").run(String(LEDGER_VERSION));
    }).immediate();
  } else {
    db.exec(LEDGER_SCHEMA);
  }
}
