import { analyzeC } from './src/checks/c/parse.ts';
const r = analyzeC('static const struct vm_operations_struct fake_ops = {\n\t.fault = fake_fault,\n#ifdef CONFIG_NUMA\n\t.set_policy = fake_setp,\n#endif\n\t.close = fake_close,\n};\n');
console.log(JSON.stringify(r.opsInitializers), r.errorNodes);
