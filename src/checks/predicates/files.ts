// Predicate leaves over text, files and the whole series (code_matches,
// adds_define, adds_export, series_touches, series_adds_text...).
import { lineMatch, selfMatch } from '../eval-context.ts';
import type { EvalContext, Match } from '../eval-context.ts';
import { callList, nameMatcher, pathMatches, typeMatches } from '../patterns.ts';
import { groupsOf } from '../placeholders.ts';
import { asBoolean, asEnum, asNames, asObject, asRegex, asString, asStringList, fail, optionalField } from './args.ts';
import { ALL_SCOPES, CODE_SCOPES, FILE_SCOPES, leaf } from './leaf.ts';
import type { LeafDef } from './leaf.ts';
import type { ChangeModel, FileCategory, FileChange } from '../change-types.ts';
import { codeLines, seriesFiles as filesOfSeries } from '../model-lookup.ts';

const CATEGORIES: readonly FileCategory[] = ['mm', 'selftest', 'docs', 'uapi', 'header', 'c', 'build', 'other'];

/** Files the target covers, with their patch index. */
function scopeFiles(ctx: EvalContext): readonly { patch: number; file: FileChange }[] {
  if (ctx.kind === 'series') return filesOfSeries(ctx.model);
  return ctx.file ? [{ patch: ctx.anchor.patch, file: ctx.file }] : [];
}

function seriesFiles(ctx: EvalContext): readonly { patch: number; file: FileChange }[] {
  return filesOfSeries(ctx.model);
}

/** The series' files by patch and path (the last of a path wins, as building a Map of them would). */
const filesByKey = new WeakMap<ChangeModel, Map<string, FileChange>>();
function fileByKey(model: ChangeModel): Map<string, FileChange> {
  let map = filesByKey.get(model);
  if (!map) filesByKey.set(model, (map = new Map(filesOfSeries(model).map((x) => [`${x.patch}\u0000${x.file.path}`, x.file]))));
  return map;
}

function addedSet(file: FileChange): Set<number> {
  return new Set(file.added.map((a) => a.line));
}

/** Line-based regex over comment-free code: the function's lines, the hunk's added lines, or the file. */
function codeMatches(ctx: EvalContext, src: string): Match[] {
  const file = ctx.file;
  if (!file?.code) return [];
  const re = new RegExp(src);
  const lines = codeLines(file)!;
  let wanted: number[];
  if (ctx.kind === 'hunk') wanted = ctx.added.map((a) => a.line);
  else if (ctx.fn) {
    const start = ctx.fn.startLine;
    wanted = Array.from({ length: ctx.fn.endLine - start + 1 }, (_, i) => start + i);
  } else wanted = lines.map((_, i) => i + 1);
  const out: Match[] = [];
  for (const line of wanted) {
    const m = re.exec(lines[line - 1] ?? '');
    if (m) out.push(lineMatch(ctx, ctx.anchor.patch, file, line, groupsOf(m)));
  }
  return out;
}

interface DefineArgs {
  name?: string;
  value?: string;
  ioctl?: boolean;
  paths?: string[];
}

interface FnFieldArgs {
  struct?: string[];
  param_types?: string[];
  return_types?: string[];
}

interface OpsFieldArgs {
  struct?: string[];
  field?: string[];
}

interface SeriesTextArgs {
  paths?: string[];
  contains?: string;
  matches?: string;
}

const names = (raw: unknown): string[] => asNames(raw);
const globs = (raw: unknown): string[] => asStringList(raw, 'a path glob or a list of them');
const types = (raw: unknown): string[] => asStringList(raw, 'a type or a list of them');

export const TEXT_LEAVES: Record<string, LeafDef> = {
  code_matches: leaf<string>({
    scopes: CODE_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => codeMatches(ctx, a),
    describe: (a) => `code matching /${a}/`,
  }),
  adds_text_matches: leaf<string>({
    scopes: ALL_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => {
      const re = new RegExp(a);
      const out: Match[] = [];
      const files = fileByKey(ctx.model);
      for (const l of ctx.added) {
        const m = re.exec(l.text);
        const file = files.get(`${l.patch}\u0000${l.file}`);
        if (m && file) out.push(lineMatch(ctx, l.patch, file, l.line, groupsOf(m)));
      }
      return out;
    },
    describe: (a) => `an added line matching /${a}/`,
  }),
  in_paths: leaf<string[]>({
    scopes: CODE_SCOPES,
    parse: globs,
    evaluate: (ctx, a) => (ctx.file && pathMatches(ctx.file.path, a) ? selfMatch(ctx) : []),
    describe: (a) => `a file under ${a.join(', ')}`,
  }),
};

export const FILE_LEAVES: Record<string, LeafDef> = {
  adds_define: leaf<DefineArgs>({
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['name', 'value', 'ioctl', 'paths']);
      return { name: optionalField(o, 'name', asRegex), value: optionalField(o, 'value', asRegex), ioctl: optionalField(o, 'ioctl', asBoolean), paths: optionalField(o, 'paths', globs) };
    },
    evaluate: (ctx, { name, value, ioctl, paths }) => {
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
  }),
  adds_struct_fn_field: leaf<FnFieldArgs>({
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['struct', 'param_types', 'return_types']);
      return { struct: optionalField(o, 'struct', names), param_types: optionalField(o, 'param_types', types), return_types: optionalField(o, 'return_types', types) };
    },
    evaluate: (ctx, { struct, param_types, return_types }) => {
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
  }),
  adds_ops_field: leaf<OpsFieldArgs>({
    scopes: FILE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['struct', 'field']);
      return { struct: optionalField(o, 'struct', names), field: optionalField(o, 'field', names) };
    },
    evaluate: (ctx, { struct, field: fields }) => {
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const added = addedSet(file);
        for (const init of file.analysis?.opsInitializers ?? []) {
          if (struct && !nameMatcher(struct)(init.struct)) continue;
          for (const f of init.fields) {
            if (added.has(f.line) && (!fields || nameMatcher(fields)(f.field))) out.push(lineMatch(ctx, patch, file, f.line, { struct: init.struct, symbol: init.name, field: f.field, value: f.value }));
          }
        }
      }
      return out;
    },
    describe: () => 'a new ops-table entry',
  }),
  adds_export: leaf<string[]>({
    scopes: FILE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const want = nameMatcher(a);
      const out: Match[] = [];
      for (const { patch, file } of scopeFiles(ctx)) {
        const added = addedSet(file);
        for (const e of file.analysis?.exports ?? []) if (added.has(e.line) && want(e.name)) out.push(lineMatch(ctx, patch, file, e.line, { symbol: e.name }));
      }
      return out;
    },
    describe: (a) => `a new EXPORT_SYMBOL of ${callList(a)}`,
  }),
  series_touches: leaf<FileCategory[]>({
    scopes: ALL_SCOPES,
    parse: (raw) => asStringList(raw, 'a file category or a list of them').map((c) => asEnum(c, CATEGORIES, 'category')),
    evaluate: (ctx, a) => {
      const hit = seriesFiles(ctx).find(({ file }) => file.categories.some((c) => a.includes(c)));
      return hit ? [lineMatch(ctx, hit.patch, hit.file, hit.file.added[0]?.line ?? null)] : [];
    },
    describe: (a) => `a change to ${a.map((c) => CATEGORY_WORDS[c] ?? c).join(' or ')}`,
  }),
  series_adds_text: leaf<SeriesTextArgs>({
    scopes: ALL_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, [], ['paths', 'contains', 'matches']);
      if (o.contains === undefined && o.matches === undefined) fail("needs 'contains' or 'matches'");
      return { paths: optionalField(o, 'paths', globs), contains: optionalField(o, 'contains', asString), matches: optionalField(o, 'matches', asRegex) };
    },
    evaluate: (ctx, { paths, contains, matches }) => {
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
    describe: ({ paths, contains, matches }) => {
      const what = contains !== undefined ? `containing '${contains}'` : `matching /${matches}/`;
      return `an added line ${what}${paths ? ` under ${paths.join(', ')}` : ''}`;
    },
  }),
};

const CATEGORY_WORDS: Partial<Record<FileCategory, string>> = { selftest: 'selftests (tools/testing/selftests)', docs: 'documentation (Documentation/)', uapi: 'uapi headers', mm: 'mm/' };
