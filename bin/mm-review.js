#!/usr/bin/env -S node --max-old-space-size=1024 --max-semi-space-size=16 --initial-old-space-size=64 --no-turbo-inlining --interrupt-budget=200000
// Runs the compiled CLI (built by `npm ci` via `prepare`); falls back to the
// TypeScript sources through tsx when no build is present.
// The heap flags: with a machine's default limit (4 GB on 24 GB of RAM) V8 lets garbage pile up
// to several hundred MB before collecting; capped at 1 GB it collects early, and ingesting a whole
// public-inbox epoch with its ledger peaks near 400 MB RSS instead of 590 MB, no slower
// (docs/ARCHITECTURE.md, "Memory"). The compiler flags make V8 optimise less of a short batch job's
// code (docs/ARCHITECTURE.md, "V8 compiles less").
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
let mod;
if (existsSync(built)) {
  mod = await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
process.exitCode = await mod.main(process.argv.slice(2));
