/* loopscope — command-line front end: `loopscope run [--timestamps]
 * [--loop-trace] [--trace] FILE`. Reads the file, compiles it (load-time
 * refusals are CPython-style diagnostics, exit 2), runs it on a virtual
 * clock and exits with the program's status (0 ok, 1 raised, 3 deadlock). */
#include "ls_rt.h"
#include "ls_diag.h"
#include "ls_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: loopscope run [--timestamps] [--loop-trace] [--trace] [--record] FILE\n"
    "       loopscope state --step N|end [LIMITS] FILE\n"
    "       loopscope trace [--format text|jsonl|chrome] [-o OUT] [LIMITS] FILE\n"
    "\n"
    "Runs a Python asyncio program on a deterministic virtual clock, exactly as\n"
    "CPython 3.11 would print it.\n"
    "\n"
    "  --timestamps   prefix each output line with the virtual time [t.ttt]\n"
    "  --loop-trace   interleave one '## iter' line per event-loop iteration\n"
    "  --trace        print the engine's event stream after the run\n"
    "  --record       record the event stream without printing it (what the\n"
    "                 visualizer pays for; used by bench/)\n"
    "  --help         show this help\n"
    "  --version      show the version\n"
    "\n"
    "state prints the view at step N (or the last step) as JSON\n"
    "(docs/VIEW_SCHEMA.md); trace writes the event stream. LIMITS:\n"
    "  --max-steps N       stop recording after N events (default 10000000)\n"
    "  --max-memory BYTES  the program's heap; MemoryError past it\n"
    "  --max-output BYTES  program output kept; the rest is dropped\n"
    "\n"
    "Exit status: 0 ok, 1 the program raised, 2 usage or unsupported program,\n"
    "3 deadlock (every task waits and no timer is pending).\n";

/* Absolute form of `path` without resolving links, like os.path.abspath:
 * CPython 3.11 shows the script's absolute path in tracebacks. */
static char *abspath(const char *path) {
    LsBuf b;
    ls_buf_init(&b);
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) ls_buf_puts(&b, cwd);
        ls_buf_putc(&b, '/');
    }
    ls_buf_puts(&b, path);
    /* Normalise "/./" and "//" segments. */
    char *s = b.data, *o = b.data;
    for (char *p = s; *p;) {
        if (p[0] == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0')) { p += 2; continue; }
        if (p[0] == '/' && p[1] == '/') { p++; continue; }
        *o++ = *p++;
    }
    *o = '\0';
    return b.data;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    LsBuf b;
    ls_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) ls_buf_append(&b, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) { ls_buf_fini(&b); return NULL; }
    if (!b.data) ls_buf_append(&b, "", 0);
    *len = b.len;
    return b.data;
}

static int cmd_run(int argc, char **argv) {
    LsRtOptions opt = {0};
    bool trace = false;
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--timestamps") == 0) opt.timestamps = true;
        else if (strcmp(argv[i], "--loop-trace") == 0) opt.loop_trace = true;
        else if (strcmp(argv[i], "--trace") == 0) trace = opt.record = true;
        else if (strcmp(argv[i], "--record") == 0) opt.record = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "loopscope run: unknown option '%s'\n\n%s", argv[i], usage);
            return LS_EXIT_USAGE;
        } else if (!file) file = argv[i];
        else {
            fprintf(stderr, "loopscope run: expected one FILE, got '%s' too\n", argv[i]);
            return LS_EXIT_USAGE;
        }
    }
    if (!file) {
        fprintf(stderr, "loopscope run: no FILE given\n\n%s", usage);
        return LS_EXIT_USAGE;
    }
    size_t len = 0;
    char *src = read_file(file, &len);
    if (!src) {
        fprintf(stderr, "loopscope: can't open file '%s': %s\n", file, strerror(errno));
        return LS_EXIT_USAGE;
    }
    char *shown = abspath(file);
    LsProgram *prog = NULL;
    LsDiag diag;
    if (!ls_compile(shown, src, len, ls_rt_compile_options(), &prog, &diag)) {
        LsBuf b;
        ls_buf_init(&b);
        ls_diag_render(&b, &diag, shown, src, len);
        fputs(ls_buf_cstr(&b), stderr);
        ls_buf_fini(&b);
        free(src);
        free(shown);
        return LS_EXIT_USAGE;
    }
    LsRt *rt = ls_rt_new(&opt);
    if (!rt) {
        fputs("loopscope: out of memory\n", stderr);
        ls_program_free(prog);
        free(src);
        free(shown);
        return LS_EXIT_USAGE;
    }
    int status = ls_rt_run(rt, prog);
    if (trace && ls_rt_events(rt)) {
        LsBuf b;
        ls_buf_init(&b);
        ls_events_dump(ls_rt_events(rt), &b);
        fputs(ls_buf_cstr(&b), stdout);
        ls_buf_fini(&b);
    }
    fflush(stdout);
    ls_rt_free(rt);
    ls_program_free(prog);
    free(src);
    free(shown);
    return status;
}

int main(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("loopscope %s\n", LS_VERSION);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "run") == 0) return cmd_run(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "state") == 0) return ls_cmd_state(argc - 2, argv + 2); /* issue 4 */
    if (argc >= 2 && strcmp(argv[1], "trace") == 0) return ls_cmd_trace(argc - 2, argv + 2); /* issue 4 */
    fputs(usage, stderr);
    return LS_EXIT_USAGE;
}
