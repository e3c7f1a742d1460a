
long fakemove_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct fakemove_args args;

	if (cmd != FAKEMOVE_IOC_MOVE)
		return -ENOTTY;
	if (copy_from_user(&args, (void __user *)arg, sizeof(args)))
		return -EFAULT;
	return fakemove_range(current->mm, args.dst, args.src, args.len);
}
