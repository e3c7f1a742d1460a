// The control-flow graph of one function_definition: statements lowered into a Graph (if / switch /
// loops / kernel iteration macros / goto / return), with #if-#else groups as alternatives.
import { matchParen } from '../c/preprocess.ts';
import type { Prepared } from '../c/preprocess.ts';
import { scanLexicalCalls } from '../c/calls.ts';
import { cond, emit, expr, site, unknown } from './expr.ts';
import { Graph, gotoLabel, hasCall, labelNode } from './graph.ts';
import { treeMarks } from './marks.ts';
import type { BuildOptions, Lower, Node } from './graph.ts';
import { choiceGroups } from './pp-groups.ts';
import type { ChoiceGroup } from './pp-groups.ts';
import type { FunctionFlow } from './types.ts';

export type { BuildOptions } from './graph.ts';

/** Build the flow of one function_definition node of a tree parsed from `prep.parseText`. */
export function buildFlow(def: Node, prep: Prepared, options: BuildOptions = {}): FunctionFlow {
  const opts: Required<BuildOptions> = { lineOffset: 0, offsetBase: 0, noreturn: () => false, ...options };
  const line = (offset: number): number => prep.lines.lineOf(offset) + opts.lineOffset;
  const g = new Graph(line(def.startIndex), line(Math.max(def.startIndex, def.endIndex - 1)));
  const body = def.childForFieldName('body');
  const marks = treeMarks(def.tree, prep);
  const defined = new Set<string>();
  const groups = choiceGroups(prep, body?.startIndex ?? def.startIndex, def.endIndex);
  const lw: Lower = {
    g, prep, opts, marks, line,
    jumps: { brk: null, cont: null, sw: null },
    labels: new Map(),
    gotos: new Set(),
    callNodes: [],
    unsure: 0,
    stmt: (n) => stmt(n),
  };

  function stmt(node: Node): void {
    switch (node.type) {
      case 'compound_statement':
        return seq(node.namedChildren, node.startIndex);
      case 'if_statement':
        return ifStmt(node);
      case 'switch_statement':
        return switchStmt(node);
      case 'case_statement':
        return caseStmt(node);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
        return loop(node);
      case 'break_statement':
        if (lw.jumps.brk !== null) g.jump(lw.jumps.brk);
        else g.cur = null;
        return;
      case 'continue_statement':
        if (lw.jumps.cont !== null) g.jump(lw.jumps.cont);
        else g.cur = null;
        return;
      case 'return_statement': {
        for (const c of node.namedChildren) expr(lw, c);
        const r = g.add('return', line(node.startIndex));
        g.edge(g.here(line(node.startIndex)), r);
        g.edge(r, 1);
        g.cur = null;
        return;
      }
      case 'goto_statement': {
        const label = node.childForFieldName('label');
        g.jump(label ? gotoLabel(lw, text(label), line(label.startIndex)) : 1); // a computed goto leaves what we can see
        return;
      }
      case 'labeled_statement': {
        const label = node.childForFieldName('label');
        if (label) {
          defined.add(text(label));
          const id = labelNode(lw, text(label), line(node.startIndex));
          g.nodes[id].line = line(node.startIndex); // a goto above may have made it
          g.moveTo(id);
        }
        return seq(node.namedChildren.filter((c) => c.startIndex !== label?.startIndex), node.startIndex);
      }
      case 'function_definition': // `for_each_x(a) { ... }` read as an old-style definition
        return macroLoop(node, node.childForFieldName('body'));
      case 'ERROR':
        return unknown(lw, node);
      case 'attributed_statement':
        return node.lastNamedChild ? stmt(node.lastNamedChild) : undefined;
      default: // expression statements, declarations and anything else: their calls, in order
        return expr(lw, node);
    }
  }

  function text(n: Node): string {
    return prep.parseText.slice(n.startIndex, n.endIndex);
  }

  /** A statement list: kernel iteration macros take the next statement as their body; #if/#else groups branch. */
  function seq(children: Node[], from: number): void {
    let prevEnd = from;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      const grp = groups.length > 0 ? groupAt(children, i, prevEnd) : null;
      if (grp) {
        const ends: (number | null)[] = [];
        const fork = g.here(line(grp.start));
        let j = i;
        for (const [bs, be] of grp.branches) {
          const inBranch: Node[] = [];
          while (j < children.length && children[j].startIndex >= bs && children[j].endIndex <= be) inBranch.push(children[j++]);
          g.cur = fork;
          seq(inBranch, bs);
          ends.push(g.cur);
        }
        g.cur = g.join(ends);
        i = j - 1;
        prevEnd = children[j - 1].endIndex;
        continue;
      }
      if (c.type === 'expression_statement') {
        const start = c.startIndex;
        const end = c.endIndex;
        if (prep.masked.charCodeAt(end - 1) !== 59 && i + 1 < children.length && isLoopHead(c) && BODY_TYPES.has(children[i + 1].type)) {
          macroLoop(c.namedChildren[0], children[i + 1]);
          i++;
        } else {
          expr(lw, c, start, end);
        }
      } else {
        stmt(c);
      }
      if (groups.length > 0) prevEnd = children[i].endIndex;
    }
  }

  /** The outermost #if/#else group starting just before children[i] whose branches hold whole statements. */
  function groupAt(children: Node[], i: number, prevEnd: number): ChoiceGroup | null {
    const at = children[i].startIndex;
    for (const grp of groups) {
      if (grp.start < prevEnd || grp.start > at) continue;
      let j = i;
      while (j < children.length && children[j].startIndex < grp.end) {
        const c = children[j];
        if (c.endIndex > grp.end || !grp.branches.some(([s, e]) => c.startIndex >= s && c.endIndex <= e)) return null;
        j++;
      }
      return j > i ? grp : null;
    }
    return null;
  }

  function ifStmt(node: Node): void {
    // [condition, consequence, else_clause?]: one call into the tree instead of three field lookups
    const parts = node.namedChildren;
    const condition = parts[0]?.type === 'parenthesized_expression' ? parts[0] : null;
    const yes = condition ? parts[1] : null;
    const alt = condition ? parts[2] : null;
    const no = alt?.type === 'else_clause' ? alt.namedChildren[0] : null;
    const endLine = line(node.endIndex - 1);
    g.moveTo(g.point(line(node.startIndex))); // the branch, so that paths show the if's line
    const t = g.point(yes ? line(yes.startIndex) : endLine);
    const f = g.point(no ? line(no.startIndex) : line(node.startIndex));
    if (condition) {
      cond(lw, condition, t, f);
    } else {
      g.edge(g.cur, t);
      g.jump(f);
    }
    g.cur = t;
    if (yes) stmt(yes);
    const endYes = g.cur;
    g.cur = f;
    if (no) stmt(no);
    g.cur = g.join([endYes, g.cur]);
  }

  function switchStmt(node: Node): void {
    const condition = node.childForFieldName('condition');
    if (condition) expr(lw, condition);
    const dispatch = g.here(line(node.startIndex));
    const out = g.point(line(node.endIndex - 1));
    const saved = lw.jumps;
    const sw = { dispatch, hasDefault: false };
    lw.jumps = { brk: out, cont: saved.cont, sw };
    g.cur = null;
    const body = node.childForFieldName('body');
    if (body) stmt(body);
    g.edge(g.cur, out);
    if (!sw.hasDefault) g.edge(dispatch, out);
    lw.jumps = saved;
    g.cur = out;
  }

  function caseStmt(node: Node): void {
    const sw = lw.jumps.sw;
    const value = node.childForFieldName('value');
    if (sw) {
      const at = g.point(line(node.startIndex));
      g.edge(g.cur, at); // fall-through from the case above
      g.edge(sw.dispatch, at);
      g.cur = at;
      if (node.child(0)?.type === 'default') sw.hasDefault = true;
    }
    seq(node.namedChildren.filter((c) => c.startIndex !== value?.startIndex), node.startIndex);
  }

  function loop(node: Node): void {
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    const saved = lw.jumps;
    const out = g.point(line(node.endIndex - 1));
    if (node.type === 'do_statement') {
      const top = g.point(line(node.startIndex));
      const test = g.point(line((condition ?? node).startIndex));
      g.moveTo(top);
      lw.jumps = { brk: out, cont: test, sw: saved.sw };
      if (body) stmt(body);
      g.moveTo(test);
      if (condition) cond(lw, condition, top, out);
      else g.jump(out);
    } else {
      const init = node.childForFieldName('initializer');
      if (init) expr(lw, init);
      const head = g.point(line(node.startIndex));
      const enter = g.point(line((body ?? node).startIndex));
      const next = node.type === 'for_statement' ? g.point(line(node.startIndex)) : head;
      g.moveTo(head);
      if (condition) cond(lw, condition, enter, out);
      else g.jump(enter); // for (;;)
      lw.jumps = { brk: out, cont: next, sw: saved.sw };
      g.cur = enter;
      if (body) stmt(body);
      if (next !== head) {
        g.moveTo(next);
        const update = node.childForFieldName('update');
        if (update) expr(lw, update);
      }
      g.jump(head);
    }
    lw.jumps = saved;
    g.cur = out;
  }

  /**
   * A kernel iteration macro written like a loop: its head (the macro as a call, after its arguments)
   * runs each time round, the body zero or more times.
   */
  function macroLoop(head: Node, body: Node | null): void {
    const top = g.point(line(head.startIndex));
    const out = g.point(line((body ?? head).endIndex - 1));
    const enter = g.point(line((body ?? head).startIndex));
    g.moveTo(top);
    if (head.type === 'function_definition') headOfDefinition(head);
    else expr(lw, head);
    g.edge(g.cur, enter);
    g.edge(g.cur, out);
    const saved = lw.jumps;
    lw.jumps = { brk: out, cont: top, sw: saved.sw };
    g.cur = enter;
    if (body) stmt(body);
    g.jump(top);
    lw.jumps = saved;
    g.cur = out;
  }

  function headOfDefinition(def: Node): void {
    const type = def.childForFieldName('type');
    if (!type || (type.type !== 'type_identifier' && type.type !== 'identifier')) return;
    const open = prep.masked.indexOf('(', type.endIndex);
    const close = open < 0 ? -1 : matchParen(prep.masked, open);
    if (open < 0 || close < 0 || close > (def.childForFieldName('body')?.startIndex ?? def.endIndex)) return;
    if (hasCall(lw, open, close)) expr(lw, def.childForFieldName('declarator') ?? def);
    emit(lw, site(lw, text(type), type.startIndex, open, close, false, false), false);
  }

  if (body) stmt(body);
  g.edge(g.cur, 1); // falling off the end
  hiddenJumps(lw, defined);
  const unplaced = prep.cond.droppedBranches
    .filter(([s, e]) => s >= def.startIndex && e <= def.endIndex)
    .flatMap(([s, e]) => scanLexicalCalls(prep.masked, s, e).map((l) => site(lw, l.name, l.offset, l.open, l.close, false, true)));
  const calls = lw.callNodes.slice().sort((a, b) => g.nodes[a].call!.offset - g.nodes[b].call!.offset);
  return {
    name: functionName(def, prep),
    startLine: g.nodes[0].line,
    endLine: g.nodes[1].line,
    nodes: g.nodes,
    entry: 0,
    exit: 1,
    calls,
    unsure: lw.unsure,
    unplaced,
  };
}

/**
 * Jumps the text does not show. A goto to a label we could not see leaves the visible flow (to exit).
 * A call given a label of the function as an argument (a macro that jumps there on failure) may jump
 * to it. A label nothing visibly jumps to may be reached from anywhere: an edge from the entry.
 */
function hiddenJumps(lw: Lower, defined: Set<string>): void {
  const g = lw.g;
  for (const [name, id] of lw.labels) {
    if (!defined.has(name)) {
      g.edge(id, 1);
      continue;
    }
    let seen = lw.gotos.has(name);
    for (const c of lw.callNodes) {
      if (!g.nodes[c].call!.args.includes(name)) continue;
      g.edge(c, id);
      seen = true;
    }
    if (!seen) {
      g.edge(0, id);
      g.nodes[id].unsure = true;
    }
  }
}

/** Statements that can be the body of an iteration macro. */
const BODY_TYPES = new Set(['compound_statement', 'expression_statement', 'if_statement', 'for_statement', 'while_statement', 'do_statement', 'switch_statement', 'return_statement', 'goto_statement', 'break_statement', 'continue_statement']);

/** `name(args)` with its `;` missing: the parser's reading of `list_for_each_entry(...) {`. */
function isLoopHead(node: Node): boolean {
  if (node.namedChildCount !== 1) return false;
  const last = node.lastChild;
  return node.namedChildren[0].type === 'call_expression' && last !== null && last.type === ';' && (last.isMissing || last.startIndex === last.endIndex);
}

const WRAPPERS = new Set(['pointer_declarator', 'parenthesized_declarator', 'attributed_declarator', 'function_declarator']);

function functionName(def: Node, prep: Prepared): string {
  let cur = def.childForFieldName('declarator');
  while (cur && cur.type !== 'identifier') {
    if (!WRAPPERS.has(cur.type)) return '';
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren[0] ?? null;
  }
  if (!cur) return '';
  return prep.syscallNames.get(cur.startIndex) ?? prep.parseText.slice(cur.startIndex, cur.endIndex);
}
