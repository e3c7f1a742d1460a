// SPDX-License-Identifier: GPL-2.0
/* Synthetic selftest for the fakemove example series. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/fakemove.h>

int main(void)
{
	struct fakemove_args args;
	char *src = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	strcpy(src, "moved");
	args.dst = (unsigned long)dst;
	args.src = (unsigned long)src;
	args.len = 4096;
	if (ioctl(0, FAKEMOVE_IOC_MOVE, &args))
		return 1;
	return strcmp(dst, "moved") != 0;
}
