// Cross-patch function lookups: which definition of a name applies as of a
// patch, and which known functions call it; with a tree lookup, the base tree
// outside the series' files answers too (its definitions when the series has
// none, its callers beside the series' own).
import type { FunctionChange, SeriesIndex, TreeLookup } from './change-types.ts';

export function buildSeriesIndex(functions: FunctionChange[], tree?: TreeLookup): SeriesIndex {
  const byName = new Map<string, FunctionChange[]>();
  const callersOf = new Map<string, Set<string>>();
  for (const f of functions) {
    push(byName, f.name, f);
    if (f.status === 'removed') continue;
    for (const c of f.calls) {
      if (c.indirect) continue;
      let set = callersOf.get(c.name);
      if (!set) callersOf.set(c.name, (set = new Set()));
      set.add(f.name);
    }
  }

  const resolve = (name: string, patch: number, preferFile?: string): FunctionChange | null => {
    const defs = byName.get(name);
    if (!defs) return tree?.definition(name, patch, preferFile) ?? null;
    let best: FunctionChange | null = null;
    for (const d of defs) if (better(d, best, patch, preferFile)) best = d;
    return best && best.status !== 'removed' ? best : null;
  };

  return {
    all: (name) => byName.get(name) ?? [],
    resolve,
    callers(name, patch) {
      const out: FunctionChange[] = [];
      for (const callerName of callersOf.get(name) ?? []) {
        if (callerName === name) continue;
        const files = new Set((byName.get(callerName) ?? []).map((d) => d.file));
        for (const file of files) {
          const def = resolve(callerName, patch, file);
          if (def && def.file === file && def.calls.some((c) => c.name === name && !c.indirect)) out.push(def);
        }
      }
      if (tree) for (const def of tree.callers(name, patch)) if (def.name !== name) out.push(def);
      return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.startLine - b.startLine));
    },
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Rank: the nearest patch at or before `patch`, else the nearest after it;
 * then a live definition over a removed one; then the preferred file; then whole over partial; then a touched entry
 * over context; then the larger visible extent.
 */
function better(d: FunctionChange, best: FunctionChange | null, patch: number, preferFile?: string): boolean {
  if (!best) return true;
  const dist = (x: FunctionChange): number => (x.patch <= patch ? patch - x.patch : 1e6 + x.patch - patch);
  if (dist(d) !== dist(best)) return dist(d) < dist(best);
  if ((d.status === 'removed') !== (best.status === 'removed')) return d.status !== 'removed';
  if (preferFile && (d.file === preferFile) !== (best.file === preferFile)) return d.file === preferFile;
  if (d.whole !== best.whole) return d.whole;
  if ((d.status === 'context') !== (best.status === 'context')) return d.status !== 'context';
  return d.endLine - d.startLine > best.endLine - best.startLine;
}
