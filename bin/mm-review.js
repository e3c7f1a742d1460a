#!/usr/bin/env -S node --max-old-space-size=1024 --max-semi-space-size=16 --initial-old-space-size=64 --no-turbo-inlining --interrupt-budget=200000
// Runs the compiled CLI (built by `npm ci` via `prepare`): from its one-file bundle when the build made
// one and it is up to date, else module by module (dist/cli/launch.js says which); falls back to the
// TypeScript sources through tsx when no build is present.
// The heap flags: with a machine's default limit (4 GB on 24 GB of RAM) V8 lets garbage pile up
// to several hundred MB before collecting; capped at 1 GB it collects early, and ingesting a whole
// public-inbox epoch with its ledger peaks near 400 MB RSS instead of 590 MB, no slower
// (docs/ARCHITECTURE.md, "Memory"). The compiler flags make V8 optimise less of a short batch job's
// code (docs/ARCHITECTURE.md, "V8 compiles less").
// node:fs through getBuiltinModule, not `import`: an ES import of node:fs builds its module facade,
// which loads fs streams (a few milliseconds) that --help never uses.
const { existsSync } = process.getBuiltinModule?.('node:fs') ?? (await import('node:fs'));

const launcher = new URL('../dist/cli/launch.js', import.meta.url);
const built = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(launcher)) {
  const { launch } = await import(launcher.href);
  process.exitCode = await launch(process.argv.slice(2), launcher.href);
} else if (existsSync(built)) {
  process.exitCode = await (await import(built.href)).main(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  process.exitCode = await (await import(new URL('../src/cli/main.ts', import.meta.url).href)).main(process.argv.slice(2));
}
