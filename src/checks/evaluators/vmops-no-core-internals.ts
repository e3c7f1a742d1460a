// Evaluator `vmops-no-core-internals`: added function-pointer members of ops
// structs that drivers implement for a VMA, whose parameter or return types
// expose core mm internals. Works from the masked new-side text, so it also
// sees members of a struct whose header is outside the hunk (the diff rebuild
// reopens it from git's section line) and members after an orphan #endif.
//
// Hook structs: names in `structs`, plus struct types that a `referenced_from`
// struct (vm_operations_struct) holds a pointer to anywhere in the series.
//
// A member matches when a parameter has one of `param_types`, its return type
// is one of `return_types`, or its parameters hold every type of one of
// `param_combos` (a VMA plus a folio: the driver is asked to install it).
//
// args: { structs: names, referenced_from?: names, param_types?: types, return_types?: types, param_combos?: types[] }
// Matches bind {struct, field, type} and {symbol} ("struct.field()").
import { lineMatch } from '../eval-context.ts';
import { nameMatcher } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { parseParams, normaliseType } from '../c/functions.ts';
import { typeMatches } from '../patterns.ts';
import type { ChangeModel, FileChange } from '../change-types.ts';
import { asNames, asObject, asStringList, asStringLists, field, optionalField } from '../predicates/args.ts';

interface Args {
  structs: string[];
  referenced_from?: string[];
  param_types?: string[];
  return_types?: string[];
  param_combos?: string[][];
}

export const scopes: Scope[] = ['file', 'series'];

const FN_MEMBER = /^([^;{}()#]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^;{}]*)\)\s*;/;
const MAX_MEMBER_LINES = 12;
const MAX_SCAN_BACK = 20000;

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['structs'], ['referenced_from', 'param_types', 'return_types', 'param_combos']);
  const types = (v: unknown): string[] => asStringList(v, 'a type or a list of them');
  return {
    structs: field(o, 'structs', (v) => asNames(v)), referenced_from: optionalField(o, 'referenced_from', (v) => asNames(v)),
    param_types: optionalField(o, 'param_types', types), return_types: optionalField(o, 'return_types', types), param_combos: optionalField(o, 'param_combos', asStringLists),
  };
}

export function evaluate(ctx: EvalContext, a: Args): Match[] {
  const inList = nameMatcher(a.structs);
  const referenced = referencedStructs(ctx, a.referenced_from ?? []);
  const isHook = (name: string) => inList(name) || referenced.has(name);
  const files = ctx.kind === 'series'
    ? ctx.model.patches.flatMap((p) => p.files.map((file) => ({ patch: p.index, file })))
    : ctx.file ? [{ patch: ctx.anchor.patch, file: ctx.file }] : [];
  const out: Match[] = [];
  for (const { patch, file } of files) {
    for (const m of addedMembers(file)) {
      if (!isHook(m.struct)) continue;
      const params = parseParams(m.params);
      const byParam = a.param_types?.find((t) => params.some((p) => typeMatches(p.type, t)));
      const byReturn = a.return_types?.find((t) => typeMatches(normaliseType(m.returnType), t));
      const byCombo = a.param_combos?.find((combo) => combo.every((t) => params.some((p) => typeMatches(p.type, t))))?.join(' with ');
      const type = byParam ?? byReturn ?? byCombo;
      if (type === undefined) continue;
      out.push(lineMatch(ctx, patch, file, m.line, { struct: m.struct, field: m.field, type, symbol: `${m.struct}.${m.field}()` }));
    }
  }
  return out;
}

export function describe(): string {
  return 'a new driver-facing hook that exposes page tables, page-table locks or other core mm state';
}

interface Member {
  line: number;
  struct: string;
  field: string;
  returnType: string;
  params: string;
}

/** Function-pointer members that start on an added line, with their enclosing struct. */
function addedMembers(file: FileChange): Member[] {
  const code = file.code;
  if (!code) return [];
  const lines = code.split('\n');
  const starts: number[] = [0];
  for (let i = 0; i < lines.length; i++) starts.push(starts[i] + lines[i].length + 1);
  const out: Member[] = [];
  for (const { line } of file.added) {
    const text = lines[line - 1] ?? '';
    if (!/\(\s*\*\s*\w+\s*\)\s*\(/.test(text) || /^\s*#/.test(text)) continue;
    const decl = lines.slice(line - 1, line - 1 + MAX_MEMBER_LINES).join(' ');
    const m = FN_MEMBER.exec(decl.trimStart());
    if (!m) continue;
    const struct = enclosingStruct(code, starts[line - 1]);
    if (struct) out.push({ line, struct, field: m[2], returnType: m[1].trim(), params: m[3] });
  }
  return out;
}

/** Name of the struct whose body contains `at`, scanning back over balanced braces. */
function enclosingStruct(code: string, at: number): string | null {
  let depth = 0;
  const stop = Math.max(0, at - MAX_SCAN_BACK);
  for (let i = at - 1; i >= stop; i--) {
    const c = code[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const head = /struct\s+(\w+)\s*$/.exec(code.slice(Math.max(0, i - 200), i));
      return head ? head[1] : null;
    }
  }
  return null;
}

/** referencedStructs per model and owner list: the series is scanned once, not once per file target. */
const referencedCache = new WeakMap<ChangeModel, Map<string, ReadonlySet<string>>>();

/** Struct types held by pointer inside the bodies of `owners` anywhere in the series (shared: do not change it). */
function referencedStructs(ctx: EvalContext, owners: string[]): ReadonlySet<string> {
  if (owners.length === 0) return new Set<string>();
  let byOwners = referencedCache.get(ctx.model);
  if (!byOwners) referencedCache.set(ctx.model, (byOwners = new Map<string, ReadonlySet<string>>()));
  const key = owners.join('\0');
  let hit = byOwners.get(key);
  if (!hit) byOwners.set(key, (hit = scanReferencedStructs(ctx, owners)));
  return hit;
}

function scanReferencedStructs(ctx: EvalContext, owners: string[]): Set<string> {
  const out = new Set<string>();
  const isOwner = nameMatcher(owners);
  for (const p of ctx.model.patches) {
    for (const f of p.files) {
      const code = f.code;
      if (!code) continue;
      for (const head of code.matchAll(/\bstruct\s+(\w+)\s*\{/g)) {
        if (!isOwner(head[1])) continue;
        const body = bodyAfter(code, head.index + head[0].length - 1);
        for (const m of body.matchAll(/\bstruct\s+(\w+)\s*\*\s*\w+\s*;/g)) out.add(m[1]);
      }
    }
  }
  return out;
}

function bodyAfter(code: string, open: number): string {
  let depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === '{') depth++;
    else if (code[j] === '}' && --depth === 0) return code.slice(open + 1, j);
  }
  return code.slice(open + 1);
}
