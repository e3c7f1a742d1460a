// What a version's thread says about a comment: answered by the author with substance (read point
// by point: the author's block under a quote of the comment's region), only acknowledged (a promise
// or agreement: kept when the change lands), answered by another reviewer whose explanation the
// asker accepted, or resolved by the reviewer's ack trailer. How a response reads: response.ts. Pure.
import type { Address } from '../domain/mail.ts';
import { isAuthor, samePerson } from './people.ts';
import { isQuestionSentence, proseParagraphs, splitSentences, wordKey } from './text.ts';
import type { Evidence, ExtractedQuestion, ThreadMessage } from './types.ts';
import { classifyResponse, isPromise, type ResponseKind } from './response.ts';
import { linesAfter, parseReply, type ParsedReply } from './replies.ts';
import { replyComments } from './candidates.ts';

export { classifyResponse, isPromise, type ResponseKind } from './response.ts';

const THANKS = /\b(?:that (?:addresses|answers|resolves|covers|explains|fixes) (?:it|this|that|my|the)|makes sense|fair enough|got it|understood|i see\b|thanks for (?:the )?(?:explanation|clarification|clarifying|explaining|fixing|addressing)|sounds? (?:good|reasonable|right|fine|plausible)|(?:you'?re|you are) right|that'?s (?:right|true|correct|fair)|that works|ok(?:ay)?,? thanks|all good|looks good now|lgtm)/i;
const ACK_TRAILERS = new Set(['acked-by', 'reviewed-by']);

/** Probes for finding a question in a quote: the first words of each asking sentence, and its full word key. */
interface QuestionProbe {
  starts: string[];
  /** The longest word of each start. */
  longest: string[];
  key: string;
}

function probeOf(q: ExtractedQuestion): QuestionProbe {
  const starts = q.sentences.map((s) => wordKey(s).split(' ').slice(0, 8).join(' ')).filter((w) => w.length >= 8);
  return { starts, longest: starts.map(longestWord), key: wordKey(q.text) };
}

function quoteMatches(parsed: ParsedReply, at: number, probe: QuestionProbe): boolean {
  if (probe.starts.some((w, k) => holdsKey(parsed, at, w, probe.longest[k]!))) return true;
  const tail = parsed.quoteTail(at);
  return hasWords(tail, 4) && probe.key.includes(tail);
}

/**
 * Whether quote block `at`'s word key holds `key`. A key can only be there if its longest word is in
 * the block's lower-cased text: that test comes first, as it is much cheaper than building the key
 * of a long quoted diff.
 */
function holdsKey(parsed: ParsedReply, at: number, key: string, longest: string): boolean {
  return parsed.quoteLower(at).includes(longest) && parsed.quoteKey(at).includes(key);
}

/** Whether a word key (single spaces, trimmed) has at least `n` words. */
function hasWords(key: string, n: number): boolean {
  if (key === '') return false;
  let words = 1;
  for (let i = key.indexOf(' '); i >= 0 && words < n; i = key.indexOf(' ', i + 1)) words++;
  return words >= n;
}

function longestWord(words: string): string {
  let best = '';
  for (const w of words.split(' ')) if (w.length > best.length) best = w;
  return best;
}

/**
 * The part of a reply that responds to the question: the new text right after the quote
 * of the question; the whole new text of a direct reply that quotes nothing; else null.
 */
function responseTo(q: ExtractedQuestion, text: string, directReply: boolean, probe: QuestionProbe = probeOf(q)): string[] | null {
  const parsed = parseReply(text);
  for (let i = 0; i < parsed.blocks.length; i++) {
    if (!quoteMatches(parsed, i, probe)) continue;
    const out = linesAfter(parsed, i);
    return out.length ? out : null;
  }
  if (directReply && !parsed.hasQuotes) return parsed.newText.split('\n');
  return null;
}

/** A reviewer's message as point-by-point replies to it are read: which comment each of its lines belongs to. */
interface CommentSpans {
  /** Key of a line (own or quoted) -> seq of the comment whose region holds it; -1 when several do. */
  lines: Map<string, number>;
  /** Key of a line of the comment's own text -> its seq. */
  own: Map<string, number>;
  /** How many comments the message has. */
  comments: number;
}

const spansMemo = new WeakMap<ParsedReply, CommentSpans>();

/** How many lines of each quote block above a comment are keyed (the last ones, next to the comment). */
const REGION_LINES = 24;

/** A line as point-by-point matching compares it: trimmed, when it says enough to tell it apart. */
function lineKey(line: string): string | null {
  const k = line.trim();
  return k.length >= 8 && k.includes(' ') ? k : null;
}

function spansOf(text: string): CommentSpans {
  const parsed = parseReply(text);
  const hit = spansMemo.get(parsed);
  if (hit) return hit;
  const { parts, quoteSeq } = replyComments(parsed.blocks);
  const spans: CommentSpans = { lines: new Map(), own: new Map(), comments: 0 };
  const add = (line: string, seq: number, own: boolean): void => {
    const key = lineKey(line);
    if (!key) return;
    const prev = spans.lines.get(key);
    spans.lines.set(key, prev === undefined || prev === seq ? seq : -1);
    if (own) spans.own.set(key, seq);
  };
  parsed.blocks.forEach((b, i) => {
    const seq = quoteSeq[i];
    // The lines nearest the comment: an answer quotes those (a whole quoted function is not keyed).
    if (b.kind === 'quote' && seq !== null && seq !== undefined) for (const line of b.lines.slice(-REGION_LINES)) add(line, seq, false);
  });
  for (const p of parts) {
    if (p.seq < 0) continue;
    spans.comments = Math.max(spans.comments, p.seq + 1);
    for (const line of parsed.blocks[p.block]!.lines.slice(p.from, p.to)) add(line, p.seq, true);
  }
  spansMemo.set(parsed, spans);
  return spans;
}

/** A top-posted answer that speaks of the whole review ("will address all of these"). */
const COLLECTIVE = /\b(?:all (?:of )?(?:these|those|them|the|your)|your (?:comments|review|feedback|suggestions|points|remarks)|the (?:comments|review|feedback|suggestions)|everything|each of)\b/i;

/**
 * What an author's direct reply to the reviewer's message says to comment `seq` of it, point by point:
 * each block of the author's own text answers the comment whose region (its quoted code and its own
 * words) the quote right above that block comes from, and any comment whose own words that quote
 * holds. Text above every quote (or a reply that quotes nothing) answers a message of one comment,
 * or every comment when it speaks of them all. Null when nothing answers it.
 */
function pointResponse(authorText: string, spans: CommentSpans, seq: number): { lines: string[]; only: boolean } | null {
  let memo = pointMemo.get(spans);
  if (!memo) pointMemo.set(spans, (memo = new Map<string, PointResponses>()));
  let all = memo.get(authorText);
  if (!all) {
    if (memo.size >= 64) memo.clear();
    memo.set(authorText, (all = pointResponses(authorText, spans)));
  }
  const lines = all.bySeq.get(seq) ?? (all.preamble && (spans.comments <= 1 || all.collective) ? all.preamble : null);
  if (!lines) return null;
  return { lines, only: all.bySeq.size === 0 ? spans.comments <= 1 : all.bySeq.size === 1 && all.bySeq.has(seq) };
}

interface PointResponses {
  /** The author's lines answering each comment (by seq). */
  bySeq: Map<number, string[]>;
  /** Text above every quote (or of a reply quoting nothing), when nothing answers point by point. */
  preamble: string[] | null;
  /** The preamble speaks of every comment ("I'll address all of these"). */
  collective: boolean;
}

const pointMemo = new WeakMap<CommentSpans, Map<string, PointResponses>>();

/** An author's reply read against the comments of the message it answers, all comments at once. */
function pointResponses(authorText: string, spans: CommentSpans): PointResponses {
  const parsed = parseReply(authorText);
  const bySeq = new Map<number, string[]>();
  let region: number[] = [];
  let preamble: string[] | null = null;
  let later = 0;
  for (let i = 0; i < parsed.blocks.length; i++) {
    const b = parsed.blocks[i]!;
    if (b.attribution) continue;
    if (b.kind === 'quote') {
      region.push(i);
      continue;
    }
    if (region.length === 0 && later === 0) {
      preamble = [...(preamble ?? []), ...b.lines, ''];
      continue;
    }
    if (region.length === 0) continue;
    later++;
    let last = -1;
    const answered = new Set<number>();
    for (const r of region) {
      for (const line of parsed.blocks[r]!.lines) {
        const key = lineKey(line);
        if (!key) continue;
        const at = spans.lines.get(key);
        if (at !== undefined && at >= 0) last = at;
        const mine = spans.own.get(key);
        if (mine !== undefined) answered.add(mine);
      }
    }
    if (last >= 0) answered.add(last);
    for (const seq of answered) bySeq.set(seq, [...(bySeq.get(seq) ?? []), ...b.lines, '']);
    region = [];
  }
  const hasProse = preamble !== null && proseParagraphs(preamble, 0, false).length > 0;
  const collective = hasProse && COLLECTIVE.test(preamble!.join(' '));
  if (bySeq.size > 0 || !hasProse || (later > 0 && !collective)) return { bySeq, preamble: null, collective: false };
  return { bySeq, preamble, collective };
}

export interface ThreadOutcome {
  answeredBy: string | null;
  answerMessageId: string | null;
  acknowledged: boolean;
  /** Answers, acknowledgements and resolutions, in date order. */
  evidence: Evidence[];
  resolved: boolean;
}

/** A version's thread indexed once for all its questions. */
export interface ThreadIndex {
  /** Children of each message, by date. */
  children: Map<string, ThreadMessage[]>;
  /** Messages that give an Acked-by or Reviewed-by. */
  ackers: ThreadMessage[];
  /** Every message by id. */
  byId: Map<string, ThreadMessage>;
  /** Messages by the patch or cover they hang under, by date. */
  byTarget: Map<string, ThreadMessage[]>;
  /** Whether a message promises to address a whole review (computed on first use). */
  collective: Map<string, boolean>;
}

export function indexThread(thread: readonly ThreadMessage[]): ThreadIndex {
  const children = new Map<string, ThreadMessage[]>();
  for (const m of thread) if (m.parent) (children.get(m.parent) ?? children.set(m.parent, []).get(m.parent)!).push(m);
  const byDate = (a: ThreadMessage, b: ThreadMessage): number => (a.date ?? 0) - (b.date ?? 0) || (a.id < b.id ? -1 : 1);
  for (const list of children.values()) list.sort(byDate);
  const byTarget = new Map<string, ThreadMessage[]>();
  for (const m of thread) (byTarget.get(m.targetId) ?? byTarget.set(m.targetId, []).get(m.targetId)!).push(m);
  for (const list of byTarget.values()) list.sort(byDate);
  return {
    children, ackers: thread.filter((m) => m.trailers.some((t) => ACK_TRAILERS.has(t.key.toLowerCase()))), byId: new Map(thread.map((m) => [m.id, m])),
    byTarget, collective: new Map(),
  };
}

/** An Acked-by/Reviewed-by that the reviewer gave in this message, in their own name. */
export function givesAck(m: ThreadMessage, reviewer: Address): boolean {
  if (!samePerson(m.from, reviewer)) return false;
  return m.trailers.some((t) => ACK_TRAILERS.has(t.key.toLowerCase())
    && ((t.email !== null && t.email === reviewer.email.toLowerCase()) || (t.name !== null && samePerson({ name: t.name, email: '' }, reviewer))));
}

/**
 * The question's fate in the thread of the version it was asked on.
 * `coverId`: an ack on the cover counts for every patch of the version.
 */
export function threadOutcome(
  q: ExtractedQuestion, askedAt: number | null, thread: ThreadIndex, authors: readonly Address[],
  version: number, coverId: string | null,
): ThreadOutcome {
  const out: ThreadOutcome = { answeredBy: null, answerMessageId: null, acknowledged: false, evidence: [], resolved: false };
  const reviewer: Address = { name: q.askedBy, email: q.askedByEmail };
  let probe: QuestionProbe | null = null;
  const asked = thread.byId.get(q.messageId);
  // The asking message read comment by comment, once an author's direct reply needs it.
  let spansRead: CommentSpans | null | undefined;
  const spansNow = (): CommentSpans | null => (spansRead === undefined ? (spansRead = asked ? spansOf(asked.text) : null) : spansRead);
  // Descendants of the question: the author's responses, and the reviewer accepting one of them.
  const responses = new Map<string, { lines: string[]; kind: ResponseKind }>();
  // Another reviewer whose explanation the asker accepted.
  let settledBy: ThreadMessage | null = null;
  const said: { m: ThreadMessage; kind: ResponseKind }[] = [];
  const queue: { m: ThreadMessage; depth: number }[] = (thread.children.get(q.messageId) ?? []).map((m) => ({ m, depth: 1 }));
  const seen = new Set<string>([q.messageId]);
  // Messages known to be about this comment alone: a sub-thread that goes on about it.
  const about = new Set<string>();
  // The asking message counts when it has one comment: everything below it is about that comment.
  // Another reviewer's message inherits it from the one it answers (looked up only when an author's
  // message below needs it).
  const isAbout = (id: string, hops = 0): boolean => {
    if (about.has(id)) return true;
    if (id === q.messageId) return (spansNow()?.comments ?? 0) <= 1;
    const m = thread.byId.get(id);
    if (!m || !m.parent || hops > 6 || isAuthor(m.from, authors)) return false;
    return isAbout(m.parent, hops + 1);
  };
  for (let head = 0; head < queue.length; head++) {
    const { m, depth } = queue[head]!;
    if (seen.has(m.id) || depth > 6) continue;
    seen.add(m.id);
    if (isAuthor(m.from, authors)) {
      let response: string[] | null;
      const spans = depth === 1 ? spansNow() : null;
      const point = spans ? pointResponse(m.text, spans, q.seq) : null;
      if (point) {
        response = point.lines;
        if (point.only) about.add(m.id);
      } else {
        probe ??= probeOf(q);
        response = responseTo(q, m.text, depth === 1 && (spans === null || spans.comments <= 1), probe);
        if (response) about.add(m.id);
        else if (depth > 1 && m.parent && isAbout(m.parent)) {
          const own = parseReply(m.text).newText;
          if (own.trim()) response = own.split('\n');
        }
      }
      const kind = response ? classifyResponse(response, q.kind) : 'none';
      if (response && kind !== 'none') {
        responses.set(m.id, { lines: response, kind });
        said.push({ m, kind });
      }
    } else {
      const parentResponse = m.parent ? responses.get(m.parent) : undefined;
      if (parentResponse?.kind === 'substance' && samePerson(m.from, reviewer) && !out.evidence.some((e) => e.kind === 'thanks')
        && acceptsResponse(m.text, parentResponse.lines)) {
        // Satisfied by an explanation: answered (a promise accepted is still only a promise).
        out.evidence.push({ kind: 'thanks', messageId: m.id, version, detail: `${q.askedBy} accepted the answer` });
        const by = thread.byId.get(m.parent!);
        if (by && !isAuthor(by.from, authors)) settledBy ??= by;
      } else if (q.kind === 'question' && depth === 1 && !samePerson(m.from, reviewer)) {
        // Another reviewer explaining: an answer once the asker accepts it (above, at the next level).
        probe ??= probeOf(q);
        const spans = spansNow();
        const lines = (spans ? pointResponse(m.text, spans, q.seq)?.lines : null) ?? responseTo(q, m.text, !spans || spans.comments <= 1, probe);
        if (lines && classifyResponse(lines) === 'substance') responses.set(m.id, { lines, kind: 'substance' });
      }
    }
    for (const c of thread.children.get(m.id) ?? []) queue.push({ m: c, depth: depth + 1 });
  }
  // "Thanks for the comments, I'll address them" under the same patch: a promise for every comment before it.
  if (said.length === 0) {
    for (const m of thread.byTarget.get(q.anchor.targetId) ?? []) {
      if (askedAt !== null && m.date !== null && m.date <= askedAt) continue;
      if (!isAuthor(m.from, authors)) continue;
      let yes = thread.collective.get(m.id);
      if (yes === undefined) thread.collective.set(m.id, (yes = promisesWholeReview(m.text)));
      if (!yes) continue;
      said.push({ m, kind: 'acknowledgement' });
      break;
    }
  }
  said.sort((a, b) => (a.m.date ?? 0) - (b.m.date ?? 0));
  for (const { m, kind } of said) {
    const who = m.from.name || m.from.email;
    if (kind === 'substance') {
      out.answeredBy = who;
      out.answerMessageId = m.id;
      out.evidence.push({ kind: 'answer', messageId: m.id, version, detail: `answered by ${who}` });
    } else {
      out.acknowledged = true;
      out.evidence.push({ kind: 'acknowledgement', messageId: m.id, version, detail: `acknowledged by ${who} (a promise or agreement, no change yet)` });
    }
  }
  // A question another reviewer answered to the asker's satisfaction is settled, whatever the author said.
  if (settledBy) {
    const who = settledBy.from.name || settledBy.from.email;
    out.answeredBy = who;
    out.answerMessageId = settledBy.id;
    out.acknowledged = false;
    out.evidence.push({ kind: 'answer', messageId: settledBy.id, version, detail: `answered by ${who}, accepted by ${q.askedBy}` });
    said.length = 0;
  }
  // The last word decides: a promise after an explanation means a change is coming.
  // For a requested change or a raised problem, any agreement or promise does: the explanations
  // around it discuss how to make the change, not why none is needed.
  const promised = q.kind !== 'question' && said.some((x) => x.kind === 'acknowledgement');
  if (said.length > 0 && (promised || said[said.length - 1]!.kind === 'acknowledgement')) {
    out.answeredBy = null;
    out.answerMessageId = null;
  }

  // The reviewer's own ack on this patch (or the cover) after asking.
  for (const m of thread.ackers) {
    if (m.targetId !== q.anchor.targetId && m.targetId !== coverId) continue;
    if (askedAt !== null && m.date !== null && m.date < askedAt) continue;
    if (m.id === q.messageId || !givesAck(m, reviewer)) continue;
    out.resolved = true;
    out.evidence.push({ kind: 'trailer', messageId: m.id, version, detail: `${q.askedBy} gave ${m.trailers.find((t) => ACK_TRAILERS.has(t.key.toLowerCase()))!.key}` });
    break;
  }
  return out;
}

/** "I'll address them", "will fix all of these", "thanks for the review, will incorporate your comments". */
const WHOLE_REVIEW_OBJECT = /\b(?:them all|all of (?:them|these|those|your)|all (?:the |your |these |those )?(?:comments|feedback|suggestions|points|remarks|issues|nits)|(?:your|the|these|those) (?:comments|feedback|suggestions|review comments|remarks|nits)|address(?:ing)? (?:them|these|those)|fix (?:them|these|those) (?:all|up)|everything)\b/i;

function promisesWholeReview(text: string): boolean {
  const own = parseReply(text).newText;
  if (!WHOLE_REVIEW_OBJECT.test(own)) return false;
  for (const p of proseParagraphs(own.split('\n'), 0, false)) {
    for (const sentence of splitSentences(p.text)) if (WHOLE_REVIEW_OBJECT.test(sentence) && isPromise(sentence)) return true;
  }
  return false;
}

/**
 * The reviewer accepts the author's response: right below their quote of it (or in a short reply
 * that quotes nothing) they say "thanks, that addresses it", "makes sense"..., and ask nothing more.
 */
function acceptsResponse(text: string, response: readonly string[]): boolean {
  const parsed = parseReply(text);
  let reply: string | null = null;
  if (!parsed.hasQuotes) {
    if (parsed.newText.split(/\s+/).length <= 40) reply = parsed.newText;
  } else {
    const firstProse = proseParagraphs(response, 0, false)[0]?.text ?? '';
    const probe = wordKey(firstProse).split(' ').slice(0, 6).join(' ');
    let at = -1;
    if (hasWords(probe, 3)) {
      const longest = longestWord(probe);
      for (let i = 0; i < parsed.blocks.length && at < 0; i++) if (holdsKey(parsed, i, probe, longest)) at = i;
    }
    if (at >= 0) reply = linesAfter(parsed, at).join(' ');
  }
  if (!reply || !THANKS.test(reply)) return false;
  return !splitSentences(reply).some(isQuestionSentence);
}

/** "Thanks, that addresses it" in a reviewer's message (new text only). */
export function acceptsChange(text: string): boolean {
  return THANKS.test(parseReply(text).newText);
}
