import { synthPatchContent } from './src/checks/synth-diff.ts';
import { buildChangeModel } from './src/checks/change-model.ts';
const before = `// SPDX fake
#include <linux/mm.h>

static int fake_helper(int a)
{
	return a + 1;
}

static void fake_move_one_pte(struct mm_struct *mm, unsigned long addr,
			      pte_t *src, pte_t *dst)
{
	pte_t pte;

	spin_lock(&mm->fake_lock);
	pte = ptep_get(src);
	if (pte_none(pte))
		goto out;
	fake_helper(1);
	fake_helper(2);
	fake_helper(3);
	fake_helper(4);
	fake_helper(5);
	fake_helper(6);
out:
	spin_unlock(&mm->fake_lock);
}

static void fake_gone(void)
{
	fake_helper(9);
}
`;
const after = before.replace('\tfake_helper(5);\n', '\tpte = ptep_get_and_clear(mm, addr, src);\n\tset_pte_at(mm, addr, dst, pte);\n').replace(/static void fake_gone[\s\S]*$/, 'static int fake_new(void)\n{\n\treturn fake_helper(0);\n}\n');
const pc = synthPatchContent([{ path: 'mm/fake.c', before, after }]);
for (const h of pc.files[0].hunks) { console.log(`@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@ ${h.section}`); for (const l of h.lines) console.log(l.kind + l.text); }
const m = buildChangeModel([{ index: 1, messageId: 'x@example.org', subject: 's', content: pc }]);
for (const f of m.patches[0].files[0].functions) console.log(f.status, f.name, f.startLine, f.endLine, f.whole, f.addedLines, f.removedCount, f.calls.map(c => c.name + '@' + c.line).join(' '));
const m2 = buildChangeModel([{ index: 1, messageId: 'x@example.org', subject: 's', content: pc }], { tree: { postImage: () => after } });
for (const f of m2.patches[0].touched) console.log('TREE', f.status, f.name, f.startLine, f.endLine, f.whole, f.addedLines, f.calls.map(c => c.name + '@' + c.line).join(' '));
console.log(m2.patches[0].files[0].source, m2.index.callers('fake_helper', 1).map(f => f.name));
