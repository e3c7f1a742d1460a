/*
 * case: a global lock held across the call
 * path: mm/synth_pool.c
 */
static void synth_pool_take(struct synth_pool_item *item)
{
	lockdep_assert_held(&synth_pool_lock);
	synth_pool_count--;
	synth_pool_unlink(item);
}

static void synth_pool_drain(struct synth_pool_item *item, spinlock_t *other)
{
	spin_lock(other);
	spin_lock_irq(&synth_pool_lock);
	/* ok: mm.lock.held-for-callee */
	synth_pool_take(item);
	spin_unlock_irq(&synth_pool_lock);
	spin_unlock(other);
}
