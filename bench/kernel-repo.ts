// A git repository of a Linux release for the benches, made at run time from Debian's
// /usr/src/linux-source-<v>.tar.xz outside this repository (../kernel-git/linux-<v>): mm/, include/,
// fs/, Documentation/core-api and arch/x86/include in one commit with a fixed author and date, so its
// id is the same on every machine. Reused when present; nothing of the kernel is ever committed here.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runGit } from '../src/util/git.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PARTS = ['mm', 'include', 'fs', 'Documentation/core-api', 'arch/x86/include'];
const FIXED = {
  GIT_AUTHOR_NAME: 'mm-review bench', GIT_AUTHOR_EMAIL: 'bench@mm-review.invalid', GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'mm-review bench', GIT_COMMITTER_EMAIL: 'bench@mm-review.invalid', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};
/** Settings that keep the user's git configuration from changing the commit or running anything. */
const CONFIG = ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'core.fileMode=true', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

async function headOf(dir: string): Promise<string | null> {
  if (!existsSync(join(dir, '.git'))) return null;
  const r = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { gitDir: join(dir, '.git'), allowFailure: true });
  const id = r.stdout.toString('utf8').trim();
  return r.code === 0 && /^[0-9a-f]{40}$/.test(id) ? id : null;
}

/**
 * The repository of `version` (made on first use, a minute or so), or null with the reason printed
 * when Debian's tarball is not installed.
 */
export async function kernelRepo(version: '6.1' | '6.12'): Promise<{ dir: string; head: string } | null> {
  const base = resolve(ROOT, '..', 'kernel-git');
  const dir = join(base, `linux-${version}`);
  const existing = await headOf(dir);
  if (existing) return { dir, head: existing };
  const tarball = `/usr/src/linux-source-${version}.tar.xz`;
  if (!existsSync(tarball)) {
    console.log(`kernel ${version}: skipped (${tarball} not found; apt-get install linux-source-${version})`);
    return null;
  }
  mkdirSync(base, { recursive: true });
  const tmp = join(base, `.linux-${version}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const top = `linux-source-${version}`;
    const tar = spawnSync('tar', ['-xJf', tarball, '-C', tmp, '--strip-components=1', '--', ...PARTS.map((p) => `${top}/${p}`)], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed on ${tarball}: ${(tar.stderr || String(tar.error)).trim().split('\n')[0]}`);
    const env = { ...FIXED };
    await runGit([...CONFIG, 'init', '-q', '--initial-branch=main'], { cwd: tmp, env });
    await runGit([...CONFIG, 'add', '--all', '--force', '--', ...PARTS], { cwd: tmp, env: { ...env, GIT_LITERAL_PATHSPECS: '1' } });
    await runGit([...CONFIG, 'commit', '-q', '--no-verify', '-m', `linux-source-${version}: ${PARTS.join(', ')}`], { cwd: tmp, env });
    if (await headOf(dir)) rmSync(tmp, { recursive: true, force: true }); // another process made it meanwhile
    else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const head = await headOf(dir);
  if (!head) throw new Error(`${dir}: made, but has no commit`);
  return { dir, head };
}
