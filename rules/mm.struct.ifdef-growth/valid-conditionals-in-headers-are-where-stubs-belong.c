/*
 * case: conditionals in headers are where stubs belong
 * path: include/linux/fake_userfaultfd_k.h
 */
#ifdef CONFIG_USERFAULTFD
int fake_move_pages(unsigned long start);
#else
static inline int fake_move_pages(unsigned long start)
{
        return -EINVAL;
}
#endif
