/* ls_export — the event stream written out for other tools: the text form
 * of `loopscope run --trace`, JSON Lines (one object per event) and the
 * Chrome trace-event JSON that Perfetto and chrome://tracing open.
 *
 * Chrome layout: pid 1; tid 0 is the event loop (one slice per handle run,
 * named by its label; timers falling due and clock jumps as instants); tid N
 * is task N (a "run" slice per step, an "await ..." slice while suspended,
 * a "ready" slice after sleep(0)). Flow arrows ("s" → "f", id = handle id)
 * go from where a handle was scheduled to the slice that runs it; they are
 * only drawn when the scheduling side had an open slice to bind to. The time
 * axis is the step number (1 µs per event) so that steps at the same virtual
 * time stay apart; every slice carries the virtual clock in args.t. */
#ifndef LS_EXPORT_H
#define LS_EXPORT_H

#include "ls_buf.h"
#include "ls_events.h"

#include <stdbool.h>

#define LS_EXPORT_FORMATS(X) X(TEXT, "text") X(JSONL, "jsonl") X(CHROME, "chrome")
typedef enum LsExportFormat {
#define X(n, s) LS_EXPORT_##n,
    LS_EXPORT_FORMATS(X)
#undef X
} LsExportFormat;

/* Parse "text" / "jsonl" / "chrome"; false if unknown. */
bool ls_export_parse_format(const char *name, LsExportFormat *out);

/* Append the whole log in `fmt`. Returns false only when out of memory. */
bool ls_export_write(const LsEventLog *log, LsExportFormat fmt, LsBuf *out);
/* One event as a JSON object (the JSONL line, without newline). */
void ls_export_event_json(const LsEventLog *log, uint64_t i, LsBuf *out);

#endif
