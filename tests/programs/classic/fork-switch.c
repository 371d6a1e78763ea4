/* SPDX-License-Identifier: MIT */
/*
 * workloads/fork-switch.pgd as a classic program: fork is vm_create with
 * the parent running and the child joins the back of the run queue;
 * vm_yield moves the caller to the back; vm_switch is logged only when the
 * running process changes, so B's last yields, alone, log nothing.
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	pid_t child;

	a[0] = 1;
	vm_yield();     /* to B */
	child = fork(); /* A1 */
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 1);
		vm_yield();
		CHECK(a[0] == 1);
		exit(0);
	}
	child = fork(); /* A2 */
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 1);
		exit(0);
	}
	vm_yield();
	CHECK(a[0] == 1);
}

static void proc_b(void)
{
	volatile char *b = (volatile char *)vm_map(NULL, 0);

	b[0] = 2;
	vm_yield(); /* to A */
	CHECK(b[0] == 2);
	vm_yield();
	CHECK(b[0] == 2);
	vm_yield();
	vm_yield(); /* alone by now: no vm_switch */
	CHECK(b[0] == 2);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_EXITS},
	    {"B", proc_b, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
