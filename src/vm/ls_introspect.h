/* ls_introspect — a small read-only window on suspended coroutines for the
 * event log: the await chain of a task with each frame's function, current
 * line and locals rendered as Python reprs. It never runs Python code, never
 * allocates GC objects and leaves the VM exactly as it found it (a repr that
 * fails is shown as <?> and its exception is dropped). */
#ifndef LS_INTROSPECT_H
#define LS_INTROSPECT_H

#include "ls_vm.h"

/* Longest repr kept per local, in bytes; longer ones end in "...". */
#define LS_INTROSPECT_REPR_MAX 60

/* Append the await chain starting at `co` (a task's coroutine), outermost
 * first, one frame a line in the format of ls_events_stamp_frames:
 *     <qualname>\t<line>[\t<name>=<repr>]...\n
 * Synchronous calls made inside a coroutine are frames of that coroutine
 * and appear after it; a native coroutine (asyncio.sleep) is one line with
 * line 0 and no locals. Unbound locals are left out. */
void ls_introspect_frames(LsVm *vm, const LsCoro *co, LsBuf *out);

#endif
