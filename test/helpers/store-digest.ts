// What a store holds, as one comparable text: the messages' ids and every derived table, row by row
// in a fixed order. Times of storing and where a message was read from (which of two processes
// stored a message both read) are left out: they may differ between equal stores.
import type { DB } from '../../src/store/db.ts';

const DERIVED = [
  'patches', 'patch_files', 'message_trailers', 'series', 'series_patches', 'replies',
  'question_chains', 'questions', 'question_carries', 'question_credits',
];

export function storeDigest(db: DB): string {
  const parts: string[] = [];
  const ids = db.prepare('SELECT id FROM messages ORDER BY id').pluck().all() as string[];
  parts.push(`messages ${ids.length}: ${ids.join(' ')}`);
  for (const table of DERIVED) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).all();
    parts.push(`${table} ${rows.length}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}
