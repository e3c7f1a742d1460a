// Evaluator `ifdef-growth`: the file gains #if/#ifdef/#ifndef/#elif blocks on
// the given CONFIG_ symbols. Blocks that only hold designated initialisers
// (`.field = value,` of an ops table whose member is itself conditional),
// entries of an array's initialiser (they mirror a conditional declaration) or
// members of a struct definition are layout, not logic, and do not count.
// Net growth = counted added directives - removed directives on the symbols; a directive the same
// series removes from another .c file (code moved between files) does not count either.
//
// args: { symbols: names }
// Match (first counted directive) binds {symbol} (the options, comma-separated) and {count}.
import { lineMatch } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { ChangeModel, FileChange } from '../change-types.ts';
import { asNames, asObject, field } from '../predicates/args.ts';

interface Args {
  symbols: string[];
}

export const scopes: Scope[] = ['file', 'series'];

const DIRECTIVE = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/;
const OPENING = new Set(['if', 'ifdef', 'ifndef', 'elif']);
const INITIALISER = /^\s*\.\w+(?:\s*\[[^\]]*\])?\s*=/;

export function parseArgs(raw: unknown): Args {
  return { symbols: field(asObject(raw, ['symbols']), 'symbols', (v) => asNames(v, 'a CONFIG_ symbol or a list of them')) };
}

export function evaluate(ctx: EvalContext, args: Args): Match[] {
  const want = nameMatcher(args.symbols);
  const files = ctx.kind === 'series'
    ? ctx.model.patches.flatMap((p) => p.files.map((file) => ({ patch: p.index, file })))
    : ctx.file ? [{ patch: ctx.anchor.patch, file: ctx.file }] : [];
  const out: Match[] = [];
  const movedFrom = removedConditions(ctx, args.symbols, want);
  for (const { patch, file } of files) {
    // The concern is conditionals growing inside existing files; a new file is reviewed as a whole.
    if (file.status === 'added') continue;
    const m = growth(file, want, movedFrom(file.path));
    if (m) out.push(lineMatch(ctx, patch, file, m.line, { symbol: m.symbol, count: String(m.count) }));
  }
  return out;
}

export function describe(): string {
  return 'no new preprocessor conditionals on these options in .c files';
}

function symbolsOf(rest: string, want: (s: string) => boolean): string[] {
  const clean = rest.replace(/\/\*.*?(\*\/|$)|\/\/.*$/g, '');
  return [...new Set(clean.match(/\bCONFIG_\w+/g) ?? [])].filter(want);
}

/** A directive's condition, spaces and comments dropped: how a moved one is recognised. */
function conditionOf(kind: string, rest: string): string {
  return `${kind} ${rest.replace(/\/\*.*?(\*\/|$)|\/\/.*$/g, '').replace(/\s+/g, '')}`;
}

/** Counts per condition that growth() takes from as it offsets added directives. */
interface Offsets {
  get(key: string): number | undefined;
  set(key: string, left: number): void;
}

/**
 * For a file: the opening directives on the symbols that the series removes from its other .c files,
 * as a count per condition (each moved directive offsets one added here). Fresh counts per call.
 */
function removedConditions(ctx: EvalContext, symbols: string[], want: (s: string) => boolean): (path: string) => Offsets {
  const { total, byPath } = removedDirectives(ctx.model, symbols, want);
  return (path) => {
    const own = byPath.get(path);
    const taken = new Map<string, number>();
    return {
      get: (key) => {
        const left = taken.get(key) ?? (total.get(key) ?? 0) - (own?.get(key) ?? 0);
        return left > 0 ? left : undefined;
      },
      set: (key, left) => void taken.set(key, left),
    };
  };
}

interface RemovedDirectives {
  /** Opening directives on the symbols removed from the series' .c files, per condition. */
  total: Map<string, number>;
  /** The same per path. */
  byPath: Map<string, Map<string, number>>;
}

const removedCache = new WeakMap<ChangeModel, Map<string, RemovedDirectives>>();

/** The removed opening directives of the series' .c files, counted once per model and symbol list. */
function removedDirectives(model: ChangeModel, symbols: string[], want: (s: string) => boolean): RemovedDirectives {
  let bySymbols = removedCache.get(model);
  if (!bySymbols) removedCache.set(model, (bySymbols = new Map<string, RemovedDirectives>()));
  const cacheKey = symbols.join('\0');
  const hit = bySymbols.get(cacheKey);
  if (hit) return hit;
  const out: RemovedDirectives = { total: new Map(), byPath: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const p of model.patches) {
    for (const f of p.files) {
      if (!f.path.endsWith('.c')) continue;
      for (const r of f.removed) {
        const d = DIRECTIVE.exec(r.text);
        if (!d || !OPENING.has(d[1]) || symbolsOf(d[2], want).length === 0) continue;
        const key = conditionOf(d[1], d[2]);
        bump(out.total, key);
        let own = out.byPath.get(f.path);
        if (!own) out.byPath.set(f.path, (own = new Map<string, number>()));
        bump(own, key);
      }
    }
  }
  bySymbols.set(cacheKey, out);
  return out;
}

function growth(file: FileChange, want: (s: string) => boolean, moved: Offsets): { line: number; symbol: string; count: number } | null {
  let lines: string[] | null = null; // split only when a directive is added
  const raw = new Map(file.added.map((a) => [a.line, a.text]));
  let first: number | null = null;
  const seen = new Set<string>();
  let added = 0;
  for (const [line, text] of raw) {
    const d = DIRECTIVE.exec(text);
    if (!d || !OPENING.has(d[1])) continue;
    const syms = symbolsOf(d[2], want);
    if (syms.length === 0 || layoutOnly((lines ??= (file.code ?? '').split('\n')), line)) continue;
    const key = conditionOf(d[1], d[2]);
    const left = moved.get(key) ?? 0;
    if (left > 0) {
      moved.set(key, left - 1);
      continue;
    }
    added++;
    for (const s of syms) seen.add(s);
    if (first === null || line < first) first = line;
  }
  let removed = 0;
  for (const r of file.removed) {
    const d = DIRECTIVE.exec(r.text);
    if (d && OPENING.has(d[1]) && symbolsOf(d[2], want).length > 0) removed++;
  }
  const net = added - removed;
  return first !== null && net > 0 ? { line: first, symbol: [...seen].sort().join(', '), count: net } : null;
}

/**
 * The branch opened at `line` holds only initialiser entries or struct members, or entries of a table
 * (an array's brace initialiser): a table entry cannot be an IS_ENABLED() test, and it is guarded because
 * the item it names (an enumerator, a counter) is itself declared only with the option.
 */
function layoutOnly(lines: string[], line: number): boolean {
  if (insideStructBody(lines, line)) return true;
  const body = branchLines(lines, line);
  if (insideTable(lines, line) && body.every((t) => !/;/.test(t))) return true;
  return body.length > 0 && body.every((t) => INITIALISER.test(t));
}

/** The non-blank lines of the branch opened at `line` (1-based), nested directives left out. */
function branchLines(lines: string[], line: number): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = line; i < lines.length; i++) {
    const d = DIRECTIVE.exec(lines[i]);
    if (d) {
      if (d[1] === 'if' || d[1] === 'ifdef' || d[1] === 'ifndef') depth++;
      else if (d[1] === 'endif') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) break;
      continue;
    }
    if (lines[i].trim() !== '') out.push(lines[i]);
  }
  return out;
}

/** Is `line` (1-based) inside an array's brace initialiser (`... name[] = {`)? */
function insideTable(lines: string[], line: number): boolean {
  return enclosingBraceHead(lines, line, /\]\s*=\s*$/);
}

/** Is `line` (1-based) inside `struct X { ... }` (a definition, not an initialiser)? */
function insideStructBody(lines: string[], line: number): boolean {
  return enclosingBraceHead(lines, line, /\b(?:struct|union)\s+\w+\s*$/);
}

/** Does the text before the brace enclosing `line` (1-based) match `head`? */
function enclosingBraceHead(lines: string[], line: number, headPattern: RegExp): boolean {
  let depth = 0;
  for (let i = line - 2; i >= 0 && i >= line - 400; i--) {
    const text = lines[i];
    for (let j = text.length - 1; j >= 0; j--) {
      const c = text[j];
      if (c === '}') depth++;
      else if (c === '{') {
        if (depth > 0) {
          depth--;
          continue;
        }
        const head = (i > 0 ? lines[i - 1] + ' ' : '') + text.slice(0, j);
        return headPattern.test(head);
      }
    }
  }
  return false;
}
