// Turning one series chain, as the store gives it (store/ledger-inputs.ts), into the ledger's inputs,
// and computing its ledger.
import { createHash } from 'node:crypto';
import type { DB } from '../store/db.ts';
import type { Address, PatchContent, Trailer } from '../domain/mail.ts';
import { loadLedgerInputs, messageBodyReader, type LedgerInputs, type LedgerSeriesRow, type MessageBodyReader } from '../store/ledger-inputs.ts';
import { LEDGER_VERSION } from '../store/ledger-schema.ts';
import { listQuestionOverrides, type QuestionOverride } from '../store/ledger-overrides.ts';
import { patchNotes, splitPatch } from '../ingest/patch.ts';
import { normaliseTitle, parseSubject } from '../ingest/subject.ts';
import { computeLedger, type Decisions, type KnownCandidates, type LedgerResult, type VersionInput } from './compute.ts';
import { isReviewer } from './extract.ts';
import type { ThreadMessage } from './types.ts';

/** Groups series keys into chains (connected by previous_key); each chain is named by its smallest key. */
export function chainsOf(rows: readonly LedgerSeriesRow[]): Map<string, LedgerSeriesRow[]> {
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
  const out = new Map<string, LedgerSeriesRow[]>();
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

/** SQLite's ORDER BY date, id: NULL dates first. */
function byDateThenId(a: { date: number | null; id: string }, b: { date: number | null; id: string }): number {
  if (a.date !== b.date) return a.date === null ? -1 : b.date === null ? 1 : a.date - b.date;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Reads series chains for the ledger. Everything but message bodies is read once, in a few table
 * scans, on first use; bodies are read when first needed.
 */
export class Loader {
  private readonly bodyOf: MessageBodyReader;
  private tables: LedgerInputs | null = null;

  constructor(private readonly db: DB) {
    this.bodyOf = messageBodyReader(db);
  }

  private read(): LedgerInputs {
    return (this.tables ??= loadLedgerInputs(this.db));
  }

  private overrides: Map<string, QuestionOverride[]> | null = null;

  /** People's decisions on questions, by the reply that asked them (read once). */
  private overridesByMessage(): Map<string, QuestionOverride[]> {
    if (!this.overrides) {
      this.overrides = new Map();
      for (const o of listQuestionOverrides(this.db).values()) {
        const list = this.overrides.get(o.messageId);
        if (list) list.push(o);
        else this.overrides.set(o.messageId, [o]);
      }
    }
    return this.overrides;
  }

  /** The decisions on questions asked in the chain's replies. */
  decisions(rows: readonly LedgerSeriesRow[]): Decisions {
    const byMessage = this.overridesByMessage();
    const out = new Map<string, { status: 'resolved' | 'open'; why: string; version: number | null; setBy: string | null; setAt: number }>();
    if (byMessage.size === 0) return out;
    const { replies } = this.read();
    for (const r of rows) {
      for (const x of replies.get(r.key) ?? []) {
        for (const o of byMessage.get(x.id) ?? []) out.set(o.questionId, { status: o.status, why: o.why, version: o.version, setBy: o.setBy, setAt: o.setAt });
      }
    }
    return out;
  }

  signature(rows: readonly LedgerSeriesRow[]): string {
    const { replies, patches } = this.read();
    // One string hashed in one call: an update() per line costs more than the hashing.
    let text = `ledger ${LEDGER_VERSION}\n`;
    for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      text += `S ${r.key} ${r.version} ${r.previous_key ?? ''} ${r.cover_id ?? ''} ${r.author_email}\n`;
      for (const p of patches.get(r.key) ?? []) text += `P ${p.idx} ${p.id}\n`;
      for (const x of replies.get(r.key) ?? []) text += `R ${x.id} ${x.target}\n`;
    }
    // People's decisions change the ledger of their chain as new mail does.
    for (const [id, d] of [...this.decisions(rows)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) text += `O ${id} ${d.status} ${d.version ?? ''} ${d.setAt} ${d.why}\n`;
    return createHash('sha1').update(text).digest('hex');
  }

  /** Whether any reply in the chain comes from someone who is neither the author nor a bot. */
  hasReviewerReplies(rows: readonly LedgerSeriesRow[]): boolean {
    const { replies } = this.read();
    return rows.some((r) => (replies.get(r.key) ?? []).some((x) => x.from !== null && isReviewer({ from: x.from }, { seriesAuthorEmail: r.author_email })));
  }

  version(r: LedgerSeriesRow): VersionInput {
    const tables = this.read();
    const authors: Address[] = [{ name: r.author_name, email: r.author_email }];
    const stored = (tables.patches.get(r.key) ?? []).filter((p) => p.message !== null)
      .sort((a, b) => a.idx - b.idx || byDateThenId({ date: a.message!.date, id: a.id }, { date: b.message!.date, id: b.id }));
    const patches = stored.map((p) => {
      const m = p.message!;
      if (m.from.email && !authors.some((a) => a.email === m.from.email)) authors.push(m.from);
      // Read and parsed on first use: most patches never need their text (no questions on them, no next version).
      let body: string | undefined;
      let parsed: PatchContent | null | undefined;
      const bodyOf = this.bodyOf;
      return {
        index: p.idx, messageId: p.id, title: normaliseTitle(parseSubject(m.subject).title),
        paths: m.hasDiff ? tables.paths.get(p.id) : [],
        get text(): string {
          body ??= bodyOf(p.id) ?? '';
          return body;
        },
        get content(): PatchContent | null {
          if (parsed === undefined) parsed = m.hasDiff ? splitQuietly(this.text) : null;
          return parsed;
        },
        // The changelog needs only the notes: the diff is not parsed for them.
        get notes(): string {
          if (parsed !== undefined) return parsed?.notes ?? '';
          return m.hasDiff ? notesQuietly(this.text) : '';
        },
      };
    });
    const thread: ThreadMessage[] = (tables.replies.get(r.key) ?? []).filter((x) => x.from !== null).sort(byDateThenId)
      .map((x) => this.threadMessage(x.id, x.from!, x.date, parentOf(x.inReplyTo, x.refs, x.id), x.target, tables.trailers.get(x.id) ?? []));
    const coverText = r.cover_id ? this.bodyOf(r.cover_id) ?? null : null;
    return { key: r.key, version: r.version, previousKey: r.previous_key, date: r.date, authors, coverId: r.cover_id, coverText, patches, thread };
  }

  /** A reply whose body is read on first use: only reviewers' replies and answers to questions are read. */
  private threadMessage(id: string, from: Address, date: number | null, parent: string | null, targetId: string, trailers: Trailer[]): ThreadMessage {
    const { bodyOf } = this;
    let body: string | undefined;
    return {
      id, from, date, parent, targetId, trailers,
      get text(): string {
        body ??= bodyOf(id) ?? '';
        return body;
      },
    };
  }
}

export interface ChainJob {
  root: string;
  members: LedgerSeriesRow[];
}

export interface ChainOutcome {
  /** Null when computing the chain failed (see error). */
  result: LedgerResult | null;
  error: string | null;
}

const EMPTY: LedgerResult = { entries: [], credits: [] };

/** Computes the ledger of one chain; a failure yields an error, never throws. */
export function computeChain(loader: Loader, { members }: ChainJob, known?: KnownCandidates): ChainOutcome {
  try {
    if (!loader.hasReviewerReplies(members)) return { result: EMPTY, error: null };
    return { result: computeLedger(members.map((m) => loader.version(m)), known, loader.decisions(members)), error: null };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return { result: null, error: text.split('\n', 1)[0]!.slice(0, 300) };
  }
}
