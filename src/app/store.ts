// Opening the store a use case works on: the path a user gave, else $MM_REVIEW_DB, else the user data directory.
import { join } from 'node:path';
import { openDatabase, type DB } from '../store/db.ts';
import { asStoreError } from '../store/errors.ts';
import { userDataDir } from '../util/paths.ts';

export type Store = DB;

/** The store path used when none is given. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MM_REVIEW_DB || join(userDataDir(), 'mm-review.db');
}

/** Opens (creating when missing) the store at `path`, or at the default path. */
export function openStore(path?: string): Store {
  return openDatabase(path ?? defaultStorePath());
}

/**
 * `err` as a one-line StoreError naming the store (default path when `path` is not given) when it
 * is a failure of the store a user can act on: a full disk, a read-only or busy store, a damaged file.
 */
export function storeFailure(err: unknown, path?: string): unknown {
  return asStoreError(err, path ?? defaultStorePath());
}
