// Predicate leaves over calls and functions (calls_any, call_before,
// requires_call_before, name_matches...).
import { CALL_AT, anchorMatch, anyCaller, beliefEffectOf, callMatch, minedCallersDo, selfMatch } from '../eval-context.ts';
import type { EvalContext, Follow, Match } from '../eval-context.ts';
import { callList, nameMatcher, typeMatches } from '../patterns.ts';
import { groupsOf } from '../placeholders.ts';
import { asEnum, asIndex, asNames, asObject, asRegex, asStringList, field, optionalField } from './args.ts';
import { CODE_SCOPES, FN_SCOPES, leaf } from './leaf.ts';
import type { LeafDef } from './leaf.ts';
import type { CallSite, FunctionChange } from '../change-types.ts';
import { firstUncovered, firstUncoveredFrom, type Direction } from '../call-order.ts';

const names = (raw: unknown): string[] => asNames(raw);
const fnCalls = (ctx: EvalContext): CallSite[] => ctx.fn?.calls ?? ctx.calls;

function followSuffix(f: Follow): string {
  if (f.callees && f.callers) return ' in the function, a helper it calls, or a caller the series shows';
  if (f.callees) return ' in the function or a helper it calls';
  if (f.callers) return ' in the function or a caller the series shows';
  return ' in the function';
}

/** Does a call matching `want` satisfy `ok(offset)` here, in a callee-1 body, or in a caller? */
function satisfied(ctx: EvalContext, wanted: readonly string[], here: (c: CallSite) => boolean, inCaller: (caller: FunctionChange, callAt: number) => boolean): boolean {
  const want = nameMatcher(wanted);
  const own = fnCalls(ctx);
  if (own.some((c) => want(c.name) && here(c))) return true;
  const fn = ctx.fn;
  if (!fn) return false;
  if (own.some((c) => here(c) && helperCalls(ctx, fn, c, want))) return true;
  return anyCaller(ctx, fn, (caller, callee) => {
    const at = caller.calls.find((c) => c.name === callee.name && !c.indirect);
    return at !== undefined && inCaller(caller, at.offset);
  }) || minedCallersDo(ctx, fn, beliefEffectOf(wanted), 'around');
}

/** The calls made by the helper `c` calls from `fn` (one level: its definition in the series or the tree), or none. */
function helperBody(ctx: EvalContext, fn: FunctionChange, c: Pick<CallSite, 'name' | 'indirect'>): CallSite[] {
  if (c.indirect || c.name === fn.name) return [];
  return ctx.model.index.resolve(c.name, fn.patch, fn.file)?.calls ?? [];
}

/** Does the body of the helper `c` calls (one level, when the rule follows callees) make a call matching `want`? */
function helperCalls(ctx: EvalContext, fn: FunctionChange, c: CallSite, want: (n: string) => boolean): boolean {
  return ctx.follow.callees >= 1 && helperBody(ctx, fn, c).some((d) => want(d.name));
}

/** The calls of `isRef` among `calls`: only the one a trigger matched (its CALL_AT binding) when it is one of them. */
function refsOf(ctx: EvalContext, calls: readonly CallSite[], isRef: (n: string) => boolean): CallSite[] {
  const all = calls.filter((c) => isRef(c.name));
  const at = ctx.bindings[CALL_AT];
  const matched = at === undefined ? [] : all.filter((c) => `${c.line}:${c.col}` === at);
  return matched.length > 0 ? matched : all;
}

/**
 * Is every call of `isRef` in the function met by a call of `want` on every path into it (`before`) or
 * out of it (`after`): in the function (or a helper it calls there), or else at every call of the
 * function in a caller the series shows. Paths come from the function's control flow when its text is
 * whole (call-order.ts), text order otherwise.
 */
function orderSatisfied(ctx: EvalContext, wanted: readonly string[], isRef: (n: string) => boolean, direction: Direction): boolean {
  const want = nameMatcher(wanted);
  const refs = refsOf(ctx, fnCalls(ctx), isRef);
  if (refs.length === 0) return true;
  const fn = ctx.fn;
  if (!fn) {
    const first = refs[0]!;
    return ctx.calls.some((c) => want(c.name) && (direction === 'before' ? c.offset < first.offset : c.offset > first.offset));
  }
  const covers = (c: CallSite): boolean => want(c.name) || helperCalls(ctx, fn, c, want);
  if (firstUncovered(fn, refs, covers, direction) === null) return true;
  return anyCaller(ctx, fn, (caller, callee) => {
    const sites = caller.calls.filter((c) => c.name === callee.name && !c.indirect);
    return sites.length > 0 && firstUncovered(caller, sites, (c) => want(c.name), direction) === null;
  }) || minedCallersDo(ctx, fn, beliefEffectOf(wanted), direction);
}

/**
 * Is every path from a call of `isFrom` to a call of `isRef` in the function met by a call of `wanted` (or a
 * helper making one) in between? Callers play no part: the path starts in the function.
 */
function fromSatisfied(ctx: EvalContext, wanted: readonly string[], isRef: (n: string) => boolean, isFrom: (n: string) => boolean): boolean {
  const fn = ctx.fn;
  if (!fn) return orderSatisfied(ctx, wanted, isRef, 'before');
  const want = nameMatcher(wanted);
  const froms = fn.calls.filter((c) => isFrom(c.name));
  return firstUncoveredFrom(fn, refsOf(ctx, fn.calls, isRef), froms, (c) => want(c.name) || helperCalls(ctx, fn, c, want)) === null;
}

interface Order {
  call: string[];
  ref: string[];
  /** before only: just the paths from a call of these to the ref count (allocated, then mapped). */
  from?: string[];
}

/** `{call: names, <ref>: names}` for the ordering expectations. */
const orderArgs = (ref: 'before' | 'after') => (raw: unknown): Order => {
  const o = asObject(raw, ['call', ref], ref === 'before' ? ['from'] : []);
  const from = ref === 'before' ? optionalField(o, 'from', names) : undefined;
  return { call: field(o, 'call', names), ref: field(o, ref, names), ...(from ? { from } : {}) };
};

interface CallBefore {
  first: string[];
  then: string[];
  args_differ?: number;
  args_same?: number;
  /** A `then` call may also be made by a helper called after `first` (one level). */
  callees?: boolean;
}

interface CallArg {
  call: string[];
  matches: string;
  arg: number | 'any';
  /** 1: calls made by the helpers the function calls count too (one level; function scope only). */
  callees: 0 | 1;
}

const argIndex = (raw: unknown): number => asIndex(raw, 'a 0-based argument index');
const argOrAny = (raw: unknown): number | 'any' => (raw === 'any' ? 'any' : asIndex(raw, "a 0-based index or 'any'"));

export const CALL_LEAVES: Record<string, LeafDef> = {
  calls_any: leaf<string[]>({
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => ctx.calls.filter((c) => nameMatcher(a)(c.name)).map((c) => callMatch(ctx, c)),
    describe: (a) => `a call to ${callList(a)}`,
  }),
  adds_call_any: leaf<string[]>({
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const added = new Set(ctx.added.map((l) => l.line));
      return ctx.calls.filter((c) => added.has(c.line) && nameMatcher(a)(c.name)).map((c) => callMatch(ctx, c));
    },
    describe: (a) => `an added call to ${callList(a)}`,
  }),
  calls_all: leaf<string[]>({
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const firsts: CallSite[] = [];
      for (const p of a) {
        const hit = ctx.calls.find((c) => nameMatcher([p])(c.name));
        if (!hit) return [];
        firsts.push(hit);
      }
      firsts.sort((x, y) => x.offset - y.offset);
      return [callMatch(ctx, firsts[0])];
    },
    describe: (a) => `calls to all of ${callList(a)}`,
  }),
  calls_none: leaf<string[]>({
    scopes: CODE_SCOPES,
    parse: names,
    evaluate: (ctx, a) => (ctx.calls.some((c) => nameMatcher(a)(c.name)) ? [] : selfMatch(ctx)),
    describe: (a) => `no call to ${callList(a)}`,
  }),
  call_before: leaf<CallBefore>({
    scopes: CODE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, ['first', 'then'], ['args_differ', 'args_same', 'callees']);
      const callees = optionalField(o, 'callees', (v) => asEnum(String(v), ['0', '1'] as const, 'a callee depth (0 or 1)')) === '1';
      return { first: field(o, 'first', names), then: field(o, 'then', names), args_differ: optionalField(o, 'args_differ', argIndex), args_same: optionalField(o, 'args_same', argIndex), ...(callees ? { callees } : {}) };
    },
    evaluate: (ctx, { first, then, args_differ: differ, args_same: same, callees }) => {
      const isFirst = nameMatcher(first);
      const thenNames = nameMatcher(then);
      // With callees: 1, a call of a helper (one level, of the series or the tree) that makes a `then` call counts as one.
      const fn = ctx.fn;
      const isThen = (name: string): boolean =>
        thenNames(name) || (callees === true && fn !== null && helperBody(ctx, fn, { name, indirect: false }).some((d) => thenNames(d.name)));
      // A pair only counts when both calls have the argument and it differs (or matches) textually.
      const pairOk = (f: CallSite, t: CallSite): boolean =>
        (differ === undefined || f.args[differ] === undefined || t.args[differ] === undefined || f.args[differ] !== t.args[differ]) &&
        (same === undefined || (f.args[same] !== undefined && f.args[same] === t.args[same]));
      for (const f of ctx.calls) {
        if (!isFirst(f.name)) continue;
        if (ctx.calls.some((t) => t.offset > f.offset && isThen(t.name) && pairOk(f, t))) return [callMatch(ctx, f)];
      }
      return [];
    },
    describe: ({ first, then }) => `${callList(first)} followed by ${callList(then)}`,
  }),
  call_arg_matches: leaf<CallArg>({
    scopes: CODE_SCOPES,
    parse: (raw) => {
      const o = asObject(raw, ['call', 'matches'], ['arg', 'callees']);
      const callees = optionalField(o, 'callees', (v) => asEnum(String(v), ['0', '1'] as const, 'a callee depth (0 or 1)')) ?? '0';
      return { call: field(o, 'call', names), matches: field(o, 'matches', asRegex), arg: optionalField(o, 'arg', argOrAny) ?? 'any', callees: callees === '1' ? 1 : 0 };
    },
    evaluate: (ctx, { call, matches, arg, callees }) => {
      const re = new RegExp(matches);
      const isCall = nameMatcher(call);
      const argMatch = (c: CallSite): RegExpExecArray | null => {
        if (!isCall(c.name)) return null;
        for (const text of arg === 'any' ? c.args : c.args.slice(arg, arg + 1)) {
          const m = re.exec(text);
          if (m) return m;
        }
        return null;
      };
      const out: Match[] = [];
      for (const c of ctx.calls) {
        const m = argMatch(c);
        if (m) out.push(callMatch(ctx, c, { arg: m.input, ...groupsOf(m) }));
      }
      // A helper's call counts at the call of the helper.
      const fn = ctx.fn;
      if (out.length > 0 || callees === 0 || !fn) return out;
      for (const c of fn.calls) {
        const inner = helperBody(ctx, fn, c).map(argMatch).find((m) => m !== null);
        if (inner) out.push(callMatch(ctx, c, { arg: inner.input, ...groupsOf(inner) }));
      }
      return out;
    },
    describe: ({ call, matches }) => `${callList(call)} with an argument matching /${matches}/`,
  }),
  requires_call_before: leaf<Order>({
    scopes: FN_SCOPES,
    parse: orderArgs('before'),
    evaluate: (ctx, { call, ref, from }) => {
      const ok = from ? fromSatisfied(ctx, call, nameMatcher(ref), nameMatcher(from)) : orderSatisfied(ctx, call, nameMatcher(ref), 'before');
      return ok ? selfMatch(ctx) : [];
    },
    describe: ({ call, ref, from }, f) => `a call to ${callList(call)} ${from ? `between ${callList(from)} and` : 'before'} ${callList(ref)}${followSuffix(f)}`,
  }),
  requires_call_after: leaf<Order>({
    scopes: FN_SCOPES,
    parse: orderArgs('after'),
    evaluate: (ctx, { call, ref }) => (orderSatisfied(ctx, call, nameMatcher(ref), 'after') ? selfMatch(ctx) : []),
    describe: ({ call, ref }, f) => `a call to ${callList(call)} after ${callList(ref)}${followSuffix(f)}`,
  }),
  requires_any_call: leaf<string[]>({
    scopes: FN_SCOPES,
    parse: names,
    evaluate: (ctx, a) => {
      const want = nameMatcher(a);
      return satisfied(ctx, a, () => true, (caller) => caller.calls.some((c) => want(c.name))) ? selfMatch(ctx) : [];
    },
    describe: (a, f) => `a call to ${callList(a)}${followSuffix(f)}`,
  }),
  name_matches: leaf<string>({
    scopes: FN_SCOPES,
    parse: asRegex,
    evaluate: (ctx, a) => {
      const m = ctx.fn ? new RegExp(a).exec(ctx.fn.name) : null;
      return m ? [anchorMatch(ctx, undefined, groupsOf(m))] : [];
    },
    describe: (a) => `a function name matching /${a}/`,
  }),
  params_include: leaf<string[]>({
    scopes: FN_SCOPES,
    parse: (raw) => asStringList(raw, 'a parameter type or a list of them'),
    evaluate: (ctx, a) => {
      const params = ctx.fn?.params ?? [];
      const ok = a.every((p) => params.some((q) => typeMatches(q.type, p)));
      return ok ? selfMatch(ctx) : [];
    },
    describe: (a) => `parameters of type ${a.join(', ')}`,
  }),
  function_status: leaf<('added' | 'modified')[]>({
    scopes: FN_SCOPES,
    parse: (raw) => asStringList(raw, "'added' and/or 'modified'").map((s) => asEnum(s, ['added', 'modified'] as const, 'a function status')),
    evaluate: (ctx, a) => (ctx.fn && a.some((s) => s === ctx.fn?.status) ? selfMatch(ctx) : []),
    describe: (a) => `a function that is ${a.join(' or ')}`,
  }),
};
