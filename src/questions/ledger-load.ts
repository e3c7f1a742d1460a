// Reading one series chain from the store (read-only) and computing its ledger.
import { createHash } from 'node:crypto';
import type { DB } from '../store/db.ts';
import type { Address, PatchContent, Trailer } from '../model.ts';
import { patchNotes, splitPatch } from '../ingest/patch.ts';
import { normaliseTitle, parseSubject } from '../ingest/subject.ts';
import { computeLedger, type LedgerResult, type VersionInput } from './compute.ts';
import { isReviewer } from './extract.ts';
import { LEDGER_VERSION } from './schema.ts';
import type { ThreadMessage } from './types.ts';

export interface SeriesRow {
  key: string;
  version: number;
  previous_key: string | null;
  date: number | null;
  author_name: string;
  author_email: string;
  cover_id: string | null;
}

/** Groups series keys into chains (connected by previous_key); each chain is named by its smallest key. */
export function chainsOf(rows: readonly SeriesRow[]): Map<string, SeriesRow[]> {
  const parent = new Map<string, string>(rows.map((r) => [r.key, r.key]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let c = k; c !== r;) { const n = parent.get(c)!; parent.set(c, r); c = n; }
    return r;
  };
  for (const r of rows) {
    if (!r.previous_key || !parent.has(r.previous_key)) continue;
    const a = find(r.key);
    const b = find(r.previous_key);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const out = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const root = find(r.key);
    (out.get(root) ?? out.set(root, []).get(root)!).push(r);
  }
  return out;
}

/** The message a reply answers: its last In-Reply-To id, else its last References id (JSON arrays as stored). */
function parentOf(inReplyTo: string, refs: string, id: string): string | null {
  const direct = safeJson<string[]>(inReplyTo, []);
  for (let i = direct.length - 1; i >= 0; i--) if (direct[i] && direct[i] !== id) return direct[i]!;
  const chain = safeJson<string[]>(refs, []); // read only when needed: long threads have long References
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i] && chain[i] !== id) return chain[i]!;
  return null;
}

export function safeJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function notesQuietly(body: string): string {
  try {
    return patchNotes(body) ?? '';
  } catch {
    return '';
  }
}

function splitQuietly(body: string): PatchContent | null {
  try {
    return splitPatch(body);
  } catch {
    return null; // an unreadable diff was already reported at ingest
  }
}

export class Loader {
  private readonly patchRows;
  private readonly replyRows;
  private readonly trailerRows;
  private readonly fileRows;
  private readonly bodyOf;
  private indexes: {
    /** `from` is null when the reply's message is not stored. */
    replies: Map<string, { id: string; target: string; from: Address | null }[]>;
    patches: Map<string, { idx: number; id: string }[]>;
  } | null = null;

  constructor(private readonly db: DB) {
    this.patchRows = db.prepare(`SELECT sp.idx, m.id, m.subject, m.from_name, m.from_email, m.has_diff
      FROM series_patches sp JOIN messages m ON m.id = sp.message_id WHERE sp.series_key = ? ORDER BY sp.idx, m.date`);
    this.replyRows = db.prepare(`SELECT m.id, m.from_name, m.from_email, m.date, m.in_reply_to, m.refs, r.target_id
      FROM replies r JOIN messages m ON m.id = r.message_id WHERE r.series_key = ? ORDER BY m.date, m.id`);
    this.trailerRows = db.prepare(`SELECT t.message_id, t.key, t.value, t.name, t.email FROM message_trailers t
      JOIN replies r ON r.message_id = t.message_id WHERE r.series_key = ? ORDER BY t.message_id, t.seq`);
    this.fileRows = db.prepare(`SELECT pf.message_id, pf.path FROM series_patches sp JOIN patch_files pf ON pf.message_id = sp.message_id
      WHERE sp.series_key = ? ORDER BY pf.rowid`);
    this.bodyOf = db.prepare('SELECT body FROM messages WHERE id = ?').pluck();
  }

  /** Patch and reply ids (and reply senders) of every series, read once. */
  private ids(): NonNullable<Loader['indexes']> {
    if (this.indexes) return this.indexes;
    const replies = new Map<string, { id: string; target: string; from: Address | null }[]>();
    const patches = new Map<string, { idx: number; id: string }[]>();
    const rows = this.db.prepare(`SELECT r.series_key, r.message_id, r.target_id, m.id IS NOT NULL AS stored, m.from_name, m.from_email
      FROM replies r LEFT JOIN messages m ON m.id = r.message_id ORDER BY r.message_id`).all() as
      { series_key: string; message_id: string; target_id: string; stored: number; from_name: string; from_email: string }[];
    for (const r of rows) {
      const from = r.stored === 1 ? { name: r.from_name, email: r.from_email } : null;
      (replies.get(r.series_key) ?? replies.set(r.series_key, []).get(r.series_key)!).push({ id: r.message_id, target: r.target_id, from });
    }
    for (const r of this.db.prepare('SELECT series_key, idx, message_id FROM series_patches ORDER BY series_key, idx, message_id').all() as { series_key: string; idx: number; message_id: string }[]) {
      (patches.get(r.series_key) ?? patches.set(r.series_key, []).get(r.series_key)!).push({ idx: r.idx, id: r.message_id });
    }
    return (this.indexes = { replies, patches });
  }

  signature(rows: readonly SeriesRow[]): string {
    const { replies, patches } = this.ids();
    const h = createHash('sha1');
    h.update(`ledger ${LEDGER_VERSION}\n`);
    for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      h.update(`S ${r.key} ${r.version} ${r.previous_key ?? ''} ${r.cover_id ?? ''} ${r.author_email}\n`);
      for (const p of patches.get(r.key) ?? []) h.update(`P ${p.idx} ${p.id}\n`);
      for (const x of replies.get(r.key) ?? []) h.update(`R ${x.id} ${x.target}\n`);
    }
    return h.digest('hex');
  }

  /** Whether any reply in the chain comes from someone who is neither the author nor a bot. */
  hasReviewerReplies(rows: readonly SeriesRow[]): boolean {
    const { replies } = this.ids();
    return rows.some((r) => (replies.get(r.key) ?? []).some((x) => x.from !== null && isReviewer({ from: x.from }, { seriesAuthorEmail: r.author_email })));
  }

  version(r: SeriesRow): VersionInput {
    const authors: Address[] = [{ name: r.author_name, email: r.author_email }];
    // The files each patch touches, as stored at ingest: porting parses only the patches it looks into.
    const pathsOf = new Map<string, string[]>();
    for (const f of this.fileRows.all(r.key) as { message_id: string; path: string }[]) {
      (pathsOf.get(f.message_id) ?? pathsOf.set(f.message_id, []).get(f.message_id)!).push(f.path);
    }
    const patches = (this.patchRows.all(r.key) as {
      idx: number; id: string; subject: string; from_name: string; from_email: string; has_diff: number;
    }[]).map((p) => {
      if (p.from_email && !authors.some((a) => a.email === p.from_email)) authors.push({ name: p.from_name, email: p.from_email });
      // Read and parsed on first use: most patches never need their text (no questions on them, no next version).
      let body: string | undefined;
      let parsed: PatchContent | null | undefined;
      const bodyOf = this.bodyOf;
      return {
        index: p.idx, messageId: p.id, title: normaliseTitle(parseSubject(p.subject).title),
        paths: p.has_diff === 1 ? pathsOf.get(p.id) : [],
        get text(): string {
          body ??= (bodyOf.get(p.id) as string | undefined) ?? '';
          return body;
        },
        get content(): PatchContent | null {
          if (parsed === undefined) parsed = p.has_diff === 1 ? splitQuietly(this.text) : null;
          return parsed;
        },
        // The changelog needs only the notes: the diff is not parsed for them.
        get notes(): string {
          if (parsed !== undefined) return parsed?.notes ?? '';
          return p.has_diff === 1 ? notesQuietly(this.text) : '';
        },
      };
    });
    const trailers = new Map<string, Trailer[]>();
    for (const t of this.trailerRows.all(r.key) as (Trailer & { message_id: string })[]) {
      (trailers.get(t.message_id) ?? trailers.set(t.message_id, []).get(t.message_id)!).push({ key: t.key, value: t.value, name: t.name, email: t.email });
    }
    const thread: ThreadMessage[] = (this.replyRows.all(r.key) as {
      id: string; from_name: string; from_email: string; date: number | null; in_reply_to: string; refs: string; target_id: string;
    }[]).map((m) => this.threadMessage(m.id, { name: m.from_name, email: m.from_email }, m.date,
      parentOf(m.in_reply_to, m.refs, m.id), m.target_id, trailers.get(m.id) ?? []));
    const coverText = r.cover_id ? (this.bodyOf.get(r.cover_id) as string | undefined) ?? null : null;
    return { key: r.key, version: r.version, previousKey: r.previous_key, date: r.date, authors, coverId: r.cover_id, coverText, patches, thread };
  }

  /** A reply whose body is read on first use: only reviewers' replies and answers to questions are read. */
  private threadMessage(id: string, from: Address, date: number | null, parent: string | null, targetId: string, trailers: Trailer[]): ThreadMessage {
    const { bodyOf } = this;
    let body: string | undefined;
    return {
      id, from, date, parent, targetId, trailers,
      get text(): string {
        body ??= (bodyOf.get(id) as string | undefined) ?? '';
        return body;
      },
    };
  }
}

export interface ChainJob {
  root: string;
  members: SeriesRow[];
}

export interface ChainOutcome {
  /** Null when computing the chain failed (see error). */
  result: LedgerResult | null;
  error: string | null;
}

const EMPTY: LedgerResult = { entries: [], credits: [] };

/** Computes the ledger of one chain; a failure yields an error, never throws. */
export function computeChain(loader: Loader, { members }: ChainJob): ChainOutcome {
  try {
    if (!loader.hasReviewerReplies(members)) return { result: EMPTY, error: null };
    return { result: computeLedger(members.map((m) => loader.version(m))), error: null };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return { result: null, error: text.split('\n', 1)[0]!.slice(0, 300) };
  }
}
