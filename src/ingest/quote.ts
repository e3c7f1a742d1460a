// Anchoring a reply's quote blocks (see reply-blocks.ts) to the patch line each ends on: the
// comment below a quote is about its last line.
import type { FilePatch, PatchContent, QuoteAnchor, ReplyBlock } from '../domain/mail.ts';
import { collapseWhitespace } from '../util/whitespace.ts';

const SNIP = /^\s*(?:\[\s*\.\.\.\s*\]|\.\.\.|…|<\s*snip\s*>|\[\s*snip\s*\]|\[\s*\.\.\.\s*snip\s*\.\.\.\s*\])\s*$/i;

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

const norm = collapseWhitespace;

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
