// SPDX-License-Identifier: MIT
// classic-4k: two swap-backed pages start on the zero page (a read needs no
// fault); each first store zero-fills a frame of its own (rule 1), frames in
// free-list order 1, 2 (rule 3). The store at the last byte of the second
// page faults on that page: 4 KiB pages.
#include "vm_app.h"

int main()
{
	char *p = static_cast<char *>(vm_map(nullptr, 0));
	char *q = static_cast<char *>(vm_map(nullptr, 0));

	if (p[0] != 0)
		return 1;
	q[VM_PAGESIZE - 1] = 'x';
	p[0] = 'y';
	return q[VM_PAGESIZE - 1] == 'x' && p[0] == 'y' ? 0 : 1;
}
