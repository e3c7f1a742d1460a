import { buildChangeModel } from './src/checks/change-model.ts';
import { synthPatchContent } from './src/checks/synth-diff.ts';
const before = 'void fake_a(void)\n{\n\tfake_x();\n}\nstatic int fake_k(void) { return fake_one(); }\n';
const m = buildChangeModel([{ index: 1, messageId: 'x', subject: 's', content: synthPatchContent([{ path: 'mm/fake_k.c', before, after: before.replace('fake_x', 'fake_z') }]) }]);
console.log(m.patches[0].files[0].functions.map(f => [f.name, f.status, f.whole, f.startLine, f.endLine]));
console.log(m.patches[0].files[0].analysis?.functions.map(f => [f.name, f.startLine, f.endLine, f.bodyLine]));
