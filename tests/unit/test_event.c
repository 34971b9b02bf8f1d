/* test_event.c — the discrete-event queue (core/event.h) and the loop
 * (world_run, world_step): order by (time, sequence), cancel, reschedule,
 * one-off closures, a randomised comparison with a plain reference model,
 * and world_run's stop conditions at their exact boundaries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/world.h"

/* ---- a log of what fired --------------------------------------------------- */

#define LOG_MAX 4096

struct fire_log {
	int id[LOG_MAX];
	int64_t at[LOG_MAX];
	int n;
	int64_t last_ns;        /* to check time never runs backwards */
};

struct tev {
	struct ev ev;           /* first: found from its event */
	int id;
	struct fire_log *log;
};

static void log_add(struct fire_log *l, int id, int64_t now)
{
	assert_true(l->n < LOG_MAX);
	assert_true(now >= l->last_ns);
	l->last_ns = now;
	l->id[l->n] = id;
	l->at[l->n] = now;
	l->n++;
}

static void tev_fire(struct world *w, struct ev *ev)
{
	struct tev *t = (struct tev *)ev;
	assert_false(ev_pending(ev));   /* popped before it fires */
	assert_int_equal(w->now_ns, ev->at_ns);
	log_add(t->log, t->id, w->now_ns);
}

static void tevs_init(struct tev *v, int n, struct fire_log *log)
{
	memset(log, 0, sizeof *log);
	for (int i = 0; i < n; i++) {
		ev_init(&v[i].ev, tev_fire);
		v[i].id = i;
		v[i].log = log;
	}
}

/* ---- order ------------------------------------------------------------------ */

static void test_init_is_idle(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, tev_fire);
	assert_false(ev_pending(&e));
	assert_int_equal(e.heap_idx, EV_IDLE);
	assert_ptr_equal(e.fire, tev_fire);
}

static void test_order_by_time(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[5];
	tevs_init(t, 5, &log);
	const int64_t at[5] = { 30, 10, 50, 20, 40 };
	for (int i = 0; i < 5; i++)
		ev_schedule(w, &t[i].ev, at[i]);
	for (int i = 0; i < 5; i++)
		assert_true(ev_pending(&t[i].ev));
	assert_int_equal(world_next_time(w), 10);
	assert_int_equal(world_run(w, -1, 0), WS_IDLE);
	assert_int_equal(log.n, 5);
	const int want[5] = { 1, 3, 0, 4, 2 };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(log.id[i], want[i]);
		assert_int_equal(log.at[i], at[want[i]]);
	}
	assert_int_equal(w->now_ns, 50);
	assert_int_equal(w->stats.events, 5);
	assert_int_equal(world_next_time(w), -1);
	for (int i = 0; i < 5; i++)
		assert_false(ev_pending(&t[i].ev));
	world_free(w);
}

static void test_ties_fire_in_scheduling_order(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	enum { N = 64 };
	struct tev t[N];
	tevs_init(t, N, &log);
	/* Many at one instant, scheduled in a scrambled index order: the
	 * order of scheduling, not the index or the heap layout, decides. */
	int order[N];
	for (int i = 0; i < N; i++)
		order[i] = (i * 37) % N;
	for (int i = 0; i < N; i++)
		ev_schedule(w, &t[order[i]].ev, 1000);
	/* One earlier and one later, to make sure the tie group stays whole. */
	struct tev early, late;
	ev_init(&early.ev, tev_fire);
	early.id = 100;
	early.log = &log;
	ev_init(&late.ev, tev_fire);
	late.id = 101;
	late.log = &log;
	ev_schedule(w, &late.ev, 1001);
	ev_schedule(w, &early.ev, 999);
	world_run(w, -1, 0);
	assert_int_equal(log.n, N + 2);
	assert_int_equal(log.id[0], 100);
	for (int i = 0; i < N; i++)
		assert_int_equal(log.id[1 + i], order[i]);
	assert_int_equal(log.id[N + 1], 101);
	world_free(w);
}

/* An event scheduled for "now" from inside a callback fires after the
 * events already waiting at now (it has a later sequence number). */
struct chain {
	struct ev ev;
	struct fire_log *log;
	struct tev *spawn;
};

static void chain_fire(struct world *w, struct ev *ev)
{
	struct chain *c = (struct chain *)ev;
	log_add(c->log, 50, w->now_ns);
	ev_schedule(w, &c->spawn->ev, w->now_ns);
}

static void test_schedule_now_from_callback_runs_after_waiting(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[3];
	tevs_init(t, 3, &log);
	struct chain c = { .log = &log, .spawn = &t[2] };
	ev_init(&c.ev, chain_fire);
	ev_schedule(w, &c.ev, 500);
	ev_schedule(w, &t[0].ev, 500);
	ev_schedule(w, &t[1].ev, 500);
	world_run(w, -1, 0);
	assert_int_equal(log.n, 4);
	assert_int_equal(log.id[0], 50);
	assert_int_equal(log.id[1], 0);
	assert_int_equal(log.id[2], 1);
	assert_int_equal(log.id[3], 2);
	assert_int_equal(log.at[3], 500);
	world_free(w);
}

/* ---- cancel and reschedule ------------------------------------------------ */

static void test_cancel_first_middle_last_and_idle(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	enum { N = 7 };
	struct tev t[N];
	tevs_init(t, N, &log);
	for (int i = 0; i < N; i++)
		ev_schedule(w, &t[i].ev, 100 * (i + 1));
	ev_cancel(w, &t[0].ev);         /* first to fire: the heap's top */
	ev_cancel(w, &t[3].ev);         /* middle */
	ev_cancel(w, &t[N - 1].ev);     /* last to fire */
	assert_false(ev_pending(&t[0].ev));
	assert_false(ev_pending(&t[3].ev));
	assert_false(ev_pending(&t[N - 1].ev));
	/* Cancelling again, or cancelling an event never scheduled: no-ops. */
	ev_cancel(w, &t[3].ev);
	struct tev idle;
	ev_init(&idle.ev, tev_fire);
	ev_cancel(w, &idle.ev);
	assert_false(ev_pending(&idle.ev));
	assert_int_equal(w->heap.len, N - 3);
	assert_int_equal(world_next_time(w), 200);
	world_run(w, -1, 0);
	const int want[] = { 1, 2, 4, 5 };
	assert_int_equal(log.n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(log.id[i], want[i]);
	/* A fired event is idle: cancelling it is harmless. */
	ev_cancel(w, &t[1].ev);
	assert_int_equal(w->heap.len, 0);
	world_free(w);
}

static void test_cancel_everything_leaves_empty_queue(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	enum { N = 300 };   /* more than the heap's first allocation */
	struct tev t[N];
	tevs_init(t, N, &log);
	for (int i = 0; i < N; i++)
		ev_schedule(w, &t[i].ev, (i * 7919) % 1000);
	for (int i = N - 1; i >= 0; i -= 2)
		ev_cancel(w, &t[i].ev);
	for (int i = 0; i < N; i += 2)
		ev_cancel(w, &t[i].ev);
	assert_int_equal(w->heap.len, 0);
	assert_int_equal(world_next_time(w), -1);
	assert_int_equal(world_run(w, -1, 0), WS_IDLE);
	assert_int_equal(log.n, 0);
	assert_int_equal(w->now_ns, 0);
	world_free(w);
}

static void test_reschedule_moves(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[3];
	tevs_init(t, 3, &log);
	ev_schedule(w, &t[0].ev, 10);
	ev_schedule(w, &t[1].ev, 20);
	ev_schedule(w, &t[2].ev, 30);
	ev_schedule(w, &t[0].ev, 25);   /* later: between 1 and 2 */
	ev_schedule(w, &t[2].ev, 5);    /* earlier: first */
	assert_int_equal(w->heap.len, 3);  /* moved, not duplicated */
	assert_int_equal(t[0].ev.at_ns, 25);
	world_run(w, -1, 0);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.id[0], 2);
	assert_int_equal(log.at[0], 5);
	assert_int_equal(log.id[1], 1);
	assert_int_equal(log.id[2], 0);
	assert_int_equal(log.at[2], 25);
	world_free(w);
}

static void test_reschedule_same_time_takes_fresh_sequence(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[3];
	tevs_init(t, 3, &log);
	ev_schedule(w, &t[0].ev, 10);
	ev_schedule(w, &t[1].ev, 10);
	ev_schedule(w, &t[2].ev, 10);
	ev_schedule(w, &t[0].ev, 10);   /* same time: goes behind the others */
	world_run(w, -1, 0);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.id[0], 1);
	assert_int_equal(log.id[1], 2);
	assert_int_equal(log.id[2], 0);
	world_free(w);
}

/* Rescheduling an event from its own callback (a periodic timer). */
struct periodic {
	struct ev ev;
	int left;
	int64_t period;
	struct fire_log *log;
};

static void periodic_fire(struct world *w, struct ev *ev)
{
	struct periodic *p = (struct periodic *)ev;
	log_add(p->log, p->left, w->now_ns);
	if (--p->left > 0)
		ev_schedule(w, ev, w->now_ns + p->period);
}

static void test_periodic_self_reschedule(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	memset(&log, 0, sizeof log);
	struct periodic p = { .left = 5, .period = 1000, .log = &log };
	ev_init(&p.ev, periodic_fire);
	ev_schedule(w, &p.ev, 0);
	world_run(w, -1, 0);
	assert_int_equal(log.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(log.at[i], 1000 * i);
	assert_int_equal(w->now_ns, 4000);
	world_free(w);
}

/* Scheduling in the past is a programming error: the loop aborts. */
static void test_schedule_in_past_aborts(void **state)
{
	(void)state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		struct world *w = world_new(1);
		struct fire_log log;
		struct tev t[2];
		tevs_init(t, 2, &log);
		ev_schedule(w, &t[0].ev, 100);
		world_run(w, -1, 0);
		ev_schedule(w, &t[1].ev, 99);   /* now is 100 */
		_exit(0);                       /* not reached when it aborts */
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* ---- ev_call closures ------------------------------------------------------- */

struct call_log {
	int n;
	void *a[16], *b[16];
	int64_t at[16];
};

static void call_fn(struct world *w, void *a, void *b)
{
	struct call_log *l = a;
	assert_true(l->n < 16);
	l->a[l->n] = a;
	l->b[l->n] = b;
	l->at[l->n] = w->now_ns;
	l->n++;
}

static void test_ev_call_fires_with_arguments(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct call_log l = { 0 };
	int x, y;
	struct ev *h1 = ev_call(w, 300, call_fn, &l, &x);
	struct ev *h2 = ev_call(w, 100, call_fn, &l, &y);
	assert_non_null(h1);
	assert_non_null(h2);
	assert_true(ev_pending(h1));
	assert_int_equal(world_run(w, -1, 0), WS_IDLE);
	assert_int_equal(l.n, 2);
	assert_ptr_equal(l.b[0], &y);
	assert_int_equal(l.at[0], 100);
	assert_ptr_equal(l.b[1], &x);
	assert_int_equal(l.at[1], 300);
	world_free(w);
}

static void test_ev_call_cancel(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct call_log l = { 0 };
	int x;
	struct ev *keep = ev_call(w, 10, call_fn, &l, NULL);
	struct ev *gone = ev_call(w, 20, call_fn, &l, &x);
	struct ev *gone_too = ev_call(w, 5, call_fn, &l, &x);
	ev_call_cancel(w, gone);
	ev_call_cancel(w, gone_too);
	ev_call_cancel(w, NULL);        /* harmless */
	assert_false(ev_pending(gone));
	assert_true(ev_pending(keep));
	world_run(w, -1, 0);
	assert_int_equal(l.n, 1);
	assert_null(l.b[0]);
	assert_int_equal(l.at[0], 10);
	/* Cancelled closures are reused, so the free list must not be
	 * corrupted: a fresh batch still fires exactly once each. */
	for (int i = 0; i < 5; i++)
		ev_call(w, 100 + i, call_fn, &l, &x);
	world_run(w, -1, 0);
	assert_int_equal(l.n, 6);
	for (int i = 1; i < 6; i++)
		assert_int_equal(l.at[i], 100 + i - 1);
	world_free(w);
}

/* A closure may schedule the next one: the closure in hand is already
 * back on the free list and may be reused for it. */
struct relay {
	int left;
	int fired;
	int64_t last;
};

static void relay_fn(struct world *w, void *a, void *b)
{
	(void)b;
	struct relay *r = a;
	r->fired++;
	r->last = w->now_ns;
	if (--r->left > 0)
		ev_call(w, w->now_ns + 3, relay_fn, r, NULL);
}

static void test_ev_call_chain(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct relay r = { .left = 1000 };
	ev_call(w, 0, relay_fn, &r, NULL);
	world_run(w, -1, 0);
	assert_int_equal(r.fired, 1000);
	assert_int_equal(r.last, 3 * 999);
	assert_int_equal(w->stats.events, 1000);
	world_free(w);
}

/* Pending closures and embedded events at world_free: nothing leaks (the
 * ASan build checks) and nothing fires. */
static void test_free_with_pending_calls(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct call_log l = { 0 };
	for (int i = 0; i < 40; i++)
		ev_call(w, 1000 + i, call_fn, &l, NULL);
	struct ev *c = ev_call(w, 5, call_fn, &l, NULL);
	ev_call_cancel(w, c);           /* one on the free list too */
	world_run(w, 1010, 0);
	assert_int_equal(l.n, 11);
	world_free(w);
}

/* ---- a randomised comparison with a reference model ----------------------- */

struct model_ev {
	bool pending;
	int64_t at;
	uint64_t seq;
};

static int model_next(const struct model_ev *m, int n)
{
	int best = -1;
	for (int i = 0; i < n; i++) {
		if (!m[i].pending)
			continue;
		if (best < 0 || m[i].at < m[best].at || (m[i].at == m[best].at && m[i].seq < m[best].seq))
			best = i;
	}
	return best;
}

static void run_random_model(uint64_t seed, int ops)
{
	struct world *w = world_new(seed);
	struct rng r;
	rng_seed(&r, seed * 7 + 1);
	enum { N = 257 };
	struct fire_log log;
	static struct tev t[N];
	tevs_init(t, N, &log);
	struct model_ev m[N];
	memset(m, 0, sizeof m);
	uint64_t seq = 0;
	uint64_t fired = 0;
	for (int op = 0; op < ops; op++) {
		uint64_t k = rng_below(&r, 100);
		int i = (int)rng_below(&r, N);
		if (k < 50) {
			/* Schedule or move; small ranges make many ties. */
			int64_t at = w->now_ns + (int64_t)rng_below(&r, k < 20 ? 4 : 1000);
			ev_schedule(w, &t[i].ev, at);
			m[i].pending = true;
			m[i].at = at;
			m[i].seq = seq++;
		} else if (k < 70) {
			ev_cancel(w, &t[i].ev);
			m[i].pending = false;
		} else {
			int want = model_next(m, N);
			int before = log.n;
			if (log.n >= LOG_MAX - 1)
				log.n = before = 0;
			bool stepped = world_step(w);
			if (want < 0) {
				assert_false(stepped);
				continue;
			}
			assert_true(stepped);
			assert_int_equal(log.n, before + 1);
			assert_int_equal(log.id[before], want);
			assert_int_equal(w->now_ns, m[want].at);
			m[want].pending = false;
			fired++;
		}
		/* The queue's view and the model's agree at every step. */
		if ((op & 63) == 0) {
			uint32_t pending = 0;
			for (int j = 0; j < N; j++) {
				assert_int_equal(ev_pending(&t[j].ev), m[j].pending);
				pending += m[j].pending;
			}
			assert_int_equal(w->heap.len, pending);
		}
	}
	/* Drain: the rest in model order. */
	for (;;) {
		int want = model_next(m, N);
		if (log.n >= LOG_MAX - 1)
			log.n = 0;
		int before = log.n;
		bool stepped = world_step(w);
		if (want < 0) {
			assert_false(stepped);
			break;
		}
		assert_true(stepped);
		assert_int_equal(log.id[before], want);
		m[want].pending = false;
		fired++;
	}
	assert_int_equal(w->stats.events, fired);
	world_free(w);
}

static void test_random_against_model(void **state)
{
	(void)state;
	run_random_model(1, 10000);
	run_random_model(2, 10000);
	run_random_model(0xdeadbeef, 10000);
}

/* ---- world_run's stop conditions -------------------------------------------- */

static void test_run_until_inclusive(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[4];
	tevs_init(t, 4, &log);
	ev_schedule(w, &t[0].ev, 10);
	ev_schedule(w, &t[1].ev, 20);
	ev_schedule(w, &t[2].ev, 20);
	ev_schedule(w, &t[3].ev, 30);
	/* Events at exactly until fire; now ends at until. */
	assert_int_equal(world_run(w, 20, 0), WS_UNTIL);
	assert_int_equal(log.n, 3);
	assert_int_equal(w->now_ns, 20);
	/* Nothing due before 29: time still advances to until. */
	assert_int_equal(world_run(w, 29, 0), WS_UNTIL);
	assert_int_equal(log.n, 3);
	assert_int_equal(w->now_ns, 29);
	/* One nanosecond short of an event is short of it. */
	assert_int_equal(world_run(w, 29, 0), WS_UNTIL);
	assert_int_equal(log.n, 3);
	/* The queue runs dry at until: that is idle, at the last event. */
	assert_int_equal(world_run(w, 30, 0), WS_IDLE);
	assert_int_equal(log.n, 4);
	assert_int_equal(w->now_ns, 30);
	/* An empty queue: idle, whatever until says; time does not jump. */
	assert_int_equal(world_run(w, 1000, 0), WS_IDLE);
	assert_int_equal(w->now_ns, 30);
	world_free(w);

	/* until 0 at time 0 runs what is due at 0. */

	w = world_new(1);
	tevs_init(t, 2, &log);
	ev_schedule(w, &t[0].ev, 0);
	ev_schedule(w, &t[1].ev, 1);
	assert_int_equal(world_run(w, 0, 0), WS_UNTIL);
	assert_int_equal(log.n, 1);
	assert_int_equal(w->now_ns, 0);
	world_free(w);
}

static void test_run_max_events(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[5];
	tevs_init(t, 5, &log);
	for (int i = 0; i < 5; i++)
		ev_schedule(w, &t[i].ev, 10 * (i + 1));
	assert_int_equal(world_run(w, -1, 2), WS_MAX_EVENTS);
	assert_int_equal(log.n, 2);
	assert_int_equal(w->now_ns, 20);        /* the time of the last fired */
	assert_int_equal(w->stats.events, 2);
	/* The limit counts per call. */
	assert_int_equal(world_run(w, -1, 1), WS_MAX_EVENTS);
	assert_int_equal(log.n, 3);
	/* until wins when it comes first... */
	assert_int_equal(world_run(w, 45, 5), WS_UNTIL);
	assert_int_equal(log.n, 4);
	assert_int_equal(w->now_ns, 45);
	/* ...and exactly max_events with nothing left is idle, not max. */
	assert_int_equal(world_run(w, -1, 1), WS_IDLE);
	assert_int_equal(log.n, 5);
	assert_int_equal(world_run(w, -1, 1), WS_IDLE);
	assert_int_equal(log.n, 5);
	world_free(w);
}

struct stopper {
	struct ev ev;
	int *count;
};

static void stopper_fire(struct world *w, struct ev *ev)
{
	struct stopper *s = (struct stopper *)ev;
	(*s->count)++;
	w->stop = true;
}

static void test_run_stop_flag(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	int count = 0;
	struct stopper s[3];
	for (int i = 0; i < 3; i++) {
		ev_init(&s[i].ev, stopper_fire);
		s[i].count = &count;
		ev_schedule(w, &s[i].ev, 5);
	}
	assert_int_equal(world_run(w, -1, 0), WS_STOPPED);
	assert_int_equal(count, 1);
	/* A new run clears the flag. */
	assert_int_equal(world_run(w, -1, 0), WS_STOPPED);
	assert_int_equal(count, 2);
	w->stop = true;                         /* set before the run: cleared */
	assert_int_equal(world_run(w, -1, 0), WS_STOPPED);
	assert_int_equal(count, 3);
	assert_int_equal(world_run(w, -1, 0), WS_IDLE);
	world_free(w);
}

static void test_step(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct fire_log log;
	struct tev t[2];
	tevs_init(t, 2, &log);
	assert_false(world_step(w));
	ev_schedule(w, &t[1].ev, 7);
	ev_schedule(w, &t[0].ev, 7);
	assert_true(world_step(w));
	assert_int_equal(log.id[0], 1);
	assert_int_equal(w->now_ns, 7);
	assert_true(world_step(w));
	assert_int_equal(log.id[1], 0);
	assert_false(world_step(w));
	assert_int_equal(w->stats.events, 2);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_idle),
		cmocka_unit_test(test_order_by_time),
		cmocka_unit_test(test_ties_fire_in_scheduling_order),
		cmocka_unit_test(test_schedule_now_from_callback_runs_after_waiting),
		cmocka_unit_test(test_cancel_first_middle_last_and_idle),
		cmocka_unit_test(test_cancel_everything_leaves_empty_queue),
		cmocka_unit_test(test_reschedule_moves),
		cmocka_unit_test(test_reschedule_same_time_takes_fresh_sequence),
		cmocka_unit_test(test_periodic_self_reschedule),
		cmocka_unit_test(test_schedule_in_past_aborts),
		cmocka_unit_test(test_ev_call_fires_with_arguments),
		cmocka_unit_test(test_ev_call_cancel),
		cmocka_unit_test(test_ev_call_chain),
		cmocka_unit_test(test_free_with_pending_calls),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_run_until_inclusive),
		cmocka_unit_test(test_run_max_events),
		cmocka_unit_test(test_run_stop_flag),
		cmocka_unit_test(test_step),
	};
	return cmocka_run_group_tests_name("event", tests, NULL, NULL);
}
