// What function summaries answer: a function's effects on every path and on some path, the counts
// of resources it can return with, the calls it could not see into, and explanations as call chains.
import type { IndexedCall, IndexedFunction } from '../tree-index/index.ts';
import type { FlowPath, FunctionFlow } from '../flow/types.ts';
import type { Effect, Families, Resource } from './families.ts';

/** Why a call contributes nothing certain to a summary. */
export type UnknownReason =
  /** A call through a pointer or expression, or of a macro's own parameter. */
  | 'indirect'
  /** No definition or call-wrapping macro of that name in the index (arch code, lib/, kernel/, ...). */
  | 'not-indexed'
  /** Beyond the depth the summaries were asked to follow. */
  | 'depth'
  /** The callee is the function itself or calls it back directly (a cycle of one or two). */
  | 'recursion'
  /** The callee's text could not be read or cut at the lines the index gives. */
  | 'no-text';

export interface UnknownCall {
  name: string;
  line: number;
  reason: UnknownReason;
}

export interface ResourceBalance {
  resource: Resource;
  /** The counts (takes minus releases, within [-4, 4]) the function can return with, starting from 0. */
  exitNets: number[];
  /**
   * The nets are approximate: a conditional take is involved (trylock, _killable, mmget_not_zero,
   * pte_offset_map_lock: the failure branch is not told apart from success), or a callee can return
   * with several counts (it then counts as 0 here), or the callee's definitions disagree.
   */
  approximate: boolean;
}

export interface FunctionSummary {
  fn: IndexedFunction;
  /** False when the function's text could not be read: it then says nothing. */
  known: boolean;
  /** Effects on every path from the entry to the exit (callees counted through their own must). */
  must: Effect[];
  /** Effects on some path (callees counted through their may). */
  may: Effect[];
  /** Resources taken or released, directly or through callees. */
  resources: ResourceBalance[];
  /** The function's own calls that contribute nothing certain, with the reason. */
  unknown: UnknownCall[];
  /** Some call at any level followed was unknown: effects may be missing from must and may. */
  partial: boolean;
  /** Callee levels followed below the function. */
  depth: number;
}

/** A call site of a function: its line and column (an IndexedCall or the flow's CallSite serves). */
export type SiteRef = Pick<IndexedCall, 'line' | 'col'>;

export interface SiteEffects {
  /** Whether control can reach the site from the entry (when not, every effect holds vacuously and none is listed). */
  reachable: boolean;
  /** Effects a call performs (by its must-summary) on every path before (or after) the site. */
  effects: Effect[];
}

/** One call of a chain that makes an effect happen. */
export interface ChainStep {
  caller: string;
  path: string;
  line: number;
  callee: string;
}

export interface Explanation {
  effect: Effect;
  /** Whether the chain's function performs the effect on every path, or only on some. */
  must: boolean;
  steps: ChainStep[];
  /** "move_page_tables() -> flush_cache_range()". */
  text: string;
}

/** The index queries summaries need (TreeIndex has them; tests may pass a stub). */
export interface SummaryIndex {
  functionsNamed(name: string): IndexedFunction[];
  calleesOf(fn: IndexedFunction): IndexedCall[];
}

export interface SummaryOptions {
  /** Callee levels to follow below a function (default 3). */
  depth?: number;
  /** Which calls do what (default: families.ts's FAMILY_RULES). */
  families?: Families;
  /**
   * What a name the index has no definition of does, when known from elsewhere (mined knowledge of a
   * tree, for an index of a series' own files): effects on every path and on some path.
   */
  external?: (name: string) => { must: readonly Effect[]; may: readonly Effect[] } | null;
}

export interface Summaries {
  readonly depth: number;
  summaryOf(fn: IndexedFunction): FunctionSummary;
  /**
   * Effects guaranteed on every path from the entry to the call at `site` (only those of `only`, when given:
   * cheaper); null when the site is no call of fn's flow or fn's text is unknown.
   */
  effectsBefore(fn: IndexedFunction, site: SiteRef, only?: readonly Effect[]): SiteEffects | null;
  /** Effects guaranteed on every path from the call at `site` to the exit; null as for effectsBefore. */
  effectsAfter(fn: IndexedFunction, site: SiteRef, only?: readonly Effect[]): SiteEffects | null;
  /** A path (lines) from the entry to `site` (before) or from `site` to the exit (after) without the effect, or null. */
  pathWithout(fn: IndexedFunction, site: SiteRef, effect: Effect, direction: 'before' | 'after'): FlowPath | null;
  /** The chain of calls by which fn performs the effect (on every path when it can, else on some), or null. */
  explain(fn: IndexedFunction, effect: Effect): Explanation | null;
  /** The definitions a call of `name` from `from` reaches: the caller's own file first, then any file's non-static ones. */
  resolve(name: string, from: IndexedFunction): IndexedFunction[];
  /** The control-flow graph of fn built from its text (null when the text is unknown); a few are cached. */
  flowOf(fn: IndexedFunction): FunctionFlow | null;
}
