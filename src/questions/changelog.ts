// Changelog lines of a later version that credit reviewers, and their match to
// the reviewers' questions (who is credited + keyword overlap). Pure.
import type { Address } from '../domain/mail.ts';
import { extractChangelog } from '../ingest/patch.ts';
import { mentionsPerson, nameForms } from './people.ts';
import { keywordsOf, overlapScore, stem } from './text.ts';

export interface ChangelogLine {
  /** The cover or patch the line is written in. */
  messageId: string;
  /** 0 for the cover letter. */
  patchIndex: number;
  /** The version the changes produced. */
  version: number;
  line: string;
  /** Names the line credits, as written ("Ada Reviewer", "Peter Xu"). */
  names: string[];
}

/**
 * The changelog entries describing what `version` changed: blocks headed for that version
 * ("Changes since v1" in v2, "v1 -> v2", "Changes in v2"), or an unversioned "Changelog:" block.
 */
export function changelogLines(text: string, version: number, messageId: string, patchIndex: number): ChangelogLine[] {
  const blocks = extractChangelog(text);
  const exact = blocks.filter((b) => b.version === version);
  const chosen = exact.length > 0 ? exact : blocks.filter((b) => b.version === null);
  return chosen.flatMap((b) => b.lines).map((line) => ({ messageId, patchIndex, version, line, names: creditedNames(line) }));
}

const NAME = String.raw`[A-Z][\p{L}'.-]+(?:\s+(?:van |von |de |da |di |le )?[A-Z][\p{L}'.-]+){0,3}`;
const NAME_LIST = String.raw`${NAME}(?:\s*(?:,|and|&|/)\s*${NAME}){0,4}`;
/** Each pattern with a cheap test that must pass before the costly one runs. */
const CREDIT_PATTERNS: { hint: RegExp; re: RegExp; tail?: boolean }[] = [
  {
    hint: /\b(?:per|by|thanks|thank you|to|from|according)\b/i,
    re: new RegExp(String.raw`\b(?:per|suggested by|reported by|requested by|pointed out by|noticed by|spotted by|found by|thanks to|thanks|thank you|as suggested by|according to|based on feedback from|feedback from|reviewed by)\s+(${NAME_LIST})`, 'gu'),
  },
  { hint: /\bas [A-Z]/, re: new RegExp(String.raw`\bas (${NAME_LIST}) (?:suggested|requested|asked|pointed out|noted)`, 'gu') },
  {
    hint: /'s? (?:comments?|suggestions?|feedback|reviews?|requests?|concerns?|idea|input|question)/,
    re: new RegExp(String.raw`\b(${NAME_LIST})'s? (?:comments?|suggestions?|feedback|reviews?|requests?|concerns?|idea|input|question)`, 'gu'),
  },
  { hint: /\)\s*[.;]?\s*$/, re: new RegExp(String.raw`\((?:[^()]*?\b(?:by|from|thanks|per)\s+)?(${NAME_LIST})\)\s*[.;]?\s*$`, 'gu'), tail: true },
  { hint: /,\s*[A-Z][^,]*$/, re: new RegExp(String.raw`,\s*(${NAME_LIST})\s*$`, 'gu'), tail: true },
];
const NOT_NAMES = /^(?:The|This|That|It|We|I|And|Or|But|With|In|On|For|To|A|An|Linux|Kernel|Documentation|Fixes|Link|Use|Add|Drop|Remove|Changes?|v\d+|RFC|PATCH|THP|PMD|PTE|TLB|MM|mm|API|UAPI|CONFIG_\w+)$/;

function splitNames(list: string): string[] {
  return list.split(/\s*(?:,|\band\b|&|\/)\s*/u).map((n) => n.trim()).filter((n) => n && !NOT_NAMES.test(n) && !/^[A-Z_0-9]+$/.test(n));
}

/** Names a changelog line credits: "(Ada Reviewer)", "per Peter Xu", "suggested by X", "X's comment", "thanks to X". */
export function creditedNames(line: string): string[] {
  const found = new Set<string>();
  // Names sit near the end of an entry; very long entries are only read there (bounded regex work).
  const bounded = line.length > 400 ? line.slice(-400) : line;
  for (const { hint, re, tail } of CREDIT_PATTERNS) {
    if (!hint.test(bounded)) continue;
    const text = tail && bounded.length > 120 ? bounded.slice(-120) : bounded;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) for (const n of splitNames(m[1]!)) found.add(n);
  }
  return [...found];
}

/** Whether the line credits this person (by a credited name, or their full name anywhere in it). */
function creditsPerson(line: ChangelogLine, person: Address): boolean {
  if (line.names.some((n) => mentionsPerson(n, person))) return true;
  const full = person.name.trim();
  return full.includes(' ') && line.line.toLowerCase().includes(full.toLowerCase());
}

export interface CreditCandidate {
  key: string;
  askedBy: Address;
  /** The question's own words. */
  text: string;
  /** What it quotes from the patch (code or commit message), if anything. */
  context: string;
}

export interface CreditMatch {
  line: ChangelogLine;
  score: number;
}

/** Keyword overlap needed before a credit counts as answering a question. */
const MIN_CREDIT_SCORE = 2;

/** Stems of the verbs changelogs are made of, and of mm's everyday nouns: shared, they say little. */
const GENERIC = new Set(('replace call fix update change move remove drop introduce convert switch rework refactor clean cleanup ' +
  'check handle support allow ensure make split merge simplify improve rename instead function variable parameter description ' +
  'message commit log page pages memory src dst source destination address kernel user userspace uffd userfaultfd vma ' +
  'mm folio read write test tests').split(' ').map(stem));

interface QuestionWords {
  own: Map<string, number>;
  all: Map<string, number>;
}

/**
 * The line and the question share something specific: an identifier or hyphenated term the question
 * itself names; or two words that are not everyday ones (one from the question's own text); or,
 * for a short line, one such word.
 */
function specific(line: ReadonlyMap<string, number>, q: QuestionWords): boolean {
  let shared = 0;
  let own = false;
  let lineWords = 0;
  for (const [k, w] of line) {
    if (GENERIC.has(k)) continue;
    lineWords++;
    const o = q.own.get(k);
    if (o !== undefined && w >= 2 && o >= 2) return true;
    if (!q.all.has(k)) continue;
    shared++;
    own ||= o !== undefined;
  }
  return own && (shared >= 2 || (lineWords <= 3 && shared >= 1));
}

function damp(words: ReadonlyMap<string, number>): Map<string, number> {
  return new Map([...words].map(([k, w]) => [k, GENERIC.has(k) ? w / 2 : w]));
}

/**
 * Which questions each credit line answers: among the questions of the people it credits, those
 * sharing specific words with it, with the best keyword overlap (at least MIN_CREDIT_SCORE, or 1
 * for a person's only question; and at least half the best score).
 */
export function matchCredits(lines: readonly ChangelogLine[], questions: readonly CreditCandidate[]): Map<string, CreditMatch[]> {
  const out = new Map<string, CreditMatch[]>();
  const words = new Map<string, QuestionWords>();
  const wordsOf = (q: CreditCandidate): QuestionWords => {
    let w = words.get(q.key);
    if (!w) {
      const skip = nameForms(q.askedBy);
      const own = keywordsOf(q.text, skip);
      const all = new Map(own);
      for (const [k, v] of keywordsOf(q.context, skip)) all.set(k, Math.max(all.get(k) ?? 0, v));
      words.set(q.key, (w = { own, all }));
    }
    return w;
  };
  const seen = new Set<string>();
  // Many questions share an asker: each person is looked for in a line once.
  const askers = questions.map((q) => `${q.askedBy.name}\u0000${q.askedBy.email}`);
  for (const line of lines) {
    const dedupe = `${line.version}\u0000${line.line}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const creditsAsker = new Map<string, boolean>();
    const credited = questions.filter((q, i) => {
      let yes = creditsAsker.get(askers[i]!);
      if (yes === undefined) creditsAsker.set(askers[i]!, (yes = creditsPerson(line, q.askedBy)));
      return yes;
    });
    if (credited.length === 0) continue;
    const lineWords = keywordsOf(line.line, line.names.flatMap((n) => n.toLowerCase().split(/\s+/)));
    const scored = credited.map((q) => {
      const w = wordsOf(q);
      return { q, score: specific(lineWords, w) ? overlapScore(damp(lineWords), damp(w.all)) : 0 };
    });
    const best = Math.max(...scored.map((s) => s.score));
    const personOf = (c: CreditCandidate): string => (c.askedBy.email || c.askedBy.name).toLowerCase();
    for (const { q, score } of scored) {
      const alone = credited.filter((c) => personOf(c) === personOf(q)).length === 1;
      if (score <= 0 || score * 2 < best || score < (alone ? 1 : MIN_CREDIT_SCORE)) continue;
      const list = out.get(q.key) ?? [];
      list.push({ line, score });
      out.set(q.key, list);
    }
  }
  return out;
}
