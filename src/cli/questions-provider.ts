// Supplies the reviewer questions of a series to the report, from the ledger.
import type { DB } from '../store/db.ts';
import type { ReportQuestion } from '../report/model.ts';
import { questionsForSeries } from '../questions/ledger.ts';

export function questionsProvider(db: DB, key: string): ReportQuestion[] {
  return questionsForSeries(db, key);
}
