// Function summaries across the tree: what a function does on every path and on some path, through
// its callees, for the effect families of families.ts; effects around a call site; explanations.
export { createSummaries } from './summaries.ts';
export { EFFECTS, FAMILY_RULES, RESOURCES, familiesFrom } from './families.ts';
export type { Effect, Families, FamilyRule, Primitive, Resource } from './families.ts';
export { readIndexedTexts } from './texts.ts';
export type { BlobSource } from './texts.ts';
export type { TextOf } from './source.ts';
export type {
  ChainStep, Explanation, FunctionSummary, ResourceBalance, SiteEffects, SiteRef, Summaries, SummaryIndex, SummaryOptions,
  UnknownCall, UnknownReason,
} from './types.ts';
