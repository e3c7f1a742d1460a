import { analyzeC } from './src/checks/c/parse.ts';
const cases = [
`void f(void)\n{\n\tint x = min_t(unsigned long, a, fake_calc(b));\n}\n`,
`void f(void)\n{\n\tp = container_of(fake_ptr(q), struct fake, node);\n}\n`,
`void f(void)\n{\n\tx = a ? : fake_y(1);\n\tfor_each_fake(i) fake_z(i)\n\tfake_w(2);\n}\n`,
`void f(void)\n{\n\tif (x) {\n\t\tfake_a(1);\n\t} else @@@ {\n\t\tfake_b(2);\n\t}\n}\n`,
];
for (const c of cases) { const a = analyzeC(c); console.log(a.errorNodes, a.functions.map(f => f.name + ':' + f.calls.map(x => x.name + '@' + x.line + (x.fallback ? 'F' : '')).join(',')).join(' ')); }
