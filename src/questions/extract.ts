// The review comments of one reviewer reply that ask, request or object, anchored to what they
// quote, with whom they address (those addressed to another reviewer are left out). Pure.
import type { PatchContent, QuoteAnchor } from '../domain/mail.ts';
import { anchorQuotes } from '../ingest/quote.ts';
import { replyCandidates, type QuestionCandidate, type ReplyCandidates } from './candidates.ts';
import { enclosingFunction, findDiffLine, locateByText, sectionFunction } from './anchor.ts';
import { isAuthor, isBot, mentionsPerson, samePerson } from './people.ts';
import type { Address } from '../domain/mail.ts';
import { identifiersIn, isQuestionSentence } from './text.ts';
import type { ExtractContext, ExtractedQuestion, QuestionAnchor, ReplyInput, ThreadMessage } from './types.ts';

const QUOTED_LINES = 6;

/** Whether a reply's author can ask questions that the ledger tracks (not a bot, not the series author). */
export function isReviewer(reply: Pick<ReplyInput, 'from'>, ctx: Pick<ExtractContext, 'seriesAuthorEmail' | 'authors'>): boolean {
  if (isBot(reply.from)) return false;
  return !isAuthor(reply.from, authorsOf(ctx));
}

/** A cover letter as anchorable content: its text is the "commit message", there is no diff. */
function coverContent(text: string): PatchContent {
  return { commitMessage: text, notes: '', diff: '', files: [], trailers: [], baseCommit: null, changeId: null, warnings: [] };
}

function lastLines(lines: readonly string[]): string[] {
  const kept = lines.filter((l) => l.trim() !== '');
  return kept.slice(-QUOTED_LINES).map((l) => l.trimEnd());
}

/**
 * The anchor of a candidate: the nearest quote block above it that points into the target's diff;
 * a quote of the commit message or cover counts when it is right above. Otherwise the code the text
 * names locates the file, else the message quote, else nothing (patch level).
 * `anchorOf(i)` anchors quote block i to the target (null without target content).
 */
function anchorFor(c: QuestionCandidate, quotes: readonly string[][], anchorOf: (i: number) => QuoteAnchor | null, ctx: ExtractContext, content: PatchContent | null): QuestionAnchor {
  const { target } = ctx;
  const base: QuestionAnchor = { targetId: target.id, patchIndex: target.index, part: null, file: null, function: null, quoted: [], newNo: null };
  // A patch that changes one file: a comment on its message, or quoting nothing, is about that file.
  const only = target.content?.files.length === 1 ? target.content.files[0]!.newPath ?? target.content.files[0]!.oldPath : null;
  const withFile = (a: QuestionAnchor): QuestionAnchor => (only && !a.file ? { ...a, file: only, inferred: true } : a);
  let message: QuestionAnchor | null = null;
  for (let k = 0; k < c.above.length; k++) {
    const lines = quotes[c.above[k]!]!;
    const a = anchorOf(c.above[k]!);
    if (!a) continue;
    if (a.part === 'message') {
      message = { ...base, part: 'message', quoted: lastLines(lines) };
      if (k === 0) return withFile(message);
      break;
    }
    let fn: string | null = null;
    if (a.file && target.content) {
      const ref = findDiffLine(target.content, a.file, a.newNo, a.oldNo);
      fn = ref ? enclosingFunction(ref.hunk, ref.index) : sectionFunction(a.section ?? '');
    }
    return { ...base, part: 'diff', file: a.file, function: fn, quoted: lastLines(lines), newNo: a.newNo };
  }
  const located = content && content.files.length > 0 ? locateByText(content, c.text) : null;
  if (located) return { ...base, part: 'diff', file: located.file, function: located.function, inferred: true };
  if (message) return withFile(message);
  return withFile(c.above.length > 0 ? { ...base, quoted: lastLines(quotes[c.above[0]!]!) } : base);
}

function authorsOf(ctx: Pick<ExtractContext, 'seriesAuthorEmail' | 'authors'>): Address[] {
  return [{ name: '', email: ctx.seriesAuthorEmail.toLowerCase() }, ...(ctx.authors ?? [])];
}

/**
 * Whom a comment speaks to: the person its opening name ("David, ...") or the reply's greeting
 * names; else, in a reply to another reviewer's message, that reviewer for a question (or an
 * agreement) written under their own words or without quoting; else the series author (null).
 * `other` is true when that is someone other than the author: the comment is theirs to answer.
 */
function addressee(c: QuestionCandidate, reply: ReplyInput, ctx: ExtractContext): { to: string | null; other: boolean } {
  const authors = authorsOf(ctx);
  if (c.vocative) {
    const people = [...(ctx.authors ?? []), ...(ctx.parentFrom ? [ctx.parentFrom] : []), ...(ctx.people ?? [])];
    const named = people.find((p) => p.name && mentionsPerson(c.vocative!, p));
    if (named && !samePerson(named, reply.from)) {
      if (isAuthor(named, authors)) return { to: named.name || named.email, other: false };
      if (!isBot(named)) return { to: named.name || named.email, other: true };
    }
  }
  const parent = ctx.parentFrom;
  if (parent && !isAuthor(parent, authors) && !samePerson(parent, reply.from) && !isBot(parent) && !c.underCode && !asksAuthorAside(c, ctx)) {
    // A reply to another reviewer's words: their discussion, unless it comments on the patch's code
    // or, in a short exchange near the patch, asks for a change in it.
    return { to: parent.name || parent.email, other: true };
  }
  return { to: null, other: false };
}

/** Parts of a patch a request can name: its description, its comments, its documentation. */
const PATCH_PARTS = /\b(?:commit (?:message|log|description|title)|patch (?:description|title|subject)|change ?log|cover letter|man ?pages?|documentation|document(?:ed)?|kernel-?doc|(?:the|this|that|a) (?:code )?comment|(?:this|the) (?:patch|series))\b/i;
const YOU = /\byou(?:'re|'d|'ll|'ve|r)?\b/i;
/** Deeper than this (messages between the target and the reply), an exchange between reviewers is a debate of its own. */
const ASIDE_DEPTH = 4;

/**
 * A comment in a reply to another reviewer that is for the author all the same: the exchange is
 * short and the author has not joined it yet (reviewers adding to each other's review), the comment
 * does not agree with what it quotes (their point, already tracked) nor speak to that reviewer
 * ("you"), and it names the patch. A request may name a part of it ("the changelog", "the comment")
 * or a name from its diff (or cover letter); a question must ask about a name from the diff.
 */
function asksAuthorAside(c: QuestionCandidate, ctx: ExtractContext): boolean {
  const above = ctx.above;
  if (c.kind === 'concern' || c.agrees || !above || above.author || above.depth > ASIDE_DEPTH) return false;
  if (c.sentences.some((s) => YOU.test(s))) return false;
  const text = ctx.target.content?.diff || ctx.target.messageText || '';
  const fromPatch = (id: string): boolean => id.length >= 4 && text.includes(id);
  // A question there is most often put to that reviewer: only one about the patch's own names is the author's.
  if (c.kind === 'question') return c.sentences.some((s) => identifiersIn(s).some(fromPatch));
  return c.sentences.some((s) => PATCH_PARTS.test(s)) || c.identifiers.some(fromPatch);
}

/** The last sentence of a quote block asks ("..., or should I drop it?"). */
function endsWithQuestion(lines: readonly string[] | undefined): boolean {
  if (!lines) return false;
  const last = lastLines(lines).at(-1);
  return last !== undefined && isQuestionSentence(last.trim());
}

/** "I meant ...", "To clarify, ...", "Re-read your message ...": the writer explains what they said before. */
const CLARIFIES = /^(?:(?:what )?i (?:meant|mean(?:t)? (?:that|is))|to (?:clarify|be clear)|just to (?:clarify|be clear)|let me (?:clarify|rephrase)|re-?read(?:ing)?|in other words|iow)\b/i;

/**
 * A comment that is no new point for the author, by where it sits: under the reviewer's own quoted
 * prose in a follow-up to their own message, explaining what they meant; or under a question the
 * series author put to them, stating a view without asking or requesting anything (their answer: the
 * point it answers is already tracked).
 */
function answersOrRestates(c: QuestionCandidate, quotes: readonly string[][], reply: ReplyInput, ctx: ExtractContext): boolean {
  const parent = ctx.parentFrom;
  if (!parent || !c.underProse || c.above.length === 0) return false;
  if (samePerson(parent, reply.from)) return CLARIFIES.test(c.text.trim());
  return c.kind === 'concern' && isAuthor(parent, authorsOf(ctx)) && endsWithQuestion(quotes[c.above[0]!]);
}

/** The messages between a reply and its target: how many, and whether the author wrote one (see ExtractContext.above). */
export function chainAbove(m: ThreadMessage, byId: ReadonlyMap<string, ThreadMessage>, authors: readonly Address[]): { depth: number; author: boolean } {
  let depth = 0;
  let author = false;
  for (let p = m.parent ? byId.get(m.parent) : undefined; p && p.id !== m.targetId && depth < 64; p = p.parent ? byId.get(p.parent) : undefined) {
    depth++;
    author ||= authors.some((a) => samePerson(a, p!.from));
  }
  return { depth, author };
}

/**
 * Questions and requests in the reply's own text, anchored; [] for bots and the series author.
 * `candidates`: the reply's candidates when the caller has them already; computed from its text when undefined.
 */
export function extractQuestions(reply: ReplyInput, ctx: ExtractContext, candidates?: ReplyCandidates | null): ExtractedQuestion[] {
  if (!isReviewer(reply, ctx)) return [];
  const found = candidates === undefined ? replyCandidates(reply.text) : candidates;
  if (!found || found.questions.length === 0) return [];
  const { target } = ctx;
  const content = target.content ?? (target.kind === 'cover' && target.messageText ? coverContent(target.messageText) : null);
  // Anchor only the quote blocks the questions can point at (quoting whole patches is common), each once.
  const anchors = new Map<number, QuoteAnchor | null>();
  const anchorTarget = content && { id: target.id, content, messageText: target.kind === 'cover' ? undefined : target.messageText };
  const anchorOf = (i: number): QuoteAnchor | null => {
    if (!anchorTarget) return null;
    let a = anchors.get(i);
    if (a === undefined) {
      a = anchorQuotes([{ kind: 'quote', lines: found.quotes[i]!, depth: 1, anchor: null }], anchorTarget)[0]!.anchor;
      anchors.set(i, a);
    }
    return a;
  };
  const out: ExtractedQuestion[] = [];
  for (const c of found.questions) {
    const to = addressee(c, reply, ctx);
    if (to.other) continue; // a question to another reviewer is theirs to answer, not the author's
    if (answersOrRestates(c, found.quotes, reply, ctx)) continue;
    out.push({
      messageId: reply.id,
      seq: c.seq,
      askedBy: reply.from.name || reply.from.email,
      askedByEmail: reply.from.email,
      kind: c.kind,
      text: c.text,
      sentences: c.sentences,
      anchor: anchorFor(c, found.quotes, anchorOf, ctx, content),
      addressedTo: to.to,
      identifiers: c.identifiers,
      removals: c.removals,
      paths: c.paths,
    });
  }
  return out;
}
