/* ls_live — run a program lazily for time travel: the engine runs on a
 * worker thread that pauses at the runtime's safe points (between
 * statements, before each handle) as soon as the log holds the number of
 * events asked for, and hands control back. A program that never ends (an
 * infinite loop) therefore never freezes its caller: each request returns
 * after a bounded slice of events. The run stops for good at the step cap
 * (LsRtOptions.max_events).
 *
 * Threading contract: the log is only read while the worker is paused or
 * finished, which is always the case between calls; the log is never
 * touched by two threads at once. Determinism is unaffected: pausing only
 * delays the engine, it never changes what it does. */
#ifndef LS_LIVE_H
#define LS_LIVE_H

#include "ls_rt.h"
#include "ls_view.h"

typedef struct LsLive LsLive;

/* Start `prog` (which must outlive the runner) with `opt` (record is forced
 * on; out/err default to a sink that discards the program's output: the
 * views' console holds it). The worker runs nothing until the first
 * request. NULL when out of memory or threads are unavailable. */
LsLive *ls_live_start(const LsProgram *prog, const LsRtOptions *opt);
/* Stops a paused worker (it is cancelled at its safe point) and frees all. */
void ls_live_free(LsLive *live);

/* Run until the log holds at least `want` events or the run ends. Returns
 * false once the run has ended (finished, or stopped at the step cap). */
bool ls_live_more(LsLive *live, uint64_t want);
/* A feed for ls_view_session_new. */
LsViewFeed ls_live_feed(LsLive *live);
const LsEventLog *ls_live_log(const LsLive *live);
/* The run's exit status once ended (LS_EXIT_*), -1 while it can go on. */
int ls_live_status(const LsLive *live);

#endif
