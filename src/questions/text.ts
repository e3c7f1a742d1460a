// Plain-text helpers for reviewer replies: cleaning a reply's own text,
// splitting it into paragraphs and sentences, telling questions and requests
// from statements, and pulling out identifiers, paths and keywords. Pure.

import { collapseWhitespace } from '../util/whitespace.ts';

/** "On Mon, 2 Feb 2026, Ada wrote:" and its wrapped or foreign variants. */
const ATTRIBUTION_END = /\b(wrote|writes|said|schrieb|a écrit|escribió)\s*:\s*$/i;

/** ATTRIBUTION_END on a trimmed line: it can only match a line ending in ":", the common case is a quick no. */
function endsAttribution(trimmed: string): boolean {
  return trimmed.endsWith(':') && ATTRIBUTION_END.test(trimmed);
}
const ATTRIBUTION_START = /^(on|am|le|el|quoting|citando)\b.*(\d|@|<)/i;
const ORIGINAL_MESSAGE = /^-{2,}\s*(original message|forwarded message)/i;
/** Trailers and tags: Acked-by:, Reviewed-by:, Fixes:, Link:, Cc:... */
const TRAILER = /^(?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|Fixes|Link|Closes|Cc):[ \t]+\S/;
const GREETING = /^(hi|hello|hey|dear|hallo|hiya)\b[^.?!]{0,40}[,!]?\s*$/i;
const CLOSING_WORDS = /^(?:thanks|thank you|many thanks|thx|regards|best regards|kind regards|cheers|best|br|ciao|greetings)(?:\s+(?:a lot|again|in advance|all))?[,.!]*\s*(.*)$/i;

/** "Thanks,", "Cheers!", "Thanks, Ada": a closing, optionally with a name. */
function isClosing(line: string): boolean {
  const m = CLOSING_WORDS.exec(line);
  return m !== null && /^(?:[A-Z][\w.-]*\s*){0,2}[,.!]*$/.test(m[1]!);
}

/** Three words in a row made of letters only: prose, even when the line ends with ";". */
function looksLikeProse(line: string): boolean {
  let run = 0;
  for (const word of line.split(/\s+/)) {
    run = /^[A-Za-z]{3,}[,.]?$/.test(word) ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

/** Signs of C in a line: statement ends, braces, operators, preprocessor, declarations. */
const CODE_SIGNS = /[{}]|;\s*(?:\/[/*].*)?$|->|[=!<>]=|&&|\|\||\b(?:if|for|while|switch|return|sizeof)\s*\(|^#\s*[a-z]|\w\s*=\s*[\w(&*-]|\w\[[\w +-]*\]|^(?:static|struct|unsigned|int|long|void|bool|const|enum|union|u\d+|s\d+)\b/;

/**
 * An indented line that is prose all the same: mostly plain words (four or more, at least two in
 * three tokens), no sign of C but an optional final ";" or "."; or a list item made of words.
 */
export function isIndentedProse(line: string): boolean {
  const t = line.trim();
  if (t.length < 12) return false;
  const body = t.replace(/[;.:,!?]$/, '');
  if (CODE_SIGNS.test(body) || /^(?:\/\*|\*|\/\/)/.test(t)) return false;
  const tokens = body.split(/\s+/);
  let words = 0;
  for (const tok of tokens) if (/^[("']?[A-Za-z][a-z'-]*[,.:;)"']?$/.test(tok) || /^[A-Za-z_]\w*\(\)[,.]?$/.test(tok)) words++;
  return words >= 4 && words * 3 >= tokens.length * 2;
}

/** Compiler and checker output: "mm/foo.c:12:5: error: ...", "In function 'foo':", caret and gutter lines. */
const TOOL_OUTPUT = /^(?:[\w./+-]+\.(?:c|h|S|rs|o|ko):\d+(?::\d+)?:|(?:[\w./+-]+:\s*)?In (?:function|member function|file included from)\b|(?:error|warning|note|fatal error|sparse|smatch|coccinelle|WARNING|ERROR|BUG|Oops):\s|[ \t]*\^~*[ \t]*$|[ \t]*~+\^?~*[ \t]*$|[ \t]*(?:\d+[ \t]*)?\|[ \t])/;

/** Kernel log lines: a stack frame ("? kfree+0x1f/0x54"), the splat's headers, its register dump. */
const KERNEL_LOG = /[\w.]\+0x[0-9a-f]+\/0x[0-9a-f]+|^\s*(?:Call Trace:|<\/?(?:TASK|IRQ|NMI)>|Modules linked in:|Hardware name:|RIP:|RSP:|RAX:|CPU: \d+ (?:UID|PID)|(?:WARNING|BUG|Oops|Kernel panic)\b.*(?:\bat\b|:\d+))/;
/** A shell prompt and command pasted from a terminal ("# echo 1 > cpuset.cpus", "$ make -C tools"). */
const SHELL = /^\s*[#$]\s?(?:cd|echo|cat|mkdir|rmdir|ls|make|git|sudo|mount|umount|insmod|modprobe|rmmod|dmesg|grep|sysctl|taskset|\.\/)(?:\s|$)|^\s*#\s*$/;

/** True for compiler, checker, build-log and kernel-log lines and pasted shell commands (they are not the reviewer's words). */
export function isToolOutput(line: string): boolean {
  return TOOL_OUTPUT.test(line) || KERNEL_LOG.test(line) || SHELL.test(line);
}

/** True for a line that is code, a diff or a log line rather than prose. */
export function isCodeLine(line: string): boolean {
  if (/^\+\d+\b/.test(line) && line.length < 40) return false; // "+1": agreement, not a diff line
  if (/^(\+|-[^\s-]|-\t|@@|diff --git |index [0-9a-f]+\.\.)/.test(line)) return true;
  if (/^(\t| {4,})/.test(line)) return !isIndentedProse(line);
  const t = line.trim();
  if (/[;{}]$/.test(t) && !looksLikeProse(t.replace(/\/\*.*?\*\//g, '')) && !isIndentedProse(t)) return true;
  // "* Rename it" at the start of the line is a bullet; " * text" inside a comment block is code.
  if (/^\* [A-Z][a-z]+\s+[a-z]/.test(line)) return false;
  if (/^(#(define|include|if|ifdef|ifndef|endif|else)\b|\/\*|\*\/|\* )/.test(t)) return true;
  if (/^\[\s*\d+\.\d+\]/.test(t)) return true; // dmesg timestamps
  return isToolOutput(line);
}

export interface Paragraph {
  /** Index of the reply block the paragraph comes from. */
  block: number;
  text: string;
}

/** A paragraph that is only a name: one to three capitalised words, or initials. */
const SIGNED_NAME = /^(?!(?:NAK|NACK|ACK|LGTM|FWIW|IMO|IMHO|Nope|No|Yes|Why|Agreed|Thanks)$)(?:-{1,2}\s*)?(?:[A-Z][\p{L}'.-]*|[A-Z]{2,4})(?:\s+[A-Z][\p{L}'.-]*){0,2}$/u;

/** One new-text block read as a review comment. */
export interface CommentBody {
  /** Its prose paragraphs, wrapped lines joined (code, trailers, greeting and closing left out). */
  paragraphs: string[];
  /** What is shown: prose paragraphs and the code lines between them, in order, one item a line. */
  display: string;
  /** Its code lines as written (suggested code, pasted output). */
  code: string[];
  /** The name a greeting opens with ("Hi Ada," gives "Ada"), else null. */
  greeting: string | null;
}

/**
 * A new-text block as a comment: attribution lines, greetings, closings and trailers dropped;
 * prose paragraphs (wrapped lines joined) told from code. `nextIsQuote` tells whether a quote block
 * follows (its attribution line is dropped).
 */
export function readComment(lines: readonly string[], nextIsQuote: boolean): CommentBody {
  const kept = lines.slice();
  // The attribution line (possibly wrapped) just above the next quote.
  let end = kept.length;
  while (end > 0 && kept[end - 1]!.trim() === '') end--;
  if (nextIsQuote && end > 0) {
    const last = kept[end - 1]!.trim();
    if (endsAttribution(last) || ATTRIBUTION_START.test(last)) {
      kept.length = end - 1;
      const prev = kept[end - 2]?.trim() ?? '';
      if (endsAttribution(last) && ATTRIBUTION_START.test(prev)) kept.length = end - 2;
    }
  }
  const paragraphs: string[] = [];
  const items: string[] = [];
  const code: string[] = [];
  let greeting: string | null = null;
  let current: string[] = [];
  const flush = (): void => {
    const text = collapseWhitespace(current.join(' '));
    if (text) {
      paragraphs.push(text);
      items.push(text);
    }
    current = [];
  };
  let afterClosing = false;
  let seenText = false;
  for (const raw of kept) {
    const line = raw.trimEnd();
    const t = line.trim();
    if (t === '') { flush(); continue; }
    if (isCodeLine(line)) {
      flush();
      if (!afterClosing) {
        code.push(line);
        items.push(line);
      }
      continue;
    }
    // The name (or initials) under "Thanks,".
    if (afterClosing && t.split(/\s+/).length <= 3 && !/[.?!:;]$/.test(t)) continue;
    afterClosing = false;
    if (TRAILER.test(t) && /^\s/.test(line) && seenText) {
      // An indented tag inside the comment ("please add\n  Reported-by: ..."): an example it asks for.
      flush();
      items.push(line);
      continue;
    }
    if (endsAttribution(t) || ORIGINAL_MESSAGE.test(t) || TRAILER.test(t)) { flush(); continue; }
    if (current.length === 0 && !seenText && GREETING.test(t)) {
      greeting ??= /^\w+\s+([A-Z][\p{L}'.-]*(?:\s+[A-Z][\p{L}'.-]*)?)/u.exec(t)?.[1] ?? null;
      continue;
    }
    if (isClosing(t)) { flush(); afterClosing = true; continue; }
    seenText = true;
    current.push(t);
  }
  flush();
  // A name signed under the last words without "Thanks," ("Ada", "-- Bram", "Cheers"): not part of the comment.
  const last = paragraphs[paragraphs.length - 1];
  if (last !== undefined && paragraphs.length + code.length > 1 && SIGNED_NAME.test(last) && items[items.length - 1] === last) {
    paragraphs.pop();
    items.pop();
  }
  return { paragraphs, display: items.join('\n'), code, greeting };
}

/**
 * The prose paragraphs of one new-text block: attribution lines, greetings,
 * closings, trailers and code dropped; wrapped lines joined.
 * `nextIsQuote` tells whether a quote block follows (its attribution line is dropped).
 */
export function proseParagraphs(lines: readonly string[], block: number, nextIsQuote: boolean): Paragraph[] {
  return readComment(lines, nextIsQuote).paragraphs.map((text) => ({ block, text }));
}

const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|cf|approx|resp|incl|Mr|Dr|no|fig)\.$/i;

/** Splits prose into sentences at ., ! and ? followed by space; keeps abbreviations and file names whole. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?]+["')\]]*(?:\s+(?:[:;]-?[)(DP]))?(?=\s+|$)/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const endAt = m.index + m[0].length;
    const piece = text.slice(start, endAt);
    if (m[0].startsWith('.') && ABBREVIATIONS.test(text.slice(Math.max(start, m.index - 12), m.index + 1))
      && !(/\bno\.$/i.test(text.slice(Math.max(start, m.index - 3), m.index + 1)) && !/^\.\s*\d/.test(text.slice(m.index)))) continue;
    if (piece.trim()) out.push(piece.trim());
    start = endAt;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

const URL = /\b(?:https?|ftp):\/\/\S+/gi;

/** A sentence that asks something: it ends with a question mark (URLs and emoticons aside). */
export function isQuestionSentence(sentence: string): boolean {
  if (!sentence.includes('?')) return false;
  const s = sentence.replace(URL, ' ').trimEnd().replace(/(?:[:;]-?[)(DP]|\^\^|\.\.\.)$/, '').trim();
  if (!/\?["')\]]*$/.test(s)) return false;
  if (/[=;]/.test(s) && /\?\s*\S{1,60}\s*:/.test(s)) return false; // a ternary in code
  return /[a-z]{2,}/i.test(s);
}

const REQUESTS: RegExp[] = [
  /\bplease\b(?!\s+(?:ignore|disregard|let me know|feel free|add my|take my|keep me|cc me|consider this|see (?:below|above)))/i,
  /\b(?:can|could|would) (?:you|we)\b/i,
  /\bi(?:'d| would) (?:rather|prefer|suggest|recommend|like to see|like you to|like it)\b/i,
  /\bi (?:suggest|recommend|prefer)\b/i,
  /\bN[Aa]C?K\b(?:\s+unless)?/,
  /\b(?:this|that|it|which|there) (?:needs|need) (?:to|a|an|some|more|its|proper)\b/i,
  /\b(?:this|that|it) (?:should|must) (?:be|not|also|use|have|go|really|probably|only)\b/i,
  /\bshould(?:n't| not)? (?:we|you|this|that|it|there)\b/i,
  /\bwhy not\b/i,
  /\bi think (?:you|we|this|it) (?:need|should|must|have to|want)\b/i,
  /\b(?:you|we)(?:'ll| will| would| probably| still| also)? (?:need|have) to\b/i,
  /\byou (?:should|must|may want to|might want to|probably want to|want to)\b/i,
  /\bwe (?:should|must|probably want)\b/i,
  /\b(?:how|what) about\b/i,
  /\b(?:it|this|that)(?:'d| would| might| may) be (?:better|nicer|cleaner|simpler|safer|preferable|good to)\b/i,
  /\bbetter to\b/i,
  /^nit\b/i,
  /^(?:drop|remove|rename|split|squash|document|replace|avoid|move|keep|switch|fold|convert|factor|add|use)\s+(?:the|this|that|it|a|an|these|those|them|[a-z_]+\(\)|[a-z]+_[a-z0-9_]+)\b/i,
];

/** REQUESTS as one pattern per flag set: one scan of the sentence instead of one per pattern. */
const REQUEST_SCANS: RegExp[] = [...new Set(REQUESTS.map((re) => re.flags))]
  .map((flags) => new RegExp(REQUESTS.filter((re) => re.flags === flags).map((re) => `(?:${re.source})`).join('|'), flags));

/** A sentence that asks the author to do something (or objects until something is done). */
export function isRequestSentence(sentence: string): boolean {
  const s = sentence.includes('://') ? sentence.replace(URL, ' ') : sentence;
  return REQUEST_SCANS.some((re) => re.test(s));
}

const REMOVAL = /\b(?:drop|remove|get rid of|avoid|don't use|do not use|no need for|not needed|unnecessary|superfluous|redundant|shouldn't (?:call|use)|stop using)\b/i;

/** The request asks for something to go away rather than to be added. */
export function asksForRemoval(sentence: string): boolean {
  return REMOVAL.test(sentence);
}

const CALL = /\b([A-Za-z_][A-Za-z0-9_]*)\s*\(\)/g;
const SNAKE = /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]\b/g;
const CAMEL = /\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b/g;
const PATH = /(?:^|[\s("'`])((?:[A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]*)/g;

/** Code identifiers a sentence names: foo(), snake_case names, CamelCase names. Paths excluded. */
export function identifiersIn(text: string): string[] {
  const withoutPaths = text.replace(URL, ' ').replace(PATH, ' ');
  const found = new Set<string>();
  for (const re of [CALL, SNAKE, CAMEL]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(withoutPaths))) found.add(m[1] ?? m[0]);
  }
  return [...found];
}

/** Error codes a sentence names (-EAGAIN, EBUSY): literals a request can ask for. */
const ERRNO = /(?<![\w-])-?(E(?:AGAIN|BUSY|INVAL|FAULT|NOMEM|NOENT|EXIST|PERM|ACCES|NOSPC|NOSYS|OPNOTSUPP|NOTSUPP|NODEV|NXIO|IO|INTR|RANGE|2BIG|OVERFLOW|TIMEDOUT|SRCH|BADF|NOTTY|MFILE|NOEXEC|DEADLK|LOOP|HWPOISON|NOTDIR|ISDIR|ROFS|XDEV|MLINK|PIPE|WOULDBLOCK))\b/g;

export function literalsIn(text: string): string[] {
  return [...new Set([...text.matchAll(ERRNO)].map((m) => m[1]!))];
}

/** Tree paths a sentence names (mm/userfaultfd.c, tools/testing/selftests/mm). */
export function pathsIn(text: string): string[] {
  const found = new Set<string>();
  PATH.lastIndex = 0;
  let m: RegExpExecArray | null;
  const plain = text.replace(URL, ' ');
  while ((m = PATH.exec(plain))) {
    const p = m[1]!.replace(/[.,;:]+$/, '').replace(/\/+$/, '');
    if (!p.includes('/') && !m[1]!.endsWith('/')) continue;
    if (p.startsWith('.') || p.includes('..') || p.length < 3) continue;
    if (!/^[A-Za-z]/.test(p) || /^(and|or|i|he|she|it)\//i.test(p)) continue;
    found.add(p);
  }
  return [...found];
}

const STOPWORDS = new Set((
  'the a an and or but if then else when while for to of in on at by with from into onto over under about as is are was were be ' +
  'been being am do does did done doing have has had having not no nor so than too very can could would should will shall may ' +
  'might must need needs needed this that these those there here it its it\'s they them their we our us you your i me my he she ' +
  'his her who whom which what why how where also just only even still any some all each every other such same more most less ' +
  'much many few own one two per via thus hence however though although because since until unless again further once both ' +
  'either neither whether yes yeah ok okay please thanks thank think thought see seems seem like want wants make makes made ' +
  'sure really actually probably maybe perhaps instead rather better good fine right wrong patch patches series code change ' +
  'changes changed version v1 v2 v3 v4 v5 v6 v7 v8 add added adding use used using get got let lets don\'t ' +
  'doesn\'t isn\'t aren\'t can\'t won\'t wouldn\'t shouldn\'t didn\'t point question questions wonder wondering something thing things way ' +
  'without within able case cases work works part sense mean means kind anyway already currently now new old first last else ' +
  'example reason reasons idea ideas look looks looking feel care agree agreed fact really again later above below before after ' +
  'into across between while during whole lot bit little quite enough simply right left true false nothing anything everything'
).split(' '));

/** Crude English stemming: enough for "flushing"/"flushed"/"flush" and "pages"/"page" to meet. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 5 && /ations?$/.test(w)) w = w.replace(/ations?$/, '');
  else if (w.length > 4 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 3 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && /[^s]s$/.test(w)) w = w.slice(0, -1);
  else if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  if (w.length > 3 && /([bdgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

/** Weighted keywords for matching a question with a changelog line: identifiers weigh 2, words 1. */
export function keywordsOf(text: string, extraNames: readonly string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  const skip = new Set(extraNames.map((n) => n.toLowerCase()));
  const add = (k: string, w: number): void => {
    if (k.length < 3 || STOPWORDS.has(k) || skip.has(k)) return;
    out.set(k, Math.max(out.get(k) ?? 0, w));
  };
  for (const id of identifiersIn(text)) {
    add(id.toLowerCase(), 2);
    for (const part of id.split('_')) if (part.length >= 3) add(stem(part), 1);
  }
  // Hyphenated terms (cross-mm, uffd-wp, fast-gup) name a topic as precisely as an identifier.
  for (const term of text.toLowerCase().match(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g) ?? []) if (term.length >= 5) add(term, 2);
  for (const word of text.replace(URL, ' ').toLowerCase().match(/[a-z][a-z0-9']*/g) ?? []) {
    if (STOPWORDS.has(word) || skip.has(word)) continue;
    add(stem(word.replace(/'s$/, '')), 1);
  }
  return out;
}

/** Sum of the weights of the keywords two texts share (the smaller weight of each pair). */
export function overlapScore(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let score = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [k, w] of small) {
    const other = large.get(k);
    if (other !== undefined) score += Math.min(w, other);
  }
  return score;
}

/** A code line compared across versions: diff marker and whitespace removed. */
export function normaliseCode(line: string): string {
  const first = line.charCodeAt(0);
  return collapseWhitespace(first === 43 || first === 45 || first === 32 ? line.slice(1) : line); // "+", "-", " "
}

/** A normalised code line that says too little to identify a place ("}", "return 0;", "*"). */
export function isTrivialCode(norm: string): boolean {
  if (norm.length < 6) return true;
  if (/^[\s{}()*/;,]*$/.test(norm)) return true;
  return /^(return( 0| -?[A-Z]+| NULL| ret| err| true| false)?;|break;|continue;|else|else \{|\} else \{|goto \w+;|\/\*|\*\/|\*.*)$/.test(norm);
}

/** Lower-cased words of a text, for "does this quote contain that sentence" checks. */
export function wordKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, ' ').trim();
}
