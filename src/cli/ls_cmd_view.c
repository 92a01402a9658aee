/* ls_cmd_view — `loopscope state` (the view at one step as JSON, schema in
 * docs/VIEW_SCHEMA.md) and `loopscope trace` (the event stream as text,
 * JSON Lines or Chrome trace JSON). Both run the program lazily through
 * ls_live: `state --step N` runs only as far as step N. */
#include "ls_cmd.h"
#include "ls_diag.h"
#include "ls_export.h"
#include "ls_live.h"
#include "ls_view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Loaded {
    char *src, *shown;
    LsProgram *prog;
} Loaded;

static void loaded_fini(Loaded *l) {
    ls_program_free(l->prog);
    free(l->src);
    free(l->shown);
}

/* The file's absolute path the way CPython shows it in tracebacks. */
static char *absolute(const char *path) {
    LsBuf b;
    ls_buf_init(&b);
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) ls_buf_puts(&b, cwd);
        ls_buf_putc(&b, '/');
    }
    ls_buf_puts(&b, path);
    return b.data;
}

/* Read and compile FILE; on failure print why and return false. */
static bool load(const char *cmd, const char *file, Loaded *l) {
    memset(l, 0, sizeof *l);
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "loopscope %s: can't open file '%s': %s\n", cmd, file, strerror(errno));
        return false;
    }
    LsBuf b;
    ls_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) ls_buf_append(&b, chunk, n);
    fclose(f);
    if (!b.data) ls_buf_append(&b, "", 0);
    l->src = b.data;
    l->shown = absolute(file);
    LsDiag diag;
    if (ls_compile(l->shown, l->src, b.len, ls_rt_compile_options(), &l->prog, &diag)) return true;
    LsBuf d;
    ls_buf_init(&d);
    ls_diag_render(&d, &diag, l->shown, l->src, b.len);
    fputs(ls_buf_cstr(&d), stderr);
    ls_buf_fini(&d);
    loaded_fini(l);
    return false;
}

typedef struct Args {
    const char *file, *step, *format, *out;
    uint64_t max_steps, max_memory, max_output;
} Args;

static bool parse_count(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return false;
    *out = v;
    return true;
}

/* Options shared by both commands; false (after a message) on misuse. */
static bool parse(const char *cmd, int argc, char **argv, Args *a) {
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(o, "--step") == 0 && has_val) a->step = argv[++i];
        else if (strcmp(o, "--format") == 0 && has_val) a->format = argv[++i];
        else if ((strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0) && has_val) a->out = argv[++i];
        else if ((strcmp(o, "--max-steps") == 0 || strcmp(o, "--max-memory") == 0 ||
                  strcmp(o, "--max-output") == 0) && has_val) {
            uint64_t *dst = o[6] == 's' ? &a->max_steps : o[6] == 'm' ? &a->max_memory : &a->max_output;
            if (!parse_count(argv[++i], dst) || *dst == 0) {
                fprintf(stderr, "loopscope %s: %s wants a positive number, got '%s'\n", cmd, o, argv[i]);
                return false;
            }
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "loopscope %s: unknown option or missing value: '%s'\n", cmd, o);
            return false;
        } else if (!a->file) a->file = o;
        else {
            fprintf(stderr, "loopscope %s: expected one FILE, got '%s' too\n", cmd, o);
            return false;
        }
    }
    if (!a->file) fprintf(stderr, "loopscope %s: no FILE given\n", cmd);
    return a->file != NULL;
}

int ls_cmd_state(int argc, char **argv) {
    Args a;
    if (!parse("state", argc, argv, &a)) return LS_EXIT_USAGE;
    uint64_t k = 0;
    bool end = a.step && strcmp(a.step, "end") == 0;
    if (!a.step || (!end && !parse_count(a.step, &k))) {
        fprintf(stderr, "loopscope state: --step wants a step number or 'end'\n");
        return LS_EXIT_USAGE;
    }
    Loaded l;
    if (!load("state", a.file, &l)) return LS_EXIT_USAGE;
    LsRtOptions opt = {.max_events = a.max_steps, .max_memory = (size_t)a.max_memory,
                       .max_output = (size_t)a.max_output};
    LsLive *live = ls_live_start(l.prog, &opt);
    LsViewFeed feed = live ? ls_live_feed(live) : (LsViewFeed){0};
    LsViewSession *s = live ? ls_view_session_new(ls_live_log(live), &feed) : NULL;
    int status = LS_EXIT_OK;
    if (!s) {
        fputs("loopscope state: out of memory\n", stderr);
        status = LS_EXIT_USAGE;
    } else {
        if (end) {
            uint64_t n = ls_view_run_to_end(s);
            k = n ? n - 1 : 0;
        }
        if (!ls_view_seek(s, k)) {
            fprintf(stderr, "loopscope state: the run has only %llu steps (0..%llu)\n",
                    (unsigned long long)ls_events_count(ls_view_log(s)),
                    (unsigned long long)(ls_events_count(ls_view_log(s)) - 1));
            status = LS_EXIT_USAGE;
        } else {
            LsBuf b;
            ls_buf_init(&b);
            ls_view_json(s, &b);
            ls_buf_putc(&b, '\n');
            fputs(ls_buf_cstr(&b), stdout);
            ls_buf_fini(&b);
        }
        if (ls_events_limited(ls_view_log(s)))
            fprintf(stderr, "loopscope state: the run was stopped at the step limit (%llu steps); raise it with --max-steps\n",
                    (unsigned long long)ls_events_count(ls_view_log(s)));
    }
    ls_view_session_free(s);
    ls_live_free(live);
    loaded_fini(&l);
    return status;
}

int ls_cmd_trace(int argc, char **argv) {
    Args a;
    if (!parse("trace", argc, argv, &a)) return LS_EXIT_USAGE;
    LsExportFormat fmt = LS_EXPORT_TEXT;
    if (a.format && !ls_export_parse_format(a.format, &fmt)) {
        fprintf(stderr, "loopscope trace: unknown --format '%s' (text, jsonl or chrome)\n", a.format);
        return LS_EXIT_USAGE;
    }
    Loaded l;
    if (!load("trace", a.file, &l)) return LS_EXIT_USAGE;
    LsRtOptions opt = {.max_events = a.max_steps, .max_memory = (size_t)a.max_memory,
                       .max_output = (size_t)a.max_output};
    LsLive *live = ls_live_start(l.prog, &opt);
    int status = LS_EXIT_USAGE;
    if (!live) {
        fputs("loopscope trace: out of memory\n", stderr);
    } else {
        while (ls_live_more(live, ls_events_count(ls_live_log(live)) + (1u << 20))) {}
        LsBuf b;
        ls_buf_init(&b);
        bool ok = ls_export_write(ls_live_log(live), fmt, &b);
        FILE *out = a.out ? fopen(a.out, "wb") : stdout;
        if (!ok) fputs("loopscope trace: out of memory\n", stderr);
        else if (!out) fprintf(stderr, "loopscope trace: can't write '%s': %s\n", a.out, strerror(errno));
        else {
            fwrite(b.data ? b.data : "", 1, b.len, out);
            status = fflush(out) == 0 ? LS_EXIT_OK : LS_EXIT_USAGE;
            if (a.out) fclose(out);
        }
        ls_buf_fini(&b);
        if (ls_events_limited(ls_live_log(live)))
            fprintf(stderr, "loopscope trace: the run was stopped at the step limit (%llu steps); raise it with --max-steps\n",
                    (unsigned long long)ls_events_count(ls_live_log(live)));
    }
    ls_live_free(live);
    loaded_fini(&l);
    return status;
}
