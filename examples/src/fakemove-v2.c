// SPDX-License-Identifier: GPL-2.0
/*
 * fakemove: a synthetic example for mm-review, not real kernel code.
 * Moves one anonymous page from one user address to another.
 */
#include <linux/mm.h>
#include <linux/rmap.h>
#include <linux/fakemove.h>

static int fakemove_one_pte(struct mm_struct *mm,
			    struct vm_area_struct *dst_vma,
			    struct vm_area_struct *src_vma,
			    unsigned long dst_addr, unsigned long src_addr,
			    pte_t *dst_pte, pte_t *src_pte)
{
	struct folio *folio;
	pte_t orig_pte, new_pte;

	orig_pte = ptep_get(src_pte);
	folio = page_folio(pte_page(orig_pte));
	if (!folio_test_anon(folio) || !PageAnonExclusive(&folio->page))
		return -EBUSY;

	folio_lock(folio);
	flush_cache_range(src_vma, src_addr, src_addr + PAGE_SIZE);
	orig_pte = ptep_get_and_clear(mm, src_addr, src_pte);
	folio_move_anon_rmap(folio, dst_vma);
	folio->index = linear_page_index(dst_vma, dst_addr);

	new_pte = mk_pte(&folio->page, dst_vma->vm_page_prot);
	set_pte_at(mm, dst_addr, dst_pte, new_pte);
	folio_unlock(folio);
	flush_tlb_page(src_vma, src_addr);
	return 0;
}
