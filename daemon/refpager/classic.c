/* SPDX-License-Identifier: MIT */
/*
 * The reference pager under the classic entry-point names, for building it
 * as a --pager module (pagerd-refpager.so): the same interface any pager
 * written for the course header exports. Everything else in the module is
 * hidden.
 */
#include <stdio.h>

#include "refpager.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT const char pgd_pager_geometry_aware = 1;

EXPORT void vm_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	refpager_ops.init(memory_pages, swap_blocks);
}

EXPORT int vm_create(pid_t parent_pid, pid_t child_pid)
{
	return refpager_ops.create(parent_pid, child_pid);
}

EXPORT void vm_switch(pid_t pid)
{
	refpager_ops.switch_to(pid);
}

EXPORT int vm_fault(const void *addr, bool write_flag)
{
	return refpager_ops.fault(addr, write_flag);
}

EXPORT void vm_destroy(void)
{
	refpager_ops.destroy();
}

EXPORT void *vm_map(const char *filename, unsigned int block)
{
	return refpager_ops.map(filename, block);
}

EXPORT void vm_check(void)
{
	refpager_ops.check();
}

EXPORT void pgd_pager_sync(void)
{
	refpager_ops.sync();
}

EXPORT int pgd_pager_stats(pid_t pid, struct pgd_stats *out)
{
	return refpager_ops.stats(pid, out);
}

EXPORT void pgd_pager_dump(FILE *out, bool json)
{
	refpager_ops.dump(out, json);
}

EXPORT void pgd_pager_fini(void)
{
	refpager_ops.fini();
}
