/*
 * case: a conditional inside a function body
 * path: fs/userfaultfd.c
 * message: CONFIG_HUGETLB_PAGE
 */
/* ---- before ---- */
static int fake_ioctl(unsigned int cmd)
{
        switch (cmd) {
        case FAKE_COPY:
                return fake_copy();
        }
        return -EINVAL;
}
/* ---- after ---- */
static int fake_ioctl(unsigned int cmd)
{
        switch (cmd) {
        case FAKE_COPY:
                return fake_copy();
/* ruleid: mm.struct.ifdef-growth */
#ifdef CONFIG_HUGETLB_PAGE
        case FAKE_MOVE:
                return fake_move();
#endif
        }
        return -EINVAL;
}
