// Sets of belief effects as mining and its checks combine them: the belief effects among a summary's, the
// effects every path shares (meet), and a set in BELIEF_EFFECTS order.
import { BELIEF_EFFECTS } from '../../domain/knowledge.ts';
import type { BeliefEffect } from '../../domain/knowledge.ts';
import type { Effect } from '../summaries/index.ts';

const isBeliefEffect = (e: Effect): e is BeliefEffect => (BELIEF_EFFECTS as readonly string[]).includes(e);

/** The belief effects among `es`. */
export const beliefEffects = (es: readonly Effect[]): BeliefEffect[] => es.filter(isBeliefEffect);

/** The effects of `s` in BELIEF_EFFECTS order. */
export function order(s: Iterable<BeliefEffect> | null): BeliefEffect[] {
  const set = new Set<BeliefEffect>(s ?? []);
  return BELIEF_EFFECTS.filter((e) => set.has(e));
}

/** The effects in both (`acc` null: none met yet, so all of `next`). */
export function meet(acc: Set<BeliefEffect> | null, next: readonly BeliefEffect[]): Set<BeliefEffect> {
  const n = new Set(next);
  return acc === null ? n : new Set([...acc].filter((e) => n.has(e)));
}
