// The part of question extraction that depends on the reply alone (not on the patch it answers
// nor on the series author): the reply's review comments (each block of its own text under a
// quoted region is one comment), what each does (classify.ts), what it names, and the quote blocks
// above it. extract.ts anchors them to the target patch and decides whom they address. Pure.
import type { ReplyBlock } from '../domain/mail.ts';
import { parseReply } from './replies.ts';
import { isQuotedAt } from '../ingest/reply-blocks.ts';
import { classifyComment, isBareIdentifier, isConditionalAck, MAY_ASK, opensWithAgreement, sentenceRole, type SentenceRole } from './classify.ts';
import { asksForRemoval, identifiersIn, isCodeLine, isIndentedProse, literalsIn, pathsIn, readComment, splitSentences, type CommentBody } from './text.ts';

/** What is kept of a comment's text (longer comments are cut, with "…"). */
const MAX_TEXT = 2000;

/** One review comment of a reply that asks, requests or objects, before it is anchored to a target. */
export interface QuestionCandidate {
  kind: 'question' | 'request' | 'concern';
  /** The whole comment: its prose paragraphs and the code lines it holds, one item a line. */
  text: string;
  /** The sentences that ask, request or object. */
  sentences: string[];
  /** Identifiers and literals the comment names (its asking sentences and its own code). */
  identifiers: string[];
  removals: string[];
  paths: string[];
  /** Indexes into ReplyCandidates.quotes: the quote blocks above it (back to the previous own text), nearest first. */
  above: number[];
  /** Its position among the reply's comments (every block of own text counts): its question's seq. */
  seq: number;
  /** The name it speaks to: "David, ..." or a greeting ("Hi David,") at the top of the reply. */
  vocative: string | null;
  /** The nearest quote above it is the quoted message's own prose (depth 1, not code). */
  underProse: boolean;
  /** The nearest quote above it is code or a diff (the patch, quoted at any depth). */
  underCode: boolean;
  /** It opens by agreeing with what it quotes ("Yes, ...", "Agreed."). */
  agrees: boolean;
}

export interface ReplyCandidates {
  /** Lines of the quote blocks that some candidate sits under (markers stripped). */
  quotes: string[][];
  /** In reply order. */
  questions: QuestionCandidate[];
}

/**
 * A cheap look at the reply's unquoted lines: does any sentence in them ask, request or object?
 * The roles it finds are kept in `roles` for the comment-by-comment reading that follows.
 */
function mayAsk(text: string, roles: RoleMemo): boolean {
  const lines = unquotedLines(text);
  if (!MAY_ASK.test(lines.join('\n'))) return false;
  const body = readComment(lines, false);
  for (const p of body.paragraphs) {
    const sentences = splitSentences(p);
    for (let k = 0; k < sentences.length; k++) {
      const role = roles(sentences[k]!, sentences[k + 1]);
      if (role === 'question' || role === 'request' || role === 'concern') return true;
    }
  }
  return false;
}

/** sentenceRole, each (sentence, next sentence) once per reply. */
type RoleMemo = (sentence: string, next: string | undefined) => SentenceRole;

function roleMemo(): RoleMemo {
  const seen = new Map<string, SentenceRole>();
  return (sentence, next) => {
    const key = next === undefined ? sentence : `${sentence}\u0000${next}`;
    let role = seen.get(key);
    if (role === undefined) seen.set(key, (role = sentenceRole(sentence, next)));
    return role;
  };
}

/** The lines not starting with a quote marker (up to two spaces, then ">"); quoted lines are never sliced out. */
function unquotedLines(text: string): string[] {
  const out: string[] = [];
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (!isQuotedAt(text, start)) out.push(text.slice(start, end));
    start = end + 1;
  }
  return out;
}

/** The quote blocks an anchor search from new block `at` looks at: back to the previous own text, nearest first. */
function quotesAbove(blocks: readonly ReplyBlock[], at: number): number[] {
  const out: number[] = [];
  for (let i = at - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.attribution) continue;
    if (b.kind === 'new') break;
    out.push(i);
  }
  return out;
}

/** Words that open a sentence with a comma but name nobody. */
const NOT_VOCATIVE = /^(?:also|yes|yeah|yep|no|nope|right|well|hmm+|so|ok|okay|sure|actually|anyway|again|here|now|then|however|otherwise|similarly|first|second|third|finally|besides|still|thus|hence|instead|plus|and|but|or|oh|ah|btw|fwiw|imho|imo|iow|iiuc|afaict|afaik|honestly|frankly|nit|nitpick|note|overall|meanwhile|likewise|regardless|alternatively|additionally|apart|indeed|agreed|true|correct|exactly|sorry|thanks|please|ideally|personally|basically|technically|generally|unfortunately|fortunately|interesting|good|great|nice|fine|sigh|ugh|wait|hm)$/i;

/** "David, ..." / "@David: ..." at the start of a comment: the person it speaks to. */
function vocativeOf(first: string | undefined): string | null {
  if (!first) return null;
  const m = /^@?([A-Z][\p{L}'.-]+(?:\s+[A-Z][\p{L}'.-]+)?)\s*[,:]\s+\S/u.exec(first);
  if (!m || NOT_VOCATIVE.test(m[1]!.split(/\s+/)[0]!)) return null;
  return m[1]!;
}

function lastLine(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim()) return lines[i]!;
  return '';
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** A line that opens a new point inside a block: "1)", "2.", "(a)", "P.S.", "Also,", "Another thing", "Nit:". */
const POINT_START = /^\s*(?:[-*](?=\s+[A-Za-z])|\(?\d{1,2}[).:](?=\s)|\(?[a-h]\)(?=\s)|p\.?\s?s\.?[:,]?(?=\s)|(?:also|additionally|separately|besides|unrelated(?:ly)?|secondly|thirdly|finally|lastly|further(?:more)?|moreover|in addition|alternative(?:ly| approach| idea| suggestion)?|apart from (?:that|this)|on top of (?:that|this)|independently)[,:](?=\s|$)|(?:another|one more) (?:thing|point|issue|nit|question|concern|remark|comment)\b|on a (?:side|related|separate) note\b|side note\b|nit(?:pick)?:)/i;
const NUMBERED = /^\s*(?:[-*]|\(?(?:\d{1,2}[).:]|[a-h]\)))\s/;
const BULLET = /^\s*[-*]\s/;

/**
 * The points of one block of own text: the block itself, or, when it enumerates ("1) ... 2) ...") or
 * adds a point in a paragraph of its own ("P.S.", "Also, ...", "Nit: ..."), each of those. Indexes of
 * the lines each point starts at.
 */
function pointStarts(lines: readonly string[]): number[] {
  const starts = [0];
  let numbered = 0;
  let previous = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const before = lines[i - 1]!;
    if (before.trim()) previous = before.trim();
    if (!POINT_START.test(line)) continue;
    const isNumbered = NUMBERED.test(line);
    if (before.trim() !== '' && !(isNumbered && numbered > 0)) continue;
    // "we should a) ... b) ...": the list goes on with the sentence before it; "do we want ...?
    // (1) ... (2) ...": it lists the options of a question.
    if (isNumbered && /[\w,?]$/.test(previous) && numbered === 0) {
      // ... but bullets after "can you please" are the several things asked: the first goes with
      // the sentence, the next ones are points of their own.
      if (BULLET.test(line)) numbered++;
      continue;
    }
    if (isNumbered) numbered++;
    starts.push(i);
  }
  // A lone "1)" opens nothing: numbered points come at least two to a block.
  if (numbered !== 1) return starts;
  return starts.filter((at) => at === 0 || !NUMBERED.test(lines[at]!));
}

/** One point of a reply's own text: its comment number (seq), its block and lines, and its reading. */
export interface CommentPart {
  seq: number;
  block: number;
  /** Line indexes of the block it covers, [from, to). */
  from: number;
  to: number;
  body: CommentBody;
}

export interface ReplyComments {
  parts: CommentPart[];
  /** Per block: the seq of the comment a quote block stands above (the region it answers), else null. */
  quoteSeq: (number | null)[];
}

/**
 * The comments of a parsed reply: each block of own text that says anything (prose or code) is one
 * comment, or several when it makes several points (pointStarts); seq numbers them in reply order (the
 * seq of their questions). A quote block belongs to the first comment below it.
 */
export function replyComments(blocks: readonly ReplyBlock[], roles: RoleMemo = sentenceRole): ReplyComments {
  const quoteSeq: (number | null)[] = new Array<number | null>(blocks.length).fill(null);
  const parts: CommentPart[] = [];
  let pending: number[] = [];
  let next = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.attribution) continue;
    if (b.kind === 'quote') {
      pending.push(i);
      continue;
    }
    const nextIsQuote = blocks[i + 1]?.kind === 'quote';
    let starts = pointStarts(b.lines);
    // A list of steps or facts is one comment: a block is split only when two of its points ask.
    if (starts.length > 1) {
      const asking = starts.filter((from, k) => {
        const body = readComment(b.lines.slice(from, starts[k + 1] ?? b.lines.length), false);
        const kind = body.paragraphs.length > 0 ? classifyComment(body.paragraphs, roles).kind : 'chat';
        return kind === 'question' || kind === 'request' || kind === 'concern';
      });
      if (asking.length < 2) starts = [0];
    }
    for (let k = 0; k < starts.length; k++) {
      const from = starts[k]!;
      const to = starts[k + 1] ?? b.lines.length;
      const body = readComment(b.lines.slice(from, to), nextIsQuote && to === b.lines.length);
      if (body.paragraphs.length === 0 && body.code.length === 0) {
        // A greeting alone still names whom the reply speaks to.
        if (body.greeting) parts.push({ seq: -1, block: i, from, to, body });
        continue;
      }
      const seq = next++;
      for (const q of pending) quoteSeq[q] = seq;
      pending = [];
      parts.push({ seq, block: i, from, to, body });
    }
  }
  return { parts, quoteSeq };
}

/** The asking comments of a reply's own text; null when nothing in it asks. */
export function replyCandidates(text: string): ReplyCandidates | null {
  const roles = roleMemo();
  if (!mayAsk(text, roles)) return null;
  const blocks = parseReply(text).blocks;
  const questions: QuestionCandidate[] = [];
  const quoteIndex = new Map<number, number>();
  const quotes: string[][] = [];
  let greeting: string | null = null;
  for (const { seq, block: i, body } of replyComments(blocks, roles).parts) {
    greeting ??= body.greeting;
    if (seq < 0 || body.paragraphs.length === 0) continue;
    const { kind, asking, sentences } = classifyComment(body.paragraphs, roles);
    if (kind !== 'question' && kind !== 'request' && kind !== 'concern') continue;
    const above = quotesAbove(blocks, i).map((q) => quoteIndex.get(q) ?? quoteIndex.set(q, quotes.push(blocks[q]!.lines) - 1).get(q)!);
    const nearest = blocks[i - 1]?.attribution ? blocks[i - 2] : blocks[i - 1];
    const nearestLine = nearest?.kind === 'quote' ? lastLine(nearest.lines) : '';
    const quotesCode = nearest?.kind === 'quote' && (isCodeLine(nearestLine) || (/^[-+@ ]/.test(nearestLine) && !isIndentedProse(nearestLine)));
    const underProse = nearest?.kind === 'quote' && nearest.depth === 1 && !quotesCode;
    const askingText = asking.map((k) => sentences[k]!);
    const codeIds = body.code.flatMap((l) => identifiersIn(l));
    questions.push({
      kind,
      text: cut(body.display),
      sentences: askingText,
      identifiers: [...new Set([...askingText.flatMap(identifiersIn), ...askingText.flatMap(literalsIn), ...codeIds])],
      removals: [...new Set(askingText.filter(asksForRemoval).flatMap(identifiersIn))],
      paths: [...new Set(askingText.flatMap(pathsIn))],
      above,
      seq,
      vocative: vocativeOf(body.paragraphs[0]) ?? greeting,
      underProse,
      underCode: quotesCode,
      agrees: opensWithAgreement(body.paragraphs[0]!),
    });
  }
  // "With that fixed, feel free to add my Reviewed-by" beside the points it waits on is not a point of its own.
  const points = questions.length > 1 ? questions.filter((q) => !q.sentences.every(isConditionalAck)) : questions;
  const merged = mergeRepeats(points.length > 0 ? points : questions);
  return merged.length > 0 ? { quotes, questions: merged } : null;
}

/**
 * One point made several times in a reply is one comment: the same words again ("s/foo/bar/" under
 * three hunks), or a run of bare names to use instead ("folio_get()", "folio_put()"): later ones are
 * folded into the first (its text gets theirs, its names theirs too).
 */
function mergeRepeats(list: QuestionCandidate[]): QuestionCandidate[] {
  const out: QuestionCandidate[] = [];
  const byText = new Map<string, QuestionCandidate>();
  let bare: QuestionCandidate | null = null;
  for (const c of list) {
    const same = byText.get(c.text);
    const isBare = isBareIdentifier(c.text.split('\n'));
    const into = same ?? (isBare ? bare : null);
    if (into) {
      if (!same) into.text = cut(`${into.text}\n${c.text}`);
      into.identifiers = [...new Set([...into.identifiers, ...c.identifiers])];
      into.removals = [...new Set([...into.removals, ...c.removals])];
      into.sentences = [...into.sentences, ...c.sentences];
      continue;
    }
    byText.set(c.text, c);
    if (isBare) bare ??= c;
    out.push(c);
  }
  return out;
}
