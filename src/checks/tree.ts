// --tree: apply a series to a kernel checkout without touching it, and serve
// the post-image of every file the series touches after each patch.
//
// The patches are applied one by one with `git apply --cached` on a temporary
// index (objects go to a temporary object directory that borrows the
// repository's as an alternate), `git write-tree` records a tree per patch,
// and the touched files are read once through one `git cat-file --batch`, so
// `postImage()` is a synchronous map look-up.
import { rm } from 'node:fs/promises';
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
    await rm(box.root, { recursive: true, force: true });
  };
  try {
    const parsed = [...patches].sort((a, b) => a.index - b.index).map(parsePatch);
    const first = parsed.find((p) => p.refused === null && p.files.length > 0);
    const choice = await chooseBase(repo, first?.files ?? [], opts.baseCommit);
    const baseTree = await resolveObject(repo, choice.commit, 'tree');
    if (!baseTree) throw new InputError(`--tree ${shownPath(treeDir)}: cannot read the tree of ${choice.commit}`);
    const touched = [...new Set(parsed.flatMap((p) => p.paths))];
    const { trees, applied, failed } = await applySeries(repo, box, baseTree, touched, parsed);
    const texts = await readPostImages(repo, box, [baseTree, ...trees.values()], touched);
    const failedPaths = new Map<number, Set<string>>();
    for (const f of failed) failedPaths.set(f.index, new Set(parsed.filter((p) => p.index === f.index).flatMap((p) => p.paths)));
    const access = makeAccess(baseTree, trees, failedPaths, texts);
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
  /** Tree after each applied patch, by index. */
  trees: Map<number, string>;
  applied: number[];
  failed: { index: number; reason: string }[];
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
  baseTree: string, trees: Map<number, string>, failedPaths: Map<number, Set<string>>, texts: Map<string, string>,
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
      return texts.get(`${treeAt(patchIndex)}:${path}`) ?? null;
    },
  };
}
