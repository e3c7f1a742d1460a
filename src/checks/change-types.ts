// The change model's types: what a patch series adds, changes and removes,
// seen as C (patches, files, functions, calls), and how the tree is read.
// Rules read only this (never mail text or the network).
import type { KnowledgeBase } from '../domain/knowledge.ts';
import type { FileStatus, PatchContent } from '../domain/mail.ts';
import type { CFileAnalysis, CallSite, MacroDefine, Param } from './c/types.ts';

export type { CFileAnalysis, CFunction, CallSite, FnPointerField, MacroDefine, OpsInitializer, Param, StructDef } from './c/types.ts';

/** One patch of a series as the review pipeline hands it over. */
export interface SeriesPatchInput {
  index: number;
  messageId: string;
  subject: string;
  content: PatchContent;
}

/** Whole-file access when a kernel tree is given (--tree). */
export interface TreeAccess {
  /** Text of `path` after `patchIndex` is applied (0: the base), or null when unknown. */
  postImage(path: string, patchIndex: number): string | null;
  /** The indexed base tree beyond the series' files (a --tree review); absent: only the series' files are seen. */
  lookup?: TreeLookup;
}

/**
 * The functions of the indexed base tree outside the series' files (those files are the change
 * model's own). Untouched files read the same before and after the series, so there is one answer.
 */
export interface TreeLookup {
  /**
   * Functions outside the series' files that call `name`, directly or through a call-wrapping macro
   * (the macro's call then also reads as a call of `name`), each as a whole function of the base.
   */
  callers(name: string, patch: number): FunctionChange[];
  /** The definition of `name` outside the series' files a call resolves to (a function before a macro), or null. */
  definition(name: string, patch: number, preferFile?: string): FunctionChange | null;
  /** Text of the function `name` of `path`: in the base (`'base'`) or after `patch` (touched files re-analysed). */
  functionText(path: string, name: string, image: 'base' | number): string | null;
  /** Every name the indexed base tree defines or calls directly (TreeIndex.names). */
  names(): ReadonlySet<string>;
}

export type FileCategory = 'mm' | 'selftest' | 'docs' | 'uapi' | 'header' | 'c' | 'build' | 'other';

export type FunctionStatus = 'added' | 'modified' | 'removed' | 'context';

export interface FunctionChange {
  name: string;
  file: string;
  patch: number;
  status: FunctionStatus;
  /** New-side range (old-side for a removed function), 1-based and inclusive. */
  startLine: number;
  endLine: number;
  /** The whole definition is known (post-image, or header to closing brace visible in the diff). */
  whole: boolean;
  /** New-side lines this patch added inside the function. */
  addedLines: number[];
  /** '-' lines this patch removed inside the function. */
  removedCount: number;
  /** Calls in the known part of the post-image function (old side for a removed one). */
  calls: CallSite[];
  params: Param[];
  isStatic: boolean;
  /** Known text of the function (the visible lines only when partial). */
  text: string;
  guardedBy: string[];
  /** A function read from the tree outside the series' files: the masked text it was analysed in (its file's lines, only it kept). */
  code?: string;
}

export interface DiffLineRef {
  line: number;
  text: string;
}

export interface FileChange {
  /** New path (old path for a deleted file). */
  path: string;
  oldPath: string | null;
  status: FileStatus;
  categories: FileCategory[];
  /** Where the C facts come from. */
  source: 'post-image' | 'diff' | 'none';
  /** '+' lines, new-side numbers. */
  added: DiffLineRef[];
  /** '-' lines, old-side numbers. */
  removed: DiffLineRef[];
  /**
   * New-side text with comments and literal contents blanked (whole post-image,
   * or the hunks at their line numbers with blank filler lines); null for non-C files.
   */
  code: string | null;
  /** New-side analysis (whole post-image, or the reconstructed hunks); null for non-C files. */
  analysis: CFileAnalysis | null;
  /** Old-side analysis of the removed and context lines; null for non-C or added files. */
  oldAnalysis: CFileAnalysis | null;
  /** #defines on added lines. */
  addedDefines: MacroDefine[];
  /** Every function visible in this file's new side (touched or context) plus removed ones. */
  functions: FunctionChange[];
}

export interface PatchModel {
  index: number;
  messageId: string;
  subject: string;
  files: FileChange[];
  /** Functions this patch added, modified or removed. */
  touched: FunctionChange[];
  warnings: string[];
}

export interface ChangeModel {
  patches: PatchModel[];
  index: SeriesIndex;
  warnings: string[];
  /** 'tree': callers and callees are looked up in the whole indexed base tree; 'series': only the series' files are seen. */
  sees: 'tree' | 'series';
  /** The pre-image model of a --tree review (the base text of the touched functions), built for differential analysis. */
  image?: 'post' | 'pre';
  /** Knowledge mined from the review's tree, or shipped with the tool (absent: rules that need it say nothing). */
  knowledge?: KnowledgeBase;
  /** The post-image model's pre-image twin (a --tree review), for rules that compare the two. */
  before?: ChangeModel;
}

/** Cross-patch lookups for callee-1 and caller checks. */
export interface SeriesIndex {
  /** Every known definition of `name` (any patch, any status). */
  all(name: string): FunctionChange[];
  /** The definition of `name` as of `patch` (nearest earlier patch first), or null. */
  resolve(name: string, patch: number, preferFile?: string): FunctionChange | null;
  /** Functions known as of `patch` that call `name`, one per (file, function). */
  callers(name: string, patch: number): FunctionChange[];
}
