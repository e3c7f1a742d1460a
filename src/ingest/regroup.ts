// Series grouping over grouping rows (no bodies). After an ingest, the rows it just stored come from
// memory and only earlier ones are read back from the store (by the caller).
import type { GroupingRow } from '../store/read.ts';
import type { Message } from '../domain/mail.ts';
import { groupSeries, type SeriesGrouping } from './series.ts';
import type { SeriesInput } from './series.ts';

export type RegroupResult = SeriesGrouping;

/** The columns grouping reads (a MessageRow has them too). */
export type LightRow = GroupingRow;

/** The grouping fields of a row, without anything else it holds (a body is not kept alive). */
export function lightRow(r: LightRow): LightRow {
  return {
    id: r.id, synthetic_id: r.synthetic_id, from_name: r.from_name, from_email: r.from_email, date: r.date, subject: r.subject,
    in_reply_to: r.in_reply_to, refs: r.refs, origin: r.origin, size: r.size, has_diff: r.has_diff, change_id: r.change_id,
    version_links: r.version_links,
  };
}

function inputOf(r: LightRow): SeriesInput {
  const msg: Message = {
    id: r.id,
    syntheticId: r.synthetic_id === 1,
    from: { name: r.from_name, email: r.from_email },
    to: [],
    cc: [],
    date: r.date,
    subject: r.subject,
    inReplyTo: JSON.parse(r.in_reply_to) as string[],
    references: JSON.parse(r.refs) as string[],
    text: '',
    headers: {},
    origin: r.origin,
    size: r.size,
    warnings: [],
  };
  return { msg, hasDiff: r.has_diff === 1, changeId: r.change_id, versionLinks: JSON.parse(r.version_links) as string[] };
}

/** Outside this range UTF-16 order (JavaScript's) and UTF-8 byte order (SQLite's) agree. */
const ORDER_DIFFERS = /[\uD800-\uFFFF]/;

/** SQLite's ORDER BY date, id: NULL dates first, ids as UTF-8 bytes. */
export function storeOrder(inputs: SeriesInput[]): SeriesInput[] {
  const bytes = inputs.some((i) => ORDER_DIFFERS.test(i.msg.id));
  const ids = (a: string, b: string): number =>
    bytes ? Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) : a < b ? -1 : a > b ? 1 : 0;
  return inputs.sort((a, b) => {
    const da = a.msg.date;
    const db = b.msg.date;
    if (da !== db) return da === null ? -1 : db === null ? 1 : da - db;
    return ids(a.msg.id, b.msg.id);
  });
}

/**
 * Groups messages into series. `earlier`: rows read from the store, already in its order (date, id);
 * `fresh`: the rows an ingest just stored, taken from memory rather than read back, merged in that order.
 */
export function regroupSeries(earlier: readonly LightRow[], fresh: readonly LightRow[] = []): RegroupResult {
  const inputs = earlier.map(inputOf);
  if (fresh.length === 0) return groupSeries(inputs);
  return groupSeries(storeOrder([...inputs, ...fresh.map(inputOf)]));
}
