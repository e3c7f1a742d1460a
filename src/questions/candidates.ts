// The part of question extraction that depends on the reply alone (not on the patch it
// answers nor on the series author): which paragraphs ask or request, what they name, and
// the quote blocks above each. extract.ts anchors them to the target patch. Pure.
import type { ReplyBlock } from '../domain/mail.ts';
import { parseReply } from './replies.ts';
import { isQuotedAt } from '../ingest/reply-blocks.ts';
import {
  asksForRemoval, identifiersIn, isQuestionSentence, isRequestSentence, pathsIn, proseParagraphs, splitSentences,
} from './text.ts';

const MAX_TEXT = 600;
const WHOLE_PARAGRAPH = 400;

/** One asking paragraph of a reply, before it is anchored to a target. */
export interface QuestionCandidate {
  kind: 'question' | 'request';
  /** What is shown: the paragraph, or its asking sentences with a little context. */
  text: string;
  /** The sentences that ask or request. */
  sentences: string[];
  identifiers: string[];
  removals: string[];
  paths: string[];
  /** The paragraphs of its block up to and including it: the code they name can locate the file. */
  context: string;
  /** Indexes into ReplyCandidates.quotes: the quote blocks above it (back to the previous own text), nearest first. */
  above: number[];
}

export interface ReplyCandidates {
  /** Lines of the quote blocks that some candidate sits under (markers stripped). */
  quotes: string[][];
  /** In reply order; a candidate's position is its question's seq. */
  questions: QuestionCandidate[];
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
function mayAsk(text: string): boolean {
  return proseParagraphs(unquotedLines(text), 0, false).some((p) => askingIn(p.text).asking.length > 0);
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

function displayText(paragraph: string, sentences: string[], asking: number[]): string {
  if (paragraph.length <= WHOLE_PARAGRAPH) return paragraph;
  const first = asking[0]!;
  const picked = first > 0 ? [sentences[first - 1]!, ...asking.map((i) => sentences[i]!)] : asking.map((i) => sentences[i]!);
  const text = picked.join(' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
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

/** The asking paragraphs of a reply's own text; null when nothing in it asks. */
export function replyCandidates(text: string): ReplyCandidates | null {
  if (!mayAsk(text)) return null;
  const blocks = parseReply(text).blocks;
  const questions: QuestionCandidate[] = [];
  const quoteIndex = new Map<number, number>();
  const quotes: string[][] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'new' || b.attribution) continue;
    const paragraphs = proseParagraphs(b.lines, i, blocks[i + 1]?.kind === 'quote').map((p) => p.text);
    let above: number[] | null = null;
    paragraphs.forEach((paragraph, index) => {
      const { sentences, asking, anyQuestion } = askingIn(paragraph);
      if (asking.length === 0) return;
      above ??= quotesAbove(blocks, i).map((at) => quoteIndex.get(at) ?? quoteIndex.set(at, quotes.push(blocks[at]!.lines) - 1).get(at)!);
      const askingText = asking.map((k) => sentences[k]!);
      questions.push({
        kind: anyQuestion ? 'question' : 'request',
        text: displayText(paragraph, sentences, asking),
        sentences: askingText,
        identifiers: [...new Set(askingText.flatMap(identifiersIn))],
        removals: [...new Set(askingText.filter(asksForRemoval).flatMap(identifiersIn))],
        paths: [...new Set(askingText.flatMap(pathsIn))],
        context: paragraphs.slice(0, index + 1).join('\n'),
        above,
      });
    });
  }
  return questions.length > 0 ? { quotes, questions } : null;
}
