import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildChangeModel, fileCategories, synthPatchContent } from '../src/checks/index.ts';
import type { FileSpec } from '../src/checks/index.ts';
import type { FunctionChange, SeriesPatchInput } from '../src/checks/index.ts';
import type { PatchContent } from '../src/domain/mail.ts';

function series(...patches: FileSpec[][]): SeriesPatchInput[] {
  return patches.map((files, i) => ({ index: i + 1, messageId: `p${i + 1}@example.org`, subject: `[PATCH ${i + 1}] fake`, content: synthPatchContent(files) }));
}

const fillers = (n: number): string => Array.from({ length: n }, (_, i) => `\tfake_step(${i});`).join('\n');

const LONG_BEFORE = `static int fake_long_walk(struct fake_mm *mm,
			  unsigned long start, unsigned long end)
{
	int ret = 0;

${fillers(12)}
	ret = fake_middle(mm);
${fillers(12)}
	return ret;
}

static void fake_doomed(struct fake_mm *mm)
{
	fake_goodbye(mm);
}

static void fake_keeper(void)
{
	fake_stay();
}
`;

const LONG_AFTER = LONG_BEFORE.replace('\tret = fake_middle(mm);\n', '\tret = fake_middle(mm);\n\tfake_flush_range(mm, start, end);\n').replace(
  /static void fake_doomed[\s\S]*?\n}\n\n/,
  '',
);

describe('change model without a tree (diff only)', () => {
  const model = buildChangeModel(series([{ path: 'mm/fake_walk.c', before: LONG_BEFORE, after: LONG_AFTER }]));
  const file = model.patches[0].files[0];
  const byName = (n: string): FunctionChange | undefined => file.functions.find((f) => f.name === n);

  test('a function whose header is outside the hunk is found through the hunk section and is partial', () => {
    const f = byName('fake_long_walk');
    assert.ok(f, `functions: ${file.functions.map((x) => x.name).join(', ')}`);
    assert.equal(f.status, 'modified');
    assert.equal(f.whole, false);
    assert.deepEqual(f.addedLines, [19]);
    const flush = f.calls.find((c) => c.name === 'fake_flush_range');
    assert.equal(flush?.line, 19);
    assert.deepEqual(flush?.args, ['mm', 'start', 'end']);
    assert.equal(f.calls.find((c) => c.name === 'fake_middle')?.line, 18);
    assert.ok(f.startLine > 3, 'the header is not visible');
    assert.equal(LONG_AFTER.split('\n')[f.endLine - 1], '}');
  });

  test('a removed function is reported with its old-side lines', () => {
    const gone = byName('fake_doomed');
    assert.equal(gone?.status, 'removed');
    assert.equal(gone?.startLine, 34);
    assert.equal(gone?.calls[0].name, 'fake_goodbye');
    assert.deepEqual(model.patches[0].touched.map((t) => `${t.name}:${t.status}`).sort(), ['fake_doomed:removed', 'fake_long_walk:modified']);
  });

  test('untouched functions visible in context are kept as context, not touched', () => {
    const before = 'void fake_a(void)\n{\n\tfake_x();\n}\nstatic int fake_k(void) { return fake_one(); }\n';
    const m = buildChangeModel(series([{ path: 'mm/fake_k.c', before, after: before.replace('fake_x', 'fake_z') }]));
    const fns = m.patches[0].files[0].functions;
    assert.deepEqual(fns.map((f) => [f.name, f.status, f.whole]), [['fake_a', 'modified', true], ['fake_k', 'context', true]]);
    assert.deepEqual(m.patches[0].touched.map((f) => f.name), ['fake_a']);
    assert.deepEqual(m.index.callers('fake_one', 1).map((f) => f.name), ['fake_k']);
  });

  test('source is the diff; added lines carry new-side numbers', () => {
    assert.equal(file.source, 'diff');
    assert.deepEqual(file.added, [{ line: 19, text: '\tfake_flush_range(mm, start, end);' }]);
  });
});

describe('change model with a tree (post-images)', () => {
  test('the whole post-image function is analysed', () => {
    const model = buildChangeModel(series([{ path: 'mm/fake_walk.c', before: LONG_BEFORE, after: LONG_AFTER }]), {
      tree: { postImage: (path) => (path === 'mm/fake_walk.c' ? LONG_AFTER : null) },
    });
    const file = model.patches[0].files[0];
    const f = file.functions.find((x) => x.name === 'fake_long_walk');
    assert.equal(file.source, 'post-image');
    assert.equal(f?.whole, true);
    assert.equal(f?.startLine, 1);
    assert.deepEqual(f?.params.map((p) => p.name), ['mm', 'start', 'end']);
    assert.equal(f?.calls[0].name, 'fake_step');
    assert.equal(f?.calls[0].line, 6);
  });

  test('a tree text that does not match the diff falls back to the diff with a warning', () => {
    const model = buildChangeModel(series([{ path: 'mm/fake_walk.c', before: LONG_BEFORE, after: LONG_AFTER }]), {
      tree: { postImage: () => LONG_BEFORE },
    });
    assert.equal(model.patches[0].files[0].source, 'diff');
    assert.match(model.warnings.join('\n'), /does not match the diff/);
  });
});

describe('new files, categories and series lookups', () => {
  const model = buildChangeModel(
    series(
      [
        { path: 'mm/fake_new.c', after: 'static int fake_leaf(int a)\n{\n\treturn a;\n}\n\nint fake_root(void)\n{\n\treturn fake_leaf(1);\n}\n' },
        { path: 'include/uapi/linux/fake.h', after: '#define FAKEIO_X _IOW(0xBB, 1, int)\n' },
        { path: 'Documentation/mm/fake.rst', after: 'Fake\n' },
      ],
      [
        { path: 'tools/testing/selftests/mm/fake_test.c', after: 'int main(void)\n{\n\treturn fake_root();\n}\n' },
        { path: 'mm/fake_new.c', before: 'static int fake_leaf(int a)\n{\n\treturn a;\n}\n\nint fake_root(void)\n{\n\treturn fake_leaf(1);\n}\n', after: 'static int fake_leaf(int a)\n{\n\treturn a + 1;\n}\n\nint fake_root(void)\n{\n\treturn fake_leaf(1);\n}\n' },
      ],
    ),
  );

  test('an added file is whole and all its functions are added', () => {
    const fns = model.patches[0].files[0].functions;
    assert.deepEqual(fns.map((f) => [f.name, f.status, f.whole, f.startLine, f.endLine]), [
      ['fake_leaf', 'added', true, 1, 4],
      ['fake_root', 'added', true, 6, 9],
    ]);
  });

  test('file categories', () => {
    assert.deepEqual(model.patches[0].files.map((f) => f.categories), [['mm', 'c'], ['uapi', 'header', 'c'], ['docs']]);
    assert.deepEqual(fileCategories('tools/testing/selftests/mm/Makefile'), ['selftest', 'build']);
    assert.deepEqual(fileCategories('arch/x86/include/uapi/asm/fake.h'), ['uapi', 'header', 'c']);
    assert.deepEqual(model.patches[0].files[1].addedDefines.map((d) => [d.name, d.isIoctl]), [['FAKEIO_X', true]]);
  });

  test('resolve() prefers the definition as of the asked patch', () => {
    assert.equal(model.index.resolve('fake_leaf', 1)?.patch, 1);
    assert.equal(model.index.resolve('fake_leaf', 2)?.patch, 2);
    assert.equal(model.index.resolve('fake_leaf', 2)?.text.includes('a + 1'), true);
    assert.equal(model.index.resolve('fake_unknown', 2), null);
  });

  test('callers() finds callers across files and patches', () => {
    assert.deepEqual(model.index.callers('fake_leaf', 1).map((f) => `${f.file}:${f.name}@${f.patch}`), ['mm/fake_new.c:fake_root@1']);
    assert.deepEqual(model.index.callers('fake_root', 2).map((f) => `${f.file}:${f.name}`), ['tools/testing/selftests/mm/fake_test.c:main']);
  });
});

describe('diff details', () => {
  test('calls under #if blocks record the CONFIG_ symbols that guard them', () => {
    const before = 'void fake_a(void)\n{\n#ifdef CONFIG_FAKE_UFFD\n\tfake_x();\n#endif\n}\n';
    const after = 'void fake_a(void)\n{\n#ifdef CONFIG_FAKE_UFFD\n\tfake_x();\n#endif\n#if defined(CONFIG_FAKE_UFFD) && defined(CONFIG_FAKE_THP)\n\tfake_y();\n#endif\n}\n';
    const file = buildChangeModel(series([{ path: 'mm/fake_if.c', before, after }])).patches[0].files[0];
    assert.deepEqual(file.functions[0].calls.find((c) => c.name === 'fake_y')?.guardedBy, ['CONFIG_FAKE_UFFD', 'CONFIG_FAKE_THP']);
  });

  test('a hunk that starts inside a comment does not mask the code after it', () => {
    const content: PatchContent = {
      commitMessage: '', notes: '', diff: '', trailers: [], baseCommit: null, changeId: null, warnings: [],
      files: [{
        oldPath: 'mm/fake_c.c', newPath: 'mm/fake_c.c', status: 'modified', oldMode: null, newMode: null, oldBlob: null, newBlob: null, similarity: null, binary: false, git: true,
        hunks: [{
          oldStart: 20, oldCount: 3, newStart: 20, newCount: 4, section: 'static void fake_cmt(struct fake_mm *mm)',
          lines: [
            { kind: ' ', text: '\t * it is what we want', oldNo: 20, newNo: 20 },
            { kind: ' ', text: '\t */', oldNo: 21, newNo: 21 },
            { kind: '+', text: '\tfake_added_call(mm);', oldNo: null, newNo: 22 },
            { kind: ' ', text: '}', oldNo: 22, newNo: 23 },
          ],
        }],
      }],
    };
    const f = buildChangeModel([{ index: 1, messageId: 'c@example.org', subject: 's', content }]).patches[0].files[0].functions[0];
    assert.equal(f.name, 'fake_cmt');
    assert.equal(f.status, 'modified');
    assert.deepEqual(f.calls.map((c) => `${c.name}@${c.line}`), ['fake_added_call@22']);
  });

  test('a hunk with the end of one function and the start of the next splits them', () => {
    const before = `static void fake_first(void)\n{\n${fillers(8)}\n}\n\nstatic void fake_second(void)\n{\n${fillers(8)}\n}\n`;
    const after = before.replace('\tfake_step(7);\n}\n\nstatic void fake_second(void)\n{\n\tfake_step(0);', '\tfake_step(7);\n\tfake_tail_one();\n}\n\nstatic void fake_second(void)\n{\n\tfake_head_two();\n\tfake_step(0);');
    const fns = buildChangeModel(series([{ path: 'mm/fake_two.c', before, after }])).patches[0].files[0].functions;
    const first = fns.find((f) => f.name === 'fake_first');
    const second = fns.find((f) => f.name === 'fake_second');
    assert.deepEqual(first?.calls.filter((c) => c.name !== 'fake_step').map((c) => c.name), ['fake_tail_one']);
    assert.deepEqual(second?.calls.filter((c) => c.name !== 'fake_step').map((c) => c.name), ['fake_head_two']);
    assert.equal(first?.whole, false);
    assert.equal(second?.status, 'modified');
  });

  test('a member added deep inside a struct is seen as a member (opening line from the hunk section)', () => {
    const members = Array.from({ length: 12 }, (_, i) => `\tint (*fake_hook${i})(struct fake_vma *vma);`).join('\n');
    const before = `#include <linux/fake.h>\n\nstruct fake_vm_ops {\n${members}\n};\n`;
    const after = before.replace('\tint (*fake_hook8)', '\tvm_fault_t (*fake_install)(struct fake_vma *vma, pte_t *pte);\n\tint (*fake_hook8)');
    const file = buildChangeModel(series([{ path: 'include/linux/fake_mm.h', before, after }])).patches[0].files[0];
    const s = file.analysis?.structs.find((x) => x.name === 'fake_vm_ops');
    const added = s?.fnFields.find((f) => f.field === 'fake_install');
    assert.deepEqual(added && [added.line, added.params.map((p) => p.type)], [12, ['struct fake_vma *', 'pte_t *']]);
    assert.deepEqual(file.added.map((l) => l.line), [12]);
  });

  test('absurd hunk line numbers are refused with a warning, not a crash', () => {
    const content = synthPatchContent([{ path: 'mm/fake_big.c', before: 'int a;\n', after: 'int b;\n' }]);
    const h = content.files[0].hunks[0];
    for (const l of h.lines) {
      if (l.newNo !== null) l.newNo += 50_000_000;
      if (l.oldNo !== null) l.oldNo += 50_000_000;
    }
    const model = buildChangeModel([{ index: 1, messageId: 'b@example.org', subject: 's', content }]);
    assert.match(model.warnings.join('\n'), /too large/);
    assert.equal(model.patches[0].files[0].analysis, null);
  });
});

describe('a bounded number of functions per review', () => {
  test('a file past the budget keeps its diff but not its functions, with a warning; earlier files keep theirs', () => {
    const three = (prefix: string) => [0, 1, 2].map((i) => `static int ${prefix}_${i}(void)\n{\n\treturn ${i};\n}\n`).join('\n');
    const model = buildChangeModel(series([
      { path: 'mm/fake_first.c', before: null, after: three('fake_first') },
      { path: 'mm/fake_second.c', before: null, after: three('fake_second') },
    ]), { maxFunctions: 4 });
    const [first, second] = model.patches[0]!.files;
    assert.equal(first!.functions.length, 3);
    assert.equal(second!.functions.length, 0);
    assert.ok(second!.added.length > 0, 'the diff is still read');
    assert.match(model.warnings.join('\n'), /mm\/fake_second\.c: 3 functions, past the 4 one review analyses/);
  });
});
