// How an author's response to a review comment reads: an answer with substance, or an
// acknowledgement (a promise, or agreeing with the change asked for). Pure.
import { isCodeLine, isQuestionSentence, proseParagraphs, splitSentences } from './text.ts';
import type { QuestionKind } from './types.ts';

const PRAISE = /^(?:(?:that'?s |this is |a )?(?:good|great|nice|excellent|fair|valid) (?:point|question|catch|idea|suggestion|find|observation)|(?:you'?re|you are) (?:right|correct)|will do|makes sense|sounds good|thanks|thank you|ack(?:ed)?\b|noted|oops)/i;
/** Short agreement: "Yes.", "Right, agreed.", "Ok, done." (longer sentences starting so usually explain). */
const AGREE = /^(?:agreed|agree|sure|right|yes|yep|yeah|ok|okay|correct|indeed|true|done|fixed|absolutely|definitely|of course|got it|understood|ah|oh|hmm|i see)\b/i;
const DEFERRAL = /\b(?:will|i'll|i will|we'll|we will|i'd|let me|i can|i could|i need to|i have to|i'll have to|going to|plan to|want to|try to)\b.{0,50}?\b(?:fix|add|change|update|address|drop|remove|do|look|check|try|send|rework|respin|investigate|think|take|include|incorporate|move|rename|use|split|test|verify|handle|document|post|clean|answer|reply|get back|follow up|dig|replace|convert|switch|make|adjust|correct|revisit|reword|rephrase|squash|fold|merge|implement|introduce|keep|consider|create|allocate|write|rewrite|restructure|refactor|simplify|extend|expand|improve|mention|explain|comment|expose|print|report|export|pass|return)\b/i;
const IN_NEXT = /\b(?:in|for) (?:the )?(?:v\d+|next (?:version|revision|spin|respin|posting|iteration|round))\b/i;
/** The author commits to a change (or to looking into it): "will fix", "I'll check", "doable", "fixed in v2". */
const PROMISE = /\b(?:doable|will do|can do that|i'll do|i will do|noted,? (?:will|thanks)|(?:fixed|done|changed|addressed) (?:locally|in (?:the )?(?:next|v\d+)))\b/i;
/** ... unless it says it will not ("I'd rather not", "I'll keep it as is"). */
const REFUSAL = /\b(?:won't|will not|would rather not|i'd rather not|prefer not to|don't (?:think (?:we|it|this|that)|want|plan)|keep (?:it|this|that|them) (?:as is|as it is|unchanged|like (?:this|that))|keep the (?:current|existing) (?:code|behaviou?r|approach|version|name|way)|leave (?:it|this|that) as is|not going to)\b/i;
const LOGISTICS = /\b(?:travel(?:l?ing)?|vacation|holidays?|out of (?:the )?office|OOO|back next week|timely|availability|my connection|busy|conference|plumbers|sick)\b/i;
const EXPLAINS = /\b(?:because|since|otherwise|the reason|due to|which means|so that|in order to|that'?s why|that is why|this is why|not needed|no need|not necessary|already|can'?t happen|cannot happen|guarantee[sd]?|is safe|is not safe|protected by|is held|we hold|the caller|callers?)\b/i;

/** A response that opens by agreeing with the comment ("Yes, ...", "Right, ...", "Good catch."). */
const AGREE_OPENING = /^(?:agreed|i agree|yes|yep|yeah|right|true|indeed|correct|absolutely|oops|ack(?:ed)?|(?:you'?re|you are) (?:right|correct)|(?:good|fair|valid) (?:point|catch))\b(?![,.!]?\s+but\b)/i;
/** A response that says no change is needed. */
const NO_CHANGE = /\b(?:not needed|no need|not necessary|unnecessary|already|can'?t happen|cannot happen|is fine as is|as is\b|is (?:safe|correct|intended|intentional|deliberate)|on purpose|by design)\b/i;

export type ResponseKind = 'substance' | 'acknowledgement' | 'none';

/** A sentence in which the author commits to a change or to looking into it. */
export function isPromise(sentence: string): boolean {
  return (DEFERRAL.test(sentence) || IN_NEXT.test(sentence) || PROMISE.test(sentence)) && !REFUSAL.test(sentence);
}

/**
 * Whether an author's response answers (has substance) or only acknowledges. A promise ("good
 * point, will fix", "Ack. I think that's doable", "I'll check") acknowledges, whatever else the
 * response says: the question is settled when the promised change lands, not by the promise.
 * `kind`: what the comment does; a response to a request or a concern that opens by agreeing ("Yes,
 * you're right, ...") accepts the change too, unless it says none is needed.
 */
export function classifyResponse(lines: readonly string[], kind: QuestionKind = 'question'): ResponseKind {
  let ack = false;
  let promise = false;
  let substance = false;
  let first = true;
  let agrees = false;
  let noChange = false;
  if (lines.some((l) => isCodeLine(l) && l.trim().length > 3)) substance = true;
  for (const para of proseParagraphs(lines, 0, false)) {
    for (const s of splitSentences(para.text)) {
      if (first) agrees = PRAISE.test(s) || AGREE_OPENING.test(s);
      first = false;
      noChange ||= NO_CHANGE.test(s);
      const words = s.split(/\s+/).length;
      const explains = EXPLAINS.test(s);
      if (isPromise(s)) {
        promise = true;
        continue;
      }
      if (!explains && (PRAISE.test(s) || (AGREE.test(s) && words <= 6) || LOGISTICS.test(s))) {
        ack = true;
        continue;
      }
      if (isQuestionSentence(s) && !explains) continue;
      if (words >= 4 || /^(?:no|nope)\b/i.test(s)) substance = true;
    }
  }
  if (promise) return 'acknowledgement';
  // Agreeing with a requested change or a raised problem ("Yes, you're right, the lock is taken too
  // late ...") accepts it: the change is still to come, unless the reply says none is needed.
  if (agrees && kind !== 'question' && !noChange) return 'acknowledgement';
  return substance ? 'substance' : ack ? 'acknowledgement' : 'none';
}
