// buildChangeModel: per patch, the files touched and the functions added,
// modified or removed, with their calls; plus a series-wide index for callee
// and caller lookups. Pure: the optional tree access is the only input besides
// the patches.
import type { KnowledgeBase } from '../domain/knowledge.ts';
import type { FilePatch, Hunk } from '../domain/mail.ts';
import { analyzeC, maskedOf } from './c/parse.ts';
import { maskCode } from './c/lexer.ts';
import type { CFileAnalysis } from './c/types.ts';
import { analyzeSide, piecesOf, rebuildSide, wholePieces } from './fragments.ts';
import type { Piece } from './fragments.ts';
import { buildSeriesIndex } from './series-index.ts';
import { finish, type Steps } from './steps.ts';
import type { ChangeModel, DiffLineRef, FileCategory, FileChange, FunctionChange, PatchModel, SeriesPatchInput, TreeAccess } from './change-types.ts';

export interface ChangeModelOptions {
  tree?: TreeAccess;
  knowledge?: KnowledgeBase;
  /** Functions analysed in all (default MAX_SERIES_FUNCTIONS); a file past them is analysed without its functions. */
  maxFunctions?: number;
}

export function buildChangeModel(series: SeriesPatchInput[], opts: ChangeModelOptions = {}): ChangeModel {
  return finish(buildChangeModelSteps(series, opts));
}

/** buildChangeModel in steps: one per file analysed. */
export function* buildChangeModelSteps(series: SeriesPatchInput[], opts: ChangeModelOptions = {}): Steps<ChangeModel> {
  const patches: PatchModel[] = [];
  const budget = { functions: opts.maxFunctions ?? MAX_SERIES_FUNCTIONS, max: opts.maxFunctions ?? MAX_SERIES_FUNCTIONS };
  for (const p of [...series].sort((a, b) => a.index - b.index)) patches.push(yield* buildPatch(p, opts.tree, budget));
  const all = patches.flatMap((p) => p.files.flatMap((f) => f.functions));
  const lookup = opts.tree?.lookup;
  return {
    patches, index: buildSeriesIndex(all, lookup), warnings: patches.flatMap((p) => p.warnings.map((w) => `patch ${p.index}: ${w}`)),
    sees: lookup ? 'tree' : 'series', image: 'post', ...(opts.knowledge ? { knowledge: opts.knowledge } : {}),
  };
}

/**
 * The pre-image of a --tree review: per patch, each C file it touches as it read before the patch, whole,
 * with the functions the patch modified or removed marked as modified in full (every line "added", so a
 * rule judges all of their base text) and the rest as context. Targets, callers and callees then line up
 * with the post-image model by name, for differential analysis.
 */
export function buildPreImageModel(post: ChangeModel, tree: TreeAccess): ChangeModel {
  // A file an earlier patch also touched reads before this patch as after that one: its analysis is reused.
  const analysed = new Map<string, Pick<FileChange, 'analysis' | 'code'>>();
  for (const p of post.patches) {
    for (const f of p.files) {
      const text = f.source === 'post-image' && f.analysis && f.code !== null ? tree.postImage(f.path, p.index) : null;
      if (text !== null) analysed.set(text, { analysis: f.analysis, code: f.code });
    }
  }
  const patches = post.patches.map((p): PatchModel => {
    const files: FileChange[] = [];
    for (const f of p.files) {
      if (f.status === 'added' || !isC(f.path)) continue;
      const path = f.oldPath ?? f.path;
      const text = tree.postImage(path, p.index - 1);
      if (text === null) continue;
      const touched = new Set(f.functions.filter((fn) => fn.status === 'modified' || fn.status === 'removed').map((fn) => fn.name));
      files.push(preFile(f, path, p.index, text, touched, analysed.get(text)));
    }
    const touched = files.flatMap((f) => f.functions.filter((fn) => fn.status !== 'context'));
    return { index: p.index, messageId: p.messageId, subject: p.subject, files, touched, warnings: [] };
  });
  const all = patches.flatMap((p) => p.files.flatMap((f) => f.functions));
  return {
    patches, index: buildSeriesIndex(all, tree.lookup), warnings: [], sees: tree.lookup ? 'tree' : 'series', image: 'pre',
    ...(post.knowledge ? { knowledge: post.knowledge } : {}),
  };
}

function preFile(f: FileChange, path: string, patch: number, text: string, touched: Set<string>, known?: Pick<FileChange, 'analysis' | 'code'>): FileChange {
  const analysis = known?.analysis ?? analyzeC(text);
  const lines = text.split('\n');
  const added: DiffLineRef[] = [];
  const functions: FunctionChange[] = wholePieces(analysis).map((p) => {
    const hit = touched.has(p.name);
    const addedLines: number[] = [];
    if (hit) for (let l = p.startLine; l <= p.endLine; l++) addedLines.push(l);
    for (const l of addedLines) added.push({ line: l, text: lines[l - 1] ?? '' });
    return { ...fnBase(p, path, patch), status: hit ? 'modified' : 'context', addedLines, removedCount: 0 };
  });
  added.sort((a, b) => a.line - b.line);
  return {
    path, oldPath: f.oldPath, status: f.status, categories: f.categories, source: 'post-image', added, removed: [],
    code: known?.code ?? maskedOf(analysis) ?? maskCode(text).masked, analysis, oldAnalysis: null, addedDefines: [], functions,
  };
}

/**
 * Functions one series' review analyses. Rules keep per-function facts for the whole series (about
 * 8 KB of heap each), so a file past the budget would exhaust the CLI's 1 GB heap (issue #14: one file
 * of 200,000 functions did); its functions are left out with a warning instead. 80,000 were measured
 * to fit (84 s, 1.4 GB RSS).
 */
const MAX_SERIES_FUNCTIONS = 80_000;

function* buildPatch(p: SeriesPatchInput, tree: TreeAccess | undefined, budget: { functions: number; max: number }): Steps<PatchModel> {
  const warnings: string[] = [];
  const files: FileChange[] = [];
  for (const fp of p.content.files) {
    if (fp.binary) continue;
    try {
      const file = buildFile(fp, p.index, tree, warnings);
      if (file.functions.length > budget.functions) {
        warnings.push(`${file.path}: ${file.functions.length} functions, past the ${budget.max} one review analyses; its function-level checks were skipped`);
        file.functions = [];
      } else budget.functions -= file.functions.length;
      files.push(file);
    } catch (err) {
      warnings.push(`${fp.newPath ?? fp.oldPath}: analysis failed (${(err as Error).message})`);
    }
    yield;
  }
  const touched = files.flatMap((f) => f.functions.filter((fn) => fn.status !== 'context'));
  return { index: p.index, messageId: p.messageId, subject: p.subject, files, touched, warnings };
}

export function fileCategories(path: string): FileCategory[] {
  const out: FileCategory[] = [];
  if (path.startsWith('mm/')) out.push('mm');
  if (path.startsWith('tools/testing/selftests/')) out.push('selftest');
  if (path.startsWith('Documentation/')) out.push('docs');
  if (/^(?:arch\/[^/]+\/)?include\/uapi\//.test(path)) out.push('uapi');
  if (path.endsWith('.h')) out.push('header');
  if (isC(path)) out.push('c');
  if (/(^|\/)(Makefile|Kconfig[^/]*|Kbuild)$/.test(path)) out.push('build');
  if (out.length === 0) out.push('other');
  return out;
}

function isC(path: string): boolean {
  return /\.[ch]$/.test(path);
}

function buildFile(fp: FilePatch, patch: number, tree: TreeAccess | undefined, warnings: string[]): FileChange {
  const path = (fp.newPath ?? fp.oldPath) as string;
  const added: DiffLineRef[] = [];
  const removed: DiffLineRef[] = [];
  for (const h of fp.hunks) {
    for (const l of h.lines) {
      if (l.kind === '+' && l.newNo !== null) added.push({ line: l.newNo, text: l.text });
      else if (l.kind === '-' && l.oldNo !== null) removed.push({ line: l.oldNo, text: l.text });
    }
  }
  added.sort((a, b) => a.line - b.line);
  removed.sort((a, b) => a.line - b.line);
  const base: FileChange = {
    path, oldPath: fp.oldPath, status: fp.status, categories: fileCategories(path), source: 'none', added, removed,
    code: null, analysis: null, oldAnalysis: null, addedDefines: [], functions: [],
  };
  if (!isC(path)) return base;

  let analysis: CFileAnalysis | null = null;
  let pieces: Piece[] = [];
  if (fp.status !== 'deleted') {
    const post = tree?.postImage(path, patch) ?? null;
    if (post !== null && matchesDiff(post, fp.hunks)) {
      analysis = analyzeC(post);
      base.code = maskedOf(analysis) ?? maskCode(post).masked;
      pieces = wholePieces(analysis);
      base.source = 'post-image';
    } else {
      if (post !== null) warnings.push(`${path}: tree text does not match the diff; using the diff only`);
      const side = rebuildSide(fp, 'new');
      if (side) {
        analysis = analyzeSide(side);
        base.code = maskedOf(analysis) ?? maskCode(side.text, side.resets).masked;
        pieces = piecesOf(side, analysis);
        base.source = 'diff';
      } else warnings.push(`${path}: hunk line numbers too large; not analysed`);
    }
  }
  let oldPieces: Piece[] = [];
  if (fp.status !== 'added') {
    const oldSide = rebuildSide(fp, 'old');
    if (oldSide) {
      base.oldAnalysis = analyzeSide(oldSide);
      oldPieces = piecesOf(oldSide, base.oldAnalysis);
    }
  }
  base.analysis = analysis;
  const addedSet = new Set(added.map((a) => a.line));
  base.addedDefines = analysis ? analysis.defines.filter((d) => addedSet.has(d.line)) : [];
  base.functions = classify(path, patch, pieces, oldPieces, addedSet, new Set(removed.map((r) => r.line)), deletionGaps(fp.hunks));
  return base;
}

/** The post-image must carry every new-side line of the diff where the diff says. */
function matchesDiff(post: string, hunks: Hunk[]): boolean {
  const lines = post.split('\n');
  for (const h of hunks) {
    for (const l of h.lines) {
      if (l.newNo !== null && lines[l.newNo - 1] !== l.text) return false;
    }
  }
  return true;
}

/** For each run of '-' lines: the new-side lines just before and after it. */
function deletionGaps(hunks: Hunk[]): [number, number][] {
  const gaps: [number, number][] = [];
  for (const h of hunks) {
    let prevNew = h.newStart - 1;
    let inRun = false;
    for (const l of h.lines) {
      if (l.kind === '-') inRun = true;
      else if (l.newNo !== null) {
        if (inRun) gaps.push([prevNew, l.newNo]);
        inRun = false;
        prevNew = l.newNo;
      }
    }
    if (inRun) gaps.push([prevNew, prevNew + 1]);
  }
  return gaps;
}

function classify(
  path: string, patch: number, pieces: Piece[], oldPieces: Piece[],
  addedSet: Set<number>, removedSet: Set<number>, gaps: [number, number][],
): FunctionChange[] {
  const newNames = new Set(pieces.map((p) => p.name));
  const oldNames = new Set(oldPieces.map((p) => p.name));
  const out: FunctionChange[] = pieces.map((p) => {
    const addedLines: number[] = [];
    for (let l = p.startLine; l <= p.endLine; l++) if (addedSet.has(l)) addedLines.push(l);
    const removedCount = gaps.filter(([a, b]) => a >= p.startLine && b <= p.endLine).length;
    const isNew = p.whole && addedSet.has(p.startLine) && !oldNames.has(p.name);
    const status = isNew ? 'added' : addedLines.length || removedCount ? 'modified' : 'context';
    return { ...fnBase(p, path, patch), status, addedLines, removedCount };
  });
  for (const p of oldPieces) {
    if (!p.whole || !removedSet.has(p.startLine) || newNames.has(p.name)) continue;
    let removedCount = 0;
    for (let l = p.startLine; l <= p.endLine; l++) if (removedSet.has(l)) removedCount++;
    out.push({ ...fnBase(p, path, patch), status: 'removed', addedLines: [], removedCount });
  }
  return out;
}

function fnBase(p: Piece, file: string, patch: number): Omit<FunctionChange, 'status' | 'addedLines' | 'removedCount'> {
  return {
    name: p.name, file, patch, startLine: p.startLine, endLine: p.endLine, whole: p.whole, calls: p.calls,
    params: p.params, isStatic: p.isStatic, text: p.text, guardedBy: p.guardedBy,
  };
}

