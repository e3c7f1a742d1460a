// Loads what series grouping needs from the store (no bodies) and regroups.
import type { DB, StoredMessageRow } from '../store/db.ts';
import type { Message } from '../model.ts';
import { groupSeries, type SeriesGrouping } from './series.ts';
import type { SeriesInput } from './series.ts';

export type RegroupResult = SeriesGrouping;

type LightRow = Pick<StoredMessageRow, 'id' | 'synthetic_id' | 'from_name' | 'from_email' | 'date' | 'subject' | 'in_reply_to' | 'refs' | 'origin' | 'size' | 'has_diff' | 'change_id'>;

export function loadSeriesInputs(db: DB): SeriesInput[] {
  const rows = db.prepare(`SELECT id, synthetic_id, from_name, from_email, date, subject, in_reply_to, refs, origin, size, has_diff, change_id
    FROM messages ORDER BY date, id`).all() as LightRow[];
  return rows.map((r) => {
    const msg: Message = {
      id: r.id,
      syntheticId: r.synthetic_id === 1,
      from: { name: r.from_name, email: r.from_email },
      to: [],
      cc: [],
      date: r.date,
      subject: r.subject,
      inReplyTo: JSON.parse(r.in_reply_to),
      references: JSON.parse(r.refs),
      text: '',
      headers: {},
      origin: r.origin,
      size: r.size,
      warnings: [],
    };
    return { msg, hasDiff: r.has_diff === 1, changeId: r.change_id };
  });
}

export function regroupSeries(db: DB): RegroupResult {
  return groupSeries(loadSeriesInputs(db));
}
