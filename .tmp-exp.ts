import { analyzeC } from './src/checks/c/parse.ts';
const src = `
SYSCALL_DEFINE3(fake_call, unsigned long, addr, const char __user *, name, int, flags)
{
	return do_fake(addr, len);
}
EXPORT_SYMBOL(do_fake);
static int __init fake_a(struct mm_struct *mm, pte_t *ptep, void (*cb)(int)) __releases(ptl)
{
	scoped_guard(spinlock, &mm->lock) {
		fake_b(mm, "a,b");
	}
	guard(mutex)(&mm->mtx);
	VM_WARN_ON_ONCE(fake_c(mm));
	list_for_each_entry(vma, &mm->list, node) {
		fake_d(vma);
	}
#ifdef CONFIG_FAKE
	if (x) {
#else
	if (y(z)) {
#endif
		fake_e();
	}
	ops->fault(vmf);
}
static const struct vm_operations_struct fake_ops = {
	.fault = fake_fault,
	.map_pages = fake_map,
};
struct fake_ops_struct {
	vm_fault_t (*fault)(struct vm_fault *vmf);
	int (*move)(struct vm_area_struct *vma, pte_t *pte, struct folio **f);
	struct folio *(*get)(struct inode *inode, pgoff_t pgoff);
};
#define UFFDIO_FAKE _IOWR(UFFDIO, 0x3f, struct uffdio_fake)
static void fake_tail(void)
{
	fake_f();
}
`;
const a = analyzeC(src);
console.log(JSON.stringify({ ...a, functions: a.functions.map(f => ({...f, text: undefined, calls: f.calls.map(c => `${c.name}@${c.line}:${c.col} [${c.args.join(' | ')}] ${c.guardedBy} ${c.fallback?'F':''}`)})), calls: a.calls.length }, null, 1));
