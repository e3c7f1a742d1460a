// Adapts a --tree kernel checkout to the report builder: one scratch application per series.
import { prepareTree, type PreparedTree } from '../checks/tree.ts';
import type { TreeProvider } from './build-report.ts';

export function treeProvider(dir: string): TreeProvider & { close(): Promise<void> } {
  const prepared: PreparedTree[] = [];
  return {
    path: dir,
    async prepare(_key, patches, baseCommit) {
      const tree = await prepareTree(dir, patches, { baseCommit });
      prepared.push(tree);
      const notes = [...tree.notes, ...tree.failed.map((f) => `patch ${f.index} did not apply (${f.reason}); analysed from its diff alone`)];
      return { access: tree.access, base: tree.base, baseSource: tree.baseSource, applied: tree.applied, failed: tree.failed, notes };
    },
    async close() {
      await Promise.all(prepared.map((t) => t.cleanup()));
    },
  };
}
