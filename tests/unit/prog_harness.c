/* prog_harness — see prog_harness.h. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_rt.h"
#include "prog_harness.h"

Run run_prog_opts(const char *src, bool loop_trace) {
    LsProgram *prog = NULL;
    LsDiag diag;
    bool ok = ls_compile(PROG_PATH, src, strlen(src), ls_rt_compile_options(), &prog, &diag);
    assert_true(ok);
    Run r = {0};
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&r.out, &olen);
    FILE *err = open_memstream(&r.err, &elen);
    assert_non_null(out);
    assert_non_null(err);
    LsRtOptions opt = {.out = out, .err = err, .loop_trace = loop_trace};
    LsRt *rt = ls_rt_new(&opt);
    assert_non_null(rt);
    r.status = ls_rt_run(rt, prog);
    ls_rt_free(rt);
    fclose(out);
    fclose(err);
    ls_program_free(prog);
    return r;
}

void run_fini(Run *r) {
    free(r->out);
    free(r->err);
}

void expect(const char *src, int status, const char *out, const char *err) {
    Run r = run_prog(src);
    assert_string_equal(r.out, out);
    assert_string_equal(r.err, err);
    assert_int_equal(r.status, status);
    run_fini(&r);
}
