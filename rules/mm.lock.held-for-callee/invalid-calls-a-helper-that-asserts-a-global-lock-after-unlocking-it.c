/*
 * case: calls a helper that asserts a global lock after unlocking it
 * path: mm/synth_pool.c
 * message: synth_pool_lock held
 */
static void synth_pool_take(struct synth_pool_item *item)
{
	lockdep_assert_held(&synth_pool_lock);
	synth_pool_count--;
	synth_pool_unlink(item);
}

static void synth_pool_drain(struct synth_pool_item *item)
{
	spin_lock_irq(&synth_pool_lock);
	synth_pool_scan(item);
	spin_unlock_irq(&synth_pool_lock);
	/* ruleid: mm.lock.held-for-callee */
	synth_pool_take(item);
}
