// SPDX-License-Identifier: MIT
// classic-4k with one frame besides the zero page: each fault evicts the
// other page (rule 5, the clock's second chance), dirty, so it is written
// to its own swap block (0 and 1, rule 3) and read back from it (rule 6).
#include "vm_app.h"

int main()
{
	char *a = static_cast<char *>(vm_map(nullptr, 0));
	char *b = static_cast<char *>(vm_map(nullptr, 0));

	a[0] = 'a';
	b[0] = 'b';
	return a[0] == 'a' ? 0 : 1;
}
