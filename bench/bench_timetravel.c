/* bench_timetravel — time travel on a long recorded run (issue 4):
 *   record  a run of about 10 million events (wall time, events/s)
 *   memory  bytes per event: the log (records + pools + indexes) and the
 *           session's checkpoints and output index
 *   access  median time of a seek to a uniformly random step
 *   back    median time of one step back from a random step
 * Usage: bench_timetravel [EVENTS] (default 10000000). Timings only; the
 * tests check correctness. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include "ls_live.h"
#include "ls_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* Bytes the log holds (capacities: what is really allocated). */
static size_t log_bytes(const LsEventLog *log) {
    return (log->cap + log->n_chunks * LS_EVENTS_CHUNK) * sizeof(LsEvent) + log->chunks_cap * sizeof(LsEvent *) +
           log->str_cap + log->ids_cap * sizeof(uint64_t) +
           log->clock_cap * sizeof(uint64_t) + log->labels_cap * sizeof(LsHandleLabel) +
           log->intern_cap * 2 * sizeof(uint32_t);
}

/* Ten tasks taking turns with sleep(0), an occasional timer and print: the
 * mix of a lesson program, repeated until the log is long enough. */
static const char program[] =
    "import asyncio\n"
    "async def worker(k, n):\n"
    "    total = 0\n"
    "    for i in range(n):\n"
    "        total += i\n"
    "        if i %% 1000 == 0:\n"
    "            print('worker', k, 'at', i)\n"
    "            await asyncio.sleep(0.001)\n"
    "        else:\n"
    "            await asyncio.sleep(0)\n"
    "    return total\n"
    "async def main(n):\n"
    "    ts = [asyncio.create_task(worker(k, n)) for k in range(10)]\n"
    "    print(sum(await asyncio.gather(*ts)))\n"
    "asyncio.run(main(%llu))\n";

int main(int argc, char **argv) {
    uint64_t target = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ull;
    /* About 8 events per worker step (measured): size the loop to reach target. */
    char src[sizeof program + 32];
    snprintf(src, sizeof src, program, (unsigned long long)(target / 80 + 1));
    LsProgram *prog = NULL;
    LsDiag diag;
    if (!ls_compile("/bench/timetravel.py", src, strlen(src), ls_rt_compile_options(), &prog, &diag)) {
        fputs("bench_timetravel: the program does not compile\n", stderr);
        return 2;
    }
    LsRtOptions opt = {.max_events = target * 2};
    LsLive *live = ls_live_start(prog, &opt);
    LsViewFeed feed = ls_live_feed(live);
    LsViewSession *s = ls_view_session_new(ls_live_log(live), &feed);
    if (!live || !s) {
        fputs("bench_timetravel: out of memory\n", stderr);
        return 2;
    }

    double t0 = now_s();
    uint64_t n = ls_view_run_to_end(s);
    double t_record = now_s() - t0;
    t0 = now_s();
    ls_view_seek(s, n - 1); /* one pass over the whole run lays down the checkpoints */
    double t_fold = now_s() - t0;

    enum { SAMPLES = 2000 };
    double *acc = malloc(SAMPLES * sizeof *acc), *back = malloc(SAMPLES * sizeof *back);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < SAMPLES; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t k = 1 + x % (n - 1);
        t0 = now_s();
        ls_view_seek(s, k);
        acc[i] = now_s() - t0;
        t0 = now_s();
        ls_view_step_by(s, LS_VIEW_STEP_EVENT, -1, 0);
        back[i] = now_s() - t0;
        if (ls_view_step(s) != k - 1) {
            fputs("bench_timetravel: step back landed in the wrong place\n", stderr);
            return 1;
        }
    }
    size_t n_cp = 0;
    size_t cp = ls_view_checkpoint_bytes(s, &n_cp);
    size_t lb = log_bytes(ls_live_log(live));
    printf("events recorded        %llu (in %.2f s, %.1f M events/s; status %d)\n", (unsigned long long)n,
           t_record, (double)n / t_record / 1e6, ls_live_status(live));
    printf("first full fold        %.3f s\n", t_fold);
    printf("log bytes/event        %.1f  (%zu bytes: records %zu, strings %zu)\n", (double)lb / (double)n, lb,
           (ls_live_log(live)->cap + ls_live_log(live)->n_chunks * LS_EVENTS_CHUNK) * sizeof(LsEvent),
           ls_live_log(live)->str_cap);
    printf("checkpoints            %zu, %.1f bytes/event\n", n_cp, (double)cp / (double)n);
    printf("total bytes/event      %.1f\n", (double)(lb + cp) / (double)n);
    printf("random access median   %.3f ms\n", median(acc, SAMPLES) * 1e3);
    printf("step back median       %.3f ms\n", median(back, SAMPLES) * 1e3);
    free(acc);
    free(back);
    ls_view_session_free(s);
    ls_live_free(live);
    ls_program_free(prog);
    return 0;
}
