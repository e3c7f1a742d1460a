// Adapts a --tree kernel checkout to the report builder: one scratch application per series, and the
// tree index of each review base (built once per base within a review, the series' files as extra paths)
// behind the tree lookup the change model consults for callers and callees outside the series' files.
import { prepareTree, type PreparedTree } from '../checks/tree.ts';
import { buildTreeIndex } from '../checks/tree-index/index.ts';
import { TreeFunctions, type TouchedRange } from '../checks/tree-functions.ts';
import { parseDiff } from '../ingest/diff.ts';
import type { TreeProvider } from './build-report.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { knowledgeDirFor, treeKnowledge } from './knowledge.ts';
import type { ProgressSink } from './progress.ts';

export interface TreeProviderOptions {
  /** The tree-index cache file (default: the tree index's default path). */
  indexCachePath?: string;
  /** Mine (or load) the tree's knowledge for the rules that use it (default true). */
  knowledge?: boolean;
  /** Status while the base's knowledge is mined (about 10 s for Linux 6.12 the first time). */
  progress?: ProgressSink;
}

interface BaseIndex {
  paths: Set<string>;
  functions: Promise<TreeFunctions>;
}

export function treeProvider(dir: string, opts: TreeProviderOptions = {}): TreeProvider & { close(): Promise<void> } {
  /** Scratch checkouts not yet released (each series releases its own once checked; close() the rest). */
  const prepared = new Set<PreparedTree>();
  const bases = new Map<string, BaseIndex>();
  const retired: Promise<TreeFunctions>[] = [];
  const knowledge = new Map<string, Promise<KnowledgeBase | Error>>();
  /**
   * The knowledge of `base`, mined once per base (its functions in mm/ are the same whatever the series
   * touch); an Error when it could not be mined (the review goes on with the shipped knowledge, and says so).
   */
  const knowledgeFor = (base: string, gitDir: string, functions: TreeFunctions): Promise<KnowledgeBase | Error> => {
    let kb = knowledge.get(base);
    if (!kb) {
      const progress = opts.progress;
      kb = treeKnowledge(functions.index, gitDir, {
        cacheDir: knowledgeDirFor(opts.indexCachePath), label: `mm/ of the tree at ${base.slice(0, 12)}`,
        onProgress: progress ? (done, total) => progress.update(`mining the tree at ${base.slice(0, 12)}: ${done}/${total} functions`) : undefined,
      }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      knowledge.set(base, kb);
    }
    return kb;
  };
  /** The index of `base` covering `paths`: reused, or rebuilt with the union when a series touches new files. */
  const indexFor = (gitDir: string, base: string, paths: readonly string[]): Promise<TreeFunctions> => {
    const have = bases.get(base);
    if (have && paths.every((p) => have.paths.has(p))) return have.functions;
    if (have) retired.push(have.functions);
    const all = new Set([...(have?.paths ?? []), ...paths]);
    const functions = buildTreeIndex(gitDir, base, { extraPaths: [...all], cachePath: opts.indexCachePath }).then((index) => new TreeFunctions(index, gitDir));
    bases.set(base, { paths: all, functions });
    return functions;
  };
  return {
    path: dir,
    async prepare(_key, patches, baseCommit) {
      // The index of the base and the blobs the review will read are made while git applies the patches.
      let functionsReady: Promise<TreeFunctions> | null = null;
      const tree = await prepareTree(dir, patches, {
        baseCommit,
        onBase: async ({ gitDir, commit, paths }) => {
          functionsReady = indexFor(gitDir, commit, paths);
          await (await functionsReady).prefetch(touchedRanges(patches), paths);
        },
      });
      prepared.add(tree);
      const notes = [...tree.notes, ...tree.failed.map((f) => `patch ${f.index} did not apply (${f.reason}); analysed from its diff alone`)];
      const functions = await (functionsReady ?? indexFor(tree.gitDir, tree.base, tree.paths));
      const post = tree.access.postImage.bind(tree.access);
      const access = { postImage: post, lookup: functions.view(tree.paths, post) };
      const kb = opts.knowledge === false ? undefined : await knowledgeFor(tree.base, tree.gitDir, functions);
      if (kb instanceof Error) notes.push(`the tree's knowledge could not be mined (${kb.message.split('\n')[0]}); the mm.mined.* rules used the shipped knowledge`);
      const release = async (): Promise<void> => {
        if (prepared.delete(tree)) await tree.cleanup();
      };
      return { access, base: tree.base, baseSource: tree.baseSource, applied: tree.applied, failed: tree.failed, notes, release, ...(kb && !(kb instanceof Error) ? { knowledge: kb } : {}) };
    },
    async close() {
      await Promise.all([...prepared].map((t) => t.cleanup()));
      prepared.clear();
      const all = [...retired, ...[...bases.values()].map((b) => b.functions)];
      for (const r of await Promise.allSettled(all)) if (r.status === 'fulfilled') r.value.close();
    },
  };
}

/** The base lines each patch's hunks replace (their old side), by file: what prefetch() starts from. */
function touchedRanges(patches: readonly { diff: string }[]): TouchedRange[] {
  const out: TouchedRange[] = [];
  for (const p of patches) {
    for (const f of parseDiff(p.diff).files) {
      if (f.oldPath === null) continue;
      for (const h of f.hunks) out.push({ path: f.oldPath, from: h.oldStart, to: h.oldStart + Math.max(h.oldCount, 1) - 1 });
    }
  }
  return out;
}
