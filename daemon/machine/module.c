/* SPDX-License-Identifier: MIT */
/*
 * Loading a pager module (--pager PATH.so): dlopen it with local symbols and
 * fill a pager_ops from its classic entry points and the optional pagerd
 * extensions. The module resolves file_read, vm_physmem and the rest from
 * the executable, which must export them (ENABLE_EXPORTS / -rdynamic).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pager_ops.h"

/* The address of name in handle, or NULL if the module does not define it. */
static void *module_sym(void *handle, const char *name)
{
	dlerror();
	return dlsym(handle, name);
}

/* A required entry point; NULL (with err set) if it is missing. */
static void *module_need(void *handle, const char *path, const char *name, char *err, size_t errlen)
{
	void *sym = module_sym(handle, name);

	if (!sym)
		snprintf(err, errlen, "pager module %s does not define %s", path, name);
	return sym;
}

int module_load(const char *path, struct pager_ops *ops, char *err, size_t errlen)
{
	struct pager_ops o = {0};
	char local[PATH_MAX];
	Dl_info info;
	void *handle;

	/* A bare file name means this directory, as for any other path given
	 * on the command line, not a search of the library path. */
	if (!strchr(path, '/') && snprintf(local, sizeof(local), "./%s", path) < (int)sizeof(local))
		path = local;
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(err, errlen, "cannot load pager module: %s", dlerror());
		return -ENOEXEC;
	}
	if (!(o.init = module_need(handle, path, "vm_init", err, errlen)) ||
	    !(o.create = module_need(handle, path, "vm_create", err, errlen)) ||
	    !(o.switch_to = module_need(handle, path, "vm_switch", err, errlen)) ||
	    !(o.fault = module_need(handle, path, "vm_fault", err, errlen)) ||
	    !(o.destroy = module_need(handle, path, "vm_destroy", err, errlen)) ||
	    !(o.map = module_need(handle, path, "vm_map", err, errlen)))
		goto out_close;
	o.check = module_sym(handle, "vm_check");
	o.sync = module_sym(handle, "pgd_pager_sync");
	o.fini = module_sym(handle, "pgd_pager_fini");
	o.stats = module_sym(handle, "pgd_pager_stats");
	o.dump = module_sym(handle, "pgd_pager_dump");
	o.geometry_aware = module_sym(handle, "pgd_pager_geometry_aware") != NULL;
	o.classic = module_sym(handle, "pgd_classic_geometry");
	/* The loader's copy of the path lives as long as the module does. */
	o.name = dladdr((void *)o.init, &info) && info.dli_fname ? info.dli_fname : "pager module";
	o.dl_handle = handle;
	*ops = o;
	return 0;

out_close:
	dlclose(handle);
	return -ENOENT;
}

void module_unload(struct pager_ops *ops)
{
	if (ops->dl_handle)
		dlclose(ops->dl_handle);
	ops->dl_handle = NULL;
}
