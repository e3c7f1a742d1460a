// Replies: split into quoted and new-text blocks, then anchor each quote block to the patch
// line it ends on (the comment below a quote is about its last line).
import type { FilePatch, PatchContent, QuoteAnchor, ReplyBlock } from '../model.ts';

export interface QuoteMarker {
  depth: number;
  content: string;
}

/** Quote depth and the text after the markers: "> > x", ">> x", " > x" are all handled. */
export function parseQuoteMarker(line: string): QuoteMarker {
  let i = 0;
  while (i < 2 && line[i] === ' ') i++;
  if (line[i] !== '>') return { depth: 0, content: line };
  let depth = 0;
  while (line[i] === '>') {
    depth++;
    i++;
    if (line[i] === ' ' && line[i + 1] === '>') i++;
  }
  const content = line.slice(i);
  return { depth, content: content.startsWith(' ') ? content.slice(1) : content };
}

const ATTRIBUTION = [
  /\b(?:wrote|writes|said|escribió|scripsit)\s*:\s*$/i,
  /^Quoting .{3,}:\s*$/,
  /^\* .+ \[\d{6} \d\d:\d\d(?::\d\d)?\]:\s*$/,
  /^Le .+ a écrit\s*:\s*$/,
  /^Am .+ schrieb .+:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}$/i,
];

function isAttributionText(s: string): boolean {
  const t = s.trim();
  // Every pattern above ends with ":" or starts with "--": most lines are ruled out without a regex.
  if (t.length === 0 || t.length >= 400 || (!t.endsWith(':') && !t.startsWith('--'))) return false;
  return ATTRIBUTION.some((re) => re.test(t));
}

const SNIP = /^\s*(?:\[\s*\.\.\.\s*\]|\.\.\.|…|<\s*snip\s*>|\[\s*snip\s*\]|\[\s*\.\.\.\s*snip\s*\.\.\.\s*\])\s*$/i;

/** Quote depth of a line, without slicing it (as parseQuoteMarker counts it). */
function quoteDepth(line: string): number {
  let i = 0;
  while (i < 2 && line.charCodeAt(i) === 32) i++;
  let depth = 0;
  while (line.charCodeAt(i) === 62) {
    depth++;
    i++;
    if (line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 62) i++;
  }
  return depth;
}

const BLANK = /^\s*$/;

/** The lines of a reply, markers parsed once: parallel arrays keep this hot path light. */
interface Lines {
  depth: number[];
  content: string[];
  attribution: boolean[];
}

function readLines(text: string): Lines {
  const raw = dropSignature(text.split('\n'));
  const out: Lines = { depth: new Array(raw.length), content: new Array(raw.length), attribution: new Array(raw.length).fill(false) };
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (quoteDepth(line) === 0) {
      out.depth[i] = 0;
      out.content[i] = line;
    } else {
      const m = parseQuoteMarker(line);
      out.depth[i] = m.depth;
      out.content[i] = m.content;
    }
  }
  return out;
}

/** Split a reply into quote and new-text blocks; attributions get their own flagged block. */
export function splitReply(text: string): ReplyBlock[] {
  const lines = readLines(text);
  markAttributions(lines);
  const blocks: ReplyBlock[] = [];
  let cur: ReplyBlock | null = null;
  let pendingBlank = 0;
  for (let i = 0; i < lines.depth.length; i++) {
    const depth = lines.depth[i]!;
    const content = lines.content[i]!;
    const attribution = lines.attribution[i]!;
    if (depth === 0 && BLANK.test(content)) {
      pendingBlank++;
      continue;
    }
    if (cur !== null && cur.depth === depth && !!cur.attribution === attribution && (depth === 0 || pendingBlank === 0)) {
      for (; pendingBlank > 0; pendingBlank--) cur.lines.push('');
      cur.lines.push(content);
    } else {
      cur = { kind: depth > 0 ? 'quote' : 'new', lines: [content], depth, anchor: null };
      if (attribution) cur.attribution = true;
      blocks.push(cur);
    }
    pendingBlank = 0;
  }
  const out: ReplyBlock[] = [];
  for (const b of blocks) {
    const tidy = tidyBlock(b);
    if (tidy.lines.length > 0) out.push(tidy);
  }
  return out;
}

/** Unquoted "-- " starts the signature, which runs until quoted text resumes. */
function dropSignature(lines: string[]): string[] {
  let first = -1;
  for (let i = 0; i < lines.length && first < 0; i++) if (isSignatureStart(lines, i)) first = i;
  if (first < 0) return lines;
  const out = lines.slice(0, first);
  let inSig = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (!inSig && isSignatureStart(lines, i)) {
      inSig = true;
      continue;
    }
    if (inSig && quoteDepth(line) > 0) inSig = false;
    if (!inSig) out.push(line);
  }
  return out;
}

function isSignatureStart(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return line === '-- ' || (line === '--' && isShortTail(lines, i + 1));
}

function isShortTail(lines: string[], from: number): boolean {
  if (lines.length - from > 8) return false;
  for (let i = from; i < lines.length; i++) if (quoteDepth(lines[i]!) > 0) return false;
  return true;
}

function markAttributions(lines: Lines): void {
  const { depth, content, attribution } = lines;
  for (let i = 0; i < content.length; i++) {
    if (!isAttributionText(content[i]!)) continue;
    const next = nextNonBlank(lines, i + 1, depth[i]!);
    if (next < 0 || depth[next]! <= depth[i]!) continue;
    attribution[i] = true;
    if (i > 0 && depth[i - 1] === depth[i] && /^\s*On\s/.test(content[i - 1]!) && !isAttributionText(content[i - 1]!)) attribution[i - 1] = true;
  }
}

function nextNonBlank(lines: Lines, from: number, depth: number): number {
  for (let i = from; i < lines.content.length; i++) {
    if (!BLANK.test(lines.content[i]!) || lines.depth[i]! > depth) return i;
  }
  return -1;
}

function tidyBlock(b: ReplyBlock): ReplyBlock {
  let lines = b.lines;
  if (b.kind === 'quote') {
    // A quoted patch's own signature ("-- " / "2.43.0"); the trailing space is often lost.
    let sig = lines.length - 1;
    while (sig >= 0 && lines[sig]!.trimEnd() !== '--') sig--;
    if (sig >= 0 && lines.length - sig <= 5) lines = lines.slice(0, sig);
  }
  let a = 0;
  let z = lines.length;
  while (a < z && lines[a]!.trim() === '') a++;
  while (z > a && lines[z - 1]!.trim() === '') z--;
  return { ...b, lines: lines.slice(a, z) };
}

// ---- anchoring ------------------------------------------------------------

interface Position {
  part: 'message' | 'diff';
  /** Leading whitespace width of a diff line's text (tab = 8); -1 for message lines. */
  indent: number;
  file: string | null;
  newNo: number | null;
  oldNo: number | null;
  section: string | null;
}

interface PatchIndex {
  messageText: string | undefined;
  positions: Position[];
  byKey: Map<string, number[]>;
}

export interface AnchorTarget {
  id: string;
  content: PatchContent;
  /** The whole mail text (used for the message part instead of commitMessage + notes). */
  messageText?: string;
}

const indexCache = new WeakMap<PatchContent, PatchIndex>();

/** Width of the leading whitespace, tabs to the next multiple of 8 (tabs often become spaces in replies). */
function indentWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    if (c === ' ') w++;
    else if (c === '\t') w = (Math.floor(w / 8) + 1) * 8;
    else break;
  }
  return w;
}

function hunkHeaderKey(oldStart: number, oldCount: number, newStart: number, newCount: number, section: string): string {
  return `@${oldStart},${oldCount},${newStart},${newCount},${norm(section)}`;
}

/** A quoted "@@ -a[,b] +c[,d] @@ section" line, as an index key. */
function quotedHeaderKey(line: string): string | null {
  const m = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@+ ?(.*)$/.exec(line.trimEnd());
  if (!m) return null;
  return hunkHeaderKey(Number(m[1]), Number(m[2] ?? 1), Number(m[3]), Number(m[4] ?? 1), m[5] ?? '');
}

/** Any whitespace other than a single space: what norm() has to rewrite. */
const NOT_NORMAL_SPACE = /[^\S ]| {2}/;

/** Whitespace runs to one space, trimmed (most lines need only the trim). */
function norm(s: string): string {
  const t = s.trim();
  return NOT_NORMAL_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t;
}

function diffKey(kind: string, text: string): string {
  return kind + norm(text);
}

function addKey(index: PatchIndex, key: string, pos: Position): void {
  const at = index.positions.push(pos) - 1;
  const list = index.byKey.get(key);
  if (list) list.push(at);
  else index.byKey.set(key, [at]);
}

function buildIndex(content: PatchContent, messageText: string | undefined): PatchIndex {
  const index: PatchIndex = { messageText, positions: [], byKey: new Map() };
  let message = messageText ?? `${content.commitMessage}\n${content.notes}`;
  if (messageText !== undefined) {
    const firstDiffLine = content.diff.slice(0, content.diff.indexOf('\n'));
    const cut = firstDiffLine ? messageText.indexOf(`\n${firstDiffLine}`) : -1;
    if (cut >= 0) message = messageText.slice(0, cut);
  }
  const messagePos: Position = { part: 'message', indent: -1, file: null, newNo: null, oldNo: null, section: null };
  for (const line of message.split('\n')) {
    const k = norm(line);
    if (k) addKey(index, `m${k}`, messagePos);
  }
  for (const f of content.files) {
    const file = f.newPath ?? f.oldPath;
    const filePos: Position = { part: 'diff', indent: -1, file, newNo: null, oldNo: null, section: null };
    for (const key of fileHeaderKeys(f)) addKey(index, key, filePos);
    for (const h of f.hunks) {
      addKey(index, hunkHeaderKey(h.oldStart, h.oldCount, h.newStart, h.newCount, h.section), { part: 'diff', indent: -1, file, newNo: h.newStart, oldNo: h.oldStart, section: h.section });
      for (const dl of h.lines) {
        const pos: Position = { part: 'diff', indent: indentWidth(dl.text), file, newNo: dl.newNo, oldNo: dl.oldNo, section: h.section };
        addKey(index, diffKey(dl.kind, dl.text), pos);
      }
    }
  }
  return index;
}

/** Keys under which quoted `diff --git`, `---` and `+++` lines of a file are looked up. */
function fileHeaderKeys(f: FilePatch): string[] {
  const oldName = f.oldPath === null ? '/dev/null' : `a/${f.oldPath}`;
  const newName = f.newPath === null ? '/dev/null' : `b/${f.newPath}`;
  const keys = [diffKey('-', `-- ${oldName}`), diffKey('+', `++ ${newName}`)];
  if (f.git) keys.unshift(diffKey(' ', `diff --git a/${f.oldPath ?? f.newPath} b/${f.newPath ?? f.oldPath}`));
  return keys;
}

function indexFor(target: AnchorTarget): PatchIndex {
  const cached = indexCache.get(target.content);
  if (cached && cached.messageText === target.messageText) return cached;
  const built = buildIndex(target.content, target.messageText);
  indexCache.set(target.content, built);
  return built;
}

const COMMON = new Set(['return 0;', 'return;', 'return ret;', 'break;', 'continue;', 'else', '} else {', 'else {', '#endif', '#else', '*/', '/*', '*', 'out:', 'goto out;', 'return err;', 'return -EINVAL;', 'return NULL;', 'return false;', 'return true;']);

function isWeak(normText: string): boolean {
  return wordCharsBelow(normText, 4) || COMMON.has(normText);
}

/** Whether `s` has fewer than `n` characters of [A-Za-z0-9_]. */
function wordCharsBelow(s: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < s.length && count < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) count++;
  }
  return count < n;
}

interface QuotedLine {
  candidates: number[];
  weak: boolean;
  /** Indent of the quoted code after its diff marker: breaks ties between equal lines. */
  indent: number;
}

function candidatesFor(index: PatchIndex, content: string): QuotedLine | null {
  if (content.trim() === '' || SNIP.test(content)) return null;
  const whole = norm(content);
  const first = content[0];
  const header = content.startsWith('@@') ? quotedHeaderKey(content) : null;
  const changed = first === '+' || first === '-';
  const body = changed ? norm(content.slice(1)) : whole;
  const fromDiff = index.byKey.get(header ?? (changed ? first : ' ') + body);
  const fromMessage = index.byKey.get(`m${whole}`);
  // Message positions are indexed before diff positions, so the concatenation stays sorted.
  const candidates = fromMessage && fromDiff ? [...fromMessage, ...fromDiff] : (fromMessage ?? fromDiff ?? []);
  const indent = header !== null ? -2 : indentWidth(changed || first === ' ' ? content.slice(1) : content);
  return { candidates, weak: header === null && isWeak(body), indent };
}

/** Largest element of sorted `list` that is < `limit`, or -1. */
function lastBefore(list: number[], limit: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < limit) {
      found = list[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const MAX_END_CANDIDATES = 200;
const WEAK_GAP = 3;

const STRONG_SCORE = 10;
const WEAK_SCORE = 2;
const SAME_INDENT_BONUS = 1;

/**
 * Best position for the block's end: the chain (in order) matching the most quoted lines
 * (same indentation counts a little), then the tightest, then the earliest.
 */
function bestEnd(quoted: (QuotedLine | null)[], positions: Position[]): number | null {
  const lineScore = (q: QuotedLine, pos: number) =>
    (q.weak ? WEAK_SCORE : STRONG_SCORE) + (positions[pos]!.indent === q.indent ? SAME_INDENT_BONUS : 0);
  const strong: number[] = [];
  for (let j = quoted.length - 1; j >= 0 && strong.length < 3; j--) {
    const q = quoted[j];
    if (q && !q.weak && q.candidates.length > 0) strong.push(j);
  }
  let best: { endJ: number; end: number; score: number; span: number } | null = null;
  for (const endJ of strong) {
    const ends = quoted[endJ]!.candidates;
    for (const end of ends.length > MAX_END_CANDIDATES ? ends.slice(0, MAX_END_CANDIDATES) : ends) {
      let score = lineScore(quoted[endJ]!, end);
      let cur = end;
      for (let j = endJ - 1; j >= 0; j--) {
        const q = quoted[j];
        if (!q || q.candidates.length === 0) continue;
        const pos = lastBefore(q.candidates, cur);
        if (pos < 0 || (q.weak && cur - pos > WEAK_GAP)) continue;
        score += lineScore(q, pos);
        cur = pos;
      }
      const span = end - cur;
      if (!best || score > best.score || (score === best.score && span < best.span)) best = { endJ, end, score, span };
    }
  }
  return best ? extendOverTrailingWeak(quoted, best.endJ, best.end) : null;
}

/** Trivial lines after the chosen end ("}", "return 0;") still move the anchor when they follow closely. */
function extendOverTrailingWeak(quoted: (QuotedLine | null)[], endJ: number, end: number): number {
  let cur = end;
  for (let j = endJ + 1; j < quoted.length; j++) {
    const q = quoted[j];
    if (!q || q.candidates.length === 0) continue;
    const pos = firstAfter(q.candidates, cur);
    if (pos >= 0 && pos - cur <= WEAK_GAP) cur = pos;
  }
  return cur;
}

/** Smallest element of sorted `list` that is > `limit`, or -1. */
function firstAfter(list: number[], limit: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! > limit) {
      found = list[mid]!;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

/** Anchor every quote block (any depth) to the patch line its quoted text ends on. */
export function anchorQuotes(blocks: ReplyBlock[], patch: AnchorTarget): ReplyBlock[] {
  const index = indexFor(patch);
  return blocks.map((b) => {
    if (b.kind !== 'quote' || b.attribution) return b;
    const end = bestEnd(b.lines.map((l) => candidatesFor(index, l)), index.positions);
    if (end === null) return { ...b, anchor: null };
    const p = index.positions[end]!;
    const anchor: QuoteAnchor = { patchId: patch.id, file: p.file, newNo: p.newNo, oldNo: p.oldNo, section: p.section, part: p.part };
    return { ...b, anchor };
  });
}
