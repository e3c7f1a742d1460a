// Low-level text helpers shared by the C analysis: a comment/literal masker
// that keeps every offset and line number, and a line index.

/** Half-open [start, end) character range into a text. */
export type Range = [number, number];

export interface MaskResult {
  /** Comments and the contents of string and char literals replaced by spaces (newlines kept). */
  masked: string;
  /** Comment ranges only (what the parse text blanks). */
  comments: Range[];
}

/** Where the masker must (re)start in a given state, used for diff fragments. */
export interface MaskReset {
  offset: number;
  inComment: boolean;
}

const SLASH = 47, STAR = 42, NL = 10, DQ = 34, SQ = 39, BS = 92;
/** A character that may start a comment or a literal. */
const OPENER = /[/"']/g;

/**
 * Blank comments and literal contents. A string or char literal never spans a
 * line (an unterminated one is left alone), so a stray apostrophe cannot mask
 * the rest of a file.
 */
export function maskCode(text: string, resets: MaskReset[] = []): MaskResult {
  const comments: Range[] = [];
  const literals: Range[] = [];
  const n = text.length;
  let r = 0;
  let i = 0;
  while (i < n) {
    while (r < resets.length && resets[r].offset <= i) {
      const reset = resets[r++];
      if (reset.inComment && reset.offset === i) {
        const close = text.indexOf('*/', i);
        const end = close < 0 ? n : close + 2;
        comments.push([i, end]);
        i = end;
      }
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      let end = close < 0 ? n : close + 2;
      const nextReset = r < resets.length ? resets[r].offset : n;
      if (end > nextReset) end = nextReset; // a fragment boundary ends an unterminated comment
      comments.push([i, end]);
      i = end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      comments.push([i, end]);
      i = end;
    } else if (c === DQ || c === SQ) {
      const end = literalEnd(text, i, c);
      if (end > 0) {
        if (end - 1 > i + 1) literals.push([i + 1, end - 1]);
        i = end;
      } else i++;
    } else {
      // Nothing starts here: on to the next character that may open a comment or a literal, stopping at
      // the next fragment boundary (found by a regular expression rather than a step at a time).
      OPENER.lastIndex = i + 1;
      const next = OPENER.exec(text)?.index ?? n;
      const nextReset = r < resets.length ? resets[r].offset : n;
      i = next < nextReset ? next : Math.max(nextReset, i + 1);
    }
  }
  const ranges = mergeRanges([...comments, ...literals]);
  return { masked: blankRanges(text, ranges), comments };
}

function literalEnd(text: string, start: number, quote: number): number {
  for (let j = start + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BS) {
      if (text.charCodeAt(j + 1) === NL) return -1;
      j++;
    } else if (c === quote) return j + 1;
    else if (c === NL) return -1;
  }
  return -1;
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.filter((x) => x[1] > x[0]).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

/** Replace every non-newline character inside the ranges with a space. */
export function blankRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let pos = 0;
  for (const [s, e] of mergeRanges(ranges)) {
    if (s < pos) continue;
    parts.push(text.slice(pos, s), blank(text.slice(s, e)));
    pos = e;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

export function blank(segment: string): string {
  // Most segments (a literal's contents, a // comment) hold no newline: spaces of the same length.
  if (segment.indexOf('\n') < 0) return ' '.repeat(segment.length);
  return segment.split('\n').map((line) => ' '.repeat(line.length)).join('\n');
}

/** A same-length replacement of [start, end). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping same-length edits (overlapping later ones are dropped). */
export function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const edit of sorted) {
    if (edit.start < pos || edit.text.length !== edit.end - edit.start) continue;
    parts.push(text.slice(pos, edit.start), edit.text);
    pos = edit.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

/** Offsets of line starts; line numbers are 1-based. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    let at = text.indexOf('\n');
    while (at >= 0) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.starts = starts;
  }
  get count(): number {
    return this.starts.length;
  }
  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** 0-based column of an offset. */
  colOf(offset: number): number {
    return offset - this.starts[this.lineOf(offset) - 1];
  }
  startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
  /** Offset just past the line's last character (before its newline). */
  endOf(line: number): number {
    const next = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return next;
  }
  lineText(line: number): string {
    return this.text.slice(this.startOf(line), this.endOf(line));
  }
}
