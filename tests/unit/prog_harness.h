/* prog_harness — shared by the unit tests that run whole Python programs
 * (test_vm, test_rt): compile with the runtime's own compile options, run
 * with stdout/stderr captured in memory, hand back exact texts. Include
 * after cmocka.h. */
#ifndef PROG_HARNESS_H
#define PROG_HARNESS_H

#include <stdbool.h>

/* Path the programs are compiled under: it shows up in tracebacks. */
#define PROG_PATH "/tmp/lsut/prog.py"

typedef struct Run {
    int status;
    char *out, *err; /* malloc'd, NUL-terminated */
} Run;

/* Compile and run `src` (compile errors fail the test); `loop_trace`
 * turns on the `## iter` trace. Free the texts with run_fini. */
Run run_prog_opts(const char *src, bool loop_trace);
static inline Run run_prog(const char *src) { return run_prog_opts(src, false); }
void run_fini(Run *r);

/* Run `src` and expect exactly (status, stdout, stderr). */
void expect(const char *src, int status, const char *out, const char *err);

#endif
