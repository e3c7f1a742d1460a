/*
 * case: a new hook that takes a vm_fault like the established ones
 * path: include/linux/fake_mm.h
 */
struct vm_operations_struct {
        vm_fault_t (*fault)(struct vm_fault *vmf);
        vm_fault_t (*fake_prefault)(struct vm_fault *vmf, unsigned int order);
};
