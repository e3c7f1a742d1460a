// Named TypeScript evaluators for what the declarative predicates cannot say.
// Each lives in src/checks/evaluators/<name>.ts and exports `evaluate`
// (and optionally `describe` and `scopes`); load-rules imports the ones rules use.
import type { EvalContext, Match, Scope } from './context.ts';

export interface Evaluator {
  /** Return the places where the condition holds (empty: it does not). */
  evaluate(ctx: EvalContext, args: unknown): Match[];
  /** What the condition asks for, for {missing} in messages. */
  describe?(args: unknown): string;
  /** Scopes the evaluator supports (default: hunk and function). */
  scopes?: Scope[];
}

const registry = new Map<string, Evaluator>();

export function registerEvaluator(name: string, evaluator: Evaluator): void {
  registry.set(name, evaluator);
}

export function getEvaluator(name: string): Evaluator | undefined {
  return registry.get(name);
}
