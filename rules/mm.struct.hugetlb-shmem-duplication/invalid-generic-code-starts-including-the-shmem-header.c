/*
 * case: generic code starts including the shmem header
 * path: mm/memory.c
 * message: linux/shmem_fs.h
 */
/* ---- before ---- */
#include <linux/mm.h>
#include <linux/swap.h>

int fake_memory_thing(void)
{
        return 0;
}
/* ---- after ---- */
#include <linux/mm.h>
/* ruleid: mm.struct.hugetlb-shmem-duplication */
#include <linux/shmem_fs.h>
#include <linux/swap.h>

int fake_memory_thing(void)
{
        return 0;
}
