// The ledger of one series (all its linked versions): questions extracted from
// every version's thread, their status from the thread and the next versions,
// and their carrying from version to version. Pure.
import type { Address } from '../domain/mail.ts';
import { VersionCode } from './anchor.ts';
import { changelogLines, matchCredits, type ChangelogLine, type CreditCandidate } from './changelog.ts';
import { replyCandidates, type ReplyCandidates } from './candidates.ts';
import { extractQuestions, isReviewer } from './extract.ts';
import { codeEvidence, matchingPatch, portAnchor, type PortVersion } from './port.ts';
import { acceptsChange, givesAck, indexThread, threadOutcome } from './status.ts';
import { wordKey } from './text.ts';
import { parseReply } from './replies.ts';
import type { Evidence, ExtractedQuestion, LedgerStatus, QuestionAnchor, ThreadMessage, VersionPatch } from './types.ts';

export interface VersionInput {
  key: string;
  version: number;
  previousKey: string | null;
  date: number | null;
  /** The series author and every sender of its patches. */
  authors: Address[];
  coverId: string | null;
  coverText: string | null;
  patches: (VersionPatch & { text?: string })[];
  /** Replies to the version's patches and cover. */
  thread: ThreadMessage[];
}

export interface Carried {
  seriesKey: string;
  version: number;
  anchor: QuestionAnchor;
}

export interface LedgerEntry {
  /** `${messageId}#${seq}` */
  id: string;
  question: ExtractedQuestion;
  seriesKey: string;
  version: number;
  askedAt: number | null;
  status: LedgerStatus;
  acknowledged: boolean;
  answeredBy: string | null;
  answerMessageId: string | null;
  evidence: Evidence[];
  /** Version whose changes or thread resolved it. */
  resolvedIn: number | null;
  /** Why the question needs attention ("v2 has no matching change and no answer"), else null. */
  flag: string | null;
  /** Later versions it was carried into, still unresolved when they were posted. */
  carried: Carried[];
}

export interface CreditRecord {
  /** The version whose changelog has the line. */
  seriesKey: string;
  line: ChangelogLine;
  questionIds: string[];
}

export interface LedgerResult {
  entries: LedgerEntry[];
  credits: CreditRecord[];
}

function portVersion(v: VersionInput): PortVersion {
  return { version: v.version, coverId: v.coverId, coverText: v.coverText, patches: v.patches, code: new VersionCode(v.patches) };
}

/** A reply's candidates computed elsewhere (null: nothing in it asks), or undefined when unknown. */
export type KnownCandidates = (messageId: string) => ReplyCandidates | null | undefined;

function askQuestions(v: VersionInput, known: KnownCandidates | undefined): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  const targets = new Map(v.patches.map((p) => [p.messageId, p]));
  const authorEmail = v.authors[0]?.email ?? '';
  let index: ReturnType<typeof indexThread> | null = null;
  const people = { seriesAuthorEmail: authorEmail, authors: v.authors };
  for (const m of v.thread) {
    const isCover = m.targetId === v.coverId;
    const patch = targets.get(m.targetId);
    if ((!isCover && !patch) || !isReviewer(m, people)) continue;
    // Only reviewers' replies are read and split (the text may be read from the store on first use).
    const given = known?.(m.id);
    const candidates = given !== undefined ? given : replyCandidates(m.text);
    if (!candidates) continue;
    const target = isCover
      ? { id: m.targetId, kind: 'cover' as const, index: 0, content: null, messageText: v.coverText ?? undefined }
      : { id: m.targetId, kind: 'patch' as const, index: patch!.index, content: patch!.content, messageText: patch!.text };
    const questions = extractQuestions(m, { ...people, target }, candidates);
    for (const q of questions) {
      index ??= indexThread(v.thread);
      const outcome = threadOutcome(q, m.date, index, v.authors, v.version, v.coverId);
      out.push({
        id: `${q.messageId}#${q.seq}`, question: q, seriesKey: v.key, version: v.version, askedAt: m.date,
        status: outcome.resolved ? 'resolved' : outcome.answerMessageId ? 'answered' : 'open',
        acknowledged: outcome.acknowledged, answeredBy: outcome.answeredBy, answerMessageId: outcome.answerMessageId,
        evidence: outcome.evidence, resolvedIn: outcome.resolved ? v.version : null, flag: null, carried: [],
      });
    }
  }
  return out;
}

function creditLinesOf(next: VersionInput): ChangelogLine[] {
  const lines: ChangelogLine[] = [];
  if (next.coverId && next.coverText) lines.push(...changelogLines(next.coverText, next.version, next.coverId, 0));
  for (const p of next.patches) {
    const notes = p.notes ?? p.content?.notes;
    if (notes) lines.push(...changelogLines(notes, next.version, p.messageId, p.index));
  }
  const seen = new Set<string>();
  return lines.filter((l) => !seen.has(l.line) && seen.add(l.line) !== undefined);
}

interface Live {
  entry: LedgerEntry;
  anchor: QuestionAnchor;
}

/** Evidence from the next version's thread: the reviewer's ack, or their thanks for a credited change. */
function nextThreadEvidence(live: Live, cur: PortVersion, next: VersionInput, nextPort: PortVersion, credited: ChangelogLine[]): Evidence[] {
  const q = live.entry.question;
  const reviewer: Address = { name: q.askedBy, email: q.askedByEmail };
  const patch = live.anchor.patchIndex === 0 ? null : matchingPatch(cur, live.anchor.patchIndex, nextPort);
  const out: Evidence[] = [];
  for (const m of next.thread) {
    if ((m.targetId === next.coverId || m.targetId === patch?.messageId) && givesAck(m, reviewer)) {
      out.push({ kind: 'trailer', messageId: m.id, version: next.version, detail: `${q.askedBy} acked v${next.version}` });
      break;
    }
  }
  const creditKeys = credited.map((c) => wordKey(c.line)).filter((k) => k.length >= 10);
  for (const m of next.thread) {
    if (creditKeys.length === 0 || m.from.email.toLowerCase() !== q.askedByEmail.toLowerCase()) continue;
    const quoted = parseReply(m.text).allQuoteKeys;
    if (creditKeys.some((k) => quoted.includes(k)) && acceptsChange(m.text)) {
      out.push({ kind: 'thanks', messageId: m.id, version: next.version, detail: `${q.askedBy} accepted the change in v${next.version}` });
      break;
    }
  }
  return out;
}

function quoteLabel(line: string): string {
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/**
 * Computes the ledger of a set of linked versions (any order; links via previousKey).
 * `known`: reply candidates already computed (see ingest/reply-feed.ts); the result is the same without.
 */
export function computeLedger(versions: readonly VersionInput[], known?: KnownCandidates): LedgerResult {
  const ordered = [...versions].sort((a, b) => a.version - b.version || (a.date ?? 0) - (b.date ?? 0) || (a.key < b.key ? -1 : 1));
  const nextOf = new Map<string, VersionInput>();
  for (const v of ordered) if (v.previousKey && !nextOf.has(v.previousKey)) nextOf.set(v.previousKey, v);
  const ports = new Map<string, PortVersion>();
  const portOf = (v: VersionInput): PortVersion => ports.get(v.key) ?? ports.set(v.key, portVersion(v)).get(v.key)!;
  const liveIn = new Map<string, Live[]>();
  const entries: LedgerEntry[] = [];
  const credits: CreditRecord[] = [];

  for (const v of ordered) {
    const asked = askQuestions(v, known);
    entries.push(...asked);
    const live = [...(liveIn.get(v.key) ?? []), ...asked.filter((e) => e.status !== 'resolved').map((entry) => ({ entry, anchor: entry.question.anchor }))];
    const next = nextOf.get(v.key);
    if (!next || live.length === 0) continue;
    const cur = portOf(v);
    const nextPort = portOf(next);
    const lines = creditLinesOf(next);
    const candidates: CreditCandidate[] = live.map(({ entry }) => ({
      key: entry.id,
      askedBy: { name: entry.question.askedBy, email: entry.question.askedByEmail },
      text: entry.question.text,
      context: entry.question.anchor.part ? entry.question.anchor.quoted.join('\n') : '',
    }));
    const matches = matchCredits(lines, candidates);
    for (const line of lines) {
      if (line.names.length === 0 && ![...matches.values()].some((ms) => ms.some((m) => m.line === line))) continue;
      credits.push({ seriesKey: next.key, line, questionIds: [...matches].filter(([, ms]) => ms.some((m) => m.line === line)).map(([id]) => id) });
    }
    const carried: Live[] = [];
    for (const item of live) {
      const e = item.entry;
      const credited = (matches.get(e.id) ?? []).map((m) => m.line);
      const evidence: Evidence[] = credited.map((line) => ({
        kind: 'changelog', messageId: line.messageId, version: next.version,
        detail: `v${next.version} changelog${line.names.length ? ` credits ${line.names.join(', ')}` : ''}: "${quoteLabel(line.line)}"`,
      }));
      evidence.push(...codeEvidence(e.question, item.anchor, cur, nextPort));
      evidence.push(...nextThreadEvidence(item, cur, next, nextPort, credited));
      if (evidence.length > 0) {
        e.status = 'resolved';
        e.resolvedIn = next.version;
        e.evidence.push(...evidence);
        e.flag = null;
        continue;
      }
      const port = portAnchor(item.anchor, cur, nextPort);
      if (port.state === 'present' && port.anchor) {
        e.carried.push({ seriesKey: next.key, version: next.version, anchor: port.anchor });
        carried.push({ entry: e, anchor: port.anchor });
        e.flag = e.answerMessageId ? null : `v${next.version} has no matching change and there is no answer`;
        continue;
      }
      e.flag = null;
      if (e.status === 'answered') continue;
      e.status = 'outdated';
      e.evidence.push({ kind: 'outdated', messageId: null, version: next.version, detail: port.detail });
    }
    if (carried.length) liveIn.set(next.key, [...(liveIn.get(next.key) ?? []), ...carried]);
  }
  return { entries, credits };
}
