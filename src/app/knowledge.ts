// Knowledge for a review: mined from the review's base tree (cached per commit and miner version), or the
// knowledge base shipped with the tool when there is no tree.
import { dirname, join } from 'node:path';
import { bundledKnowledge } from '../checks/beliefs/bundled.ts';
import { fingerprintOf } from '../checks/beliefs/fingerprint.ts';
import { mineKnowledge } from '../checks/beliefs/mine.ts';
import { createSummaries, readIndexedTexts } from '../checks/summaries/index.ts';
import type { TreeIndex } from '../checks/tree-index/index.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { defaultKnowledgeDir, readKnowledgeCache, writeKnowledgeCache } from '../store/knowledge-cache.ts';

export { bundledKnowledge };

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
  const { textOf } = await readIndexedTexts(gitDir, index);
  const sums = createSummaries(index, textOf, { depth: 3 });
  const kb = await mineKnowledge(index, sums, {
    label: opts.label, commit,
    // Each turn of the event loop lets tree-sitter free the trees of the flows built so far.
    onProgress: async (done, total) => {
      opts.onProgress?.(done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  });
  writeKnowledgeCache(opts.cacheDir, key, kb);
  return kb;
}
