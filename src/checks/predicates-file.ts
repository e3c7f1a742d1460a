// Predicate leaves over text, files and the whole series, the evaluator leaf,
// and the combined registry.
import { CALL_LEAVES, CODE_SCOPES, groupsOf, typeMatches } from './predicates.ts';
import type { LeafSpec } from './predicates.ts';
import { callList, lineMatch, nameMatcher, pathMatches, selfMatch } from './context.ts';
import type { EvalContext, Match, Scope } from './context.ts';
import { asEnum, asNames, asObject, asRegex, asString, asStringList, fail, isRecord } from './predicate-args.ts';
import { getEvaluator } from './evaluators-registry.ts';
import type { FileCategory, FileChange } from './model.ts';

const ALL_SCOPES: Scope[] = ['hunk', 'function', 'file', 'series'];
const FILE_SCOPES: Scope[] = ['file', 'series'];
const CATEGORIES: readonly FileCategory[] = ['mm', 'selftest', 'docs', 'uapi', 'header', 'c', 'build', 'other'];

/** Files the target covers, with their patch index. */
function scopeFiles(ctx: EvalContext): { patch: number; file: FileChange }[] {
  if (ctx.kind === 'series') return ctx.model.patches.flatMap((p) => p.files.map((file) => ({ patch: p.index, file })));
  return ctx.file ? [{ patch: ctx.anchor.patch, file: ctx.file }] : [];
}

function seriesFiles(ctx: EvalContext): { patch: number; file: FileChange }[] {
  return ctx.model.patches.flatMap((p) => p.files.map((file) => ({ patch: p.index, file })));
}

function addedSet(file: FileChange): Set<number> {
  return new Set(file.added.map((a) => a.line));
}

/** Line-based regex over comment-free code: the function's lines, the hunk's added lines, or the file. */
function codeMatches(ctx: EvalContext, src: string): Match[] {
  const file = ctx.file;
  if (!file?.code) return [];
  const re = new RegExp(src);
  const lines = file.code.split('\n');
  let wanted: number[];
  if (ctx.kind === 'hunk') wanted = ctx.added.map((a) => a.line);
  else if (ctx.fn) wanted = Array.from({ length: ctx.fn.endLine - ctx.fn.startLine + 1 }, (_, i) => ctx.fn!.startLine + i);
  else wanted = lines.map((_, i) => i + 1);
  const out: Match[] = [];
  for (const line of wanted) {
    const m = re.exec(lines[line - 1] ?? '');
    if (m) out.push(lineMatch(ctx, ctx.anchor.patch, file, line, groupsOf(m)));
  }
  return out;
}

const TEXT_LEAVES: Record<string, LeafSpec> = {
  code_matches: {
    scopes: CODE_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => codeMatches(ctx, a as string),
    describe: (a) => `code matching /${a as string}/`,
  },
  adds_text_matches: {
    scopes: ALL_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => {
      const re = new RegExp(a as string);
      const out: Match[] = [];
      const files = new Map(seriesFiles(ctx).map((x) => [`${x.patch}\u0000${x.file.path}`, x.file]));
      for (const l of ctx.added) {
        const m = re.exec(l.text);
        const file = files.get(`${l.patch}\u0000${l.file}`);
        if (m && file) out.push(lineMatch(ctx, l.patch, file, l.line, groupsOf(m)));
      }
      return out;
    },
    describe: (a) => `an added line matching /${a as string}/`,
  },
  in_paths: {
    scopes: CODE_SCOPES,
    parse: (raw) => asStringList(raw, 'a path glob or a list of them'),
    evaluate: (ctx, a) => (ctx.file && pathMatches(ctx.file.path, a as string[]) ? selfMatch(ctx) : []),
    describe: (a) => `a file under ${(a as string[]).join(', ')}`,
  },
};

const FILE_LEAVES: Record<string, LeafSpec> = {
  file_ifdef_growth: {
    scopes: FILE_SCOPES,
    parse: (raw) => asNames(raw, 'a CONFIG_ symbol or a list of them'),
    evaluate: (ctx, a) => {
      const want = nameMatcher(a as string[]);
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const syms = Object.entries(file.ifdefDelta).filter(([s, d]) => d > 0 && want(s));
        if (syms.length === 0) continue;
        const first = file.added.find((l) => /^\s*#\s*if/.test(l.text) && syms.some(([s]) => l.text.includes(s)));
        out.push(lineMatch(ctx, patch, file, first?.line ?? null, { symbol: syms[0][0], count: String(syms[0][1]) }));
      }
      return out;
    },
    describe: (a) => `more #if blocks on ${(a as string[]).join(', ')}`,
  },
  adds_define: {
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['name', 'value', 'ioctl', 'paths']);
      if (o.ioctl !== undefined && typeof o.ioctl !== 'boolean') fail("'ioctl' must be true or false");
      return { name: o.name === undefined ? undefined : asRegex(o.name), value: o.value === undefined ? undefined : asRegex(o.value), ioctl: o.ioctl, paths: o.paths === undefined ? undefined : asStringList(o.paths) };
    },
    evaluate: (ctx, a) => {
      const { name, value, ioctl, paths } = a as { name?: string; value?: string; ioctl?: boolean; paths?: string[] };
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        if (paths && !pathMatches(file.path, paths)) continue;
        for (const d of file.addedDefines) {
          if (name && !new RegExp(name).test(d.name)) continue;
          if (value && !new RegExp(value).test(d.value)) continue;
          if (ioctl !== undefined && d.isIoctl !== ioctl) continue;
          out.push(lineMatch(ctx, patch, file, d.line, { symbol: d.name, value: d.value }));
        }
      }
      return out;
    },
    describe: () => 'a new #define',
  },
  adds_struct_fn_field: {
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['struct', 'param_types', 'return_types']);
      return { struct: o.struct === undefined ? undefined : asNames(o.struct), param_types: o.param_types === undefined ? undefined : asStringList(o.param_types), return_types: o.return_types === undefined ? undefined : asStringList(o.return_types) };
    },
    evaluate: (ctx, a) => {
      const { struct, param_types, return_types } = a as { struct?: string[]; param_types?: string[]; return_types?: string[] };
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const added = addedSet(file);
        for (const s of file.analysis?.structs ?? []) {
          if (struct && !nameMatcher(struct)(s.name)) continue;
          for (const f of s.fnFields) {
            if (!added.has(f.line)) continue;
            const byParam = param_types?.find((p) => f.params.some((q) => typeMatches(q.type, p)));
            const byReturn = return_types?.find((p) => typeMatches(f.returnType, p));
            if ((param_types || return_types) && !byParam && !byReturn) continue;
            out.push(lineMatch(ctx, patch, file, f.line, { struct: s.name, field: f.field, type: byParam ?? byReturn ?? '' }));
          }
        }
      }
      return out;
    },
    describe: () => 'a new function-pointer member',
  },
  adds_ops_field: {
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['struct', 'field']);
      return { struct: o.struct === undefined ? undefined : asNames(o.struct), field: o.field === undefined ? undefined : asNames(o.field) };
    },
    evaluate: (ctx, a) => {
      const { struct, field } = a as { struct?: string[]; field?: string[] };
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const added = addedSet(file);
        for (const init of file.analysis?.opsInitializers ?? []) {
          if (struct && !nameMatcher(struct)(init.struct)) continue;
          for (const f of init.fields) {
            if (added.has(f.line) && (!field || nameMatcher(field)(f.field))) out.push(lineMatch(ctx, patch, file, f.line, { struct: init.struct, symbol: init.name, field: f.field, value: f.value }));
          }
        }
      }
      return out;
    },
    describe: () => 'a new ops-table entry',
  },
  adds_export: {
    scopes: FILE_SCOPES,
    parse: (raw) => asNames(raw),
    evaluate: (ctx, a) => {
      const want = nameMatcher(a as string[]);
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const added = addedSet(file);
        for (const e of file.analysis?.exports ?? []) if (added.has(e.line) && want(e.name)) out.push(lineMatch(ctx, patch, file, e.line, { symbol: e.name }));
      }
      return out;
    },
    describe: (a) => `a new EXPORT_SYMBOL of ${callList(a as string[])}`,
  },
  series_touches: {
    scopes: ALL_SCOPES,
    parse: (raw) => asStringList(raw, 'a file category or a list of them').map((c) => asEnum(c, CATEGORIES, 'category')),
    evaluate: (ctx, a) => {
      const hit = seriesFiles(ctx).find(({ file }) => file.categories.some((c) => (a as string[]).includes(c)));
      return hit ? [lineMatch(ctx, hit.patch, hit.file, hit.file.added[0]?.line ?? null)] : [];
    },
    describe: (a) => `a change to ${(a as string[]).map((c) => CATEGORY_WORDS[c] ?? c).join(' or ')}`,
  },
  series_adds_text: {
    scopes: ALL_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['paths', 'contains', 'matches']);
      if (o.contains === undefined && o.matches === undefined) fail("needs 'contains' or 'matches'");
      return { paths: o.paths === undefined ? undefined : asStringList(o.paths), contains: o.contains === undefined ? undefined : asString(o.contains), matches: o.matches === undefined ? undefined : asRegex(o.matches) };
    },
    evaluate: (ctx, a) => {
      const { paths, contains, matches } = a as { paths?: string[]; contains?: string; matches?: string };
      const re = matches ? new RegExp(matches) : null;
      const out: Match[] = [];
      for (const { patch, file } of seriesFiles(ctx)) {
        if (paths && !pathMatches(file.path, paths)) continue;
        for (const l of file.added) {
          if (contains !== undefined && !l.text.includes(contains)) continue;
          const m = re ? re.exec(l.text) : null;
          if (re && !m) continue;
          out.push(lineMatch(ctx, patch, file, l.line, m ? groupsOf(m) : {}));
        }
      }
      return out;
    },
    describe: (a) => {
      const { paths, contains, matches } = a as { paths?: string[]; contains?: string; matches?: string };
      const what = contains !== undefined ? `containing '${contains}'` : `matching /${matches}/`;
      return `an added line ${what}${paths ? ` under ${paths.join(', ')}` : ''}`;
    },
  },
  evaluator: {
    scopes: ALL_SCOPES,
    parse: (raw) => {
      const o = typeof raw === 'string' ? { name: raw } : asObject(raw, ['name'], ['args']);
      const name = asString(o.name, 'an evaluator name');
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) fail('evaluator names are lower-case words joined by dashes');
      return { name, args: isRecord(o) ? o.args : undefined };
    },
    evaluate: (ctx, a) => {
      const { name, args } = a as { name: string; args: unknown };
      const ev = getEvaluator(name);
      if (!ev) throw new Error(`evaluator '${name}' is not loaded`);
      return ev.evaluate(ctx, args);
    },
    describe: (a) => {
      const { name, args } = a as { name: string; args: unknown };
      return getEvaluator(name)?.describe?.(args) ?? `the condition checked by ${name}`;
    },
  },
};

const CATEGORY_WORDS: Record<string, string> = { selftest: 'selftests (tools/testing/selftests)', docs: 'documentation (Documentation/)', uapi: 'uapi headers', mm: 'mm/' };

export const LEAVES: Record<string, LeafSpec> = { ...CALL_LEAVES, ...TEXT_LEAVES, ...FILE_LEAVES };

