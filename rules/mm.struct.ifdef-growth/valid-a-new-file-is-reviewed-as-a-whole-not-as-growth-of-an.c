/*
 * case: a new file is reviewed as a whole, not as growth of an existing one
 * path: mm/fake_new_feature.c
 */
#ifdef CONFIG_USERFAULTFD
int fake_new_feature(void)
{
        return 0;
}
#endif
