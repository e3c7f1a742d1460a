// Read side of the ledger: the questions of one version for the review report,
// and the filtered ledger for `mm-review questions`.
import type { DB } from '../store/db.ts';
import type { LedgerQuestion } from './types.ts';
import {
  findLedgerChain, listCreditRows, listQuestionRows, questionCarriesReader, questionsAskedOn, questionsCarriedInto, questionSummaryReader,
  seriesTitleReader, type StoredCreditRow, type StoredQuestionRow,
} from '../store/ledger-queries.ts';
import { ensureLedgerSchema } from '../store/ledger-schema.ts';
import type { Evidence, LedgerStatus, QuestionKind } from './types.ts';

export interface LedgerRow {
  id: string;
  messageId: string;
  seriesKey: string;
  seriesTitle: string | null;
  /** Version the question was asked on. */
  version: number;
  askedBy: string;
  askedByEmail: string;
  askedAt: number | null;
  kind: QuestionKind;
  text: string;
  /** Whom the comment speaks to by name (null: the series author, unnamed). */
  addressedTo: string | null;
  patch: number | null;
  part: 'diff' | 'message' | null;
  file: string | null;
  function: string | null;
  quoted: string[];
  status: LedgerStatus;
  acknowledged: boolean;
  answeredBy: string | null;
  answerMessageId: string | null;
  resolvedIn: number | null;
  evidence: Evidence[];
  flag: string | null;
  /** What decided the status, as one line: a decision, a changelog line, a message or a code change. */
  statusEvidence: string | null;
  /** Later versions it was still unresolved in, with its anchor there. */
  carriedTo: { seriesKey: string; version: number; patch: number | null; file: string | null; function: string | null }[];
}

export interface LedgerFilter {
  /** Any version's key: the whole chain of that series is listed. */
  seriesKey?: string;
  /** Only questions whose status is open. */
  open?: boolean;
  /** Case-insensitive part of the reviewer's name or address. */
  reviewer?: string;
}

const STATUS_ORDER: Record<string, number> = { open: 0, answered: 1, outdated: 2, resolved: 3 };

function parseList<T>(text: string): T[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toLedgerRow(r: StoredQuestionRow, title: string | null, carries: LedgerRow['carriedTo']): LedgerRow {
  return {
    id: r.id, messageId: r.message_id, seriesKey: r.series_key, seriesTitle: title, version: r.version,
    askedBy: r.asked_by, askedByEmail: r.asked_by_email, askedAt: r.asked_at, kind: r.kind === 'request' || r.kind === 'concern' ? r.kind : 'question',
    text: r.text, addressedTo: r.addressed_to ?? null, patch: r.patch_index, part: r.part === 'diff' || r.part === 'message' ? r.part : null, file: r.file,
    function: r.function, quoted: parseList<string>(r.quoted), status: r.status as LedgerStatus, acknowledged: r.acknowledged === 1,
    answeredBy: r.answered_by, answerMessageId: r.answer_message_id, resolvedIn: r.resolved_in,
    evidence: parseList<Evidence>(r.evidence), flag: r.flag, carriedTo: carries,
    statusEvidence: decisiveEvidence(r.status as LedgerStatus, parseList<Evidence>(r.evidence)),
  };
}

/** The ledger, oldest open question first, then answered, outdated and resolved ones. */
export function listQuestions(db: DB, filter: LedgerFilter = {}): LedgerRow[] {
  ensureLedgerSchema(db);
  let rows: StoredQuestionRow[];
  if (filter.seriesKey !== undefined) {
    const chain = findLedgerChain(db, filter.seriesKey);
    if (!chain) return [];
    rows = listQuestionRows(db, chain);
  } else {
    rows = listQuestionRows(db);
  }
  if (filter.open) rows = rows.filter((r) => r.status === 'open');
  if (filter.reviewer) {
    const needle = filter.reviewer.toLowerCase();
    rows = rows.filter((r) => r.asked_by.toLowerCase().includes(needle) || r.asked_by_email.toLowerCase().includes(needle));
  }
  rows.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) || (a.asked_at ?? 0) - (b.asked_at ?? 0)
    || (a.message_id < b.message_id ? -1 : a.message_id > b.message_id ? 1 : a.seq - b.seq));
  const titleOf = seriesTitleReader(db);
  const carriesOf = questionCarriesReader(db);
  const titles = new Map<string, string | null>();
  return rows.map((r) => {
    if (!titles.has(r.series_key)) titles.set(r.series_key, titleOf(r.series_key));
    const carries = carriesOf(r.id)
      .map((c) => ({ seriesKey: c.series_key, version: c.version, patch: c.patch_index, file: c.file, function: c.function }));
    return toLedgerRow(r, titles.get(r.series_key)!, carries);
  });
}

/** The evidence that decided the status, as one line: what happened, and the message that shows it. */
export function decisiveEvidence(status: LedgerStatus, evidence: readonly Evidence[]): string | null {
  const wanted: Record<LedgerStatus, Evidence['kind'][]> = {
    resolved: ['decision', 'trailer', 'changelog', 'code', 'path', 'thanks'],
    answered: ['decision', 'answer'],
    outdated: ['outdated'],
    open: ['decision', 'acknowledgement'],
  };
  const e = wanted[status].map((k) => evidence.find((x) => x.kind === k)).find((x) => x !== undefined);
  if (!e) return null;
  return e.messageId ? `${e.detail} <${e.messageId}>` : e.detail;
}

/** The stored questions of one version, asked on it or carried into it (see questionsForSeries). */
export function storedQuestionsForSeries(db: DB, key: string): LedgerQuestion[] {
  ensureLedgerSchema(db);
  const asked = questionsAskedOn(db, key);
  const carried = questionsCarriedInto(db, key);
  const toReport = (r: StoredQuestionRow, openSince: number | null, patch: number | null, file: string | null, fn: string | null): LedgerQuestion => ({
    askedBy: r.asked_by, askedByEmail: r.asked_by_email, messageId: r.message_id, patch, file, function: fn,
    quoted: parseList<string>(r.quoted), text: r.text, status: r.status as LedgerStatus, acknowledged: r.acknowledged === 1,
    answeredBy: r.answered_by, answerMessageId: r.answer_message_id, openSince,
    evidence: decisiveEvidence(r.status as LedgerStatus, parseList<Evidence>(r.evidence)),
  });
  const out = [
    ...carried.map((r) => ({ date: r.asked_at, seq: r.seq, q: toReport(r, r.version, r.c_patch, r.c_file, r.c_function) })),
    ...asked.map((r) => ({ date: r.asked_at, seq: r.seq, q: toReport(r, null, r.patch_index, r.file, r.function) })),
  ];
  out.sort((a, b) => (a.q.patch ?? -1) - (b.q.patch ?? -1) || (a.date ?? 0) - (b.date ?? 0) || a.seq - b.seq);
  return out.map((x) => x.q);
}

/** A changelog line of a later version that credits a reviewer or answers a question, with what it answers. */
export interface CreditRow {
  /** The version whose changelog (cover letter, or a patch's notes) has the line. */
  seriesKey: string;
  seriesTitle: string | null;
  version: number;
  messageId: string;
  /** 0 for the cover letter, else the patch whose notes have the line. */
  patch: number;
  line: string;
  /** The names it credits, as written. */
  names: string[];
  /** The ledger's questions it was matched to (asked on earlier versions). */
  questions: { id: string; messageId: string; askedBy: string; version: number; status: LedgerStatus; text: string }[];
}

/** Changelog credits, oldest version first (of one chain when `seriesKey` is given); `reviewer` as in LedgerFilter. */
export function listCredits(db: DB, filter: Pick<LedgerFilter, 'seriesKey' | 'reviewer'> = {}): CreditRow[] {
  ensureLedgerSchema(db);
  let rows: StoredCreditRow[];
  if (filter.seriesKey !== undefined) {
    const chain = findLedgerChain(db, filter.seriesKey);
    if (!chain) return [];
    rows = listCreditRows(db, chain);
  } else {
    rows = listCreditRows(db);
  }
  rows.sort((a, b) => (a.date ?? 0) - (b.date ?? 0) || (a.series_key < b.series_key ? -1 : a.series_key > b.series_key ? 1 : a.seq - b.seq));
  const questionOf = questionSummaryReader(db);
  const out: CreditRow[] = [];
  for (const r of rows) {
    const questions = parseList<string>(r.question_ids)
      .map(questionOf)
      .filter((q) => q !== undefined)
      .map((q) => ({ id: q.id, messageId: q.message_id, askedBy: q.asked_by, askedByEmail: q.asked_by_email, version: q.version, status: q.status as LedgerStatus, text: q.text }));
    const names = parseList<string>(r.names);
    if (filter.reviewer) {
      const needle = filter.reviewer.toLowerCase();
      const hit = names.some((n) => n.toLowerCase().includes(needle))
        || questions.some((q) => q.askedBy.toLowerCase().includes(needle) || q.askedByEmail.toLowerCase().includes(needle));
      if (!hit) continue;
    }
    out.push({
      seriesKey: r.series_key, seriesTitle: r.title, version: r.version ?? 0, messageId: r.message_id, patch: r.patch_index, line: r.line, names,
      questions: questions.map(({ askedByEmail: _email, ...q }) => q),
    });
  }
  return out;
}
