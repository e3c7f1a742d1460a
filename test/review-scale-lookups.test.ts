// The indexed lookups that replaced per-target scans (src/checks/model-lookup.ts) answer exactly as the
// scans they replaced, edge cases included: lines past the end, overlapping and removed functions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { functionHolding, functionSpan, lineOfOffset, outsideRanges } from '../src/checks/model-lookup.ts';
import type { FileChange, FunctionChange } from '../src/checks/index.ts';

function fn(name: string, startLine: number, endLine: number, status: FunctionChange['status'] = 'modified'): FunctionChange {
  return {
    name, file: 'mm/x.c', patch: 1, status, startLine, endLine, whole: true, addedLines: [], removedCount: 0,
    calls: [], params: [], isStatic: false, text: '', guardedBy: [],
  };
}

function file(code: string | null, functions: FunctionChange[] = []): FileChange {
  return {
    path: 'mm/x.c', oldPath: 'mm/x.c', status: 'modified', categories: ['mm', 'c'], source: 'diff', added: [], removed: [],
    code, analysis: null, oldAnalysis: null, addedDefines: [], functions,
  };
}

/** The scan spanOf and bodyOf did: count newlines from the start of the text. */
function scannedSpan(code: string, f: FunctionChange): { start: number; end: number } {
  let start = 0;
  for (let l = 1; l < f.startLine && start >= 0; l++) start = code.indexOf('\n', start) + 1;
  let end = start;
  for (let l = f.startLine; l <= f.endLine && end >= 0; l++) {
    const nl = code.indexOf('\n', end);
    end = nl < 0 ? code.length : nl + 1;
  }
  return { start, end };
}

/** The scan cross-mm-branch did for the line of an offset. */
function scannedLine(code: string, offset: number): number {
  let n = 1;
  for (let i = code.indexOf('\n'); i >= 0 && i < offset; i = code.indexOf('\n', i + 1)) n++;
  return n;
}

/** The scan functionAt did. */
function scannedHolder(functions: FunctionChange[], line: number): FunctionChange | null {
  for (const f of functions) if (f.status !== 'removed' && f.startLine <= line && line <= f.endLine) return f;
  return null;
}

describe('indexed lookups answer as the scans did', () => {
  test('function spans, for every range of lines, past the end and reversed ones included', () => {
    for (const code of ['a\nbb\n\nccc\n', 'a\nbb\nccc', 'x', '\n\n\n']) {
      const f = file(code);
      for (let start = 0; start <= 7; start++) {
        for (let end = start - 2; end <= 8; end++) {
          const span = functionSpan(fn('f', start, end), f);
          assert.deepEqual(span && { start: span.start, end: span.end }, scannedSpan(code, fn('f', start, end)), `${JSON.stringify(code)} ${start}-${end}`);
        }
      }
    }
  });

  test('a tree function is cut from its own text; no text is no span', () => {
    const own = { ...fn('t', 2, 2), code: 'int a;\nint t(void) { return 0; }\n' };
    assert.deepEqual(functionSpan(own, null), { code: own.code, start: 7, end: 33 });
    assert.deepEqual(scannedSpan(own.code, own), { start: 7, end: 33 });
    assert.equal(functionSpan(fn('g', 1, 1), file(null)), null);
    assert.equal(functionSpan(fn('g', 1, 1), file('')), null);
  });

  test('the line of every offset', () => {
    const code = 'ab\n\ncd\nefg\n';
    const f = file(code);
    for (let at = -1; at <= code.length + 2; at++) assert.equal(lineOfOffset(f, at), scannedLine(code, at), `offset ${at}`);
  });

  test('the function holding a line: the first in order, removed ones skipped, overlaps kept', () => {
    const functions = [fn('gone', 1, 40, 'removed'), fn('outer', 10, 30), fn('inner', 12, 14), fn('late', 25, 50), fn('one', 60, 60)];
    for (let i = 0; i < 20; i++) functions.push(fn(`f${i}`, 100 + 5 * i, 102 + 5 * i, i % 3 === 0 ? 'context' : 'added'));
    const f = file('', functions);
    for (let line = 0; line <= 220; line++) assert.equal(functionHolding(f, line), scannedHolder(functions, line), `line ${line}`);
  });

  test('lines outside a set of ranges, overlapping, touching and empty ones included', () => {
    const ranges: [number, number][] = [[10, 12], [5, 7], [8, 8], [20, 30], [25, 26], [40, 39]];
    const outside = outsideRanges(ranges);
    for (let line = 0; line <= 45; line++) assert.equal(outside(line), !ranges.some(([a, b]) => line >= a && line <= b), `line ${line}`);
  });
});
