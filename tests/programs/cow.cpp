// SPDX-License-Identifier: MIT
/*
 * The program of cow.c, written as a classic C++ course program would be:
 * reinterpret_cast, std::string, the arena constants of vm_arena.h. It must
 * build against the compat headers unchanged and give the same log.
 */
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "vm_app.h"

int main()
{
	auto *p = static_cast<volatile char *>(vm_map(nullptr, 0));
	auto *name = static_cast<volatile char *>(vm_map(nullptr, 0));
	const std::string s = "data1.bin";

	if (reinterpret_cast<volatile void *>(p) != VM_ARENA_BASEADDR)
		return 9;
	p[0] = 'a';
	for (size_t i = 0; i <= s.size(); i++)
		name[i] = s.c_str()[i];
	auto *f = static_cast<volatile char *>(vm_map(const_cast<const char *>(name), 0));
	if (f[0] != 'F')
		return 10;
	pid_t child = fork();
	if (child < 0)
		return 11;
	if (child == 0) {
		p[0] = 'c';
		if (p[0] != 'c')
			_exit(12);
		f[1] = 'x';
		_exit(0);
	}
	vm_yield();
	if (p[0] != 'a')
		return 13;
	return f[1] == 'x' ? 0 : 14;
}
