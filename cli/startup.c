/* Start-up: map in, one call each, the pages that every run of sockc touches.
 *
 * A one-rule compile is mostly start-up: LLVM's static constructors and pass set-up
 * touch about 600 pages of the executable's data, its code and the heap, and each
 * first touch is a page fault. Where a fault is expensive, as in the virtual machines
 * sockc often runs in (about 12 us a fault on the one the bench runs on, against under
 * 1 us a page to populate the same memory with madvise), that was a third of the
 * compile. Before any constructor runs (.preinit_array), this populates:
 *   - the writable data and bss past RELRO, which the constructors write (~110 pages);
 *   - the code that a compile runs, which the link lays out first in .text (cli/
 *     sockc.order, ending at sc_hot_text_end; only when the link applied the order);
 *   - 2 MiB of heap, left free at its top for the allocations that follow.
 * A one-rule compile then takes ~85 page faults instead of ~610, and 15.4 ms instead
 * of 19.2 here (medians of 60 runs, interleaved); 100,000 rules compile as before.
 * Nothing that the program computes changes: madvise is a hint here, and a kernel
 * without MADV_POPULATE_* (before 5.14) refuses it, which leaves the faults as they
 * were. tests/startup.sh counts the faults. */
#include "bigmem.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

enum { PAGE = 4096, HEAP_SPARE = 2 << 20 };

static void populate(uintptr_t lo, uintptr_t hi, int advice)
{
    if (hi > lo)
        sc_advise((const void *)lo, hi - lo, advice);
}

#ifdef SOCKC_HOT_TEXT
/* The last name in cli/sockc.order: the link puts it right after the code a compile
 * runs. Never called; external, so that it stays. */
void sc_hot_text_end(void);
void sc_hot_text_end(void) {}
#endif

static void populate_image(void)
{
    const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
    size_t n = getauxval(AT_PHNUM);
    uintptr_t relro_end = 0;
    for (size_t i = 0; ph && i < n; i++)
        if (ph[i].p_type == PT_GNU_RELRO)
            relro_end = ph[i].p_vaddr + ph[i].p_memsz; /* read-only by now */
    for (size_t i = 0; ph && i < n; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        uintptr_t lo = ph[i].p_vaddr, hi = lo + ph[i].p_memsz;
        if (ph[i].p_flags & PF_W)
            populate(lo > relro_end ? lo : relro_end, hi, MADV_POPULATE_WRITE);
#ifdef SOCKC_HOT_TEXT
        uintptr_t end = (uintptr_t)&sc_hot_text_end;
        if ((ph[i].p_flags & PF_X) && lo <= end && end < hi)
            populate(lo, end, MADV_POPULATE_READ);
#endif
    }
}

/* First HEAP_SPARE is allocated and freed, which malloc maps and unmaps: glibc then
 * serves smaller requests from the heap, and trims a free top only past twice that
 * size (its adaptive mmap threshold, which any such free moves). So the HEAP_SPARE
 * allocated next is heap, stays when freed, and LLVM's target machine (300 KiB) is
 * cut from it instead of being a fresh mapping. mallopt would say this more plainly,
 * but any call of it turns the adaptive threshold off, and 100,000 rules compile 15%
 * slower without it. */
static void populate_heap(void)
{
    void *volatile mapped = malloc(HEAP_SPARE + PAGE); /* volatile: the pair is not elided */
    free(mapped);
    char *top = malloc(HEAP_SPARE);
    if (top)
        populate((uintptr_t)top, (uintptr_t)sbrk(0), MADV_POPULATE_WRITE);
    free(top);
}

static void populate_at_start(int argc, char **argv, char **envp)
{
    (void)argc, (void)argv, (void)envp;
    populate_image();
    populate_heap();
}

/* An entry in .preinit_array is the one way to run before the constructors of LLVM's
 * static archives (the ELF format's, which GCC and clang both reach this way). */
__attribute__((used, section(".preinit_array"))) static void (*const at_start)(int, char **, char **) =
    populate_at_start;
