/* ls_rt — the runtime that binds the VM to the event loop: the `asyncio`
 * and `time` modules, Future and Task with CPython 3.11's semantics, and
 * the top-level driver that runs a program (module body, asyncio.run,
 * shutdown, deadlock detection, output with virtual timestamps).
 *
 * One LsRt is one engine instance: all state lives here, nothing global. */
#ifndef LS_RT_H
#define LS_RT_H

#include <stdio.h>
#include "ls_vm.h"
#include "ls_loop.h"
#include "ls_events.h"
#include "ls_compiler.h"

typedef struct LsRtOptions {
    bool timestamps;     /* prefix stdout lines with [%.3f] virtual time */
    bool loop_trace;     /* interleave `## iter` lines (TRACE_FORMAT.md) */
    bool record;         /* keep the event log */
    FILE *out, *err;
    /* ---- view recording and limits (issue 4) ----
     * max_events caps the recorded log (0 = LS_RT_DEFAULT_MAX_EVENTS);
     * max_output caps the program's output in bytes (0 = unlimited), the
     * rest is dropped with one notice on stderr. max_memory caps the
     * program's heap in bytes (0 = unlimited): past it, MemoryError (the
     * event log has its own allowance). safe_point, when set, is
     * called while recording between statements and before each handle,
     * where the engine may be paused (the live runner of src/view). */
    uint64_t max_events;
    size_t max_output;
    size_t max_memory;
    void (*safe_point)(void *ud, const LsEventLog *log);
    void *safe_point_ud;
} LsRtOptions;

#define LS_RT_DEFAULT_MAX_EVENTS 10000000u

/* Exit statuses of a run. */
enum { LS_EXIT_OK = 0, LS_EXIT_RAISED = 1, LS_EXIT_USAGE = 2, LS_EXIT_DEADLOCK = 3 };

typedef struct LsRt LsRt;

/* Create an engine; NULL when memory is exhausted. */
LsRt *ls_rt_new(const LsRtOptions *opt);
void ls_rt_free(LsRt *rt);

/* The compile options naming the modules and attributes the runtime
 * supports (for load-time refusals). */
const LsCompileOptions *ls_rt_compile_options(void);

/* Run a compiled program to completion. Returns the exit status. The
 * program must outlive the runtime. */
int ls_rt_run(LsRt *rt, const LsProgram *prog);

/* The event log of the last run (NULL unless options.record). */
const LsEventLog *ls_rt_events(const LsRt *rt);

#endif
