// Replies split into quoted and new-text blocks (quote markers, attributions, signatures).
// quote.ts anchors the quote blocks to the patch they quote.
import type { ReplyBlock } from '../domain/mail.ts';

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

/** Whether the line starting at `at` is quoted (up to two spaces, then ">"): parseQuoteMarker's depth > 0, without slicing. */
export function isQuotedAt(text: string, at = 0): boolean {
  let i = at;
  while (i < at + 2 && text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 62;
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
  const out: Lines = {
    depth: new Array<number>(raw.length),
    content: new Array<string>(raw.length),
    attribution: new Array<boolean>(raw.length).fill(false),
  };
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (!isQuotedAt(line)) {
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
    if (inSig && isQuotedAt(line)) inSig = false;
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
  for (let i = from; i < lines.length; i++) if (isQuotedAt(lines[i]!)) return false;
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
