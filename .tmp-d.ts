import { synthPatchContent } from './src/checks/synth-diff.ts';
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
const LONG_AFTER = LONG_BEFORE.replace('\tret = fake_middle(mm);\n', '\tret = fake_middle(mm);\n\tfake_flush_range(mm, start, end);\n').replace(/static void fake_doomed[\s\S]*?\n}\n\n/, '');
for (const h of synthPatchContent([{ path: 'a.c', before: LONG_BEFORE, after: LONG_AFTER }]).files[0].hunks) { console.log(`@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@ ${h.section}`); for (const l of h.lines) console.log(l.kind + l.text); }
