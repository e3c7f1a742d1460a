// Supplies the reviewer questions of a series to the report (wired when the ledger lands).
import type { DB } from '../store/db.ts';
import type { ReportQuestion } from '../report/model.ts';

export function questionsProvider(_db: DB, _key: string): ReportQuestion[] {
  return [];
}
