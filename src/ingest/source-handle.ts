// What an opened source gives the ingest: its messages as a stream, and hooks around reading them.
import type { RawMessage } from '../domain/mail.ts';
import type { DB } from '../store/db.ts';

export interface SourceHandle {
  /** What the user named, for messages ("series.mbox", "lore:<id>"). */
  label: string;
  messages: AsyncIterable<RawMessage> | Iterable<RawMessage>;
  /** Problems the source met before or while splitting (e.g. a truncated mbox). */
  warnings: string[];
  /** A source expected to be large (an archive): processed on worker threads. */
  large?: boolean;
  /** Called before the first message is read (e.g. to load an incremental cursor). */
  start?: (db: DB) => void;
  /** Called after every message of the source is stored (e.g. to save an incremental cursor). */
  finish?: (db: DB) => void;
}
