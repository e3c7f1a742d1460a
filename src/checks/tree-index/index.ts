// The tree index: every function a review can reach in the base tree, with call sites and callers.
export { buildTreeIndex, INDEXED_PATHS } from './build.ts';
export type { BuildTreeIndexOptions } from './build.ts';
export { TreeIndex } from './query.ts';
export type { CallerHit, FunctionRef, IndexedCall, IndexedFunction, TreeIndexStats } from './query.ts';
export { defaultTreeIndexPath } from '../../store/tree-index-cache.ts';
