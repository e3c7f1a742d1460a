// `npm test`: lint, type-check and the test suite, started together (the machine has two cores and
// each of the three leaves some idle). The suite's output streams as it runs; lint and type-check
// print theirs when the suite is done, then one closing line. Exit code 1 when any of the three failed.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = (name: string) => resolve(ROOT, 'node_modules', '.bin', name);

interface Outcome {
  name: string;
  code: number;
  output: string;
}

/** The last "# pass N" or "# fail N" of node's test runner. */
function closingCount(output: string, label: 'pass' | 'fail'): number | null {
  const last = [...output.matchAll(new RegExp(`^# ${label} (\\d+)$`, 'gm'))].at(-1);
  return last ? Number(last[1]) : null;
}

function run(name: string, command: string, args: string[], stream: boolean): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer) => {
      if (stream) {
        process.stdout.write(chunk);
        output = (output + chunk.toString('utf8')).slice(-4096); // enough for the closing counts
      } else output += chunk.toString('utf8');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => done({ name, code: 127, output: `${name}: ${err.message}\n` }));
    child.on('close', (code) => done({ name, code: code ?? 1, output }));
  });
}

const lint = run('lint', BIN('eslint'), [
  '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/', '--max-warnings', '0', 'src', 'test', 'bench', 'scripts',
], false);
const typecheck = run('typecheck', BIN('tsc'), ['--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/tsc/typecheck.tsbuildinfo'], false);
const suite = run('tests', process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2', 'test/shards/shard-0.ts', 'test/shards/shard-1.ts',
], true);

const outcomes = await Promise.all([lint, typecheck, suite]);
for (const o of outcomes.slice(0, 2)) {
  process.stdout.write(o.output);
  process.stdout.write(`${o.name}: ${o.code === 0 ? 'ok' : `FAILED (exit ${o.code})`}\n`);
}
const failed = outcomes.filter((o) => o.code !== 0).map((o) => o.name);
process.stdout.write(failed.length ? `npm test: failed: ${failed.join(', ')}\n` : 'npm test: lint, type-check and tests passed\n');
const passed = closingCount(outcomes[2]!.output, 'pass');
const failedTests = closingCount(outcomes[2]!.output, 'fail');
if (passed !== null && failedTests !== null) process.stdout.write(`${passed} passed, ${failedTests} failed\n`);
process.exitCode = failed.length ? 1 : 0;
