// Questions and requests in one reviewer reply, anchored to what they quote. Pure.
import type { PatchContent, ReplyBlock } from '../model.ts';
import { anchorQuotes } from '../ingest/quote.ts';
import { parseReply } from './replies.ts';
import { enclosingFunction, findDiffLine, locateByText, sectionFunction } from './anchor.ts';
import { isAuthor, isBot } from './people.ts';
import {
  asksForRemoval, identifiersIn, isQuestionSentence, isRequestSentence, pathsIn, proseParagraphs, splitSentences,
} from './text.ts';
import type { ExtractContext, ExtractedQuestion, QuestionAnchor, ReplyInput } from './types.ts';

const MAX_TEXT = 600;
const WHOLE_PARAGRAPH = 400;
const QUOTED_LINES = 6;

/** Whether a reply's author can ask questions that the ledger tracks (not a bot, not the series author). */
export function isReviewer(reply: Pick<ReplyInput, 'from'>, ctx: Pick<ExtractContext, 'seriesAuthorEmail' | 'authors'>): boolean {
  if (isBot(reply.from)) return false;
  const authors = [{ name: '', email: ctx.seriesAuthorEmail.toLowerCase() }, ...(ctx.authors ?? [])];
  return !isAuthor(reply.from, authors);
}

/** A cover letter as anchorable content: its text is the "commit message", there is no diff. */
export function coverContent(text: string): PatchContent {
  return { commitMessage: text, notes: '', diff: '', files: [], trailers: [], baseCommit: null, changeId: null, warnings: [] };
}

function displayText(paragraph: string, sentences: string[], asking: number[]): string {
  if (paragraph.length <= WHOLE_PARAGRAPH) return paragraph;
  const first = asking[0]!;
  const picked = first > 0 ? [sentences[first - 1]!, ...asking.map((i) => sentences[i]!)] : asking.map((i) => sentences[i]!);
  const text = picked.join(' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function lastLines(lines: readonly string[]): string[] {
  const kept = lines.filter((l) => l.trim() !== '');
  return kept.slice(-QUOTED_LINES).map((l) => l.trimEnd());
}

/**
 * The anchor of new text at block `at`: the nearest quote block above it (back to the previous
 * new text) that points into the target's diff; a quote of the commit message or cover counts when
 * it is right above. Otherwise the code the text names (`context`) locates the file, else the
 * message quote, else nothing (patch level).
 */
function anchorFor(blocks: readonly ReplyBlock[], at: number, ctx: ExtractContext, content: PatchContent | null, context: string): QuestionAnchor {
  const { target } = ctx;
  const base: QuestionAnchor = { targetId: target.id, patchIndex: target.index, part: null, file: null, function: null, quoted: [], newNo: null };
  let nearest: ReplyBlock | null = null;
  let message: QuestionAnchor | null = null;
  for (let i = at - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.attribution) continue;
    if (b.kind === 'new') break;
    const immediate = nearest === null;
    nearest ??= b;
    if (!b.anchor) continue;
    const a = b.anchor;
    if (a.part === 'message') {
      message = { ...base, part: 'message', quoted: lastLines(b.lines) };
      if (immediate) return message;
      break;
    }
    let fn: string | null = null;
    if (a.file && target.content) {
      const ref = findDiffLine(target.content, a.file, a.newNo, a.oldNo);
      fn = ref ? enclosingFunction(ref.hunk, ref.index) : sectionFunction(a.section ?? '');
    }
    return { ...base, part: 'diff', file: a.file, function: fn, quoted: lastLines(b.lines), newNo: a.newNo };
  }
  const located = content && content.files.length > 0 ? locateByText(content, context) : null;
  if (located) return { ...base, part: 'diff', file: located.file, function: located.function, inferred: true };
  if (message) return message;
  return nearest ? { ...base, quoted: lastLines(nearest.lines) } : base;
}

interface Asking {
  block: number;
  paragraphs: string[];
  index: number;
  sentences: string[];
  asking: number[];
  anyQuestion: boolean;
}

function askingIn(paragraph: string): { sentences: string[]; asking: number[]; anyQuestion: boolean } {
  const sentences = splitSentences(paragraph);
  const asking: number[] = [];
  let anyQuestion = false;
  sentences.forEach((s, k) => {
    const q = isQuestionSentence(s);
    if (q || isRequestSentence(s)) asking.push(k);
    anyQuestion ||= q;
  });
  return { sentences, asking, anyQuestion };
}

/** A cheap look at the reply's unquoted lines: does anything in them ask? (No splitting, no anchoring.) */
export function mayAsk(text: string): boolean {
  const own = text.split('\n').filter((l) => !/^ {0,2}>/.test(l));
  return proseParagraphs(own, 0, false).some((p) => askingIn(p.text).asking.length > 0);
}

/** The quote blocks an anchor search starting at new block `at` may look at (back to the previous new text). */
function quotesAbove(blocks: readonly ReplyBlock[], at: number, into: Set<number>): void {
  for (let i = at - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.kind === 'new' && !b.attribution) break;
    if (b.kind === 'quote' && !b.attribution) into.add(i);
  }
}

/** Questions and requests in the reply's own text, anchored; [] for bots and the series author. */
export function extractQuestions(reply: ReplyInput, ctx: ExtractContext): ExtractedQuestion[] {
  if (!isReviewer(reply, ctx) || !mayAsk(reply.text)) return [];
  const parsed = parseReply(reply.text).blocks;
  const found: Asking[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const b = parsed[i]!;
    if (b.kind !== 'new' || b.attribution) continue;
    const paragraphs = proseParagraphs(b.lines, i, parsed[i + 1]?.kind === 'quote').map((p) => p.text);
    paragraphs.forEach((text, index) => {
      const a = askingIn(text);
      if (a.asking.length > 0) found.push({ block: i, paragraphs, index, ...a });
    });
  }
  if (found.length === 0) return [];
  const { target } = ctx;
  const content = target.content ?? (target.kind === 'cover' && target.messageText ? coverContent(target.messageText) : null);
  // Anchor only the quote blocks the questions can point at: quoting whole patches is common.
  let blocks: ReplyBlock[] = parsed;
  const wanted = new Set<number>();
  for (const f of found) quotesAbove(parsed, f.block, wanted);
  if (content && wanted.size > 0) {
    const order = [...wanted].sort((a, b) => a - b);
    const anchored = anchorQuotes(order.map((i) => parsed[i]!), { id: target.id, content, messageText: target.kind === 'cover' ? undefined : target.messageText });
    blocks = parsed.slice();
    order.forEach((i, k) => { blocks[i] = anchored[k]!; });
  }
  return found.map((f, seq) => {
    const askingText = f.asking.map((k) => f.sentences[k]!);
    const removals = askingText.filter(asksForRemoval).flatMap(identifiersIn);
    return {
      messageId: reply.id,
      seq,
      askedBy: reply.from.name || reply.from.email,
      askedByEmail: reply.from.email,
      kind: f.anyQuestion ? 'question' : 'request',
      text: displayText(f.paragraphs[f.index]!, f.sentences, f.asking),
      sentences: askingText,
      anchor: anchorFor(blocks, f.block, ctx, content, f.paragraphs.slice(0, f.index + 1).join('\n')),
      identifiers: [...new Set(askingText.flatMap(identifiersIn))],
      removals: [...new Set(removals)],
      paths: [...new Set(askingText.flatMap(pathsIn))],
    };
  });
}
