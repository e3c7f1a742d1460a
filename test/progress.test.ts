// The terminal status line: silent off a TTY and with --quiet, drawn and cleared on a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from '../src/cli/progress.ts';
import type { Io } from '../src/cli/main.ts';

function fakeIo(isTTY: boolean): { io: Io; written: () => string } {
  let err = '';
  let out = '';
  const io: Io = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY };
  return { io, written: () => out + err };
}

function drive(progress: Progress): void {
  progress.update('reading archive: 1/3 messages', true);
  progress.update('reading archive: 2/3 messages');
  progress.update('checking 1 series...', true);
  progress.done();
}

test('nothing is written when stderr is not a terminal', () => {
  const { io, written } = fakeIo(false);
  drive(Progress.for(io, {}));
  assert.equal(written(), '');
});

test('nothing is written with --quiet, even on a terminal', () => {
  const { io, written } = fakeIo(true);
  drive(Progress.for(io, { quiet: true }));
  assert.equal(written(), '');
});

test('on a terminal: forced updates are drawn over one line, skipped ones are not, and done() clears it', () => {
  const { io, written } = fakeIo(true);
  drive(Progress.for(io, { quiet: false }));
  assert.equal(written(), '\r\x1b[2Kreading archive: 1/3 messages\r\x1b[2Kchecking 1 series...\r\x1b[2K');
});

test('done() without an update writes nothing; a second done() adds nothing', () => {
  const { io, written } = fakeIo(true);
  const progress = Progress.for(io, {});
  progress.done();
  assert.equal(written(), '');
  progress.update('x', true);
  progress.done();
  progress.done();
  assert.equal(written(), '\r\x1b[2Kx\r\x1b[2K');
});
