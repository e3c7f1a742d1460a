// Coverage of page-table entry operations (the knowledge's `coveredBefore`): which entry operations of a
// mined function ran after one of its own effects on every path, so that a later version reaching such a
// call without it is seen to have lost the effect there.
import type { BeliefEffect, FunctionFacts } from '../../domain/knowledge.ts';
import { BELIEF_EFFECTS } from '../../domain/knowledge.ts';
import type { Summaries } from '../summaries/index.ts';
import type { IndexedCall, IndexedFunction, TreeIndex } from '../tree-index/index.ts';
import { beliefEffects, meet } from './effect-sets.ts';

/**
 * The page-table entry operations, by the kernel's naming (`ptep_*`, `pmdp_*`, `huge_ptep_*`, `set_*_at`,
 * `*_get_and_clear*`, `pte_clear`...): the calls whose coverage by an effect is worth remembering.
 * Accessors and helpers around them are covered or not by accident of where they sit.
 */
const ENTRY_OPS = /^(?:__)?(?:ptep|pmdp|pudp|p4dp|huge_ptep)_\w+$|^set_(?:pte|pmd|pud|huge_pte)_at$|^set_ptes$|_get_and_clear\w*$|^(?:pte|pmd|pud|p4d)_clear$/;

/**
 * Per mined function with one definition that performs belief effects itself: for each page-table entry
 * operation it calls (one that does not perform the effect itself), the effects that run on every path into
 * every reachable call of it. A later version of the function that leaves one of those calls uncovered lost
 * the effect there, even when it still performs it elsewhere (another branch): what a diff-only review checks.
 */
export function coveredCalls(
  index: TreeIndex, sums: Summaries, mined: readonly IndexedFunction[], sitesOf: ReadonlyMap<IndexedFunction, Map<string, IndexedCall[]>>,
  factsOf: (name: string) => FunctionFacts,
): Map<string, Record<string, BeliefEffect[]>> {
  const out = new Map<string, Record<string, BeliefEffect[]>>();
  for (const g of mined) {
    if (index.functionsNamed(g.name).length !== 1) continue;
    const summary = sums.summaryOf(g);
    if (!summary.known) continue;
    const own = beliefEffects(summary.may);
    if (own.length === 0) continue;
    const record: Record<string, BeliefEffect[]> = {};
    for (const [callee, sites] of sitesOf.get(g) ?? []) {
      if (!ENTRY_OPS.test(callee)) continue;
      const calleeDoes = new Set(factsOf(callee).may);
      let acc: Set<BeliefEffect> | null = null;
      for (const site of sites) {
        const at = sums.effectsBefore(g, site, BELIEF_EFFECTS);
        if (at === null) {
          acc = new Set();
          break;
        }
        if (at.reachable) acc = meet(acc, beliefEffects(at.effects));
      }
      const held = own.filter((e) => acc?.has(e) && !calleeDoes.has(e));
      if (held.length > 0) record[callee] = held;
    }
    if (Object.keys(record).length > 0) out.set(g.name, record);
  }
  return out;
}

