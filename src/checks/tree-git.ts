// Git plumbing for --tree: find the repository behind a user-given directory,
// pick the base commit a series applies to (read-only queries through
// simple-git), and build a sandbox (temporary index, object directory and work
// tree, driven by the spawn runner) so that nothing is ever written into the
// user's repository. Every id that came from mail is validated before it
// reaches git; paths go after `--` with literal pathspecs.
import { quotedPath } from '../util/paths.ts';
import { mkdir, stat } from 'node:fs/promises';
import { makeTempDir, removeTempDir } from '../util/temp-dirs.ts';
import { join, resolve } from 'node:path';
import type { FilePatch } from '../domain/mail.ts';
import { InputError } from '../util/errors.ts';
import { GitError, isHexId, repoQueries, runGit } from '../util/git.ts';
import type { GitResult, RepoQueries } from '../util/git.ts';
import { isSafePath } from '../ingest/diff.ts';

export type BaseSource = 'base-commit' | 'blob-ids' | 'head';

export interface TreeRepo {
  /** The directory as the user gave it (for messages). */
  dir: string;
  /** Absolute git directory (a worktree's own directory for linked worktrees). */
  gitDir: string;
  /** Absolute object directory the repository reads from. */
  objectsDir: string;
  /** Read-only queries (rev-parse, cat-file -t, ls-tree) run from `dir`. */
  query: RepoQueries;
}

/** A throw-away place for the index, new objects and an empty work tree. */
export interface Sandbox {
  root: string;
  /** Extra environment for every git command run against the repository. */
  env: Record<string, string>;
  /** Empty directory used as cwd and work tree. */
  cwd: string;
}

/** The path for a one-line message (control characters escaped). */
export const shownPath = quotedPath;

export function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
}

/** Resolves `treeDir` to a repository, or throws a one-line InputError naming it. */
export async function openTreeRepo(treeDir: string): Promise<TreeRepo> {
  const shown = shownPath(treeDir);
  try {
    const st = await stat(treeDir);
    if (!st.isDirectory()) throw new InputError(`--tree ${shown}: not a directory`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`--tree ${shown}: ${code === 'ENOENT' ? 'no such directory' : `cannot read (${code ?? 'error'})`}`);
  }
  const query = repoQueries(treeDir);
  let stderr = '';
  const out = (await query.text(['rev-parse', '--absolute-git-dir', '--git-path', 'objects']).catch((err: unknown) => {
    if (!(err instanceof GitError)) throw err;
    stderr = err.stderr;
    return '';
  })).split('\n');
  if (out.length < 2 || out[0] === '' || out[1] === '') {
    const msg = firstLine(stderr).replace(/^fatal:\s*/, '');
    throw new InputError(`--tree ${shown}: ${/not a git repository/i.test(msg) || msg === '' ? 'not a git repository' : msg}`);
  }
  const gitDir = out[0]!;
  const objectsDir = resolve(treeDir, out[1]!);
  if (/[\0-\x1f\x7f]/.test(gitDir + objectsDir)) throw new InputError(`--tree ${shown}: unusable repository path`);
  return { dir: treeDir, gitDir, objectsDir, query };
}

/** One entry of GIT_ALTERNATE_OBJECT_DIRECTORIES (C-quoted when it holds ':' or starts with '"'). */
function alternateEntry(dir: string): string {
  if (!dir.includes(':') && !dir.startsWith('"')) return dir;
  return `"${dir.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Config that could make git write next to the repository or start helpers, switched off. */
const SAFE_CONFIG: [string, string][] = [
  ['core.fsmonitor', 'false'],
  ['core.splitIndex', 'false'],
  ['core.untrackedCache', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

export async function createSandbox(repo: TreeRepo): Promise<Sandbox> {
  const root = await makeTempDir('mm-review-tree-');
  try {
    await mkdir(join(root, 'objects', 'info'), { recursive: true });
    await mkdir(join(root, 'objects', 'pack'), { recursive: true });
    await mkdir(join(root, 'wt'));
  } catch (err) {
    await removeTempDir(root);
    throw err;
  }
  const env: Record<string, string> = {
    GIT_INDEX_FILE: join(root, 'index'),
    GIT_OBJECT_DIRECTORY: join(root, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: alternateEntry(repo.objectsDir),
    GIT_WORK_TREE: join(root, 'wt'),
    GIT_LITERAL_PATHSPECS: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_CONFIG_COUNT: String(SAFE_CONFIG.length),
  };
  SAFE_CONFIG.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return { root, env, cwd: join(root, 'wt') };
}

/** Runs git against the repository inside the sandbox. */
export function sandboxGit(repo: TreeRepo, box: Sandbox, args: string[], input?: string): Promise<GitResult> {
  return runGit(args, { gitDir: repo.gitDir, cwd: box.cwd, env: box.env, input, allowFailure: true });
}

/** Full id of `rev` peeled to `type`, or null. `rev` must already be validated. */
export async function resolveObject(repo: TreeRepo, rev: string, type: 'commit' | 'tree'): Promise<string | null> {
  const id = (await repo.query.textOrNull(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{${type}}`]))?.trim();
  return id !== undefined && isHexId(id) ? id.toLowerCase() : null;
}

export interface BaseChoice {
  commit: string;
  source: BaseSource;
  notes: string[];
}

/**
 * (1) the series' base-commit when the repository has it; (2) HEAD when the
 * pre-image blob ids of the first patch match HEAD; (3) HEAD, with a note.
 */
export async function chooseBase(
  repo: TreeRepo, firstFiles: FilePatch[], baseCommit: string | null | undefined,
): Promise<BaseChoice> {
  const notes: string[] = [];
  if (baseCommit != null && baseCommit !== '') {
    if (!isHexId(baseCommit)) {
      notes.push(`base-commit ${JSON.stringify(String(baseCommit).slice(0, 80))} is not a commit id; ignored`);
    } else if (await commitExists(repo, baseCommit)) {
      const full = await resolveObject(repo, baseCommit, 'commit');
      if (full) return { commit: full, source: 'base-commit', notes };
      notes.push(`base-commit ${baseCommit} is ambiguous in ${shownPath(repo.dir)}`);
    } else {
      notes.push(`base-commit ${baseCommit} is not in ${shownPath(repo.dir)}`);
    }
  }
  const head = await resolveObject(repo, 'HEAD', 'commit');
  if (!head) throw new InputError(`--tree ${shownPath(repo.dir)}: HEAD does not name a commit`);
  const match = await blobsMatch(repo, head, firstFiles);
  if (match === true) return { commit: head, source: 'blob-ids', notes };
  notes.push(`${match || 'the series names no pre-image blobs'}; applying on HEAD (${head.slice(0, 12)})`);
  return { commit: head, source: 'head', notes };
}

/** `cat-file -t` rather than `-e`: the same test, but it prints, which spares simple-git's 50 ms wait on a silent command. */
async function commitExists(repo: TreeRepo, id: string): Promise<boolean> {
  return (await repo.query.textOrNull(['cat-file', '-t', '--end-of-options', `${id}^{commit}`]))?.trim() === 'commit';
}

const ZERO = /^0+$/;

/** True when every pre-image blob of `files` is what `commit` has; else a reason ('' when nothing to compare). */
async function blobsMatch(repo: TreeRepo, commit: string, files: FilePatch[]): Promise<true | string> {
  const expected = new Map<string, string | null>();
  for (const f of files) {
    if (f.status === 'added' || f.oldPath === null) {
      if (f.newPath !== null && isSafePath(f.newPath)) expected.set(f.newPath, null);
    } else if (f.oldBlob && isHexId(f.oldBlob) && !ZERO.test(f.oldBlob) && isSafePath(f.oldPath)) {
      expected.set(f.oldPath, f.oldBlob.toLowerCase());
    }
  }
  if (![...expected.values()].some((v) => v !== null)) return '';
  const found = new Map((await lsTree(repo, commit, [...expected.keys()])).filter((e) => e.type === 'blob').map((e) => [e.path, e.oid]));
  for (const [path, blob] of expected) {
    const have = found.get(path) ?? null;
    if (blob === null ? have !== null : have === null || !have.startsWith(blob)) {
      return `the first patch's pre-image of ${path} is not the one at HEAD`;
    }
  }
  return true;
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

/** Entries of `paths` in `treeish` (a validated full id); a path naming a directory gives its tree entry. */
async function lsTree(repo: TreeRepo, treeish: string, paths: string[]): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  for (let i = 0; i < paths.length; i += 500) {
    const chunk = paths.slice(i, i + 500);
    const listing = await repo.query.text(['ls-tree', '-z', '--full-tree', '--end-of-options', treeish, '--', ...chunk]);
    for (const entry of listing.split('\0')) {
      const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
      if (m) out.push({ mode: m[1]!, type: m[2]!, oid: m[3]!, path: m[4]! });
    }
  }
  return out;
}

/**
 * Fills the sandbox's (empty) index with just the entries of `paths` in
 * `tree`: `git apply --cached` needs nothing else, and a kernel-sized index
 * would be read and rewritten for every patch.
 */
export async function seedIndex(repo: TreeRepo, box: Sandbox, tree: string, paths: string[]): Promise<void> {
  const wanted = new Set(paths);
  const records = (await lsTree(repo, tree, paths))
    .filter((e) => e.type !== 'tree' && wanted.has(e.path))
    .map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.path}\0`);
  const r = await sandboxGit(repo, box, ['update-index', '-z', '--index-info'], records.join(''));
  if (r.code !== 0) throw new GitError(['update-index'], r.code, r.stderr);
}
