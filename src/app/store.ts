// Opening the store a use case works on: the path a user gave, else $MM_REVIEW_DB, else the user data directory.
import { join } from 'node:path';
import { openDatabase, type DB } from '../store/db.ts';
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
