import { sectionFunction } from './src/checks/fragments.ts';
console.log(JSON.stringify(sectionFunction('static int fake_long_walk(struct fake_mm *mm,')), JSON.stringify(sectionFunction('SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,')), JSON.stringify(sectionFunction('out:')), JSON.stringify(sectionFunction('static const struct vm_operations_struct fake_ops = {')));
