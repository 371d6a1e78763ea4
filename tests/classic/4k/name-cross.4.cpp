// SPDX-License-Identifier: MIT
// classic-4k: a file name that crosses from one arena page into the next
// (rule 10), then block 1 of an 8192-byte file, which exists with 4 KiB
// blocks: one file_read on the first load, the page clean and read-only.
#include "vm_app.h"

int main()
{
	static const char name[] = "data.bin";
	char *a = static_cast<char *>(vm_map(nullptr, 0));
	char *b = static_cast<char *>(vm_map(nullptr, 0));
	volatile char *at = a + VM_PAGESIZE - 4; // "data" here, ".bin" on b

	for (unsigned int i = 0; i < sizeof(name); i++)
		at[i] = name[i];
	char *f = static_cast<char *>(vm_map(a + VM_PAGESIZE - 4, 1));
	return b[0] == '.' && f && f[0] == 'B' ? 0 : 1;
}
