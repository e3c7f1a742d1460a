// The evaluator index: every TypeScript evaluator a rule can name with
// `evaluator: {name, args}`, listed explicitly. A rule naming one that is not
// here, or giving it malformed args, fails when the rules load.
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import * as carriesSourceEntry from './carries-source-entry.ts';
import * as crashOnReachableState from './crash-on-reachable-state.ts';
import * as crossMmAccounting from './cross-mm-accounting.ts';
import * as crossMmBranch from './cross-mm-branch.ts';
import * as crossMmMove from './cross-mm-move.ts';
import * as foreignMmRef from './foreign-mm-ref.ts';
import * as hugetlbShmemDuplication from './hugetlb-shmem-duplication.ts';
import * as ifdefGrowth from './ifdef-growth.ts';
import * as lockPrecondition from './lock-precondition.ts';
import * as minedBelief from './mined-belief.ts';
import * as minedNullCheck from './mined-null-check.ts';
import * as notifierBracket from './notifier-bracket.ts';
import * as recheckRestores from './recheck-restores.ts';
import * as refLeakOnError from './ref-leak-on-error.ts';
import * as sameMmRestriction from './same-mm-restriction.ts';
import * as sleepUnderPtl from './sleep-under-ptl.ts';
import * as tlbFlushBeforeUnlock from './tlb-flush-before-unlock.ts';
import * as vmaReadBeforeLock from './vma-read-before-lock.ts';
import * as vmopsNoCoreInternals from './vmops-no-core-internals.ts';
import * as wpFaultUnshare from './wp-fault-unshare.ts';

/** What an evaluator module exports; `A` is its parsed argument type. */
export interface Evaluator<A = unknown> {
  /** Scopes the evaluator supports (default: hunk and function). */
  scopes?: readonly Scope[];
  /** Validate the rule's `args:` (throw ArgError naming the argument); runs when the rules load. */
  parseArgs(raw: unknown): A;
  /** Return the places where the condition holds (empty: it does not). */
  evaluate(ctx: EvalContext, args: A): Match[];
  /** What the condition asks for, for {missing} in messages. */
  describe?(args: A): string;
}

/** An evaluator bound to one rule's parsed arguments. */
export interface BoundEvaluator {
  evaluate(ctx: EvalContext): Match[];
  describe(): string | undefined;
}

export interface IndexedEvaluator {
  scopes: readonly Scope[];
  /** Parse `args` (throws ArgError) and bind the evaluator to them. */
  bind(args: unknown): BoundEvaluator;
}

const DEFAULT_SCOPES: readonly Scope[] = ['hunk', 'function'];

function indexed<A>(ev: Evaluator<A>): IndexedEvaluator {
  return {
    scopes: ev.scopes ?? DEFAULT_SCOPES,
    bind(raw) {
      const args = ev.parseArgs(raw);
      return { evaluate: (ctx) => ev.evaluate(ctx, args), describe: () => ev.describe?.(args) };
    },
  };
}

const INDEX = new Map<string, IndexedEvaluator>([
  ['carries-source-entry', indexed(carriesSourceEntry)],
  ['crash-on-reachable-state', indexed(crashOnReachableState)],
  ['cross-mm-accounting', indexed(crossMmAccounting)],
  ['cross-mm-branch', indexed(crossMmBranch)],
  ['cross-mm-move', indexed(crossMmMove)],
  ['foreign-mm-ref', indexed(foreignMmRef)],
  ['hugetlb-shmem-duplication', indexed(hugetlbShmemDuplication)],
  ['ifdef-growth', indexed(ifdefGrowth)],
  ['lock-precondition', indexed(lockPrecondition)],
  ['mined-belief', indexed(minedBelief)],
  ['mined-null-check', indexed(minedNullCheck)],
  ['notifier-bracket', indexed(notifierBracket)],
  ['recheck-restores', indexed(recheckRestores)],
  ['ref-leak-on-error', indexed(refLeakOnError)],
  ['same-mm-restriction', indexed(sameMmRestriction)],
  ['sleep-under-ptl', indexed(sleepUnderPtl)],
  ['tlb-flush-before-unlock', indexed(tlbFlushBeforeUnlock)],
  ['vma-read-before-lock', indexed(vmaReadBeforeLock)],
  ['vmops-no-core-internals', indexed(vmopsNoCoreInternals)],
  ['wp-fault-unshare', indexed(wpFaultUnshare)],
]);

export function getEvaluator(name: string): IndexedEvaluator | undefined {
  return INDEX.get(name);
}

export function evaluatorNames(): string[] {
  return [...INDEX.keys()].sort();
}

/** Add an evaluator outside the index (tests); rules loaded afterwards may name it. */
export function registerEvaluator<A>(name: string, evaluator: Evaluator<A>): void {
  INDEX.set(name, indexed(evaluator));
}
