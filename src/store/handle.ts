// The type of an open store connection, on its own so that every store module can name it without cycles.
import type Database from 'better-sqlite3';

export type DB = Database.Database;
