// SPDX-License-Identifier: MIT
// classic-64k: 4096 bytes into the first page is still the first page (64
// KiB pages): one write fault zero-fills frame 1 (rules 1 and 3), and the
// store at the page's start that follows needs no fault.
#include "vm_app.h"

int main()
{
	char *p = static_cast<char *>(vm_map(nullptr, 0));

	p[0x1000] = 'x';
	p[0] = 'y';
	return p[0x1000] == 'x' && p[0] == 'y' && VM_PAGESIZE == 0x10000 ? 0 : 1;
}
