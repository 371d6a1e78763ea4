// SPDX-License-Identifier: MIT
/*
 * An example student pager (docs/pager-guide.md walks to it), deliberately
 * unlike the reference one, written the way a course pager is: C++,
 * `#include "vm_pager.h"`, its own page tables behind
 * page_table_base_register, the classic compile-time geometry. It replaces
 * pages first in, first out (no reference bits, and no use of the zero
 * page, frame 0, which it leaves alone as the contract asks), backs pages
 * with swap only, and refuses to fork a process it manages. Build it with
 * `c++ -shared -fPIC fifo_pager.cpp $(pkg-config --cflags pagerd) -o
 * fifo_pager.so` and run `pagerd --pager ./fifo_pager.so -- ./app`; tests
 * load it too, to check that pagerd runs such pagers unchanged.
 */
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <vector>

#include "vm_pager.h"

namespace
{

const size_t arena_pages = VM_ARENA_SIZE / VM_PAGESIZE;

struct page {
	unsigned int block; // the swap block it owns
	bool resident;
	unsigned int frame; // if resident
	bool dirty;
	bool on_swap; // its block holds its content
};

struct process {
	page_table_t table{}; // zeroed: nothing mapped
	std::vector<page> pages;
};

struct owner {
	process *proc;
	size_t index;
};

// All of it is touched by pager calls only, one at a time.
std::map<pid_t, process *> processes;
process *current;
std::deque<unsigned int> free_frames;
std::deque<unsigned int> free_blocks;
std::deque<unsigned int> fifo; // resident frames, oldest first
std::vector<owner> owners;     // by frame

char *frame_addr(unsigned int frame)
{
	return static_cast<char *>(vm_physmem) + static_cast<size_t>(frame) * VM_PAGESIZE;
}

void forget_everything()
{
	for (auto &p : processes)
		delete p.second;
	processes.clear();
	current = nullptr;
	free_frames.clear();
	free_blocks.clear();
	fifo.clear();
	owners.clear();
	owners.shrink_to_fit();
}

// A frame: a free one, else the oldest resident page's, written to swap
// first if it is dirty.
unsigned int take_frame()
{
	unsigned int frame;

	if (!free_frames.empty()) {
		frame = free_frames.front();
		free_frames.pop_front();
		return frame;
	}
	frame = fifo.front();
	fifo.pop_front();
	owner o = owners[frame];
	page &victim = o.proc->pages[o.index];
	if (victim.dirty) {
		file_write(nullptr, victim.block, frame_addr(frame));
		victim.on_swap = true;
	}
	victim.resident = false;
	victim.dirty = false;
	o.proc->table.ptes[o.index] = page_table_entry_t{};
	return frame;
}

} // namespace

extern "C" {

void vm_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	forget_everything();
	owners.resize(memory_pages);
	for (unsigned int f = 1; f < memory_pages; f++) // frame 0: the zero page
		free_frames.push_back(f);
	for (unsigned int b = 0; b < swap_blocks; b++)
		free_blocks.push_back(b);
}

int vm_create(pid_t parent_pid, pid_t child_pid)
{
	if (processes.count(parent_pid))
		return -1; // copying an arena is not something this pager does
	processes[child_pid] = new process;
	return 0;
}

void vm_switch(pid_t pid)
{
	current = processes.at(pid);
	page_table_base_register = &current->table;
}

void *vm_map(const char *filename, unsigned int block)
{
	(void)block;
	if (filename || free_blocks.empty() || current->pages.size() == arena_pages)
		return nullptr;
	current->pages.push_back(page{free_blocks.front(), false, 0, false, false});
	free_blocks.pop_front();
	return static_cast<char *>(VM_ARENA_BASEADDR) + (current->pages.size() - 1) * VM_PAGESIZE;
}

int vm_fault(const void *addr, bool write_flag)
{
	uintptr_t a = reinterpret_cast<uintptr_t>(addr);
	uintptr_t base = reinterpret_cast<uintptr_t>(VM_ARENA_BASEADDR);

	if (a < base || (a - base) / VM_PAGESIZE >= current->pages.size())
		return -1;
	size_t index = (a - base) / VM_PAGESIZE;
	page &p = current->pages[index];
	page_table_entry_t &pte = current->table.ptes[index];
	if (!p.resident) {
		unsigned int frame = take_frame();

		if (!p.on_swap) {
			memset(frame_addr(frame), 0, VM_PAGESIZE);
		} else if (file_read(nullptr, p.block, frame_addr(frame))) {
			free_frames.push_back(frame);
			return -1;
		}
		p.resident = true;
		p.frame = frame;
		owners[frame] = owner{current, index};
		fifo.push_back(frame);
		pte.ppage = frame;
		pte.read_enable = 1;
	}
	if (write_flag) {
		p.dirty = true;
		pte.write_enable = 1;
	}
	return 0;
}

void vm_destroy()
{
	for (page &p : current->pages) {
		if (p.resident) {
			for (auto it = fifo.begin(); it != fifo.end(); ++it)
				if (*it == p.frame) {
					fifo.erase(it);
					break;
				}
			free_frames.push_back(p.frame);
		}
		free_blocks.push_back(p.block);
	}
	for (auto it = processes.begin(); it != processes.end(); ++it)
		if (it->second == current) {
			processes.erase(it);
			break;
		}
	delete current;
	current = nullptr;
	page_table_base_register = nullptr;
}

// pagerd extension: free everything at shutdown.
void pgd_pager_fini()
{
	forget_everything();
}

} // extern "C"
