/* ls_live — the lazy runner (see ls_live.h): one worker thread, one mutex,
 * one condition variable; the worker parks in the runtime's safe-point hook. */
#include "ls_live.h"

#include <pthread.h>
#include <stdlib.h>

typedef enum { W_IDLE, W_RUNNING, W_PAUSED, W_ENDED } WorkerState;

struct LsLive {
    LsRt *rt;
    const LsProgram *prog;
    FILE *sink;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    WorkerState state;
    uint64_t target;         /* pause once the log holds this many events */
    bool parked_for_good;    /* stopped at the step cap, inside safe_point */
    int status;
};

static void unlock(void *mu) { pthread_mutex_unlock(mu); }

/* Park the worker until the caller asks for more. Called with the engine in
 * a consistent state; the only cancellation point the worker ever reaches
 * while the caller waits for it. At the step cap the run can never go on:
 * park for good (until ls_live_free cancels the worker). */
static void safe_point(void *ud, const LsEventLog *log) {
    LsLive *lv = ud;
    bool capped = ls_events_limited(log);
    if (!capped && ls_events_count(log) < lv->target) return;
    pthread_mutex_lock(&lv->mu);
    pthread_cleanup_push(unlock, &lv->mu);
    lv->state = capped ? W_ENDED : W_PAUSED;
    if (capped) {
        lv->status = LS_EXIT_RAISED;
        lv->parked_for_good = true;
    }
    pthread_cond_broadcast(&lv->cv);
    while (capped || (lv->state == W_PAUSED && ls_events_count(log) >= lv->target))
        pthread_cond_wait(&lv->cv, &lv->mu);
    pthread_cleanup_pop(1);
}

static void *worker(void *ud) {
    LsLive *lv = ud;
    int status = ls_rt_run(lv->rt, lv->prog);
    pthread_mutex_lock(&lv->mu);
    lv->status = status;
    lv->state = W_ENDED;
    pthread_cond_broadcast(&lv->cv);
    pthread_mutex_unlock(&lv->mu);
    return NULL;
}

LsLive *ls_live_start(const LsProgram *prog, const LsRtOptions *opt) {
    LsLive *lv = calloc(1, sizeof *lv);
    if (!lv) return NULL;
    LsRtOptions o = *opt;
    o.record = true;
    if (!o.out || !o.err) {
        lv->sink = fopen("/dev/null", "w");
        if (!lv->sink) { free(lv); return NULL; }
        if (!o.out) o.out = lv->sink;
        if (!o.err) o.err = lv->sink;
    }
    o.safe_point = safe_point;
    o.safe_point_ud = lv;
    lv->prog = prog;
    lv->status = -1;
    lv->rt = ls_rt_new(&o);
    pthread_mutex_init(&lv->mu, NULL);
    pthread_cond_init(&lv->cv, NULL);
    if (!lv->rt) { ls_live_free(lv); return NULL; }
    return lv;
}

void ls_live_free(LsLive *lv) {
    if (!lv) return;
    if (lv->started) {
        pthread_mutex_lock(&lv->mu);
        bool parked = lv->state != W_ENDED || lv->parked_for_good;
        pthread_mutex_unlock(&lv->mu);
        if (parked) pthread_cancel(lv->thread);
        pthread_join(lv->thread, NULL);
    }
    ls_rt_free(lv->rt);
    pthread_cond_destroy(&lv->cv);
    pthread_mutex_destroy(&lv->mu);
    if (lv->sink) fclose(lv->sink);
    free(lv);
}

bool ls_live_more(LsLive *lv, uint64_t want) {
    pthread_mutex_lock(&lv->mu);
    if (lv->state != W_ENDED) {
        lv->target = want;
        if (!lv->started) {
            lv->state = W_RUNNING;
            lv->started = pthread_create(&lv->thread, NULL, worker, lv) == 0;
            if (!lv->started) { lv->state = W_ENDED; lv->status = LS_EXIT_USAGE; }
        } else if (lv->state == W_PAUSED) {
            lv->state = W_RUNNING;
            pthread_cond_broadcast(&lv->cv);
        }
        while (lv->state == W_RUNNING) pthread_cond_wait(&lv->cv, &lv->mu);
    }
    bool more = lv->state != W_ENDED;
    pthread_mutex_unlock(&lv->mu);
    return more;
}

static bool feed_more(void *ud, uint64_t want) { return ls_live_more(ud, want); }

LsViewFeed ls_live_feed(LsLive *lv) { return (LsViewFeed){feed_more, lv}; }
const LsEventLog *ls_live_log(const LsLive *lv) { return ls_rt_events(lv->rt); }

int ls_live_status(const LsLive *lv) {
    pthread_mutex_lock((pthread_mutex_t *)&lv->mu);
    int s = lv->state == W_ENDED ? lv->status : -1;
    pthread_mutex_unlock((pthread_mutex_t *)&lv->mu);
    return s;
}
