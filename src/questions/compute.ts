// The ledger of one series (all its linked versions): review comments (questions, requests,
// concerns) and robot reports extracted from every version's thread, their status from the thread
// and from the next versions (changelog lines matched one to one, announced renames, code and
// commit-message evidence), people's decisions, and their carrying from version to version. Pure.
import type { Address } from '../domain/mail.ts';
import { VersionCode } from './anchor.ts';
import { applyRenames, changelogLines, matchCredits, renamesIn, type ChangelogLine, type CreditCandidate, type Rename } from './changelog.ts';
import { replyCandidates, type ReplyCandidates } from './candidates.ts';
import { chainAbove, extractQuestions, isReviewer } from './extract.ts';
import { codeEvidence, forLaterPostings, matchingPatch, messageEvidence, portAnchor, tagEvidence, type PortResult, type PortVersion } from './port.ts';
import { acceptsChange, givesAck, indexThread, threadOutcome } from './status.ts';
import { wordKey } from './text.ts';
import { parseReply } from './replies.ts';
import { isBot, samePerson } from './people.ts';
import { buildFixEvidence, isTestRobot, robotReport } from './robot.ts';
import type { Evidence, ExtractedQuestion, LedgerStatus, QuestionAnchor, QuestionDecision, ThreadMessage, VersionPatch } from './types.ts';

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
  const fromOf = new Map(v.thread.map((m) => [m.id, m.from]));
  const byId = new Map(v.thread.map((m) => [m.id, m]));
  const reports = new Set<string>();
  const senders: Address[] = [];
  for (const m of v.thread) if (!senders.some((p) => samePerson(p, m.from))) senders.push(m.from);
  for (const m of v.thread) {
    const isCover = m.targetId === v.coverId;
    const patch = targets.get(m.targetId);
    if (!isCover && !patch) continue;
    if (!isReviewer(m, people)) {
      const robot = isBot(m.from) && isTestRobot(m.from) ? robotQuestion(m, isCover ? null : patch!, v.coverId) : null;
      // The same failure reported again (another config, another run) is the same concern.
      const seenReport = robot ? `${robot.anchor.targetId}\u0000${robot.text.split('\n', 1)[0]}` : '';
      if (robot && !reports.has(seenReport)) {
        reports.add(seenReport);
        index ??= indexThread(v.thread);
        out.push(entryOf(robot, m, threadOutcome(robot, m.date, index, v.authors, v.version, v.coverId), v));
      }
      continue;
    }
    // Only reviewers' replies are read and split (the text may be read from the store on first use).
    const given = known?.(m.id);
    const candidates = given !== undefined ? given : replyCandidates(m.text);
    if (!candidates) continue;
    const target = isCover
      ? { id: m.targetId, kind: 'cover' as const, index: 0, content: null, messageText: v.coverText ?? undefined }
      : { id: m.targetId, kind: 'patch' as const, index: patch!.index, content: patch!.content, messageText: patch!.text };
    const questions = extractQuestions(m, { ...people, target, parentFrom: m.parent ? fromOf.get(m.parent) ?? null : null, people: senders,
      above: chainAbove(m, byId, v.authors) }, candidates);
    for (const q of questions) {
      index ??= indexThread(v.thread);
      out.push(entryOf(q, m, threadOutcome(q, m.date, index, v.authors, v.version, v.coverId), v));
    }
  }
  return out;
}

function entryOf(q: ExtractedQuestion, m: ThreadMessage, outcome: ReturnType<typeof threadOutcome>, v: VersionInput): LedgerEntry {
  return {
    id: `${q.messageId}#${q.seq}`, question: q, seriesKey: v.key, version: v.version, askedAt: m.date,
    status: outcome.resolved ? 'resolved' : outcome.answerMessageId ? 'answered' : 'open',
    acknowledged: outcome.acknowledged, answeredBy: outcome.answeredBy, answerMessageId: outcome.answerMessageId,
    evidence: outcome.evidence, resolvedIn: outcome.resolved ? v.version : null, flag: null, carried: [],
  };
}

/** A build or test robot's report on a patch (or the cover) as one concern of the ledger. */
function robotQuestion(m: ThreadMessage, patch: (VersionPatch & { text?: string }) | null, coverId: string | null): ExtractedQuestion | null {
  const report = robotReport(m.text);
  if (!report) return null;
  const inPatch = patch !== null && report.file !== null && (patch.paths ?? patch.content?.files.map((f) => f.newPath ?? f.oldPath) ?? []).includes(report.file);
  return {
    messageId: m.id, seq: 0, askedBy: m.from.name || m.from.email, askedByEmail: m.from.email, kind: 'concern', text: report.text,
    sentences: report.text.split('\n'),
    anchor: {
      targetId: patch?.messageId ?? coverId ?? m.targetId, patchIndex: patch?.index ?? 0, part: inPatch ? 'diff' : null,
      file: inPatch ? report.file : null, function: inPatch ? report.function : null, quoted: [], newNo: null,
    },
    addressedTo: null, identifiers: [], removals: [], paths: [],
  };
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

/** The anchor with announced renames applied to its function and quoted code (the next version's names). */
function renamedAnchor(anchor: QuestionAnchor, renames: readonly Rename[]): QuestionAnchor {
  if (renames.length === 0) return anchor;
  return { ...anchor, function: anchor.function && applyRenames(anchor.function, renames), quoted: anchor.quoted.map((l) => applyRenames(l, renames)) };
}

/** The anchor at patch level in the next version's matching patch (its code no longer there), else null. */
function patchAnchor(anchor: QuestionAnchor, cur: PortVersion, next: PortVersion): QuestionAnchor | null {
  if (anchor.patchIndex === 0) return next.coverId ? { ...anchor, targetId: next.coverId, part: null, file: null, function: null, quoted: [], newNo: null } : null;
  const patch = matchingPatch(cur, anchor.patchIndex, next);
  return patch ? { ...anchor, targetId: patch.messageId, patchIndex: patch.index, part: null, file: null, function: null, quoted: [], newNo: null } : null;
}

/** What a change to the code a comment sits under says about it. */
function changedCodeEvidence(e: LedgerEntry, port: PortResult, version: number, messageId: string | null): Evidence | null {
  const q = e.question;
  if (q.anchor.part !== 'diff') return null;
  // A question counts when the author promised a change: the promised change landed there.
  if (q.kind === 'question' && !e.acknowledged) return null;
  if (port.state === 'changed') {
    const what = q.kind === 'concern' ? 'the concern was raised' : q.kind === 'request' ? 'the change was asked' : 'a change was promised';
    return { kind: 'code', messageId, version, detail: `${port.detail}, where ${what}` };
  }
  if (port.state === 'gone' && (q.kind !== 'question' || q.removals.length > 0 || /\b(?:drop|remove|get rid of|go away|not needed|unnecessary)\b/i.test(q.sentences.join(' ')))) {
    return { kind: 'code', messageId, version, detail: `${port.detail}: the code it ${q.kind === 'concern' ? 'objected to' : 'asked to change'} is gone` };
  }
  return null;
}

/** The changed lines of a patch's diff ("+" and "-" lines, file headers left out): what a respin compares. */
function changedLines(p: VersionPatch | null | undefined): string {
  const diff = p?.content?.diff ?? '';
  return diff.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l)).join('\n');
}

/**
 * A promise kept: the author agreed to a change (or promised one) on version `asked` and said
 * nothing more, and the next version changed the patch the comment is about (any patch, for the
 * cover letter). Only the version right after the promise counts.
 */
function promiseKept(e: LedgerEntry, asked: number, cur: PortVersion, next: PortVersion, anchor: QuestionAnchor): Evidence | null {
  if (!e.acknowledged || e.answerMessageId !== null || forLaterPostings(e.question)) return null;
  const promise = e.evidence.filter((x) => x.kind === 'acknowledgement').at(-1);
  if (!promise || promise.version !== asked) return null;
  const index = anchor.patchIndex;
  let changed: VersionPatch | null = null;
  if (index === null || index === 0) {
    changed = next.patches.find((p) => changedLines(p) !== changedLines(matchingPatchBack(next, p, cur))) ?? null;
  } else {
    const after = matchingPatch(cur, index, next);
    if (after && changedLines(after) !== changedLines(cur.patches.find((p) => p.index === index))) changed = after;
  }
  if (!changed) return null;
  return { kind: 'code', messageId: changed.messageId, version: next.version, detail: `v${next.version} reworked the patch after the promise in v${asked}` };
}

/** The patch of `cur` that `p` of `next` continues (same title, else same index). */
function matchingPatchBack(next: PortVersion, p: VersionPatch, cur: PortVersion): VersionPatch | null {
  return matchingPatch(next, p.index, cur);
}

/** People's decisions by question id (`${messageId}#${seq}`). */
export type Decisions = ReadonlyMap<string, QuestionDecision>;

function decisionEvidence(d: QuestionDecision, version: number): Evidence {
  const who = d.setBy ? ` by ${d.setBy}` : '';
  return { kind: 'decision', messageId: null, version, detail: `set ${d.status}${who}${d.version !== null ? ` at v${d.version}` : ''}: ${d.why}` };
}

/**
 * A person's decision, applied where the mail's evidence stopped: "resolved" resolves the question
 * (in the version it was taken at, unless the mail resolved it earlier); "open" undoes a resolution
 * the mail gave up to that version (later versions may still resolve it, see computeLedger).
 */
function applyDecision(e: LedgerEntry, d: QuestionDecision): void {
  const at = Math.max(e.version, d.version ?? e.version);
  if (d.status === 'resolved') {
    if (e.status !== 'resolved' || (e.resolvedIn ?? at) > at) {
      e.status = 'resolved';
      e.resolvedIn = at;
    }
    e.flag = null;
    e.evidence.push(decisionEvidence(d, at));
    return;
  }
  e.evidence.push(decisionEvidence(d, at));
}

/**
 * Computes the ledger of a set of linked versions (any order; links via previousKey).
 * `known`: reply candidates already computed (see ingest/reply-feed.ts); the result is the same without.
 * `decisions`: people's decisions on questions (mm-review questions --set), kept in every later version.
 */
export function computeLedger(versions: readonly VersionInput[], known?: KnownCandidates, decisions?: Decisions): LedgerResult {
  const ordered = [...versions].sort((a, b) => a.version - b.version || (a.date ?? 0) - (b.date ?? 0) || (a.key < b.key ? -1 : 1));
  const nextOf = new Map<string, VersionInput>();
  for (const v of ordered) if (v.previousKey && !nextOf.has(v.previousKey)) nextOf.set(v.previousKey, v);
  const ports = new Map<string, PortVersion>();
  const portOf = (v: VersionInput): PortVersion => ports.get(v.key) ?? ports.set(v.key, portVersion(v)).get(v.key)!;
  const liveIn = new Map<string, Live[]>();
  const entries: LedgerEntry[] = [];
  const credits: CreditRecord[] = [];
  // Renames announced by the changelogs so far: a comment keeps its old names, the code has the new ones.
  const renames: Rename[] = [];

  // An "open" decision holds up to the version it was taken at: resolutions the mail gives there are overruled.
  const keptOpen = (e: LedgerEntry, version: number): boolean => {
    const d = decisions?.get(e.id);
    return d !== undefined && d.status === 'open' && version <= (d.version ?? e.version);
  };
  const overrule = (e: LedgerEntry, version: number, evidence: Evidence[]): void => {
    for (const x of evidence) e.evidence.push({ ...x, kind: 'overruled', detail: `${x.detail} (overruled by a person's decision)`, version });
  };
  for (const v of ordered) {
    const asked = askQuestions(v, known);
    for (const e of asked) {
      if (e.status === 'resolved' && keptOpen(e, v.version)) {
        const resolving = e.evidence.filter((x) => x.kind === 'trailer');
        e.evidence = e.evidence.filter((x) => x.kind !== 'trailer');
        overrule(e, v.version, resolving);
        e.status = e.answerMessageId ? 'answered' : 'open';
        e.resolvedIn = null;
      }
    }
    entries.push(...asked);
    // A question a person resolved is not followed past the version they resolved it at.
    const decidedResolved = (e: LedgerEntry): boolean => {
      const d = decisions?.get(e.id);
      return d !== undefined && d.status === 'resolved' && Math.max(e.version, d.version ?? e.version) <= v.version;
    };
    const live = [...(liveIn.get(v.key) ?? []), ...asked.filter((e) => e.status !== 'resolved').map((entry) => ({ entry, anchor: entry.question.anchor }))]
      .filter((l) => !decidedResolved(l.entry));
    const next = nextOf.get(v.key);
    if (!next || live.length === 0) continue;
    const cur = portOf(v);
    const nextPort = portOf(next);
    const lines = creditLinesOf(next);
    const announced = lines.flatMap((l) => renamesIn(l.line));
    renames.push(...announced);
    const candidates: CreditCandidate[] = live.map(({ entry, anchor }) => ({
      key: entry.id,
      askedBy: { name: entry.question.askedBy, email: entry.question.askedByEmail },
      messageId: entry.question.messageId,
      text: entry.question.text,
      context: anchor.part ? anchor.quoted.join('\n') : '',
      anchor: [anchor.function ?? '', entry.question.anchor.function ?? ''],
      recent: entry.version === v.version,
    }));
    const matches = matchCredits(lines, candidates, renames);
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
      const anchor = renamedAnchor(item.anchor, announced);
      const q = renames.length ? { ...e.question, identifiers: e.question.identifiers.map((id) => applyRenames(id, renames)) } : e.question;
      evidence.push(...codeEvidence(q, anchor, cur, nextPort), ...tagEvidence(q, anchor, cur, nextPort));
      const patchNow = anchor.patchIndex ? cur.patches.find((p) => p.index === anchor.patchIndex) ?? null : null;
      if (evidence.length === 0) evidence.push(...buildFixEvidence(q, lines, patchNow, matchingPatch(cur, anchor.patchIndex, nextPort), next.version));
      // The author argued against the change (an answer, no promise): only a change that does what was
      // asked counts (a credit, a named identifier), not the code or message around it being touched.
      const argued = e.answerMessageId !== null && !e.acknowledged;
      if (evidence.length === 0 && !argued) evidence.push(...messageEvidence(q, e.acknowledged, anchor, cur, nextPort));
      evidence.push(...nextThreadEvidence(item, cur, next, nextPort, credited));
      const port = portAnchor(anchor, cur, nextPort);
      if (evidence.length === 0 && !argued) {
        const changed = changedCodeEvidence(e, port, next.version, nextPort.patches.find((p) => p.index === port.anchor?.patchIndex)?.messageId ?? null);
        if (changed) evidence.push(changed);
      }
      if (evidence.length === 0) {
        const kept = promiseKept(e, v.version, cur, nextPort, anchor);
        if (kept) evidence.push(kept);
      }
      if (evidence.length > 0 && keptOpen(e, next.version)) {
        overrule(e, next.version, evidence);
        evidence.length = 0;
      }
      if (evidence.length > 0) {
        e.status = 'resolved';
        e.resolvedIn = next.version;
        e.evidence.push(...evidence);
        e.flag = null;
        continue;
      }
      // A question a person keeps open is followed wherever its patch goes, never marked outdated.
      const heldOpen = decisions?.get(e.id)?.status === 'open';
      const moved = heldOpen && !(port.state === 'present' && port.anchor) ? port.anchor ?? patchAnchor(item.anchor, cur, nextPort) : null;
      if ((port.state === 'present' && port.anchor) || moved) {
        const anchorThere = moved ?? port.anchor!;
        e.carried.push({ seriesKey: next.key, version: next.version, anchor: anchorThere });
        carried.push({ entry: e, anchor: anchorThere });
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
  if (decisions) for (const e of entries) {
    const d = decisions.get(e.id);
    if (d) applyDecision(e, d);
  }
  return { entries, credits };
}
