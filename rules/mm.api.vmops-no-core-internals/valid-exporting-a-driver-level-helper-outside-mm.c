/*
 * case: exporting a driver-level helper outside mm/
 * path: drivers/fake/fake_dev.c
 */
int fake_dev_install_pte_helper(struct fake_dev *dev)
{
        return fake_dev_poke(dev);
}
EXPORT_SYMBOL_GPL(fake_dev_install_pte_helper);
