// Changelog lines of a later version that credit reviewers, the renames they announce, and their
// one-to-one match to the reviewers' comments (who is credited, then words, quoted code and the
// anchored function). Pure.
import type { Address } from '../domain/mail.ts';
import { extractChangelog } from '../ingest/patch.ts';
import { mentionsPerson, nameForms } from './people.ts';
import { identifiersIn, keywordsOf, stem } from './text.ts';

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
  // Robots are credited by their lower-case names: "per kernel test robot", "reported by syzbot".
  { hint: /robot|syzbot|0-?day|lkp/i, re: /\b(kernel test robot|syzbot|0-?day(?: bot| robot)?|lkp)\b/giu },
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

/** A rename a changelog announces: an identifier (or a word inside identifiers) that is now called otherwise. */
export interface Rename {
  from: string;
  to: string;
  /** A word renamed inside identifiers ("remap" to "move" in every remap_* name), not one whole identifier. */
  part: boolean;
}

const RENAME_LINE = /\b(?:renam\w*|s\/)/i;
const RENAMES = /\brenam\w*/i;
const RENAME_PATTERNS: RegExp[] = [
  /\brenam\w*\s+(?:(?:the|all|internal|its|some|helper|function|functions|macro|flag|field|variable|ioctl|feature|option|parameter|struct|type)\s+)*["'`]?([A-Za-z_][\w-]*)(?:\(\))?["'`]?\s+(?:to|into|as|->|=>)\s+["'`]?([A-Za-z_][\w-]*)(?:\(\))?["'`]?/gi,
  /\brenam\w*[^"'`]{0,40}?\bfrom\s+["'`]?([A-Za-z_][\w-]*)(?:\(\))?["'`]?\s+to\s+["'`]?([A-Za-z_][\w-]*)(?:\(\))?["'`]?/gi,
  /(?:^|\s)s\/([A-Za-z_][\w-]*)\/([A-Za-z_][\w-]*)\//g,
  /\b([A-Za-z_]\w*_\w*|[A-Z][A-Z0-9_]{3,})(?:\(\))?\s*(?:->|=>)\s*([A-Za-z_]\w*)(?:\(\))?/g,
];

/** The renames a changelog line announces ("renamed FEATURE_X to FEATURE_Y", "s/foo/bar/", "remap_x -> move_x" in a rename line). */
export function renamesIn(line: string): Rename[] {
  if (!RENAME_LINE.test(line) && !/->|=>/.test(line)) return [];
  const out: Rename[] = [];
  for (const re of RENAME_PATTERNS) {
    if (re === RENAME_PATTERNS[3] && !RENAME_LINE.test(line)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) {
      const [from, to] = [m[1]!, m[2]!];
      if (from === to || from.length < 3 || to.length < 2 || /^(?:the|a|an|it|this|that|them)$/i.test(to)) continue;
      const code = /[_A-Z]|\(\)/.test(from) || /[_A-Z]/.test(to);
      out.push({ from, to, part: !code && /^[a-z]+$/.test(from) && /^[a-z]+$/.test(to) });
    }
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with the renames applied: whole identifiers, and renamed words inside identifiers in their case. */
export function applyRenames(text: string, renames: readonly Rename[]): string {
  let out = text;
  for (const r of renames) {
    if (!out.toLowerCase().includes(r.from.toLowerCase())) continue;
    if (r.part) {
      const cased = (w: string): string => (w === w.toUpperCase() ? r.to.toUpperCase() : w[0] === w[0]!.toUpperCase() ? r.to[0]!.toUpperCase() + r.to.slice(1) : r.to);
      out = out.replace(new RegExp(`(?<=^|[^A-Za-z])${escapeRe(r.from)}(?=[^a-z]|$)`, 'gi'), cased);
    } else {
      out = out.replace(new RegExp(`(?<![\\w])${escapeRe(r.from)}(?![\\w])`, 'g'), r.to);
    }
  }
  return out;
}

export interface CreditCandidate {
  key: string;
  askedBy: Address;
  /** The reply it was asked in: comments of one reply that one line covers are resolved together. */
  messageId: string;
  /** The comment's own words. */
  text: string;
  /** What it quotes from the patch (code or commit message), if anything. */
  context: string;
  /** The function and file it is anchored to. */
  anchor: string[];
  /** Asked on the version just before the changelog's (false: carried from an older one). */
  recent?: boolean;
}

/**
 * A left-over line and a left-over comment may pair when the line names nothing the comment contradicts:
 * no identifier of its own that the comment (or its quoted code) lacks.
 */
function leftoverFits(line: ChangelogLine, c: CreditCandidate): boolean {
  const have = `${c.text}\n${c.context}\n${c.anchor.join(' ')}`.toLowerCase();
  return identifiersIn(line.line).every((id) => have.includes(id.toLowerCase()));
}

export interface CreditMatch {
  line: ChangelogLine;
  score: number;
}

/** Stems of the verbs changelogs are made of, and of mm's everyday nouns: shared, they say little. */
const GENERIC = new Set(('replace call fix update change move remove drop introduce convert switch rework refactor clean cleanup ' +
  'check handle support allow ensure make split merge simplify improve rename instead function variable parameter description ' +
  'page pages memory src dst source destination address kernel user userspace uffd userfaultfd vma ' +
  'mm folio read write test tests addressed address review feedback suggestion comment comments missing new now also per based').split(' ').map(stem));

/** A line that only credits a review as a whole ("addressed Ada's comments", "review feedback from Bram"). */
const WHOLE_REVIEW = /\b(?:address\w*|incorporat\w*|fold\w* in|fix\w*|took|tak\w+ in|appl\w+|handl\w+|resolv\w+|integrat\w+|implement\w*)\b[^.]{0,40}\b(?:comments?|feedback|reviews?|suggestions?|nits?|concerns?|remarks?|points?)\b|^(?:review )?(?:comments?|feedback|suggestions?) (?:from|by)\b/i;

interface Words {
  own: Map<string, number>;
  context: Map<string, number>;
  anchor: Set<string>;
}

/**
 * Score of a line against a comment: the weight of the words they share (everyday words and the
 * thread's own topic words count half, the comment's quoted code half, the function it is anchored to
 * 2), and that weight over the size of the comment (a short comment that the line covers outranks a
 * long one that mentions everything). `common`: words most comments of the thread use.
 */
function scorePair(line: ReadonlyMap<string, number>, lineText: string, w: Words, common: ReadonlySet<string>): { score: number; rank: number; specific: boolean; strong: boolean; generic: number } {
  let score = 0;
  let ownShared = 0;
  let contextShared = 0;
  let generic = 0;
  let strong = false;
  for (const [k, lw] of line) {
    const o = w.own.get(k);
    const c = w.context.get(k);
    if (o === undefined && c === undefined) continue;
    const isGeneric = GENERIC.has(k) || common.has(k);
    const weight = Math.max(o === undefined ? 0 : Math.min(lw, o), c === undefined ? 0 : Math.min(lw, c) / 2);
    score += isGeneric ? weight / 2 : weight;
    if (isGeneric) {
      if (o !== undefined) generic++;
      continue;
    }
    if (o !== undefined) ownShared++;
    else contextShared++;
    if (lw >= 2 && (o ?? 0) >= 2) strong = true;
  }
  let specific = ownShared > 0 || contextShared >= 2;
  const lower = lineText.toLowerCase();
  for (const a of w.anchor) {
    if (a.length >= 4 && lower.includes(a)) {
      score += 2;
      specific = true;
      strong = true;
      break;
    }
  }
  // "Renamed the helpers (Ada)" answers Ada's comment on a name ("the name is misleading").
  if (w.own.has('nam') && RENAMES.test(lineText)) {
    score += 1;
    specific = true;
  }
  if (ownShared >= 2) strong = true;
  return { score, rank: score / Math.sqrt(Math.max(4, w.own.size)), specific, strong, generic };
}

/**
 * A line made of everyday words only fits a comment that asks for the same action (the line's first
 * word, "split functions into smaller units" for "please split these functions") and that names every
 * identifier the line names.
 */
function sameAction(text: string, line: ReadonlyMap<string, number>, w: Words): boolean {
  const first = /^[^A-Za-z]*([A-Za-z]+)/.exec(text)?.[1];
  if (!first || !w.own.has(stem(first))) return false;
  for (const [k, weight] of line) if (weight >= 2 && !w.own.has(k)) return false;
  return true;
}

/** How many comments use each word. */
function wordCounts(all: readonly Words[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of all) for (const k of w.own.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Words at least a third of the comments use (three at least): the thread's topic, not a point's. */
function commonWords(counts: ReadonlyMap<string, number>, comments: number): Set<string> {
  const min = Math.max(3, Math.ceil(comments / 3));
  return new Set([...counts].filter(([, n]) => n >= min).map(([k]) => k));
}

/** A short line whose uncommon word only this one comment uses ("refuse pinned folios" and the one comment about pinning). */
function uniqueFit(line: ReadonlyMap<string, number>, w: Words, counts: ReadonlyMap<string, number>): boolean {
  let content = 0;
  let unique = false;
  for (const k of line.keys()) {
    if (GENERIC.has(k)) continue;
    content++;
    if (w.own.has(k) && counts.get(k) === 1) unique = true;
  }
  return unique && content <= 4;
}

/**
 * Gives lines to comments, best fit first: each comment takes one line; a line goes, per person, to
 * one reply's comments (the best one, and others of that reply that fit it nearly as well and fit no
 * other line better).
 */
function assign(pairs: { line: number; c: CreditCandidate; score: number; rank: number; person: string }[], lines: readonly ChangelogLine[], taken: Map<string, CreditMatch>): void {
  const given = new Map<string, { messageId: string; best: number }>();
  pairs.sort((a, b) => b.rank - a.rank || b.score - a.score || a.line - b.line || (a.c.key < b.c.key ? -1 : 1));
  const bestOf = new Map<string, number>();
  for (const p of pairs) if (!bestOf.has(p.c.key)) bestOf.set(p.c.key, p.rank);
  for (const p of pairs) {
    if (taken.has(p.c.key)) continue;
    const slot = `${p.line}\u0000${p.person}`;
    const g = given.get(slot);
    if (g && (g.messageId !== p.c.messageId || p.rank * 2 < g.best || p.rank < bestOf.get(p.c.key)!)) continue;
    if (!g) given.set(slot, { messageId: p.c.messageId, best: p.rank });
    taken.set(p.c.key, { line: lines[p.line]!, score: p.score });
  }
}

/**
 * Which comments each changelog line answers, one to one: a line goes to the open comment that fits
 * it best among those of the people it credits (a line crediting nobody: among everyone's, and only on
 * specific evidence: an identifier or two uncommon words of the comment itself, or its function);
 * other comments of that same reply that fit it too go with it. A comment takes one line, the best.
 * A line that credits a person's review as a whole ("addressed Ada's comments") and names nothing
 * specific covers every comment of that person's it fits, or all of them when it fits none.
 * `renames`: announced renames, applied to the comments' words (their old names keep matching).
 */
export function matchCredits(lines: readonly ChangelogLine[], comments: readonly CreditCandidate[], renames: readonly Rename[] = []): Map<string, CreditMatch[]> {
  const out = new Map<string, CreditMatch[]>();
  if (lines.length === 0 || comments.length === 0) return out;
  // Words per comment and rename set: a line that announces a rename is read without it (every comment
  // naming the old name would fit it), the other lines with every rename so far.
  const words = new Map<string, Words>();
  const wordsOf = (q: CreditCandidate, using: readonly Rename[]): Words => {
    const key = `${using.length}\u0000${q.key}`;
    let w = words.get(key);
    if (!w) {
      const skip = nameForms(q.askedBy);
      const text = using.length ? `${q.text}\n${applyRenames(q.text, using)}` : q.text;
      const context = using.length ? `${q.context}\n${applyRenames(q.context, using)}` : q.context;
      const anchor = new Set(q.anchor.filter(Boolean).flatMap((a) => [a.toLowerCase(), applyRenames(a, using).toLowerCase()]));
      words.set(key, (w = { own: keywordsOf(text, skip), context: keywordsOf(context, skip), anchor }));
    }
    return w;
  };
  const personOf = (c: CreditCandidate): string => (c.askedBy.email || c.askedBy.name).toLowerCase();
  let commonRead: Set<string> | null = null;
  const common = (): Set<string> => (commonRead ??= comments.length >= 6 ? commonWords(wordCounts(comments.map((c) => wordsOf(c, renames))), comments.length) : new Set<string>());
  interface Pair { line: number; c: CreditCandidate; score: number; rank: number; person: string }
  const wholeReview: { line: number; people: Set<string> }[] = [];
  const uncredited: number[] = [];
  const seen = new Set<string>();
  const creditsCache = new Map<string, boolean>();
  const readLine = (line: ChangelogLine): { using: readonly Rename[]; words: Map<string, number> } => {
    const own = renamesIn(line.line);
    const using = own.length === 0 ? renames : renames.filter((r) => !own.some((o) => o.from === r.from && o.to === r.to));
    return { using, words: keywordsOf(line.line, line.names.flatMap((n) => n.toLowerCase().split(/\s+/))) };
  };
  // Lines crediting someone first: among the comments of the people they credit.
  const pairs: Pair[] = [];
  const creditedPeople = new Map<number, Set<string>>();
  lines.forEach((line, li) => {
    const dedupe = `${line.version}\u0000${line.line}`;
    if (seen.has(dedupe)) return;
    seen.add(dedupe);
    if (line.names.length === 0) {
      uncredited.push(li);
      return;
    }
    const credited = comments.filter((c) => {
      const k = `${li}\u0000${personOf(c)}`;
      let yes = creditsCache.get(k);
      if (yes === undefined) creditsCache.set(k, (yes = creditsPerson(line, c.askedBy)));
      return yes;
    });
    if (credited.length === 0) return;
    creditedPeople.set(li, new Set(credited.map(personOf)));
    const { using, words: lineWords } = readLine(line);
    for (const c of credited) {
      const w = wordsOf(c, using);
      const { score, rank, specific, generic } = scorePair(lineWords, line.line, w, common());
      // One uncommon word in common, or two everyday ones and the same action.
      if (!(specific && score >= 1) && !(generic >= 2 && sameAction(line.line, lineWords, w))) continue;
      pairs.push({ line: li, c, score, rank, person: personOf(c) });
    }
    if (WHOLE_REVIEW.test(line.line) && [...lineWords.keys()].every((k) => GENERIC.has(k))) {
      wholeReview.push({ line: li, people: new Set(credited.map(personOf)) });
    }
  });
  const taken = new Map<string, CreditMatch>();
  assign(pairs, lines, taken);
  for (const { line, people } of wholeReview) {
    for (const c of comments) {
      if (taken.has(c.key) || !people.has(personOf(c))) continue;
      taken.set(c.key, { line: lines[line]!, score: 0 });
    }
  }
  // A credit line left over goes to the one comment of that person left over, when there is exactly one
  // (the others went to their own lines): the author credits them for something, and that is what remains.
  const usedLines = new Set([...taken.values()].map((m) => m.line));
  for (const [li, people] of creditedPeople) {
    const line = lines[li]!;
    if (usedLines.has(line) || WHOLE_REVIEW.test(line.line)) continue;
    for (const person of people) {
      const left = comments.filter((c) => personOf(c) === person && !taken.has(c.key) && c.recent !== false);
      if (left.length !== 1 || !leftoverFits(line, left[0]!)) continue;
      taken.set(left[0]!.key, { line, score: 0 });
      usedLines.add(line);
      break;
    }
  }
  // Then lines crediting nobody, among the comments still open: an identifier, the function, or two
  // uncommon words of the comment itself; or, for a short line, an uncommon word only one comment uses.
  const rest = comments.filter((c) => !taken.has(c.key));
  if (uncredited.length > 0 && rest.length > 0) {
    const counts = wordCounts(rest.map((c) => wordsOf(c, renames)));
    const loose: Pair[] = [];
    for (const li of uncredited) {
      const line = lines[li]!;
      const { using, words: lineWords } = readLine(line);
      for (const c of rest) {
        const w = wordsOf(c, using);
        const { score, rank, specific, strong } = scorePair(lineWords, line.line, w, common());
        if (!(strong && score >= 2.5) && !(specific && uniqueFit(lineWords, w, counts))) continue;
        loose.push({ line: li, c, score, rank, person: personOf(c) });
      }
    }
    assign(loose, lines, taken);
  }
  for (const [key, m] of taken) out.set(key, [m]);
  return out;
}
