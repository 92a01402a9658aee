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
 * first, as two parallel texts with one line per frame:
 *   shape:  <qualname>[\t<name>]...\n    what rarely changes (intern it)
 *   values: <line>[\t<repr>]...\n        what changes at every step
 * Line k of each describes the same frame and they have the same number of
 * fields. Synchronous calls made inside a coroutine are frames of that
 * coroutine and follow it; a native coroutine (asyncio.sleep) is a frame
 * with line 0 and no locals. Unbound locals and the runtime's internal
 * code (LS_CODE_INTERNAL) are left out. */
void ls_introspect_frames(LsVm *vm, const LsCoro *co, LsBuf *shape, LsBuf *values);

#endif
