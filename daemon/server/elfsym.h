/* SPDX-License-Identifier: MIT */
/*
 * The function of a shared object at an offset from its load address,
 * from the object's full symbol table (.symtab), which names static
 * functions and the split-off parts of optimised ones (name.cold) that
 * dladdr, reading only the dynamic symbols, cannot.
 */
#ifndef PAGERD_ELFSYM_H
#define PAGERD_ELFSYM_H

#include <stddef.h>
#include <stdint.h>

/* The name of the function of file path that holds offset into name
 * (size len), and the offset into it in *off: 0, or -ENOENT if the file
 * has no symbol table (stripped) or no function there, -errno. */
int elfsym_find(const char *path, uintptr_t offset, char *name, size_t len, uintptr_t *off);

#endif
