// Queries over a built tree index: functions by name or place, the call sites in a function, the
// callers of a name (optionally through the macros that wrap the call), and those macros.
import type { Param } from '../c/types.ts';
import type { StoredCallRow, StoredFunctionRow, TreeIndexRows } from '../../store/tree-index-rows.ts';
import { isDamagedError } from '../../store/tree-index-cache.ts';
import { InputError } from '../../util/errors.ts';
import { CALL_FALLBACK, CALL_INDIRECT, FLAG_INLINE, FLAG_STATIC, KIND_MACRO } from './extract.ts';

export interface TreeIndexStats {
  /** The full commit id indexed. */
  commit: string;
  /** C files indexed, distinct blobs among them, blobs parsed by this build and taken from the cache. */
  files: number;
  blobs: number;
  parsed: number;
  reused: number;
  parsedBytes: number;
  ms: number;
}

/** Names one function of the index (stable while the index is open). */
export interface FunctionRef {
  blob: number;
  idx: number;
}

export interface IndexedFunction {
  ref: FunctionRef;
  path: string;
  name: string;
  /** A definition, or a function-like macro whose body calls something. */
  kind: 'function' | 'macro';
  /** 1-based: first line of the definition, its last line (closing brace or last macro line), the body's `{`. */
  startLine: number;
  endLine: number;
  bodyLine: number;
  /** A macro's parameters have empty types. */
  params: Param[];
  isStatic: boolean;
  isInline: boolean;
  /** CONFIG_ guards around a definition ("!CONFIG_X" in an #else); empty for macros. */
  guardedBy: string[];
}

export interface IndexedCall {
  /** Identifier called, or the expression text for a call through a pointer ("ops->fault"). */
  callee: string;
  path: string;
  /** 1-based line, 0-based column of the callee's first character. */
  line: number;
  col: number;
  /** Argument texts, whitespace collapsed. */
  args: string[];
  indirect: boolean;
  /** Found lexically (every call in a macro body; calls tree-sitter could not parse). */
  fallback: boolean;
  guardedBy: string[];
}

export interface CallerHit {
  caller: IndexedFunction;
  call: IndexedCall;
  /** With throughMacros: the macros between the caller and the name asked for, outermost first. */
  via: string[];
}

const splitGuards = (s: string): string[] => (s === '' ? [] : s.split(' '));

export class TreeIndex {
  private readonly blobPaths = new Map<number, string[]>();
  private nameSet: Set<string> | null = null;

  constructor(
    private readonly rows: TreeIndexRows,
    private readonly pathOid: ReadonlyMap<string, string>,
    private readonly pathBlob: ReadonlyMap<string, number>,
    readonly stats: TreeIndexStats,
    /** False for a view of another index (`without`): closing it leaves the rows open. */
    private readonly ownsRows = true,
  ) {
    for (const [path, blob] of pathBlob) {
      const list = this.blobPaths.get(blob);
      if (list) list.push(path);
      else this.blobPaths.set(blob, [path]);
    }
  }

  /** Every indexed C file, sorted. */
  files(): string[] {
    return [...this.pathBlob.keys()].sort();
  }

  /** The blob id of an indexed file, or null. */
  blobOf(path: string): string | null {
    return this.pathOid.get(path) ?? null;
  }

  /** Definitions (and call-wrapping macros) named `name` anywhere in the tree. */
  functionsNamed(name: string): IndexedFunction[] {
    return this.guard(() => this.rows.functionsNamed(name).flatMap((r) => this.toFunctions(r)));
  }

  /** The functions and macros of one file, in text order of definitions then macros. */
  functionsIn(path: string): IndexedFunction[] {
    const blob = this.pathBlob.get(path);
    return blob === undefined ? [] : this.guard(() => this.rows.functionsOfBlob(blob).map((r) => toFunction(r, path)));
  }

  /** The function whose definition spans `line` of `path`, or null. */
  functionAt(path: string, line: number): IndexedFunction | null {
    const inside = this.functionsIn(path).filter((f) => f.startLine <= line && line <= f.endLine);
    return inside.sort((a, b) => (a.endLine - a.startLine) - (b.endLine - b.startLine))[0] ?? null;
  }

  /**
   * Every name the indexed files define (functions, call-wrapping macros) or call directly: what the tree
   * has, architecture helpers that only its arch/ headers define included (read once).
   */
  names(): ReadonlySet<string> {
    if (!this.nameSet) {
      this.nameSet = new Set(this.guard(() => this.rows.namesOfBlobs([...new Set(this.pathBlob.values())])));
    }
    return this.nameSet;
  }

  /** Every function and macro of the tree, file by file. */
  *allFunctions(): Generator<IndexedFunction> {
    for (const path of this.files()) yield* this.functionsIn(path);
  }

  /** The call sites in a function's body (or a macro's replacement), in text order. */
  calleesOf(fn: IndexedFunction): IndexedCall[] {
    return this.guard(() => this.rows.callsOfFunction(fn.ref.blob, fn.ref.idx).map((c) => toCall(c, fn.path)));
  }

  /**
   * Call sites of `name` with the function or macro each sits in. With `throughMacros`, a macro
   * that calls `name` is followed to its own callers (up to `depth` macros deep), each hit naming
   * the macros passed through; the macro's own hit is kept as well.
   */
  callersOf(name: string, opts: { throughMacros?: boolean; depth?: number } = {}): CallerHit[] {
    const out: CallerHit[] = [];
    const seen = new Set<string>([name]);
    const walk = (callee: string, via: string[], depth: number): void => {
      for (const r of this.rows.callsTo(callee)) {
        const paths = this.blobPaths.get(r.blob);
        if (!paths) continue;
        for (const path of paths) {
          const caller = toFunction(r.caller, path);
          out.push({ caller, call: toCall(r, path), via });
          if (opts.throughMacros && caller.kind === 'macro' && depth > 0 && !seen.has(caller.name)) {
            seen.add(caller.name);
            walk(caller.name, [caller.name, ...via], depth - 1);
          }
        }
      }
    };
    this.guard(() => walk(name, [], opts.depth ?? 3));
    return out;
  }

  /** Function-like macros of the tree whose replacement calls `name`. */
  macrosWrapping(name: string): IndexedFunction[] {
    return this.callersOf(name).filter((h) => h.caller.kind === 'macro').map((h) => h.caller)
      .filter((m, i, all) => all.findIndex((o) => o.path === m.path && o.ref.idx === m.ref.idx) === i);
  }

  /**
   * The same index with `paths` left out, as if the tree lacked those files (an evaluation's knowledge that
   * must not have seen the files under review). Shares the rows: close the index it came from, not the view.
   */
  without(paths: ReadonlySet<string>): TreeIndex {
    const keep = <V>(m: ReadonlyMap<string, V>) => new Map([...m].filter(([p]) => !paths.has(p)));
    const pathBlob = keep(this.pathBlob);
    return new TreeIndex(this.rows, keep(this.pathOid), pathBlob, { ...this.stats, files: pathBlob.size }, false);
  }

  close(): void {
    if (this.ownsRows) this.rows.close();
  }

  /** A cache damaged under a running review: one line naming the file, not a stack trace. */
  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (isDamagedError(err)) throw new InputError(`${this.rows.path}: the tree-index cache is damaged (${err instanceof Error ? err.message : String(err)}); remove it`);
      throw err;
    }
  }

  private toFunctions(r: StoredFunctionRow): IndexedFunction[] {
    return (this.blobPaths.get(r.blob) ?? []).map((path) => toFunction(r, path));
  }
}

function toFunction(r: StoredFunctionRow, path: string): IndexedFunction {
  return {
    ref: { blob: r.blob, idx: r.idx },
    path,
    name: r.name,
    kind: r.kind === KIND_MACRO ? 'macro' : 'function',
    startLine: r.start_line,
    endLine: r.end_line,
    bodyLine: r.body_line,
    params: JSON.parse(r.params) as Param[],
    isStatic: (r.flags & FLAG_STATIC) !== 0,
    isInline: (r.flags & FLAG_INLINE) !== 0,
    guardedBy: splitGuards(r.guarded_by),
  };
}

function toCall(c: StoredCallRow, path: string): IndexedCall {
  return {
    callee: c.callee, path, line: c.line, col: c.col, args: JSON.parse(c.args) as string[],
    indirect: (c.flags & CALL_INDIRECT) !== 0, fallback: (c.flags & CALL_FALLBACK) !== 0, guardedBy: splitGuards(c.guarded_by),
  };
}
