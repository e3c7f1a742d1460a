// --tree: apply a series to a kernel checkout without touching it, and serve
// the post-image of every file the series touches after each patch.
//
// The patches are applied one by one with `git apply --cached` on a temporary
// index (objects go to a temporary object directory that borrows the
// repository's as an alternate), `git write-tree` records a tree per patch,
// and the touched files are read once through one `git cat-file --batch`, so
// `postImage()` is a synchronous map look-up.
import { rm } from 'node:fs/promises';
import { removeTempDir } from '../util/temp-dirs.ts';
import type { FilePatch } from '../domain/mail.ts';
import type { TreeAccess } from './change-types.ts';
import { parseDiff, isSafePath } from '../ingest/diff.ts';
import { InputError } from '../util/errors.ts';
import { GitError, catFileStream } from '../util/git.ts';
import {
  chooseBase, createSandbox, firstLine, openTreeRepo, resolveObject, sandboxGit, seedIndex, shownPath,
} from './tree-git.ts';
import type { BaseSource, Sandbox, TreeRepo } from './tree-git.ts';

export type { BaseSource } from './tree-git.ts';

export interface PreparedTree {
  access: TreeAccess;
  /** Full commit id used as base. */
  base: string;
  baseSource: BaseSource;
  /** Patch indexes applied. */
  applied: number[];
  /** Patches that did not apply (analysed from the diff alone). */
  failed: { index: number; reason: string }[];
  /** How the base was chosen when it was not the series' base-commit, and similar remarks. */
  notes: string[];
  /** The repository's git directory (for the tree index) and the paths the series touches. */
  gitDir: string;
  paths: string[];
  cleanup(): Promise<void>;
}

export interface TreePatch {
  index: number;
  diff: string;
}

export interface PrepareTreeOptions {
  baseCommit?: string | null;
  /**
   * Started once the base is chosen, while the patches are applied (git's time, the main thread idle):
   * work that needs only the base, the repository and the touched paths, such as building the tree index.
   * prepareTree waits for it and fails with it.
   */
  onBase?: (base: { gitDir: string; commit: string; paths: string[] }) => Promise<void>;
}

/** Larger blobs are not read (treated as unknown). */
const MAX_BLOB_BYTES = 16 * 1024 * 1024;

interface ParsedPatch {
  index: number;
  diff: string;
  files: FilePatch[];
  /** Paths the patch touches (old and new names), all safe. */
  paths: string[];
  /** Why the patch is refused before git sees it. */
  refused: string | null;
}

export async function prepareTree(treeDir: string, patches: TreePatch[], opts: PrepareTreeOptions = {}): Promise<PreparedTree> {
  const repo = await openTreeRepo(treeDir);
  const box = await createSandbox(repo);
  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    await removeTempDir(box.root);
  };
  try {
    const parsed = [...patches].sort((a, b) => a.index - b.index).map(parsePatch);
    const first = parsed.find((p) => p.refused === null && p.files.length > 0);
    const choice = await chooseBase(repo, first?.files ?? [], opts.baseCommit);
    const baseTree = await resolveObject(repo, choice.commit, 'tree');
    if (!baseTree) throw new InputError(`--tree ${shownPath(treeDir)}: cannot read the tree of ${choice.commit}`);
    const touched = [...new Set(parsed.flatMap((p) => p.paths))];
    const beside = opts.onBase?.({ gitDir: repo.gitDir, commit: choice.commit, paths: touched }) ?? Promise.resolve();
    const applying = (async () => {
      const series = await applySeries(repo, box, baseTree, touched, parsed);
      return { ...series, texts: await readPostImages(repo, box, [baseTree, ...series.trees.values()], touched) };
    })();
    const [settled, besideDone] = await Promise.allSettled([applying, beside]);
    if (settled.status === 'rejected') throw settled.reason;
    if (besideDone.status === 'rejected') throw besideDone.reason;
    const { trees, applied, failed, texts } = settled.value;
    const failedPaths = new Map<number, Set<string>>();
    for (const f of failed) failedPaths.set(f.index, new Set(parsed.filter((p) => p.index === f.index).flatMap((p) => p.paths)));
    const access = makeAccess(baseTree, trees, failedPaths, texts, settled.value.changedBy);
    return { access, base: choice.commit, baseSource: choice.source, applied, failed, notes: choice.notes, gitDir: repo.gitDir, paths: touched, cleanup };
  } catch (err) {
    await cleanup();
    if (err instanceof GitError) throw new InputError(`--tree ${shownPath(treeDir)}: ${err.message}`);
    throw err;
  }
}

function parsePatch(p: TreePatch): ParsedPatch {
  const diff = p.diff.endsWith('\n') || p.diff === '' ? p.diff : p.diff + '\n';
  const { files, warnings } = parseDiff(diff);
  const unsafe = warnings.find((w) => w.startsWith('path leaves the tree') || w.startsWith('diff file header without usable paths'));
  const paths = new Set<string>();
  let refused: string | null = unsafe ? `refused: ${unsafe}` : null;
  for (const f of files) {
    for (const path of [f.oldPath, f.newPath]) {
      if (path === null) continue;
      if (!isSafePath(path) || /[\0-\x1f\x7f]/.test(path)) refused ??= `refused: unsafe path ${JSON.stringify(path).slice(0, 100)}`;
      else paths.add(path);
    }
  }
  if (refused) paths.clear();
  return { index: p.index, diff, files, paths: [...paths], refused };
}

interface SeriesTrees {
  /** Tree after each applied patch, by index (applied at once: the tree after all of them). */
  trees: Map<number, string>;
  applied: number[];
  failed: { index: number; reason: string }[];
  /** Applied at once: the patch that changed each path (no other patch touches it). */
  changedBy?: Map<string, number>;
}

/**
 * Patches that touch no path in common, applied with one `git apply` and one `write-tree` (two git
 * processes instead of two per patch). Each patch then finds its paths as they were in the base, as when
 * applied in turn, so every patch applies and each path's text after patch i is the final one when the
 * patch that changed it is at most i, else the base's. Null when the patches share a path, one is refused,
 * empty or without a file, there is only one, or they do not all apply (git leaves the index as it was):
 * then they are applied in turn.
 */
async function applyAtOnce(repo: TreeRepo, box: Sandbox, patches: ParsedPatch[]): Promise<SeriesTrees | null> {
  if (patches.length < 2 || patches.some((p) => p.refused !== null || p.diff.trim() === '' || p.files.length === 0 || p.paths.length === 0)) return null;
  const changedBy = new Map<string, number>();
  for (const p of patches) {
    for (const path of p.paths) {
      if (changedBy.has(path)) return null;
      changedBy.set(path, p.index);
    }
  }
  const r = await sandboxGit(repo, box, ['apply', '--cached', '--whitespace=nowarn'], patches.map((p) => p.diff).join(''));
  if (r.code !== 0) return null;
  const tree = await writeTree(repo, box);
  return { trees: new Map(patches.map((p) => [p.index, tree])), applied: patches.map((p) => p.index), failed: [], changedBy };
}

/**
 * Applies the patches in order on an index holding only the touched paths;
 * the trees it writes are partial (touched paths only), which is all
 * postImage() reads from them.
 */
async function applySeries(
  repo: TreeRepo, box: Sandbox, baseTree: string, touched: string[], patches: ParsedPatch[],
): Promise<SeriesTrees> {
  const trees = new Map<number, string>();
  const applied: number[] = [];
  const failed: { index: number; reason: string }[] = [];
  await seedIndex(repo, box, baseTree, touched);
  const atOnce = await applyAtOnce(repo, box, patches);
  if (atOnce) return atOnce;
  let current: string | null = null;
  for (const p of patches) {
    if (p.refused) {
      failed.push({ index: p.index, reason: p.refused });
      continue;
    }
    if (p.diff.trim() === '') {
      trees.set(p.index, current ?? baseTree);
      applied.push(p.index);
      continue;
    }
    const r = await sandboxGit(repo, box, ['apply', '--cached', '--whitespace=nowarn'], p.diff);
    if (r.code !== 0) {
      failed.push({ index: p.index, reason: applyError(r.stderr) });
      // `git apply` is all-or-nothing, but start the next patch from a known state regardless.
      if (current) await mustSucceed(sandboxGit(repo, box, ['read-tree', '--end-of-options', current]), 'read-tree');
      else {
        await rm(box.env.GIT_INDEX_FILE!, { force: true });
        await seedIndex(repo, box, baseTree, touched);
      }
      continue;
    }
    current = await writeTree(repo, box);
    trees.set(p.index, current);
    applied.push(p.index);
  }
  return { trees, applied, failed };
}

async function writeTree(repo: TreeRepo, box: Sandbox): Promise<string> {
  const w = await mustSucceed(sandboxGit(repo, box, ['write-tree']), 'write-tree');
  const tree = w.stdout.toString('utf8').trim();
  if (!/^[0-9a-f]{40,64}$/i.test(tree)) throw new GitError(['write-tree'], 0, `unexpected output ${JSON.stringify(tree.slice(0, 80))}`);
  return tree.toLowerCase();
}

function applyError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  return (lines.find((l) => l.startsWith('error:')) ?? firstLine(stderr)).slice(0, 300) || 'git apply failed';
}

async function mustSucceed<T extends { code: number; stderr: string }>(p: Promise<T>, what: string): Promise<T> {
  const r = await p;
  if (r.code !== 0) throw new GitError([what], r.code, r.stderr);
  return r;
}

/** Text of every `tree:path` pair, keyed by that spec; missing or oversized blobs are absent. */
async function readPostImages(repo: TreeRepo, box: Sandbox, trees: string[], paths: string[]): Promise<Map<string, string>> {
  const specs: string[] = [];
  for (const tree of new Set(trees)) for (const path of paths) specs.push(`${tree}:${path}`);
  const out = new Map<string, string>();
  if (specs.length === 0) return out;
  // One --batch-check pass names the blob behind every spec; each distinct blob is then read once.
  const check = await mustSucceed(sandboxGit(repo, box, ['cat-file', '--batch-check'], specs.join('\n') + '\n'), 'cat-file');
  const answers = check.stdout.toString('latin1').split('\n');
  const blobOf = new Map<string, string>();
  specs.forEach((spec, i) => {
    const m = /^([0-9a-f]{40,64}) blob (\d+)$/.exec(answers[i] ?? '');
    if (m && Number(m[2]) <= MAX_BLOB_BYTES) blobOf.set(spec, m[1]!);
  });
  const texts = new Map<string, string>();
  const stream = catFileStream(repo.gitDir, new Set(blobOf.values()), { window: 64, maxObjectBytes: MAX_BLOB_BYTES, env: box.env });
  for await (const { spec, object } of stream) {
    if (object && object.type === 'blob' && object.data !== null) texts.set(spec, object.data.toString('utf8'));
  }
  for (const [spec, oid] of blobOf) {
    const text = texts.get(oid);
    if (text !== undefined) out.set(spec, text);
  }
  return out;
}

function makeAccess(
  baseTree: string, trees: Map<number, string>, failedPaths: Map<number, Set<string>>, texts: Map<string, string>, changedBy?: Map<string, number>,
): TreeAccess {
  const indexes = [...trees.keys()].sort((a, b) => a - b);
  const treeAt = (patchIndex: number): string => {
    let lo = 0;
    let hi = indexes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (indexes[mid]! <= patchIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? baseTree : trees.get(indexes[lo - 1]!)!;
  };
  return {
    postImage(path: string, patchIndex: number): string | null {
      if (typeof path !== 'string' || !Number.isFinite(patchIndex)) return null;
      if (failedPaths.get(patchIndex)?.has(path)) return null;
      if (changedBy) {
        const by = changedBy.get(path);
        return texts.get(`${by !== undefined && by <= patchIndex ? treeAt(patchIndex) : baseTree}:${path}`) ?? null;
      }
      return texts.get(`${treeAt(patchIndex)}:${path}`) ?? null;
    },
  };
}
