/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_FAKEMOVE_H
#define _UAPI_LINUX_FAKEMOVE_H

#include <linux/types.h>

struct fakemove_args {
	__u64 dst;
	__u64 src;
	__u64 len;
};

#define FAKEMOVE_IOC_MOVE	_IOWR(0xF7, 0x01, struct fakemove_args)

#endif /* _UAPI_LINUX_FAKEMOVE_H */
