// Reads a public-inbox v2 epoch: a bare git repository in which every commit's
// tree holds one message in the blob `m` (or `d` for a deletion). One
// rev-list, then one `git cat-file --batch` fed `<commit>:m` lines.

import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RawMessage } from '../../domain/mail.ts';
import { InputError } from '../../util/errors.ts';
import { makeTempDir, removeTempDir } from '../../util/temp-dirs.ts';
import { assertHexId, catFileStream, GitError, gitText, runGit } from '../../util/git.ts';

export interface PublicInboxOptions {
  /** Head commit id of the previous run: only commits added after it are read. */
  since?: string;
  /** Called now and then with (messages handled, messages to handle). */
  onProgress?: (done: number, total: number) => void;
  /** Non-fatal problems (a message blob missing from a partial clone, an oversized message). */
  onWarning?: (warning: string) => void;
  /** Messages larger than this are skipped with a warning (default 32 MB). */
  maxMessageBytes?: number;
}

/** The generator's return value: what was read, and the cursor for the next run. */
export interface PublicInboxSummary {
  /** The commit the read went up to; pass it as `since` next time. */
  head: string;
  /** Commits considered (after `since`). */
  total: number;
  /** Messages yielded. */
  read: number;
  /** Deletion commits (tree has `d`, no `m`). */
  deleted: number;
  /** Commits whose message could not be read (missing blob, too large). */
  skipped: number;
}

/**
 * A handle on an epoch that git can read. Epochs copied without their empty
 * `refs/` directory are not recognised by git; for those we build a tiny
 * private git dir in the temp dir that borrows the objects through
 * `objects/info/alternates` (the epoch itself is never written).
 */
interface EpochAccess {
  gitDir: string;
  cleanup: () => Promise<void>;
}

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

async function isFile(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isFile() ?? false;
}

/**
 * Fills the shadow repository synchronously: a stopping signal's cleanup then never races a file
 * write still in flight on the thread pool (which could recreate a file in the folder it removed).
 */
function writeShadow(gitDir: string, shadow: string): void {
  mkdirSync(path.join(shadow, 'refs'));
  mkdirSync(path.join(shadow, 'objects', 'info'), { recursive: true });
  copyFileSync(path.join(gitDir, 'HEAD'), path.join(shadow, 'HEAD'));
  const packed = path.join(gitDir, 'packed-refs');
  if (existsSync(packed)) copyFileSync(packed, path.join(shadow, 'packed-refs'));
  writeFileSync(path.join(shadow, 'config'), '[core]\n\trepositoryformatversion = 0\n\tbare = true\n');
  writeFileSync(path.join(shadow, 'objects', 'info', 'alternates'), path.join(gitDir, 'objects') + '\n');
}

async function openEpoch(dir: string): Promise<EpochAccess> {
  const gitDir = path.resolve(dir);
  if (!(await isDir(gitDir))) throw new InputError(`${dir}: no such directory`);
  if (!(await isFile(path.join(gitDir, 'HEAD'))) || !(await isDir(path.join(gitDir, 'objects')))) {
    throw new InputError(`${dir}: not a git directory (expected HEAD and objects/; a public-inbox epoch looks like git/0.git)`);
  }
  if (await isDir(path.join(gitDir, 'refs'))) return { gitDir, cleanup: async () => {} };

  const shadow = await makeTempDir('mm-review-epoch-');
  try {
    writeShadow(gitDir, shadow);
  } catch (e) {
    await removeTempDir(shadow);
    throw e;
  }
  return { gitDir: shadow, cleanup: () => removeTempDir(shadow) };
}

async function resolveHead(access: EpochAccess, dir: string): Promise<string> {
  try {
    return await gitText(['rev-parse', '--verify', '--end-of-options', 'HEAD^{commit}'], { gitDir: access.gitDir });
  } catch (e) {
    if (e instanceof GitError) {
      const why = /not a git repository/i.test(e.stderr) ? 'not a git repository' : 'no commits (empty epoch?)';
      throw new InputError(`${dir}: ${why}`);
    }
    throw e;
  }
}

async function assertEpochShape(access: EpochAccess, dir: string, head: string): Promise<void> {
  const names = (await gitText(['ls-tree', '--name-only', '--end-of-options', head], { gitDir: access.gitDir }))
    .split('\n').filter(Boolean);
  if (!names.includes('m') && !names.includes('d')) {
    const shown = names.slice(0, 3).join(', ') || 'an empty tree';
    throw new InputError(`${dir}: not a public-inbox v2 epoch (HEAD holds ${shown}, not a message file "m")`);
  }
}

async function assertCommitExists(access: EpochAccess, dir: string, since: string): Promise<void> {
  const r = await runGit(['cat-file', '-e', '--end-of-options', `${since}^{commit}`], { gitDir: access.gitDir, allowFailure: true });
  if (r.code !== 0) throw new InputError(`${dir}: cursor commit ${since} is not in this epoch`);
}

async function treeHasDeletion(access: EpochAccess, commit: string): Promise<boolean> {
  const r = await runGit(['ls-tree', '--name-only', '--end-of-options', commit], { gitDir: access.gitDir, allowFailure: true });
  return r.code === 0 && r.stdout.toString('utf8').split('\n').includes('d');
}

/** The epoch's current head commit id (the incremental cursor). */
export async function headCommit(gitDir: string): Promise<string> {
  const access = await openEpoch(gitDir);
  try {
    return await resolveHead(access, gitDir);
  } finally {
    await access.cleanup();
  }
}

/** True when `dir` looks like a git dir (HEAD file and objects/ directory); cheap, no git call. */
export async function looksLikeGitDir(dir: string): Promise<boolean> {
  return (await isFile(path.join(dir, 'HEAD'))) && (await isDir(path.join(dir, 'objects')));
}

/**
 * Yields every message of the epoch, oldest first, with origin `git:<commit>`;
 * with `since`, only those committed after it. The return value (see
 * PublicInboxSummary) carries the head to use as the next `since`; get it by
 * iterating with `next()` or use `headCommit()` before reading.
 */
export async function* readPublicInbox(
  gitDir: string,
  opts: PublicInboxOptions = {},
): AsyncGenerator<RawMessage, PublicInboxSummary> {
  const since = opts.since === undefined ? undefined : assertHexId(opts.since, 'since commit');
  const warn = opts.onWarning ?? (() => {});
  const access = await openEpoch(gitDir);
  try {
    const head = await resolveHead(access, gitDir);
    await assertEpochShape(access, gitDir, head);
    if (since !== undefined) await assertCommitExists(access, gitDir, since);

    const range = since === undefined ? head : `${since}..${head}`;
    const listing = await runGit(['rev-list', '--reverse', '--end-of-options', range], { gitDir: access.gitDir });
    const commits = listing.stdout.toString('latin1').split('\n').filter((l) => l.length > 0);
    const summary: PublicInboxSummary = { head, total: commits.length, read: 0, deleted: 0, skipped: 0 };
    const maxBytes = opts.maxMessageBytes ?? 32 * 1024 * 1024;
    const progressEvery = Math.max(1, Math.min(1000, Math.ceil(commits.length / 100)));
    opts.onProgress?.(0, commits.length);

    let done = 0;
    const specs = commits.map((c) => `${c}:m`);
    for await (const { spec, object } of catFileStream(access.gitDir, specs, { maxObjectBytes: maxBytes })) {
      const commit = spec.slice(0, -2);
      done++;
      if (object?.data && object.type === 'blob') {
        summary.read++;
        yield { bytes: object.data, origin: `git:${commit}` };
      } else if (object) {
        summary.skipped++;
        warn(object.data ? `git:${commit}: "m" is a ${object.type}, not a message`
          : `git:${commit}: message of ${object.size} bytes is over the ${maxBytes}-byte limit, skipped`);
      } else if (await treeHasDeletion(access, commit)) {
        summary.deleted++;
      } else {
        summary.skipped++;
        warn(`git:${commit}: message blob is missing from the repository (partial clone?), skipped`);
      }
      if (done % progressEvery === 0 || done === commits.length) opts.onProgress?.(done, commits.length);
    }
    return summary;
  } finally {
    await access.cleanup();
  }
}
