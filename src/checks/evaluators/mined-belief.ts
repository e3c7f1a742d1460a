// Evaluator `mined-belief`: a changed function that breaks a belief mined from the tree about one effect
// ("7 of the 7 functions in mm/ that call X flush the cache"), or, in a --tree review, from which the
// change took the effect away (gone from every path, or no longer on every path before / after a call
// that had it). Knowledge comes from the review's tree, else from the knowledge base shipped with the tool;
// without either the evaluator says nothing.
//
// args: effect: one of BELIEF_EFFECTS (its words in messages: EFFECT_WORDS); also: other effects whose
// loss counts too.
import { BELIEF_EFFECTS, EFFECT_WORDS } from '../../domain/knowledge.ts';
import type { BeliefEffect } from '../../domain/knowledge.ts';
import { coverageLostSinceMined, deviation, effectView, lostSinceMined, loss, objectLoss } from '../beliefs/check.ts';
import type { EffectView } from '../beliefs/check.ts';
import type { ChangeModel, FunctionChange } from '../change-types.ts';
import { anchorMatch, callersUnseen, preImageOf, seesTree } from '../eval-context.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import { asEnum, asObject, asStringList, field, optionalField } from '../predicates/args.ts';

interface Args {
  effect: BeliefEffect;
  /** The effect in words after "to" ("flush the cache"). */
  does: string;
  /** Other effects whose loss (a --tree review) counts too: the end of a notifier range with its start. */
  also: BeliefEffect[];
}

export const scopes: Scope[] = ['function'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['effect'], ['also']);
  const effect = (v: unknown) => asEnum(v, BELIEF_EFFECTS, 'a belief effect');
  const main = field(o, 'effect', effect);
  return { effect: main, does: EFFECT_WORDS[main], also: optionalField(o, 'also', (v) => asStringList(v).map(effect)) ?? [] };
}

/** "flush the TLB" -> "flushes the TLB". */
function thirdPerson(does: string): string {
  return does.replace(/^([\w-]+)/, (v) => (/(?:sh|ch|s|x|z)$/.test(v) ? `${v}es` : `${v}s`));
}

export function describe(args: Args): string {
  return `code that ${thirdPerson(args.does)}`;
}

const views = new WeakMap<ChangeModel, EffectView>();
function viewOf(model: ChangeModel): EffectView | null {
  if (!model.knowledge) return null;
  let v = views.get(model);
  if (!v) views.set(model, (v = effectView(model, model.knowledge)));
  return v;
}

const names = (xs: readonly string[]) => xs.map((x) => `${x}()`).join(', ');
/** Two holders other than `self`, functions of the mined tree before those of the code under review. */
const examples = (holders: readonly string[], self: string, posted: readonly string[] = []) =>
  holders.filter((h) => h !== self).sort((a, b) => Number(posted.includes(a)) - Number(posted.includes(b))).slice(0, 2);

export function evaluate(ctx: EvalContext, args: Args): Match[] {
  const fn = ctx.fn;
  const view = viewOf(ctx.model);
  if (!fn || !view || fn.status === 'removed') return [];
  const lost = lostIn(ctx, view, fn, args);
  if (lost) return [lost];
  const d = deviation(view, fn, args.effect);
  if (!d) return sinceMined(ctx, view, fn, args);
  // Callers count (an effect all of them perform around the call keeps the belief): without the tree, those
  // outside the series were not seen, and with none seen at all the finding is a question.
  if (!seesTree(ctx)) markCallersUnseen(ctx, fn);
  const kb = view.kb;
  const where = d.belief.posted?.length ? `${kb.source.label} and the series' new files` : kb.source.label;
  const e = examples(d.belief.holders, fn.name, d.belief.posted);
  const how = d.belief.kind === 'calls' ? `also ${args.does}` : `${args.does} on every path ${d.belief.kind} the call`;
  const does = d.belief.kind === 'calls'
    ? `calls ${d.call.name}() (line ${d.call.line}) but does not ${args.does}, here, in its callees or around its callers' calls`
    : `calls ${d.call.name}() at line ${d.call.line} with a path ${d.belief.kind === 'before' ? 'into' : 'out of'} the call that does not ${args.does}`;
  const evidence = `${d.holders} of the ${d.support} functions in ${where} that call ${d.belief.callee}() ${how}${e.length ? ` (e.g. ${names(e)})` : ''}`;
  return [anchorMatch(ctx, d.call.line, { call: d.call.name, detail: `${does}. ${evidence}.` })];
}

/** Without a tree the callers outside the series are unseen; with none seen at all, the finding is a question. */
function markCallersUnseen(ctx: EvalContext, fn: FunctionChange): void {
  callersUnseen(ctx, ctx.model.index.callers(fn.name, fn.patch).every((c) => c === fn));
}

/** Without a tree: the function did the effect in the mined tree and the posted version does not. */
function sinceMined(ctx: EvalContext, view: EffectView, fn: FunctionChange, args: Args): Match[] {
  if (seesTree(ctx)) return [];
  const l = lostSinceMined(view, fn, args.effect);
  if (!l) return coverageSinceMined(ctx, view, fn, args);
  markCallersUnseen(ctx, fn);
  const detail = l.somePaths
    ? `does not ${args.does} on every path any more, although ${fn.name}() in ${view.kb.source.label} does on every path (itself or through its callees); if the change means to drop it on some paths, say why`
    : `does not ${args.does}, here or in what it calls, although ${fn.name}() in ${view.kb.source.label} does (on some path, through its callees); if the change means to drop it, say why`;
  return [anchorMatch(ctx, l.call?.line ?? fn.startLine, { call: l.call?.name ?? '', detail: `${detail}.` })];
}

/** Without a tree: an entry operation every path of the mined version reached after the effect, reached now without it. */
function coverageSinceMined(ctx: EvalContext, view: EffectView, fn: FunctionChange, args: Args): Match[] {
  const gap = coverageLostSinceMined(view, fn, args.effect);
  if (!gap) return [];
  const detail = `calls ${gap.name}() at line ${gap.line} with a path into it that does not ${args.does}, although in ${fn.name}() of ${view.kb.source.label} every path into its calls of ${gap.name}() does; if the change means that, say why`;
  return [anchorMatch(ctx, gap.line, { call: gap.name, detail: `${detail}.` })];
}

/** The change's loss of the effect in `fn` (a --tree review: the pre-image is known), as a match. */
function lostIn(ctx: EvalContext, view: EffectView, fn: FunctionChange, args: Args): Match | null {
  const pre = preImageOf(ctx, fn)?.fn;
  const preView = ctx.model.before ? viewOf(ctx.model.before) : null;
  if (!pre || !preView) return null;
  let l: ReturnType<typeof loss> = null;
  let does = args.does;
  for (const e of [args.effect, ...args.also]) {
    if ((l = loss(view, preView, pre, fn, e))) {
      if (e !== args.effect) does = EFFECT_WORDS[e];
      break;
    }
  }
  if (!l) return objectLostIn(ctx, view, pre, fn, args);
  const took = `this change removes ${names(l.removed)} from ${fn.name}()`;
  const detail = l.direction && l.call
    ? `${took}: before it, every path ${l.direction === 'before' ? 'into' : 'out of'} the call of ${l.call.name}() at line ${l.call.line} went through code that ${thirdPerson(does)}; now one does not`
    : `${took}, and nothing left in it or in what it calls can ${does} any more, though it still makes the calls that ran with it`;
  return anchorMatch(ctx, l.call?.line ?? fn.addedLines[0] ?? fn.startLine, { call: l.call?.name ?? l.removed[0] ?? '', detail: `${detail}.` });
}

/** The change's loss of the effect on one object the function still uses (a --tree review), as a match. */
function objectLostIn(ctx: EvalContext, view: EffectView, pre: FunctionChange, fn: FunctionChange, args: Args): Match | null {
  const o = objectLoss(view, pre, fn, args.effect);
  if (!o) return null;
  const object = o.removed.args[0] ?? '';
  const detail = `this change removes ${o.removed.name}(${object}) from ${fn.name}(), which still hands ${object} to ${o.use.name}() at line ${o.use.line}: the function's other calls of ${o.removed.name}() are on other objects`;
  return anchorMatch(ctx, o.use.line, { call: o.use.name, detail: `${detail}.` });
}
