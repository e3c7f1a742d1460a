// Evaluator `sleep-under-ptl`: a call that may sleep while a page-table lock
// or a pte_offset_map() RCU section taken earlier in the same function is
// still held on the straight-line path to it. A trylock whose failure branch
// unmaps/unlocks before blocking is fine: that unmap dominates the blocking call.
//
// args: RegionSpec (see function-regions.ts) plus
//   sleepers: names that may sleep,
//   allocators: names that sleep when an argument matches blocking_gfp,
//   blocking_gfp: regex over the allocator's arguments.
import { anchorMatch } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { Match, Scope } from '../eval-context.ts';
import { REGION_KEYS, addedAt, overFunction, heldAt, parseRegionSpec, regionEvents } from '../function-regions.ts';
import type { RegionSpec } from '../function-regions.ts';
import { asNames, asObject, asRegex, field } from '../predicates/args.ts';

interface Args extends RegionSpec {
  sleepers: string[];
  allocators: string[];
  blocking_gfp: string;
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, [...REGION_KEYS, 'sleepers', 'allocators', 'blocking_gfp']);
  return { ...parseRegionSpec(o), sleepers: field(o, 'sleepers', (v) => asNames(v)), allocators: field(o, 'allocators', (v) => asNames(v)), blocking_gfp: field(o, 'blocking_gfp', asRegex) };
}

export const evaluate = overFunction<Args>((ctx, args, fn, body) => {
  const isSleeper = nameMatcher(args.sleepers);
  const isAlloc = nameMatcher(args.allocators);
  const gfp = new RegExp(args.blocking_gfp);
  const ev = regionEvents(body, fn.calls, args, ctx);
  if (ev.acquires.length === 0) return [];
  const out: Match[] = [];
  for (const c of fn.calls) {
    if (c.indirect) continue;
    const sleeps = isSleeper(c.name) || (isAlloc(c.name) && c.args.some((a) => gfp.test(a)));
    if (!sleeps) continue;
    const held = heldAt(body, ev, c.offset);
    if (held.length === 0) continue;
    const last = held[held.length - 1];
    if (!addedAt(ctx, c.line) && !held.some((h) => addedAt(ctx, h.call.line))) continue;
    out.push(anchorMatch(ctx, c.line, {
      call: c.name,
      lock: last.call.name,
      lock_line: String(last.call.line),
      region: last.kind === 'map' ? 'the RCU section of' : 'the lock taken by',
    }));
  }
  return out;
});

export function describe(): string {
  return 'no sleeping call while a page-table lock or pte_offset_map() section is held';
}
