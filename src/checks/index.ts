// Public surface of the C-aware checks: analysis, change model, rules, engine.
export { analyzeC } from './c/parse.ts';
export type { AnalyzeOptions } from './c/parse.ts';
export { buildChangeModel, fileCategories } from './change-model.ts';
export type { ChangeModelOptions } from './change-model.ts';
export { checkSeries, runRules, runRule, sortFindings } from './engine.ts';
export type { CheckOptions, RunOptions } from './engine.ts';
export { loadRules, parseRuleText, defaultRulesDir, RuleLoadError } from './load-rules.ts';
export { RuleError, CATEGORIES, LEVEL_SEVERITY } from './rule-schema.ts';
export type { Finding, Rule, RuleCase, Category, Severity, Confidence, Level } from './rule-schema.ts';
export { registerEvaluator } from './evaluators-registry.ts';
export type { Evaluator } from './evaluators-registry.ts';
export type { EvalContext, Match, Scope, Follow } from './context.ts';
export { runRuleCases, runCase, runFixture, tableProblems, caseSeries } from './rule-tester.ts';
export type { CaseOutcome } from './rule-tester.ts';
export { synthFilePatch, synthPatchContent } from './synth-diff.ts';
export type * from './model.ts';
