// Temporary folders are removed when the process is interrupted, not only when it ends normally.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers/cli.ts';
import { appendToEpoch, newEpoch } from './helpers/epoch.ts';
import { syntheticList } from './helpers/synthetic-list.ts';

const CLI = join(ROOT, 'src', 'cli', 'run.ts');

/** An epoch as the shared archives hold them: no refs/ folder, so reading it needs a temporary shadow repository. */
function epochWithoutRefs(dir: string): string {
  const gitDir = newEpoch(dir);
  appendToEpoch(gitDir, syntheticList(150).map((m) => ({ kind: 'm' as const, mail: m.bytes })), 0);
  execFileSync('git', [`--git-dir=${gitDir}`, 'pack-refs', '--all']);
  rmSync(join(gitDir, 'refs'), { recursive: true, force: true });
  return gitDir;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`gave up waiting: ${what}`);
}

describe('temporary folders', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`an ingest stopped by ${signal} leaves no temporary folder behind and ends by the signal`, async () => {
      const dir = tempDir('mmr-sig-');
      const epoch = epochWithoutRefs(join(dir, 'list'));
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--db', join(dir, 'store.db'), '-q', 'ingest', epoch], {
        cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore',
      });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, sig) => done({ code, signal: sig })));
      const shadows = () => readdirSync(tmp).filter((n) => n.startsWith('mm-review-'));
      let finished = false;
      void ended.then(() => { finished = true; });
      await waitFor(() => shadows().length > 0 || finished, 'the shadow repository to appear');
      assert.equal(finished, false, 'the ingest was still running when the signal came');
      child.kill(signal);
      const outcome = await ended;
      assert.equal(outcome.signal, signal, `ended by the signal (exit ${outcome.code})`);
      assert.deepEqual(shadows(), []);
    });
  }

  test('a stopping signal kills the git processes still running before it removes the folders', async () => {
    const dir = tempDir('mmr-sig-');
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    // A stand-in for a slow git: a child registered as git children are, and a temporary folder.
    const script = `
      import { spawn } from 'node:child_process';
      const { tracked } = await import(${JSON.stringify(join(ROOT, 'src', 'util', 'children.ts'))});
      const { makeTempDir } = await import(${JSON.stringify(join(ROOT, 'src', 'util', 'temp-dirs.ts'))});
      const child = tracked(spawn('sleep', ['30'], { stdio: 'ignore' }));
      await makeTempDir('mm-review-test-');
      process.stdout.write(String(child.pid) + '\\n');
      setInterval(() => {}, 1000);`;
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ended = new Promise<NodeJS.Signals | null>((done) => proc.on('close', (_code, sig) => done(sig)));
    let out = '';
    proc.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    await waitFor(() => out.includes('\n'), 'the child to start');
    const pid = Number(out.trim());
    proc.kill('SIGTERM');
    assert.equal(await ended, 'SIGTERM');
    // Gone, or a zombie nobody has reaped yet (it runs no more either).
    const alive = (): boolean => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(), 'the child to be gone');
    assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('mm-review-')), []);
  });
});
