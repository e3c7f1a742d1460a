// A small git repository whose base commit holds some files, and the mbox of one patch on top of it
// (with its base-commit trailer), for end-to-end --tree reviews.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitEnv } from '../../src/util/git.ts';
import { tempDir } from './cli.ts';

const ENV = gitEnv({
  GIT_AUTHOR_NAME: 'Ada Reviewer', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
  GIT_COMMITTER_NAME: 'Ada Reviewer', GIT_COMMITTER_EMAIL: 'ada@example.org', GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
});

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export interface PatchRepo {
  /** The temporary folder holding all of it (removed when the test process exits). */
  dir: string;
  repo: string;
  mbox: string;
  /** A tree-index cache path of its own. */
  cache: string;
}

/** `base` committed, then one commit writing `change` turned into an mbox; the repository is left at the base. */
export function patchRepo(prefix: string, base: Record<string, string>, change: Record<string, string>, subject: string): PatchRepo {
  const dir = tempDir(prefix);
  const repo = join(dir, 'linux');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  const write = (files: Record<string, string>): void => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
      git(repo, 'add', '--', path);
    }
  };
  write(base);
  git(repo, 'commit', '-q', '-m', 'base');
  const baseId = git(repo, 'rev-parse', 'HEAD').trim();
  write(change);
  git(repo, 'commit', '-q', '-m', subject);
  const mbox = join(dir, 'series.mbox');
  writeFileSync(mbox, git(repo, 'format-patch', '-1', '--stdout', `--base=${baseId}`, 'HEAD'));
  git(repo, 'reset', '-q', '--hard', baseId);
  return { dir, repo, mbox, cache: join(dir, 'tree-index.db') };
}

/** A new repository holding `files` (path -> text) in one commit: its folder, git directory and head. */
export function committedTree(prefix: string, files: Record<string, string>): { dir: string; gitDir: string; head: string } {
  const dir = tempDir(prefix);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'tree');
  return { dir, gitDir: join(dir, '.git'), head: git(dir, 'rev-parse', 'HEAD').trim() };
}
