// The `questions` use case: the reviewer-question ledger brought up to date, then its questions or
// its changelog credits, for every series or for one series' version chain.
import type { DB } from '../store/db.ts';
import { resolveSeriesKey } from '../store/read.ts';
import { decideQuestion, rebuildLedger } from '../questions/ledger.ts';
import { listCredits, listQuestions, type CreditRow, type LedgerRow } from '../questions/ledger-read.ts';
import { InputError } from '../util/errors.ts';
import { filteredSeriesKeys, type SeriesFilterOptions } from './series-filter.ts';

export type { CreditRow, LedgerRow };

export interface QuestionsRequest extends SeriesFilterOptions {
  /** Any message-id of a series (cover, patch or reply), or its key; default every series. */
  series?: string;
  open?: boolean;
  reviewer?: string;
}

/** Rows asked on (or crediting in) a series version that passes the series filters; every row without them. */
function keepFiltered<T extends { seriesKey: string }>(rows: T[], keep: ReadonlySet<string> | null): T[] {
  return keep === null ? rows : rows.filter((r) => keep.has(r.seriesKey));
}

function seriesKeyOf(db: DB, ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const key = resolveSeriesKey(db, ref);
  if (!key) throw new InputError(`${ref}: no series or message with that id in the database`);
  return key;
}

/** Questions and requests of the ledger, oldest open first. */
export function questionsOf(db: DB, req: QuestionsRequest = {}): LedgerRow[] {
  const seriesKey = seriesKeyOf(db, req.series);
  const keep = filteredSeriesKeys(db, req); // checked (a bad date is an InputError) before the ledger's work
  rebuildLedger(db);
  return keepFiltered(listQuestions(db, { seriesKey, open: req.open, reviewer: req.reviewer }), keep);
}

/** Changelog lines of later versions that credit reviewers, with the questions each answers. */
export function creditsOf(db: DB, req: Omit<QuestionsRequest, 'open'> = {}): CreditRow[] {
  const seriesKey = seriesKeyOf(db, req.series);
  const keep = filteredSeriesKeys(db, req);
  rebuildLedger(db);
  return keepFiltered(listCredits(db, { seriesKey, reviewer: req.reviewer }), keep);
}

export interface SetStatusRequest {
  /** The question's id as `questions` shows it (`<message-id>#<n>`). */
  id: string;
  status: 'resolved' | 'open';
  why: string;
  /** Who decides (free text); default none. */
  by?: string | null;
}

/** Records a person's decision on a question (kept in later versions); returns the question as it now stands. */
export function setQuestionStatus(db: DB, req: SetStatusRequest): LedgerRow {
  return decideQuestion(db, { id: req.id, status: req.status, why: req.why, by: req.by ?? null });
}
