// Knowledge for a review: mined from the review's base tree (cached per commit and miner version), or the
// knowledge base shipped with the tool when there is no tree.
import { dirname, join } from 'node:path';
import { bundledKnowledge } from '../checks/beliefs/bundled.ts';
import { fingerprintOf } from '../checks/beliefs/fingerprint.ts';
import { mineKnowledge } from '../checks/beliefs/mine.ts';
import { createSummaries, readIndexedTexts } from '../checks/summaries/index.ts';
import { buildTreeIndex } from '../checks/tree-index/index.ts';
import type { TreeIndex } from '../checks/tree-index/index.ts';
import { openTreeRepo, resolveObject } from '../checks/tree-git.ts';
import { InputError } from '../util/errors.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { defaultKnowledgeDir, readKnowledgeCache, readKnowledgeInput, writeKnowledgeCache } from '../store/knowledge-cache.ts';

export { bundledKnowledge };

/** A knowledge base file given by the user (`review --knowledge`); an InputError naming it when it is not one. */
export function readKnowledgeFile(path: string): KnowledgeBase {
  return readKnowledgeInput(path);
}

/** The knowledge cache folder that goes with a tree-index cache file (its sibling), or the default one. */
export function knowledgeDirFor(indexCachePath: string | undefined): string {
  return indexCachePath === undefined ? defaultKnowledgeDir() : join(dirname(indexCachePath), 'knowledge');
}

export interface TreeKnowledgeOptions {
  cacheDir: string;
  label: string;
  onProgress?: (done: number, total: number) => void;
}

/** The knowledge of the tree `index` was built from: the cached one, else mined now and cached. */
export async function treeKnowledge(index: TreeIndex, gitDir: string, opts: TreeKnowledgeOptions): Promise<KnowledgeBase> {
  const commit = index.stats.commit;
  const key = fingerprintOf(commit);
  const cached = readKnowledgeCache(opts.cacheDir, key);
  if (cached) return cached;
  const kb = await mineIndex(index, gitDir, opts.label, opts.onProgress);
  writeKnowledgeCache(opts.cacheDir, key, kb);
  return kb;
}

/** Mines the tree an index was built from (its texts read from `gitDir`). */
async function mineIndex(index: TreeIndex, gitDir: string, label: string, onProgress?: (done: number, total: number) => void): Promise<KnowledgeBase> {
  const { textOf } = await readIndexedTexts(gitDir, index);
  const sums = createSummaries(index, textOf, { depth: 3 });
  return mineKnowledge(index, sums, {
    label, commit: index.stats.commit, textOf, near: createSummaries(index, textOf, { depth: 1 }),
    // Each turn of the event loop lets tree-sitter free the trees of the flows built so far.
    onProgress: async (done, total) => {
      onProgress?.(done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  });
}

export interface MineRequest {
  treeDir: string;
  /** The commit to mine (default HEAD). */
  rev?: string;
  indexCachePath?: string;
  label?: string;
  onProgress?: (done: number, total: number) => void;
}

/** `mm-review mine`: the knowledge of a kernel checkout at `rev`, mined now (the tree index cached as usual). */
export async function mineTree(req: MineRequest): Promise<KnowledgeBase> {
  const repo = await openTreeRepo(req.treeDir);
  const rev = req.rev ?? 'HEAD';
  const commit = await resolveObject(repo, rev, 'commit');
  if (!commit) throw new InputError(`--tree ${req.treeDir}: ${rev} is not a commit there`);
  const index = await buildTreeIndex(repo.gitDir, commit, { cachePath: req.indexCachePath });
  try {
    return await mineIndex(index, repo.gitDir, req.label ?? `mm/ of the tree at ${commit.slice(0, 12)}`, req.onProgress);
  } finally {
    index.close();
  }
}
