// `git patch-id --stable`, reimplemented: a SHA-1 per file over the diff with all whitespace
// removed and hunk line numbers ignored; the per-file digests are summed bytewise (with carry)
// so that file order does not matter. Header lines before the first `diff ` line are skipped.
//
// Git prints nothing for a plain unified diff (no `diff ` line). So that such patches still get
// a stable key, a text without any `diff ` line is hashed as if each `--- ` line started a file;
// that id is ours alone (git has none to compare with).
import { createHash } from 'node:crypto';

const WHITESPACE = /[ \t\n\v\f\r]+/g;

function hunkCounts(line: string): [number, number] | null {
  const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))?/.exec(line);
  if (!m) return null;
  return [m[1] === undefined ? 1 : Number(m[1]), m[2] === undefined ? 1 : Number(m[2])];
}

class Summer {
  readonly total = new Uint8Array(20);
  /**
   * The current file's lines, whitespace still in: stripping the joined text once equals stripping
   * each line (the joins are whitespace too), and one hash call per file costs less than one per line.
   */
  private parts: string[] = [];
  private fed = 0;

  update(line: string): void {
    this.parts.push(line);
  }

  /** Add the current file's digest into the total and start a new one. */
  flush(): void {
    const text = this.parts.join('\n').replace(WHITESPACE, '');
    this.parts = [];
    this.fed += text.length;
    const digest = createHash('sha1').update(text, 'utf8').digest();
    let carry = 0;
    for (let i = 0; i < 20; i++) {
      carry += this.total[i]! + digest[i]!;
      this.total[i] = carry & 0xff;
      carry >>= 8;
    }
  }

  /** Characters hashed so far (whitespace aside), counting flushed files only. */
  get length(): number {
    return this.fed;
  }
}

/** `git patch-id --stable` of a diff (or of a whole patch mail); "" when there is no diff. */
export function patchId(diffText: string): string {
  const lines = diffText.split('\n');
  // The text's final newline leaves an empty last element, which is not a line.
  return patchIdOfLines(lines, 0, lines[lines.length - 1] === '' ? lines.length - 1 : lines.length);
}

/** patchId of lines[from, to) joined with newlines, without joining them (ingest has them split already). */
export function patchIdOfLines(lines: readonly string[], from: number, to: number): string {
  // As /^diff /m on the joined text: a line start is also after \r, U+2028 or U+2029.
  let plain = true;
  for (let n = from; n < to && plain; n++) {
    const line = lines[n]!;
    if (line.startsWith('diff ') || (line.includes('diff ') && /[\r\u2028\u2029]diff /.test(line))) plain = false;
  }
  const startsFile = plain ? (l: string) => l.startsWith('--- ') : (l: string) => l.startsWith('diff ');
  const sum = new Summer();
  let before = -1;
  let after = -1;
  let binary = false;
  let preBlob = '';
  let postBlob = '';
  let started = false;
  for (let n = from; n < to; n++) {
    const line = lines[n]!;
    if (line.startsWith('\\ ') && line.length > 11) continue;
    if (!started) {
      if (!startsFile(line)) continue;
      started = true;
    }
    if (before === -1) {
      if (line.startsWith('GIT binary patch') || line.startsWith('Binary files')) {
        binary = true;
        before = 0;
        sum.update(preBlob + postBlob);
        sum.flush();
        continue;
      } else if (line.startsWith('index ')) {
        const m = /^index ([^.]*)\.\.(\S*)/.exec(line);
        if (m) {
          preBlob = m[1]!;
          postBlob = m[2]!;
        }
        continue;
      } else if (line.startsWith('--- ')) {
        before = after = 1;
      } else if (!/^[A-Za-z]/.test(line)) {
        break;
      }
    }
    if (binary) {
      if (startsFile(line)) {
        binary = false;
        before = -1;
      }
      continue;
    }
    if (before === 0 && after === 0) {
      if (line.startsWith('@@ -')) {
        const counts = hunkCounts(line);
        if (counts) [before, after] = counts;
        continue;
      }
      if (!startsFile(line)) break;
      sum.flush();
      before = after = -1;
      if (plain) before = after = 1;
    }
    const c = line[0];
    if (c === '-' || c === ' ') before--;
    if (c === '+' || c === ' ') after--;
    sum.update(line);
  }
  sum.flush();
  if (sum.length === 0) return '';
  return Buffer.from(sum.total).toString('hex');
}
