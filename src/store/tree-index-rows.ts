// Rows of the tree-index cache: writing one blob's facts (functions, macros, call sites) once per
// analyser and blob id, and the read queries the tree index answers from (by name, by callee, by blob).
import type { DB } from './handle.ts';

/** A function or call-wrapping macro as the cache stores it (params and guards already encoded). */
export interface FunctionRow {
  idx: number;
  name: string;
  /** 0 function definition, 1 function-like macro. */
  kind: number;
  start_line: number;
  end_line: number;
  body_line: number;
  /** JSON [{name, type}]. */
  params: string;
  /** 1 static, 2 inline. */
  flags: number;
  /** CONFIG_ labels joined by ' '. */
  guarded_by: string;
}

export interface CallRow {
  fn: number;
  seq: number;
  callee: string;
  line: number;
  col: number;
  /** JSON [text]. */
  args: string;
  /** 1 indirect, 2 lexical fallback. */
  flags: number;
  guarded_by: string;
}

/** Everything the index keeps of one blob. */
export interface BlobFactsRow {
  oid: string;
  lineCount: number;
  errorNodes: number;
  functions: FunctionRow[];
  calls: CallRow[];
}

export interface StoredFunctionRow extends FunctionRow {
  blob: number;
}

export interface StoredCallRow extends CallRow {
  blob: number;
}

/** A call site with the function (or macro) it sits in. */
export interface CallerRow extends StoredCallRow {
  caller: StoredFunctionRow;
}

const FN_COLS = 'blob, idx, name, kind, start_line, end_line, body_line, params, flags, guarded_by';
const CALL_COLS = 'blob, fn, seq, callee, line, col, args, flags, guarded_by';

/** Prepared statements over one open cache. */
export class TreeIndexRows {
  private readonly stmts;

  /** The cache file's path, for messages. */
  readonly path: string;

  constructor(private readonly db: DB) {
    this.path = db.name;
    this.stmts = {
      analyzer: db.prepare('INSERT INTO analyzers (fingerprint, last_used) VALUES (?, ?) ON CONFLICT(fingerprint) DO UPDATE SET last_used = excluded.last_used RETURNING id'),
      stale: db.prepare('SELECT id FROM analyzers WHERE last_used < ?').pluck(),
      blobsOf: db.prepare('SELECT oid, id FROM blobs WHERE analyzer = ?'),
      addBlob: db.prepare('INSERT INTO blobs (analyzer, oid, line_count, error_nodes) VALUES (?, ?, ?, ?) ON CONFLICT(analyzer, oid) DO NOTHING'),
      addFn: db.prepare(`INSERT INTO functions (${FN_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      addCall: db.prepare(`INSERT INTO calls (${CALL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      fnByName: db.prepare(`SELECT ${FN_COLS} FROM functions WHERE name = ?`),
      fnOfBlob: db.prepare(`SELECT ${FN_COLS} FROM functions WHERE blob = ? ORDER BY idx`),
      fnAt: db.prepare(`SELECT ${FN_COLS} FROM functions WHERE blob = ? AND idx = ?`),
      callsOfFn: db.prepare(`SELECT ${CALL_COLS} FROM calls WHERE blob = ? AND fn = ? ORDER BY seq`),
      callsOfBlob: db.prepare(`SELECT ${CALL_COLS} FROM calls WHERE blob = ? ORDER BY fn, seq`),
      callsTo: db.prepare(`SELECT c.blob, c.fn, c.seq, c.callee, c.line, c.col, c.args, c.flags, c.guarded_by,
        f.idx AS f_idx, f.name AS f_name, f.kind AS f_kind, f.start_line AS f_start_line, f.end_line AS f_end_line,
        f.body_line AS f_body_line, f.params AS f_params, f.flags AS f_flags, f.guarded_by AS f_guarded_by
        FROM calls c JOIN functions f ON f.blob = c.blob AND f.idx = c.fn WHERE c.callee = ? ORDER BY c.blob, c.fn, c.seq`),
    };
  }

  /** The id of an analyser fingerprint, marked as used now. */
  analyzerId(fingerprint: string, now = Date.now()): number {
    return this.db.transaction(() => (this.stmts.analyzer.get(fingerprint, now) as { id: number }).id).immediate();
  }

  /** Deletes the facts of analysers not used since `before` (ms); returns how many blobs went. */
  pruneAnalyzers(before: number): number {
    return this.db.transaction(() => {
      let removed = 0;
      for (const id of this.stmts.stale.all(before) as number[]) {
        const blobs = 'SELECT id FROM blobs WHERE analyzer = ?';
        this.db.prepare(`DELETE FROM calls WHERE blob IN (${blobs})`).run(id);
        this.db.prepare(`DELETE FROM functions WHERE blob IN (${blobs})`).run(id);
        removed += this.db.prepare('DELETE FROM blobs WHERE analyzer = ?').run(id).changes;
        this.db.prepare('DELETE FROM analyzers WHERE id = ?').run(id);
      }
      return removed;
    }).immediate();
  }

  /** Blob id (oid) -> row id of every blob this analyser has facts for. */
  knownBlobs(analyzer: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.stmts.blobsOf.all(analyzer) as { oid: string; id: number }[]) out.set(r.oid, r.id);
    return out;
  }

  /**
   * Stores the facts of several blobs in one write transaction. A blob another process stored
   * meanwhile is left as it is. Returns oid -> row id for every blob given.
   */
  writeBlobs(analyzer: number, facts: readonly BlobFactsRow[]): Map<string, number> {
    const ids = new Map<string, number>();
    this.db.transaction(() => {
      for (const f of facts) {
        const res = this.stmts.addBlob.run(analyzer, f.oid, f.lineCount, f.errorNodes);
        if (res.changes === 0) continue;
        const blob = Number(res.lastInsertRowid);
        ids.set(f.oid, blob);
        for (const fn of f.functions) {
          this.stmts.addFn.run(blob, fn.idx, fn.name, fn.kind, fn.start_line, fn.end_line, fn.body_line, fn.params, fn.flags, fn.guarded_by);
        }
        for (const c of f.calls) this.stmts.addCall.run(blob, c.fn, c.seq, c.callee, c.line, c.col, c.args, c.flags, c.guarded_by);
      }
    }).immediate();
    const missing = facts.filter((f) => !ids.has(f.oid));
    if (missing.length) {
      const known = this.knownBlobs(analyzer);
      for (const f of missing) ids.set(f.oid, known.get(f.oid)!);
    }
    return ids;
  }

  /** Every name the blobs define (functions, macros) or call directly (CALL_INDIRECT is flag 1), distinct. */
  namesOfBlobs(blobs: readonly number[]): string[] {
    const ids = JSON.stringify(blobs);
    return this.db.prepare(`SELECT name FROM functions WHERE blob IN (SELECT value FROM json_each(?))
      UNION SELECT callee FROM calls WHERE blob IN (SELECT value FROM json_each(?)) AND (flags & 1) = 0`).pluck().all(ids, ids) as string[];
  }

  functionsNamed(name: string): StoredFunctionRow[] {
    return this.stmts.fnByName.all(name) as StoredFunctionRow[];
  }

  functionsOfBlob(blob: number): StoredFunctionRow[] {
    return this.stmts.fnOfBlob.all(blob) as StoredFunctionRow[];
  }

  functionAt(blob: number, idx: number): StoredFunctionRow | null {
    return (this.stmts.fnAt.get(blob, idx) as StoredFunctionRow | undefined) ?? null;
  }

  callsOfFunction(blob: number, idx: number): StoredCallRow[] {
    return this.stmts.callsOfFn.all(blob, idx) as StoredCallRow[];
  }

  callsOfBlob(blob: number): StoredCallRow[] {
    return this.stmts.callsOfBlob.all(blob) as StoredCallRow[];
  }

  /** Every call site whose callee is `name`, with its enclosing function, over all blobs. */
  callsTo(name: string): CallerRow[] {
    type Joined = StoredCallRow & { f_idx: number; f_name: string; f_kind: number; f_start_line: number; f_end_line: number; f_body_line: number; f_params: string; f_flags: number; f_guarded_by: string };
    return (this.stmts.callsTo.all(name) as Joined[]).map((r) => ({
      blob: r.blob, fn: r.fn, seq: r.seq, callee: r.callee, line: r.line, col: r.col, args: r.args, flags: r.flags, guarded_by: r.guarded_by,
      caller: {
        blob: r.blob, idx: r.f_idx, name: r.f_name, kind: r.f_kind, start_line: r.f_start_line, end_line: r.f_end_line,
        body_line: r.f_body_line, params: r.f_params, flags: r.f_flags, guarded_by: r.f_guarded_by,
      },
    }));
  }

  close(): void {
    this.db.close();
  }
}
