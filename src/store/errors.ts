// Store failures a user can act on (a full disk, a read-only file, a store another process holds),
// told as one line naming the store, never as an "internal error".
import { InputError } from '../util/errors.ts';

/** A problem with the store file or the disk under it. */
export class StoreError extends InputError {
  override name = 'StoreError';
  constructor(readonly storePath: string, cause: string) {
    super(`${storePath}: ${cause}`);
  }
}

/** SQLite result codes (better-sqlite3's `code`) a user can act on, with what to say about them. */
const CAUSES: [prefix: string, cause: string][] = [
  ['SQLITE_FULL', 'the disk is full, or the store reached its size limit'],
  ['SQLITE_IOERR_WRITE', 'cannot write the store: a full disk, or a file size limit reached?'],
  ['SQLITE_IOERR_FSYNC', 'cannot write the store: a full disk, or a file size limit reached?'],
  ['SQLITE_IOERR_TRUNCATE', 'cannot write the store: a full disk, or a file size limit reached?'],
  ['SQLITE_IOERR', 'input/output error while reading or writing the store'],
  ['SQLITE_NOMEM', 'out of memory in the database engine'],
  ['SQLITE_READONLY', 'the store is read-only here (the file, its folder or the filesystem); commands that only read it still work'],
  ['SQLITE_BUSY', 'busy: another process holds its write lock'],
  ['SQLITE_LOCKED', 'busy: another process holds its write lock'],
  ['SQLITE_CORRUPT', 'the file is damaged (not a readable SQLite database); move it away and ingest again'],
  ['SQLITE_NOTADB', 'not an mm-review store (not a SQLite database)'],
  ['SQLITE_CANTOPEN', 'cannot open the file (a missing folder, or no permission)'],
  ['SQLITE_PERM', 'no permission to use the file'],
];

/** The one-line cause of a SQLite failure a user can act on, or null for anything else (a real bug). */
export function storeFailureCause(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const known = CAUSES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
  return known ? `${known[1]} (${code})` : null;
}

/** `err` as a StoreError naming `storePath` when it is a failure a user can act on; otherwise `err` itself. */
export function asStoreError(err: unknown, storePath: string): unknown {
  if (err instanceof InputError) return err;
  const cause = storeFailureCause(err);
  return cause === null ? err : new StoreError(storePath, cause);
}
