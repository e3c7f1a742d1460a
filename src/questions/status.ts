// What a version's thread says about a question: answered by the author with
// substance, only acknowledged, or resolved by the reviewer (an ack trailer or
// "thanks, that addresses it"). Pure.
import type { Address } from '../domain/mail.ts';
import { isAuthor, samePerson } from './people.ts';
import { isCodeLine, isQuestionSentence, proseParagraphs, splitSentences, wordKey } from './text.ts';
import type { Evidence, ExtractedQuestion, ThreadMessage } from './types.ts';
import { linesAfter, parseReply, type ParsedReply } from './replies.ts';

const PRAISE = /^(?:(?:that'?s |this is |a )?(?:good|great|nice|excellent|fair|valid) (?:point|question|catch|idea|suggestion|find|observation)|(?:you'?re|you are) (?:right|correct)|will do|makes sense|sounds good|thanks|thank you|ack(?:ed)?\b|noted|oops)/i;
/** Short agreement: "Yes.", "Right, agreed.", "Ok, done." (longer sentences starting so usually explain). */
const AGREE = /^(?:agreed|agree|sure|right|yes|yep|yeah|ok|okay|correct|indeed|true|done|fixed|absolutely|definitely|of course|got it|understood|ah|oh|hmm|i see)\b/i;
const DEFERRAL = /\b(?:will|i'll|i will|we'll|we will|i'd|let me|i can|i need to|i have to|i'll have to|going to|plan to|want to|try to)\b.{0,50}?\b(?:fix|add|change|update|address|drop|remove|do|look|check|try|send|rework|respin|investigate|think|take|include|incorporate|move|rename|use|split|test|verify|handle|document|post|clean|answer|reply|get back|follow up|dig)\b/i;
const IN_NEXT = /\b(?:in|for) (?:the )?(?:v\d+|next (?:version|revision|spin|respin|posting|iteration))\b/i;
const LOGISTICS = /\b(?:travel(?:l?ing)?|vacation|holidays?|out of (?:the )?office|OOO|back next week|timely|availability|my connection|busy|conference|plumbers|sick)\b/i;
const EXPLAINS = /\b(?:because|since|otherwise|the reason|due to|which means|so that|in order to|that'?s why|that is why|this is why|not needed|no need|not necessary|already|can'?t happen|cannot happen|guarantee[sd]?|is safe|is not safe|protected by|is held|we hold|the caller|callers?)\b/i;
const THANKS = /\b(?:that (?:addresses|answers|resolves|covers|explains|fixes) (?:it|this|that|my|the)|makes sense|fair enough|got it|understood|i see\b|thanks for (?:the )?(?:explanation|clarification|clarifying|explaining|fixing|addressing)|sounds good|that works|ok(?:ay)?,? thanks|all good|looks good now|lgtm)/i;
const ACK_TRAILERS = new Set(['acked-by', 'reviewed-by']);

export type ResponseKind = 'substance' | 'acknowledgement' | 'none';

/** Whether an author's response answers (has substance) or only acknowledges. */
export function classifyResponse(lines: readonly string[]): ResponseKind {
  let ack = false;
  let substance = false;
  if (lines.some((l) => isCodeLine(l) && l.trim().length > 3)) substance = true;
  for (const para of proseParagraphs(lines, 0, false)) {
    for (const s of splitSentences(para.text)) {
      const words = s.split(/\s+/).length;
      const explains = EXPLAINS.test(s);
      if (!explains && (PRAISE.test(s) || (AGREE.test(s) && words <= 6) || DEFERRAL.test(s) || IN_NEXT.test(s) || LOGISTICS.test(s))) {
        ack = true;
        continue;
      }
      if (isQuestionSentence(s) && !explains) continue;
      if (words >= 4 || /^(?:no|nope)\b/i.test(s)) substance = true;
    }
  }
  return substance ? 'substance' : ack ? 'acknowledgement' : 'none';
}

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
}

export function indexThread(thread: readonly ThreadMessage[]): ThreadIndex {
  const children = new Map<string, ThreadMessage[]>();
  for (const m of thread) if (m.parent) (children.get(m.parent) ?? children.set(m.parent, []).get(m.parent)!).push(m);
  const byDate = (a: ThreadMessage, b: ThreadMessage): number => (a.date ?? 0) - (b.date ?? 0) || (a.id < b.id ? -1 : 1);
  for (const list of children.values()) list.sort(byDate);
  return { children, ackers: thread.filter((m) => m.trailers.some((t) => ACK_TRAILERS.has(t.key.toLowerCase()))) };
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
  // Descendants of the question: the author's responses, and the reviewer accepting one of them.
  const responses = new Map<string, string[]>();
  const queue: { m: ThreadMessage; depth: number }[] = (thread.children.get(q.messageId) ?? []).map((m) => ({ m, depth: 1 }));
  const seen = new Set<string>([q.messageId]);
  for (let head = 0; head < queue.length; head++) {
    const { m, depth } = queue[head]!;
    if (seen.has(m.id) || depth > 6) continue;
    seen.add(m.id);
    if (isAuthor(m.from, authors)) {
      probe ??= probeOf(q);
      const response = responseTo(q, m.text, depth === 1, probe);
      const kind = response ? classifyResponse(response) : 'none';
      if (response && kind !== 'none') responses.set(m.id, response);
      if (kind === 'substance' && !out.answerMessageId) {
        out.answeredBy = m.from.name || m.from.email;
        out.answerMessageId = m.id;
        out.evidence.push({ kind: 'answer', messageId: m.id, version, detail: `answered by ${out.answeredBy}` });
      } else if (kind === 'acknowledgement') {
        out.acknowledged = true;
        out.evidence.push({ kind: 'acknowledgement', messageId: m.id, version, detail: `acknowledged by ${m.from.name || m.from.email}` });
      }
    } else if (!out.resolved && m.parent && responses.has(m.parent) && samePerson(m.from, reviewer) && acceptsResponse(m.text, responses.get(m.parent)!)) {
      out.resolved = true;
      out.evidence.push({ kind: 'thanks', messageId: m.id, version, detail: `${q.askedBy} accepted the answer` });
    }
    for (const c of thread.children.get(m.id) ?? []) queue.push({ m: c, depth: depth + 1 });
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
