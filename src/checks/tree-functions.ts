// The indexed base tree as the change model sees it (--tree): callers of a name anywhere in the index
// (through call-wrapping macros too) and definitions outside the series' files, each read from its base
// blob, sliced by its span and analysed again at its own lines. One instance per review base; its caches
// serve every series reviewed on that base.
import { execFileSync } from 'node:child_process';
import { analyzeC } from './c/parse.ts';
import { maskCode } from './c/lexer.ts';
import { catFileStream, gitEnv, isHexId } from '../util/git.ts';
import type { IndexedFunction, TreeIndex } from './tree-index/index.ts';
import type { CallSite, FunctionChange, TreeLookup } from './change-types.ts';

/** Larger blobs are not read (their functions stay unknown). */
const MAX_BLOB_BYTES = 16 * 1024 * 1024;
/** Macros followed between a caller and the name asked for. */
const MACRO_DEPTH = 3;
/** Levels of callees below the touched functions whose base blobs prefetch() reads. */
const PREFETCH_DEPTH = 2;

/** Lines of a base file a series changes (its hunks' old side), for prefetch(). */
export interface TouchedRange {
  path: string;
  from: number;
  to: number;
}

export class TreeFunctions {
  private readonly lines = new Map<string, string[] | null>();
  private readonly made = new Map<string, FunctionChange | null>();
  private readonly callerCache = new Map<string, { fn: IndexedFunction; via: string[] }[]>();
  private readonly namedCache = new Map<string, IndexedFunction[]>();

  constructor(readonly index: TreeIndex, private readonly gitDir: string) {}

  /** The lookup for one series: its files (any patch) are the change model's, never answered here. */
  view(seriesPaths: Iterable<string>, postImage: (path: string, patch: number) => string | null): TreeLookup {
    const own = new Set(seriesPaths);
    const defs = new Map<string, FunctionChange | null>();
    return {
      callers: (name, patch) => {
        const out: FunctionChange[] = [];
        const seen = new Set<string>();
        for (const hit of this.callerHits(name)) {
          if (own.has(hit.fn.path)) continue;
          const key = `${hit.fn.path}\0${hit.fn.startLine}`;
          if (seen.has(key)) continue;
          const fn = this.withAlias(hit.fn, patch, hit.via[0], name);
          if (!fn) continue;
          seen.add(key);
          out.push(fn);
        }
        return out;
      },
      definition: (name, patch, preferFile) => {
        const key = `${name}\0${preferFile ?? ''}\0${patch}`;
        let def = defs.get(key);
        if (def === undefined) {
          const pick = this.pick(name, own, preferFile);
          def = pick ? this.functionChange(pick, patch) : null;
          defs.set(key, def);
        }
        return def;
      },
      names: () => this.index.names(),
      functionText: (path, name, image) => {
        if (own.has(path) && image !== 'base') {
          const text = postImage(path, image);
          return text === null ? null : analyzeC(text).functions.find((f) => f.name === name)?.text ?? null;
        }
        const f = this.index.functionsIn(path).find((x) => x.name === name && x.kind === 'function');
        const lines = f ? this.linesOf(path) : null;
        return f && lines ? lines.slice(f.startLine - 1, f.endLine).join('\n') : null;
      },
    };
  }

  /**
   * Reads ahead, through one `git cat-file --batch`, the base blobs a review of the series touching
   * `ranges` will likely ask for: the files of the callers of the touched functions and of their callees
   * two levels down. Only a speed-up: a blob not read here is still read when first asked for.
   */
  async prefetch(ranges: readonly TouchedRange[], seriesPaths: Iterable<string>): Promise<void> {
    const own = new Set(seriesPaths);
    const paths = new Set<string>();
    const seen = new Set<string>();
    const key = (f: IndexedFunction): string => `${f.path}\0${f.startLine}`;
    const inFile = new Map<string, Map<string, IndexedFunction>>();
    const sameFile = (path: string, name: string): IndexedFunction | undefined => {
      let byName = inFile.get(path);
      if (!byName) {
        byName = new Map();
        for (const f of this.index.functionsIn(path)) if (f.kind === 'function' && !byName.has(f.name)) byName.set(f.name, f);
        inFile.set(path, byName);
      }
      return byName.get(name);
    };
    let level: IndexedFunction[] = [];
    for (const r of ranges) {
      for (const f of this.index.functionsIn(r.path)) {
        if (f.kind !== 'function' || f.startLine > r.to || f.endLine < r.from || seen.has(key(f))) continue;
        seen.add(key(f));
        level.push(f);
        for (const hit of this.callerHits(f.name)) if (!own.has(hit.fn.path)) paths.add(hit.fn.path);
      }
    }
    for (let d = 0; d < PREFETCH_DEPTH && level.length > 0; d++) {
      const next: IndexedFunction[] = [];
      for (const fn of level) {
        for (const c of this.index.calleesOf(fn)) {
          if (c.indirect) continue;
          // A definition in a series file comes first (the change model has it); its callees are followed too.
          const def = sameFile(fn.path, c.callee)
            ?? this.named(c.callee).find((x) => own.has(x.path) && x.kind === 'function' && !x.isStatic)
            ?? this.pick(c.callee, own, fn.path);
          if (!def || seen.has(key(def))) continue;
          seen.add(key(def));
          if (!own.has(def.path)) paths.add(def.path);
          next.push(def);
        }
      }
      level = next;
    }
    const byOid = new Map<string, string[]>();
    for (const path of paths) {
      const oid = this.index.blobOf(path);
      if (this.lines.has(path) || !oid || !isHexId(oid)) continue;
      const list = byOid.get(oid);
      if (list) list.push(path);
      else byOid.set(oid, [path]);
    }
    if (byOid.size === 0) return;
    for await (const { spec, object } of catFileStream(this.gitDir, byOid.keys(), { maxObjectBytes: MAX_BLOB_BYTES })) {
      if (!object || object.type !== 'blob' || object.data === null) continue;
      const lines = object.data.toString('utf8').split('\n');
      for (const path of byOid.get(spec) ?? []) this.lines.set(path, lines);
    }
  }

  /** Functions (not macros) that call `name`, with the macros passed through (outermost first). */
  private callerHits(name: string): { fn: IndexedFunction; via: string[] }[] {
    let hits = this.callerCache.get(name);
    if (!hits) {
      hits = this.index.callersOf(name, { throughMacros: true, depth: MACRO_DEPTH })
        .filter((h) => h.caller.kind === 'function' && h.caller.name !== name)
        .map((h) => ({ fn: h.caller, via: h.via }));
      this.callerCache.set(name, hits);
    }
    return hits;
  }

  /**
   * The definition a call of `name` from `preferFile` reaches outside the series' files: the same file
   * first, then a function before a macro, a header before another .c file (whose static functions are
   * out of reach), fewer config guards, then path order.
   */
  private pick(name: string, own: Set<string>, preferFile?: string): IndexedFunction | null {
    const all = this.named(name).filter((f) => !own.has(f.path) && (f.path === preferFile || !f.isStatic || f.path.endsWith('.h')));
    const rank = (f: IndexedFunction): number[] => [f.path === preferFile ? 0 : 1, f.kind === 'function' ? 0 : 1, f.path.endsWith('.h') ? 0 : 1, f.guardedBy.length];
    all.sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine;
    });
    return all[0] ?? null;
  }

  /** Every definition and macro named `name` in the index (asked once per name). */
  private named(name: string): IndexedFunction[] {
    let out = this.namedCache.get(name);
    if (!out) this.namedCache.set(name, (out = this.index.functionsNamed(name)));
    return out;
  }

  /** `fn` whose calls of the macro `via` also read as calls of `name` (the macro wraps it). */
  private withAlias(f: IndexedFunction, patch: number, via: string | undefined, name: string): FunctionChange | null {
    const base = this.functionChange(f, patch);
    if (!base || via === undefined) return base;
    const key = `${f.path}\0${f.startLine}\0${patch}\0${name}`;
    let out = this.made.get(key);
    if (out === undefined) {
      const aliases = base.calls.filter((c) => c.name === via && !c.indirect).map((c): CallSite => ({ ...c, name }));
      out = aliases.length > 0 ? { ...base, calls: [...base.calls, ...aliases].sort((a, b) => a.offset - b.offset) } : base;
      this.made.set(key, out);
    }
    return out;
  }

  /** One indexed function as the change model's context function (a macro: its calls, no text of its own). */
  private functionChange(f: IndexedFunction, patch: number): FunctionChange | null {
    const key = `${f.path}\0${f.startLine}\0${patch}`;
    let out = this.made.get(key);
    if (out === undefined) {
      out = f.kind === 'macro' ? this.macroChange(f, patch) : this.analysed(f, patch);
      this.made.set(key, out);
    }
    return out;
  }

  private analysed(f: IndexedFunction, patch: number): FunctionChange | null {
    const lines = this.linesOf(f.path);
    if (!lines) return null;
    // Only the definition is analysed, then moved to its lines: the same facts as analysing it behind
    // `shift` blank lines (which have no calls, guards or comments), at a third of the cost.
    const shift = f.startLine - 1;
    const text = lines.slice(f.startLine - 1, f.endLine).join('\n') + '\n';
    const a = analyzeC(text);
    const c = a.functions.find((x) => x.name === f.name && x.startLine === 1) ?? a.functions.find((x) => x.name === f.name);
    if (!c) return null;
    return {
      name: c.name, file: f.path, patch, status: 'context', startLine: c.startLine + shift, endLine: c.endLine + shift, whole: true, addedLines: [], removedCount: 0,
      calls: c.calls.map((k) => ({ ...k, line: k.line + shift, offset: k.offset + shift })), params: c.params, isStatic: c.isStatic, text: c.text,
      guardedBy: c.guardedBy, code: '\n'.repeat(shift) + maskCode(text).masked,
    };
  }

  private macroChange(f: IndexedFunction, patch: number): FunctionChange | null {
    const lines = this.linesOf(f.path);
    if (!lines) return null;
    const starts: number[] = [0];
    for (let i = 0; i < f.endLine; i++) starts.push(starts[i]! + (lines[i]?.length ?? 0) + 1);
    const calls: CallSite[] = this.index.calleesOf(f).map((c) => ({
      name: c.callee, line: c.line, col: c.col, offset: (starts[c.line - 1] ?? 0) + c.col, args: c.args, guardedBy: c.guardedBy, indirect: c.indirect, fallback: c.fallback,
    }));
    return {
      name: f.name, file: f.path, patch, status: 'context', startLine: f.startLine, endLine: f.endLine, whole: false, addedLines: [], removedCount: 0,
      calls, params: f.params, isStatic: false, text: lines.slice(f.startLine - 1, f.endLine).join('\n'), guardedBy: f.guardedBy,
    };
  }

  /** Lines of the base blob of `path`, read once (synchronously: rules run synchronously). */
  private linesOf(path: string): string[] | null {
    let out = this.lines.get(path);
    if (out === undefined) {
      const oid = this.index.blobOf(path);
      out = null;
      if (oid && isHexId(oid)) {
        try {
          const data = execFileSync('git', ['--git-dir', this.gitDir, 'cat-file', 'blob', oid], {
            env: gitEnv(), maxBuffer: MAX_BLOB_BYTES, stdio: ['ignore', 'pipe', 'ignore'], shell: false,
          });
          out = data.toString('utf8').split('\n');
        } catch {
          out = null;
        }
      }
      this.lines.set(path, out);
    }
    return out;
  }

  close(): void {
    this.index.close();
  }
}
