// Control-flow graphs of C functions and the "on every path before / after" questions, on small synthetic C.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeC } from '../src/checks/c/parse.ts';
import { flowOfFunction, flowsOfText } from '../src/checks/flow/flows.ts';
import {
  callsDominating, callsOnEveryPathAfter, callsOnEveryPathBefore, callsPostDominating, earlyReturn, isReachable,
  pathAvoiding, pathAvoidingAfter, returnsOnSomePathBefore, siteOf,
} from '../src/checks/flow/queries.ts';
import type { CallPredicate, FunctionFlow } from '../src/checks/flow/types.ts';

/** The flow of the only function in `body`, wrapped as `void fn(...)\n{ body }` (line 1 is the header). */
function flowOf(body: string): FunctionFlow {
  const flows = flowsOfText(`void fn(int x, int k)\n{\n${body}\n}\n`);
  assert.equal(flows.length, 1);
  return flows[0];
}

/** The node of the nth call of `name` (text order). */
function at(flow: FunctionFlow, name: string, nth = 0): number {
  const ids = flow.calls.filter((id) => flow.nodes[id].call!.name === name);
  assert.ok(ids[nth] !== undefined, `no call ${nth} of ${name}; calls: ${flow.calls.map((id) => flow.nodes[id].call!.name).join(', ')}`);
  return ids[nth];
}

const named = (...names: string[]): CallPredicate => (c) => names.includes(c.name);

describe('dominance: a call on every path before a site', () => {
  test('a flush on one branch only does not precede a clear after the join, whatever the text order', () => {
    const f = flowOf(`\tif (x) {\n\t\tflush_huge();\n\t\tclear_huge();\n\t} else {\n\t\tprepare();\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush_huge')), false);
    const path = pathAvoiding(f, at(f, 'clear'), named('flush_huge'));
    assert.ok(path);
    assert.ok(path.lines.includes(7), `path goes through the else branch: ${path.lines.join(',')}`);
    assert.ok(!path.lines.includes(4));
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear_huge'), named('flush_huge')), true);
  });

  test('a flush before an if precedes the calls in both branches and after the join', () => {
    const f = flowOf(`\tflush();\n\tif (x)\n\t\tclear_a();\n\telse\n\t\tclear_b();\n\tclear();`);
    for (const name of ['clear_a', 'clear_b', 'clear']) assert.equal(callsOnEveryPathBefore(f, at(f, name), named('flush')), true, name);
    assert.deepEqual(callsDominating(f, at(f, 'clear')).map((c) => c.name), ['flush']);
    assert.deepEqual(callsDominating(f, at(f, 'clear_a')).map((c) => c.name), ['flush']);
  });

  test('flushes on both branches together cover the clear after the join; either alone does not', () => {
    const f = flowOf(`\tif (x)\n\t\tflush_a();\n\telse\n\t\tflush_b();\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush_a', 'flush_b')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush_a')), false);
    assert.deepEqual(callsDominating(f, at(f, 'clear')), []);
  });

  test('a goto to an error label skips the flush', () => {
    const f = flowOf(`\tif (x)\n\t\tgoto out_unlock;\n\tflush();\nout_unlock:\n\tclear();\n\tunlock();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), false);
    const path = pathAvoiding(f, at(f, 'clear'), named('flush'));
    assert.deepEqual(path?.lines, [1, 3, 4, 6, 7]);
    // without the goto the flush is on every path
    const g = flowOf(`\tif (x)\n\t\tprepare();\n\tflush();\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(g, at(g, 'clear'), named('flush')), true);
  });

  test('an early return before the flush leaves the flush on every path that reaches the clear', () => {
    const f = flowOf(`\tif (x)\n\t\treturn;\n\tflush();\n\tclear();`);
    assert.equal(isReachable(f, at(f, 'clear')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), true);
    assert.equal(returnsOnSomePathBefore(f, at(f, 'clear')), true);
    assert.deepEqual(earlyReturn(f, at(f, 'clear'))?.lines, [1, 3, 4]);
    const straight = flowOf(`\tflush();\n\tclear();\n\treturn;`);
    assert.equal(returnsOnSomePathBefore(straight, at(straight, 'clear')), false);
  });

  test('code after a return is unreachable, and a return inside nested blocks ends its path', () => {
    const f = flowOf(`\twhile (x) {\n\t\tif (k) {\n\t\t\treturn;\n\t\t}\n\t\tstep();\n\t}\n\tflush();\n\treturn;\n\tclear();`);
    assert.equal(isReachable(f, at(f, 'clear')), false);
    assert.equal(isReachable(f, at(f, 'flush')), true);
    // after step() the loop may go round again and return from inside it
    assert.equal(callsOnEveryPathAfter(f, at(f, 'step'), named('flush')), false);
    assert.ok(pathAvoidingAfter(f, at(f, 'step'), named('flush'))?.lines.includes(5));
    assert.equal(callsOnEveryPathBefore(f, at(f, 'flush'), named('step')), false);
  });

  test('a loop body may not run; a constant-true loop and a do-while body always run', () => {
    const f = flowOf(`\tfor (i = 0; i < count(); i++)\n\t\tflush();\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('count')), true);
    const w = flowOf(`\twhile (x)\n\t\tflush();\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(w, at(w, 'clear'), named('flush')), false);
    const forever = flowOf(`\twhile (1) {\n\t\tflush();\n\t\tif (done())\n\t\t\tbreak;\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(forever, at(forever, 'clear'), named('flush')), true);
    const d = flowOf(`\tdo {\n\t\tflush();\n\t} while (more());\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(d, at(d, 'clear'), named('flush')), true);
  });

  test('continue skips the rest of the body; break leaves the loop', () => {
    const f = flowOf(`\tfor (;;) {\n\t\tif (skip())\n\t\t\tcontinue;\n\t\tflush();\n\t\tif (x)\n\t\t\tbreak;\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), true);
    const g = flowOf(`\tfor (;;) {\n\t\tif (skip())\n\t\t\tbreak;\n\t\tflush();\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(g, at(g, 'clear'), named('flush')), false);
  });

  test('switch: fall-through runs the next case, a case entered directly does not see the one above', () => {
    const f = flowOf(`\tswitch (k) {\n\tcase 1:\n\t\tfirst();\n\tcase 2:\n\t\tsecond();\n\t\tbreak;\n\tdefault:\n\t\treturn;\n\t}\n\tafter();`);
    assert.equal(callsOnEveryPathAfter(f, at(f, 'first'), named('second')), true, 'case 1 falls through into case 2');
    assert.deepEqual(pathAvoidingAfter(f, at(f, 'first'), named())?.lines, [5, 6, 7, 11, 12, 13]);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'second'), named('first')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('second')), true, 'default returns');
    const noDefault = flowOf(`\tswitch (k) {\n\tcase 1:\n\t\tsecond();\n\t\tbreak;\n\t}\n\tafter();`);
    assert.equal(callsOnEveryPathBefore(noDefault, at(noDefault, 'after'), named('second')), false);
  });

  test('&& and ||: the right operand runs on some paths only, and the then-branch of && knows it ran', () => {
    const f = flowOf(`\tif (x && check())\n\t\tinside();\n\tafter();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'inside'), named('check')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('check')), false);
    const o = flowOf(`\tif (x || check())\n\t\tinside();\n\telse\n\t\tother();`);
    assert.equal(callsOnEveryPathBefore(o, at(o, 'inside'), named('check')), false);
    assert.equal(callsOnEveryPathBefore(o, at(o, 'other'), named('check')), true);
    const v = flowOf(`\tk = x && check();\n\tafter();`);
    assert.equal(callsOnEveryPathBefore(v, at(v, 'after'), named('check')), false);
    const n = flowOf(`\tif (!(x || check()))\n\t\tinside();`);
    assert.equal(callsOnEveryPathBefore(n, at(n, 'inside'), named('check')), true);
  });

  test('a conditional expression runs one side: neither side alone precedes what follows', () => {
    const f = flowOf(`\tk = x ? left() : right();\n\tafter();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('left')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('right')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('left', 'right')), true);
  });

  test('arguments are evaluated before the call', () => {
    const f = flowOf(`\tclear(lookup(flush()), x);`);
    assert.deepEqual(f.calls.map((id) => f.nodes[id].call!.name), ['clear', 'lookup', 'flush']);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'flush'), named('clear')), false);
    assert.deepEqual(f.nodes[at(f, 'clear')].call!.args, ['lookup(flush())', 'x']);
  });

  test('kernel iteration macros written like loops: the body may run zero times', () => {
    const f = flowOf(`\tlist_for_each_entry(pos, head, member) {\n\t\tflush(pos);\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'flush'), named('list_for_each_entry')), true);
    const u = flowOf(`\tfor_each_vma(vmi, vma)\n\t\tflush(vma);\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(u, at(u, 'clear'), named('flush')), false);
    assert.ok(pathAvoiding(u, at(u, 'clear'), named('flush')));
    const one = flowOf(`\tfor_each_node(nid) {\n\t\tflush(nid);\n\t}\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(one, at(one, 'clear'), named('flush')), false);
    assert.equal(isReachable(one, at(one, 'flush')), true);
  });
});

describe('post-dominance: a call on every path after a site', () => {
  test('an early return between start and end leaves the start without its end', () => {
    const f = flowOf(`\trange_start();\n\tif (x)\n\t\treturn;\n\twork();\n\trange_end();`);
    assert.equal(callsOnEveryPathAfter(f, at(f, 'range_start'), named('range_end')), false);
    assert.deepEqual(pathAvoidingAfter(f, at(f, 'range_start'), named('range_end'))?.lines, [3, 4, 5, 8]);
    assert.equal(callsOnEveryPathAfter(f, at(f, 'work'), named('range_end')), true);
  });

  test('an error path through a label that ends the range keeps the bracket closed', () => {
    const f = flowOf(`\trange_start();\n\tif (x)\n\t\tgoto out;\n\twork();\nout:\n\trange_end();\n\treturn;`);
    assert.equal(callsOnEveryPathAfter(f, at(f, 'range_start'), named('range_end')), true);
    assert.deepEqual(callsPostDominating(f, at(f, 'range_start')).map((c) => c.name), ['range_end']);
  });

  test('a call declared noreturn ends its path', () => {
    const body = `\trange_start();\n\tif (x)\n\t\tfatal();\n\trange_end();`;
    assert.equal(callsOnEveryPathAfter(flowOf(body), at(flowOf(body), 'range_start'), named('range_end')), true);
    const flows = flowsOfText(`void fn(int x)\n{\n${body}\n}\n`, { noreturn: (n) => n === 'fatal' });
    assert.equal(callsOnEveryPathAfter(flows[0], at(flows[0], 'range_start'), named('range_end')), true);
    const g = flowsOfText(`void fn(int x)\n{\n\trange_start();\n\tif (x) {\n\t\tfatal();\n\t\tmore();\n\t}\n\trange_end();\n}\n`, { noreturn: (n) => n === 'fatal' })[0];
    assert.equal(isReachable(g, at(g, 'more')), false);
  });
});

describe('what the parser cannot read, and the preprocessor', () => {
  test('calls in an unparsed statement may or may not run', () => {
    const f = flowOf(`\tstart();\n\tk = flush(x) ] 3;\n\tclear();`);
    assert.equal(f.unsure, 1);
    const flush = at(f, 'flush');
    assert.equal(f.nodes[flush].unsure, true);
    assert.equal(f.nodes[at(f, 'clear')].unsure, undefined);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('flush')), false);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'clear'), named('start')), true);
    assert.equal(callsOnEveryPathAfter(f, at(f, 'start'), named('flush')), false);
  });

  test('#if / #else branches are alternatives, a lone #if is taken as compiled', () => {
    const f = flowOf(`#ifdef CONFIG_FAKE_A\n\treturn first();\n#else\n\tsecond();\n#endif\n\tafter();`);
    assert.equal(isReachable(f, at(f, 'after')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'after'), named('second')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'second'), named('first')), false);
    const lone = flowOf(`#ifdef CONFIG_FAKE_A\n\tflush();\n#endif\n\tclear();`);
    assert.equal(callsOnEveryPathBefore(lone, at(lone, 'clear'), named('flush')), true);
  });

  test('flowOfFunction: call sites line up with analyzeC by offset, line and column', () => {
    const text = `int other(void)\n{\n\treturn 0;\n}\n\nstatic void move(int x)\n{\n\tif (x)\n\t\tflush(x);\n\tclear(x);\n}\n`;
    const fn = analyzeC(text).functions.find((f) => f.name === 'move');
    assert.ok(fn);
    const flow = flowOfFunction(fn);
    assert.equal(flow.name, 'move');
    assert.equal(flow.startLine, 6);
    for (const c of fn.calls) {
      const id = siteOf(flow, c);
      assert.ok(id !== undefined, c.name);
      assert.deepEqual(flow.nodes[id].call, c);
      assert.equal(siteOf(flow, { line: c.line, col: c.col }), id);
    }
    const clear = siteOf(flow, fn.calls.find((c) => c.name === 'clear')!)!;
    assert.equal(callsOnEveryPathBefore(flow, clear, named('flush')), false);
    assert.deepEqual(pathAvoiding(flow, clear, named('flush'))?.lines, [6, 8, 10]);
  });

  test('a label passed to a macro is a jump target; a label nothing visibly jumps to may be reached from anywhere', () => {
    const f = flowOf(`\tcopy_loop(dst, src, fail_label);\n\tdone();\n\treturn;\nfail_label:\n\tundo();`);
    assert.equal(isReachable(f, at(f, 'undo')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'undo'), named('copy_loop')), true);
    assert.equal(callsOnEveryPathBefore(f, at(f, 'undo'), named('done')), false);
    const g = flowOf(`\tstart();\n\treturn;\nhidden:\n\tundo();`);
    assert.equal(isReachable(g, at(g, 'undo')), true);
    assert.equal(callsOnEveryPathBefore(g, at(g, 'undo'), named('start')), false);
  });

  test('every function of a file gets its flow', () => {
    const flows = flowsOfText(`static int a(void)\n{\n\treturn b();\n}\n\nvoid c(void)\n{\n\td();\n}\n`);
    assert.deepEqual(flows.map((f) => [f.name, f.startLine, f.endLine, f.calls.length]), [['a', 1, 4, 1], ['c', 6, 9, 1]]);
  });
});
