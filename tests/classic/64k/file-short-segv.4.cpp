// SPDX-License-Identifier: MIT
// classic-64k: block 0 of a 4096-byte file does not hold a whole 64 KiB
// block, so the first load fails: "block out of range", vm_fault returns
// -1 (rules 11 and 15) and the program dies of SIGSEGV.
#include "vm_app.h"

int main()
{
	static const char name[] = "data.bin";
	char *a = static_cast<char *>(vm_map(nullptr, 0));

	for (unsigned int i = 0; i < sizeof(name); i++)
		a[i] = name[i];
	char *f = static_cast<char *>(vm_map(a, 0));
	return f[0] == 'A' ? 0 : 1; // never returns
}
