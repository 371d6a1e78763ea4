/* SPDX-License-Identifier: MIT */
/*
 * Function names from a 64-bit ELF shared object's .symtab: the file is
 * mapped read-only, every section header and symbol is range-checked
 * against the file's size (a pager module is the student's file, not
 * trusted), and the function whose [value, value + size) holds the offset
 * is the answer. In a shared object, symbol values are offsets from the
 * load address.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsym.h"

/* Whether [off, off + size) lies in a file of len bytes. */
static int elfsym_fits(uint64_t off, uint64_t size, size_t len)
{
	return off <= len && size <= len - off;
}

static int elfsym_search(const unsigned char *f, size_t len, uintptr_t offset, char *name,
                         size_t namelen, uintptr_t *off)
{
	const Elf64_Ehdr *eh = (const void *)f;
	const Elf64_Shdr *sh;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !elfsym_fits(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), len))
		return -ENOEXEC;
	sh = (const void *)(f + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *strs;
		const Elf64_Sym *syms;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
		    !elfsym_fits(sh[i].sh_offset, sh[i].sh_size, len))
			continue;
		strs = &sh[sh[i].sh_link];
		if (!elfsym_fits(strs->sh_offset, strs->sh_size, len) || !strs->sh_size)
			continue;
		syms = (const void *)(f + sh[i].sh_offset);
		for (size_t j = 0; j < sh[i].sh_size / sizeof(*syms); j++) {
			const Elf64_Sym *s = &syms[j];
			const char *str = (const char *)f + strs->sh_offset;

			if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || offset < s->st_value ||
			    offset - s->st_value >= s->st_size || s->st_name >= strs->sh_size)
				continue;
			snprintf(name, namelen, "%.*s", (int)(strs->sh_size - s->st_name),
			         str + s->st_name);
			*off = offset - s->st_value;
			return 0;
		}
	}
	return -ENOENT;
}

int elfsym_find(const char *path, uintptr_t offset, char *name, size_t len, uintptr_t *off)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *f;
	int err;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
		close(fd);
		return -ENOEXEC;
	}
	f = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f == MAP_FAILED)
		return -errno;
	err = elfsym_search(f, (size_t)st.st_size, offset, name, len, off);
	munmap(f, (size_t)st.st_size);
	return err;
}
