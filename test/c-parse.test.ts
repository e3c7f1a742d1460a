import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeC } from '../src/checks/c/parse.ts';
import { maskCode } from '../src/checks/c/lexer.ts';
import type { CFunction } from '../src/checks/c/types.ts';

const fixture = readFileSync(fileURLToPath(new URL('./fixtures/c/macros.c', import.meta.url)), 'utf8');
const a = analyzeC(fixture);
const fn = (name: string): CFunction => {
  const f = a.functions.find((x) => x.name === name);
  assert.ok(f, `function ${name} not found; have ${a.functions.map((x) => x.name).join(', ')}`);
  return f;
};
const callAt = (f: CFunction, name: string) => {
  const c = f.calls.find((x) => x.name === name);
  assert.ok(c, `${f.name} has no call to ${name}; has ${f.calls.map((x) => x.name).join(', ')}`);
  return c;
};

describe('kernel macros do not hide functions or calls', () => {
  test('every definition is found with exact line ranges', () => {
    assert.deepEqual(
      a.functions.map((f) => [f.name, f.startLine, f.endLine]),
      [
        ['fake_setup', 5, 8],
        ['fake_walk_list', 10, 18],
        ['fake_guarded', 20, 28],
        ['fake_configured', 30, 47],
        ['sys_fake_move', 49, 53],
        ['fake_tail', 68, 71],
      ],
    );
  });

  test('__init and __always_inline do not break headers; static is seen', () => {
    assert.equal(callAt(fn('fake_setup'), 'fake_register').line, 7);
    assert.equal(fn('fake_setup').isStatic, true);
    assert.equal(fn('fake_guarded').isStatic, true);
    assert.equal(fn('sys_fake_move').isStatic, false);
  });

  test('a call inside a list_for_each_entry body, after __releases(), keeps its line and column', () => {
    const f = fn('fake_walk_list');
    const c = callAt(f, 'fake_touch_vma');
    assert.equal(c.line, 15);
    assert.equal(c.col, 2);
    assert.equal(fixture.slice(c.offset, c.offset + 'fake_touch_vma'.length), 'fake_touch_vma');
    assert.deepEqual(c.args, ['vma']);
    assert.equal(callAt(f, 'spin_unlock').line, 17);
    assert.ok(!f.calls.some((x) => x.name === '__releases'), '__releases is an annotation, not a call');
    assert.deepEqual(callAt(f, 'list_for_each_entry').args, ['vma', '&mm->fake_list', 'node']);
  });

  test('guard(), scoped_guard() and VM_WARN_ON_ONCE() bodies keep their calls', () => {
    const f = fn('fake_guarded');
    assert.equal(callAt(f, 'fake_under_mutex').line, 24);
    assert.equal(callAt(f, 'fake_sanity').line, 26);
    assert.equal(callAt(f, 'guard').line, 22);
    const through = f.calls.find((x) => x.name === 'guard(spinlock)');
    assert.ok(through?.indirect, 'guard(x)(y) is a call through an expression');
  });

  test('#ifdef with brace-splitting branches: both branches searched, guards recorded', () => {
    const f = fn('fake_configured');
    assert.deepEqual(callAt(f, 'fake_on_path').guardedBy, ['CONFIG_FAKE_FEATURE']);
    assert.equal(callAt(f, 'fake_on_path').line, 36);
    assert.deepEqual(callAt(f, 'fake_off_path').guardedBy, ['!CONFIG_FAKE_FEATURE']);
    assert.equal(callAt(f, 'fake_off_path').line, 39);
    assert.deepEqual(callAt(f, 'fake_disabled').guardedBy, ['!CONFIG_FAKE_FEATURE']);
    assert.deepEqual(callAt(f, 'fake_common').guardedBy, []);
    assert.deepEqual(callAt(f, 'fake_without_other').guardedBy, ['!CONFIG_FAKE_OTHER']);
    assert.equal(callAt(f, 'fake_common').line, 41);
    assert.deepEqual(a.ifdefCounts, { CONFIG_FAKE_FEATURE: 1, CONFIG_FAKE_OTHER: 1 });
  });

  test('SYSCALL_DEFINEn becomes sys_<name> with typed parameters', () => {
    const f = fn('sys_fake_move');
    assert.deepEqual(f.params, [
      { name: 'from', type: 'unsigned long' },
      { name: 'to', type: 'unsigned long' },
      { name: 'name', type: 'const char *' },
    ]);
    assert.equal(callAt(f, 'fake_do_move').line, 52);
    assert.deepEqual(a.exports, [{ name: 'fake_do_move', line: 54 }]);
  });

  test('ops initialisers, function-pointer members and ioctl defines', () => {
    assert.deepEqual(a.opsInitializers.map((o) => [o.struct, o.name, o.isStatic, o.fields.map((f) => `${f.field}=${f.value}@${f.line}`)]), [
      ['vm_operations_struct', 'fake_vm_ops', true, ['fault=fake_fault@57', 'map_pages=fake_map_pages@58']],
    ]);
    const ops = a.structs.find((s) => s.name === 'fake_ops');
    assert.ok(ops);
    assert.deepEqual(ops.fnFields.map((f) => [f.field, f.line, f.returnType, f.params.map((p) => p.type)]), [
      ['fault', 62, 'vm_fault_t', ['struct vm_fault *']],
      ['move', 63, 'int', ['struct vm_area_struct *', 'pte_t *', 'struct folio **']],
    ]);
    const ioctl = a.defines.find((d) => d.name === 'FAKEIO_POKE');
    assert.equal(ioctl?.isIoctl, true);
    assert.equal(ioctl?.line, 66);
  });
});

test('function-pointer members inside #ifdef blocks of a struct are kept', () => {
  const r = analyzeC('struct fake_ops {\n\tint (*a)(int x);\n#ifdef CONFIG_FAKE_NUMA\n\tstruct folio *(*b)(struct fake_vma *vma, pmd_t *pmd);\n#endif\n};\n');
  assert.deepEqual(r.structs[0].fnFields.map((f) => [f.field, f.line, f.returnType, f.params.map((p) => p.type)]), [
    ['a', 2, 'int', ['int']],
    ['b', 4, 'struct folio *', ['struct fake_vma *', 'pmd_t *']],
  ]);
});

describe('robustness', () => {
  test('the lexical fallback finds calls inside ERROR nodes', () => {
    const r = analyzeC('void fake_f(void)\n{\n\tfor_each_fake(i) fake_z(i)\n\tfake_w(2);\n}\n');
    const z = r.functions[0].calls.find((c) => c.name === 'fake_z');
    assert.ok(r.errorNodes > 0);
    assert.equal(z?.line, 3);
    assert.equal(z?.fallback, true);
    assert.equal(r.functions[0].calls.find((c) => c.name === 'fake_w')?.fallback, false);
  });

  test('declarations in ERROR regions are not taken for calls', () => {
    const r = analyzeC('static DEFINE_FAKE(struct a, b) = {\nstatic int fake_decl(int x);\nint y = fake_real(1);\n');
    const names = r.calls.map((c) => c.name);
    assert.ok(!names.includes('fake_decl'), names.join(','));
    assert.ok(names.includes('fake_real'));
  });

  test('comments and strings never produce calls; offsets are preserved', () => {
    const src = 'void fake_g(void)\n{\n\t/* fake_hidden(1); */\n\tfake_log("fake_str(2)");\n\t// fake_line(3);\n}\n';
    const r = analyzeC(src);
    assert.deepEqual(r.functions[0].calls.map((c) => c.name), ['fake_log']);
    assert.equal(maskCode(src).masked.length, src.length);
  });

  test('non-ASCII text before a call does not shift columns or offsets', () => {
    const src = '/* Grüße – 😀 */\nvoid fake_h(void)\n{\n\tfake_after();\n}\n';
    const c = analyzeC(src).functions[0].calls[0];
    assert.equal(src.slice(c.offset, c.offset + 10), 'fake_after');
    assert.equal(c.line, 4);
  });

  test('garbage input yields a result, not an exception', () => {
    for (const junk of ['', '}}}{{{', '#if\n#else\n#endif\n#endif\n', '\u0000\u0001 (((', 'int f(\n{\n'.repeat(50)]) {
      const r = analyzeC(junk);
      assert.ok(Array.isArray(r.functions));
    }
  });
});

const KERNEL_MM = fileURLToPath(new URL('../../kernel/linux-source-6.12/mm/', import.meta.url));

test('parses all of Linux mm/*.c, one function per body (when the kernel source is present)', (t) => {
  if (!existsSync(KERNEL_MM)) {
    t.skip('../kernel/linux-source-6.12/mm not found');
    return;
  }
  const files = readdirSync(KERNEL_MM).filter((f) => f.endsWith('.c'));
  const texts = files.map((f) => readFileSync(KERNEL_MM + f, 'utf8'));
  let functions = 0;
  let bodies = 0;
  for (const text of texts) {
    functions += analyzeC(text).functions.length;
    bodies += text.split('\n').filter((l) => /^\{\s*$/.test(l)).length;
  }
  t.diagnostic(`${files.length} files, ${functions} functions (timing: npm run bench)`);
  assert.ok(functions >= bodies * 0.98, `found ${functions} functions for ${bodies} column-0 bodies`);
});

test('an orphan #endif at the top of a diff fragment does not hide later struct members', () => {
  const text = 'struct fake_uffd_ops {\n#endif\n\tint (*fake_copy)(pmd_t *pmd, unsigned long addr);\n\tint (*fake_poke)(struct folio *folio);\n#else\n};\n';
  const s = analyzeC(text).structs.find((x) => x.name === 'fake_uffd_ops');
  assert.deepEqual(s?.fnFields.map((f) => [f.field, f.line]), [['fake_copy', 3], ['fake_poke', 4]]);
});

test('a fragment that starts inside a parameter list keeps the first call of the body', () => {
  const text = '\n    spinlock_t *b, struct fake *y)\n{\n    fake_double_lock(a, b);\n    mutex_lock(m);\n}\n';
  assert.deepEqual(analyzeC(text).calls.map((c) => [c.name, c.line]), [['fake_double_lock', 4], ['mutex_lock', 5]]);
});
