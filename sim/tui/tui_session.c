/* tui_session.c — a scenario run one step at a time, going back by
 * re-executing it (tui_session.h says what a step is and why). */
#include "tui/tui_session.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "lua/lua_api.h"
#include "proc/proc.h"
#include "util/die.h"
#include "wire/describe.h"

/* A step that sees nothing after this many events gives up: only timers
 * that find nothing to do are left. */
#define SILENT_EVENTS_MAX 1000000u
/* Going to an event or a time ahead takes at most this many steps, so that
 * a run that never ends (a ping without -c typed at the prompt) cannot
 * hang the screen. */
#define GOTO_STEPS_MAX 1000000L

struct step_mark {
	uint64_t events;        /* the engine's count after the step */
	size_t n_ents;          /* entries recorded up to the end of the step */
};

/* A typed line still running (a ping): it goes on as events fire. */
struct running {
	struct cmd_line *cl;
	char node[32];
	char wait_node[32];
	int wait_pid;           /* 0 when not waiting */
	size_t out_mark, err_mark;      /* output already put in the trace */
};

struct tui_session {
	char *path;
	uint64_t seed;
	bool shell;
	struct tui_session_hooks hooks;
	bool traced;            /* hooks.world_made was called for this world */
	bool traces_stale;      /* the traces lack part of the run (went back) */

	struct world *w;
	struct lua_scenario *ls;
	int sub;                /* trace subscription, -1 when not recording */
	bool recording;
	bool showing;           /* tui_session_show() runs: its records are not the run's */

	struct tui_entry *ents;
	size_t n_ents, cap_ents;
	struct step_mark *steps;        /* steps[0] is the start: nothing fired */
	size_t n_steps, cap_steps;      /* n_steps - 1 == pos */
	bool no_more;                   /* the last step found nothing left to happen */

	struct tui_typed *typed;        /* sorted by at_event, in the order typed */
	size_t n_typed, cap_typed;
	size_t next_typed;              /* the first not yet run in this world */

	struct running *runs;
	size_t n_runs, cap_runs;

	char state[600];
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		WL_ASSERT(0, "out of memory");
	return q;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		WL_ASSERT(0, "out of memory");
	return d;
}

/* ---- the record ------------------------------------------------------------ */

static struct tui_entry *new_entry(struct tui_session *s, enum tui_entry_kind kind)
{
	if (s->n_ents == s->cap_ents) {
		s->cap_ents = s->cap_ents ? s->cap_ents * 2 : 256;
		s->ents = xrealloc(s->ents, s->cap_ents * sizeof *s->ents);
	}
	struct tui_entry *e = &s->ents[s->n_ents++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->t_ns = s->w->now_ns;
	e->event = s->w->stats.events;
	return e;
}

static void entry_free(struct tui_entry *e)
{
	free(e->bytes);
	free(e->summary);
}

static void set_summary(struct tui_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_summary(struct tui_entry *e, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	e->summary = xstrdup(buf);
}

static void on_trace(void *ctx, const struct trace_rec *r)
{
	struct tui_session *s = ctx;
	if (!s->recording || s->showing)
		return;
	struct tui_entry *e = new_entry(s, (enum tui_entry_kind)r->kind);
	e->t_ns = r->t_ns;
	if (r->node)
		snprintf(e->node, sizeof e->node, "%s", r->node->name);
	if (r->dev)
		snprintf(e->dev, sizeof e->dev, "%s", r->dev->name);
	if (r->what)
		snprintf(e->what, sizeof e->what, "%s", r->what);
	e->layer = r->layer;
	e->pkt_id = r->pkt_id;
	e->reason = r->reason;
	if (r->bytes && r->len) {
		e->bytes = xrealloc(NULL, r->len);
		memcpy(e->bytes, r->bytes, r->len);
		e->len = r->len;
	}
	char pkt[600] = "";
	if (e->bytes && e->layer != TL_NONE)
		wire_describe(e->bytes, e->len, e->layer == TL_IP, pkt, sizeof pkt);
	const char *text = r->text ? r->text : "";
	switch (r->kind) {
	case TR_TX:
	case TR_RX:
		set_summary(e, "%s", pkt[0] ? pkt : text);
		break;
	case TR_DROP:
		set_summary(e, "dropped (%s): %s", drop_reason_word(r->reason),
			    *text ? text : drop_reason_text(r->reason));
		break;
	case TR_DECISION:
		set_summary(e, "%s%s%s", r->what ? r->what : "decision", *text ? ": " : "", text);
		break;
	case TR_TABLE:
		set_summary(e, "%s %s%s%s", r->table ? r->table : "table", r->what ? r->what : "",
			    *text ? ": " : "", text);
		break;
	case TR_LOG:
		if (r->what && strcmp(r->what, "cmd") == 0)
			set_summary(e, "$ %s", text);
		else
			set_summary(e, "%s", text);
		break;
	default:
		set_summary(e, "%s", text);
		break;
	}
}

static void on_print(void *ctx, int64_t t_ns, const char *line)
{
	struct tui_session *s = ctx;
	if (!s->recording)
		return;
	struct tui_entry *e = new_entry(s, TE_PRINT);
	e->t_ns = t_ns;
	snprintf(e->what, sizeof e->what, "print");
	set_summary(e, "%s", line);
}

static void on_check(void *ctx, const struct lua_check *c)
{
	struct tui_session *s = ctx;
	if (!s->recording)
		return;
	struct tui_entry *e = new_entry(s, TE_CHECK);
	e->t_ns = c->t_ns;
	e->failed = !c->passed;
	snprintf(e->what, sizeof e->what, "%s", c->passed ? "PASS" : "FAIL");
	if (c->passed)
		set_summary(e, "PASS %s", c->message);
	else if (c->got)
		set_summary(e, "FAIL %s (got %s, expected %s)", c->message, c->got,
			    c->expected ? c->expected : "?");
	else
		set_summary(e, "FAIL %s%s%s%s", c->message, c->detail ? " (" : "",
			    c->detail ? c->detail : "", c->detail ? ")" : "");
}

static void set_recording(struct tui_session *s, bool on)
{
	s->recording = on;
	if (on && s->sub < 0) {
		s->sub = trace_subscribe(s->w, TR_MASK_ALL, on_trace, s);
		WL_ASSERT(s->sub >= 0, "no trace subscription left for the TUI");
	} else if (!on && s->sub >= 0) {
		trace_unsubscribe(s->w, s->sub);
		s->sub = -1;
	}
}

/* ---- typed commands -------------------------------------------------------- */

static struct proc *find_pid(struct node *n, int pid)
{
	for (struct proc *p = n ? n->procs : NULL; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* Each new line of text as a TR_LOG record, as node:sh() records output. */
static void trace_lines(struct world *w, const struct node *n, const char *what,
			const char *text)
{
	while (*text) {
		size_t k = strcspn(text, "\n");
		trace_log(w, n, what, "%.*s", (int)k, text);
		text += k + (text[k] == '\n');
	}
}

static void run_free(struct running *r)
{
	cmd_line_free(r->cl);
	r->cl = NULL;
}

/* Drive a typed line as far as it goes now; true when it is done. */
static bool run_drive(struct tui_session *s, struct running *r)
{
	struct node *n = world_node(s->w, r->node);
	if (!n)
		return true;
	for (;;) {
		if (r->wait_pid) {
			struct proc *p = find_pid(world_node(s->w, r->wait_node), r->wait_pid);
			if (!p)
				return true;    /* gone with its namespace */
			if (p->running)
				return false;
			/* The process recorded its own lines as it printed them. */
			r->out_mark += p->sout.len;
			r->err_mark += p->serr.len;
			r->wait_pid = 0;
		}
		bool done = cmd_line_step(r->cl);
		const char *out = cmd_line_stdout(r->cl), *err = cmd_line_stderr(r->cl);
		size_t lo = strlen(out), le = strlen(err);
		if (r->out_mark > lo)
			r->out_mark = lo;
		if (r->err_mark > le)
			r->err_mark = le;
		trace_lines(s->w, n, "stdout", out + r->out_mark);
		trace_lines(s->w, n, "stderr", err + r->err_mark);
		r->out_mark = lo;
		r->err_mark = le;
		if (done)
			return true;
		struct proc *p = cmd_line_waiting(r->cl);
		if (!p)
			return true;
		snprintf(r->wait_node, sizeof r->wait_node, "%s", p->node->name);
		r->wait_pid = p->pid;
		if (p->running)
			return false;
	}
}

static void poll_runs(struct tui_session *s)
{
	size_t j = 0;
	for (size_t i = 0; i < s->n_runs; i++) {
		if (run_drive(s, &s->runs[i]))
			run_free(&s->runs[i]);
		else
			s->runs[j++] = s->runs[i];
	}
	s->n_runs = j;
}

/* Start one typed line in this world. */
static void run_typed(struct tui_session *s, const struct tui_typed *t)
{
	struct node *n = world_node(s->w, t->node);
	if (!n)
		return;
	trace_log(s->w, n, "cmd", "%s", t->line);
	if (s->n_runs == s->cap_runs) {
		s->cap_runs = s->cap_runs ? s->cap_runs * 2 : 4;
		s->runs = xrealloc(s->runs, s->cap_runs * sizeof *s->runs);
	}
	struct running *r = &s->runs[s->n_runs];
	memset(r, 0, sizeof *r);
	snprintf(r->node, sizeof r->node, "%s", t->node);
	r->cl = cmd_line_new(s->w, n, t->line);
	s->n_runs++;
	if (run_drive(s, r)) {
		run_free(r);
		s->n_runs--;
	}
}

/* Run the typed lines due at this point of the run (the engine's count). */
static void run_due(struct tui_session *s)
{
	while (s->next_typed < s->n_typed &&
	       s->typed[s->next_typed].at_event == s->w->stats.events)
		run_typed(s, &s->typed[s->next_typed++]);
}

/* ---- worlds ------------------------------------------------------------------ */

static void world_drop(struct tui_session *s)
{
	if (!s->w)
		return;
	for (size_t i = 0; i < s->n_runs; i++)
		run_free(&s->runs[i]);
	s->n_runs = 0;
	if (s->traced && s->hooks.world_ending)
		s->hooks.world_ending(s->hooks.ctx, s->w);
	s->traced = false;
	set_recording(s, false);
	lua_scenario_free(s->ls);
	world_free(s->w);
	s->w = NULL;
	s->ls = NULL;
}

/* A new world at t = 0 with the scenario loaded and started. */
static int world_make(struct tui_session *s, bool recording, bool traced, char *err,
		      size_t errlen)
{
	s->w = world_new(s->seed);
	struct lua_scenario_opts lo = {
		.seed = s->seed, .on_print = on_print, .on_check = on_check, .ctx = s,
	};
	s->ls = lua_scenario_new(s->w, &lo);
	s->sub = -1;
	s->next_typed = 0;
	s->recording = false;
	int rc = s->shell ? lua_scenario_load_shell(s->ls, s->path)
			  : lua_scenario_load(s->ls, s->path);
	if (rc != 0) {
		snprintf(err, errlen, "%s", lua_scenario_error(s->ls));
		lua_scenario_free(s->ls);
		world_free(s->w);
		s->w = NULL;
		s->ls = NULL;
		return -1;
	}
	if (traced && s->hooks.world_made) {
		s->hooks.world_made(s->hooks.ctx, s->w);
		s->traced = true;
	}
	set_recording(s, recording);
	lua_scenario_start(s->ls);
	return 0;
}

static bool ended_badly(const struct tui_session *s)
{
	enum lua_scenario_status st = lua_scenario_status(s->ls);
	return st == LSS_ERROR || st == LSS_LIMIT;
}

/* Fire one event, then let typed lines that were waiting go on. */
static bool fire_one(struct tui_session *s)
{
	run_due(s);
	if (ended_badly(s) || !world_step(s->w))
		return false;
	poll_runs(s);
	return true;
}

static bool is_shell_path(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcmp(path + n - 3, ".sh") == 0;
}

static void push_step(struct tui_session *s)
{
	if (s->n_steps == s->cap_steps) {
		s->cap_steps = s->cap_steps ? s->cap_steps * 2 : 256;
		s->steps = xrealloc(s->steps, s->cap_steps * sizeof *s->steps);
	}
	s->steps[s->n_steps].events = s->w->stats.events;
	s->steps[s->n_steps].n_ents = s->n_ents;
	s->n_steps++;
}

struct tui_session *tui_session_new(const char *path, uint64_t seed,
				    const struct tui_session_hooks *hooks, char *err,
				    size_t errlen)
{
	struct tui_session *s = xrealloc(NULL, sizeof *s);
	memset(s, 0, sizeof *s);
	s->path = xstrdup(path);
	s->seed = seed;
	s->shell = is_shell_path(path);
	s->sub = -1;
	if (hooks)
		s->hooks = *hooks;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		tui_session_free(s);
		return NULL;
	}
	fclose(f);
	if (world_make(s, true, true, err, errlen) != 0) {
		tui_session_free(s);
		return NULL;
	}
	push_step(s);
	return s;
}

void tui_session_free(struct tui_session *s)
{
	if (!s)
		return;
	world_drop(s);
	for (size_t i = 0; i < s->n_ents; i++)
		entry_free(&s->ents[i]);
	for (size_t i = 0; i < s->n_typed; i++)
		free(s->typed[i].line);
	free(s->ents);
	free(s->steps);
	free(s->typed);
	free(s->runs);
	free(s->path);
	free(s);
}

/* ---- moving ------------------------------------------------------------------ */

bool tui_session_step(struct tui_session *s)
{
	size_t before = s->n_ents;
	uint64_t silent = 0;
	bool fired = false;
	for (;;) {
		if (!fire_one(s))
			break;
		fired = true;
		if (s->n_ents > before || ++silent >= SILENT_EVENTS_MAX)
			break;
	}
	if (!fired) {
		s->no_more = true;
		return false;
	}
	s->no_more = s->n_ents == before;
	/* Lines typed at the end of this step belong to it, as they did when
	 * they were typed. */
	run_due(s);
	push_step(s);
	return true;
}

size_t tui_session_pos(const struct tui_session *s)
{
	return s->n_steps - 1;
}

static void truncate_to(struct tui_session *s, size_t k)
{
	size_t keep = s->steps[k].n_ents;
	for (size_t i = keep; i < s->n_ents; i++)
		entry_free(&s->ents[i]);
	s->n_ents = keep;
	s->n_steps = k + 1;
}

/* A new world (recording its entries or not) fired to the engine's count
 * `target`, or as far as it goes before. */
static void world_redo(struct tui_session *s, uint64_t target, bool record, bool traced)
{
	char err[600];
	world_drop(s);
	if (world_make(s, record, traced, err, sizeof err) != 0)
		WL_ASSERT(0, "tui: the scenario no longer loads: %s", err);
	for (;;) {
		run_due(s);
		if (s->w->stats.events >= target)
			break;
		if (ended_badly(s) || !world_step(s->w))
			break;
		poll_runs(s);
	}
}

/* A new world fired to the engine's count `target`, recording nothing. */
static void reexecute(struct tui_session *s, uint64_t target, bool traced)
{
	world_redo(s, target, false, traced);
	WL_ASSERT(s->w->stats.events == target, "re-execution did not reach its event");
}

void tui_session_sync_traces(struct tui_session *s)
{
	if (!s->traces_stale || !s->hooks.world_made)
		return;
	reexecute(s, s->steps[s->n_steps - 1].events, true);
	set_recording(s, true);
	s->traces_stale = false;
}

int tui_session_goto(struct tui_session *s, size_t k)
{
	size_t pos = tui_session_pos(s);
	if (k > pos) {
		while (tui_session_pos(s) < k)
			if (!tui_session_step(s))
				return -1;
		return 0;
	}
	if (k == pos)
		return 0;
	/* Back: a new world, fired quietly to the engine's count of step k,
	 * with the typed lines run where they were typed.  Without its traces
	 * too (rewriting them from t = 0 would cost more than the run):
	 * tui_session_sync_traces() writes them again when asked. */
	reexecute(s, s->steps[k].events, false);
	s->traces_stale = true;
	truncate_to(s, k);
	s->no_more = false;
	set_recording(s, true);
	return 0;
}

size_t tui_session_step_for_event(struct tui_session *s, uint64_t ev)
{
	size_t lo = 0, hi = s->n_steps;
	if (s->steps[s->n_steps - 1].events < ev) {
		for (long k = 0; k < GOTO_STEPS_MAX && s->steps[s->n_steps - 1].events < ev; k++)
			if (!tui_session_step(s))
				break;
		return tui_session_pos(s);
	}
	while (lo < hi) {       /* first step with events >= ev */
		size_t mid = (lo + hi) / 2;
		if (s->steps[mid].events < ev)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tui_session_step_for_time(struct tui_session *s, int64_t t_ns)
{
	/* Steps are in time order; a step's time is its last entry's. */
	for (size_t k = 1; k < s->n_steps; k++) {
		size_t e = s->steps[k].n_ents;
		if (e && s->ents[e - 1].t_ns >= t_ns)
			return k;
	}
	for (long k = 0; k < GOTO_STEPS_MAX && s->w->now_ns < t_ns; k++)
		if (!tui_session_step(s))
			break;
	return tui_session_pos(s);
}

const struct tui_entry *tui_session_entries(const struct tui_session *s, size_t *n)
{
	*n = s->n_ents;
	return s->ents;
}

size_t tui_session_step_first(const struct tui_session *s)
{
	size_t k = tui_session_pos(s);
	return k == 0 ? s->n_ents : s->steps[k - 1].n_ents;
}

struct world *tui_session_world(const struct tui_session *s) { return s->w; }
const char *tui_session_path(const struct tui_session *s) { return s->path; }
uint64_t tui_session_seed(const struct tui_session *s) { return s->seed; }

bool tui_session_ended(const struct tui_session *s)
{
	if (ended_badly(s) || s->no_more || world_next_time(s->w) < 0)
		return true;
	return lua_scenario_status(s->ls) == LSS_DONE && s->w->busy <= 0 && s->n_runs == 0;
}

const char *tui_session_state(const struct tui_session *s)
{
	struct tui_session *m = (struct tui_session *)s;
	enum lua_scenario_status st = lua_scenario_status(s->ls);
	if (st == LSS_ERROR || st == LSS_LIMIT)
		snprintf(m->state, sizeof m->state, "%s: %s",
			 st == LSS_ERROR ? "error" : "limit", lua_scenario_error(s->ls));
	else if (st == LSS_DONE && s->w->busy <= 0 && s->n_runs == 0)
		snprintf(m->state, sizeof m->state, "finished");
	else if (world_next_time(s->w) < 0 || s->no_more)
		snprintf(m->state, sizeof m->state, "nothing left to happen");
	else
		snprintf(m->state, sizeof m->state, "in progress");
	return m->state;
}

/* ---- typing ------------------------------------------------------------------- */

int tui_session_type(struct tui_session *s, const char *node, const char *line, char *err,
		     size_t errlen)
{
	if (!world_node(s->w, node)) {
		snprintf(err, errlen, "no node named %s", node);
		return -1;
	}
	/* After the ones already run here: the order typed is kept. */
	size_t at = s->next_typed;
	if (s->n_typed == s->cap_typed) {
		s->cap_typed = s->cap_typed ? s->cap_typed * 2 : 8;
		s->typed = xrealloc(s->typed, s->cap_typed * sizeof *s->typed);
	}
	memmove(&s->typed[at + 1], &s->typed[at], (s->n_typed - at) * sizeof *s->typed);
	struct tui_typed *t = &s->typed[at];
	t->at_event = s->w->stats.events;
	t->t_ns = s->w->now_ns;
	snprintf(t->node, sizeof t->node, "%s", node);
	t->line = xstrdup(line);
	s->n_typed++;
	run_due(s);
	/* Its entries belong to the current step. */
	s->steps[s->n_steps - 1].n_ents = s->n_ents;
	s->no_more = false;
	return 0;
}

const struct tui_typed *tui_session_typed(const struct tui_session *s, size_t *n)
{
	*n = s->n_typed;
	return s->typed;
}

char *tui_session_show(struct tui_session *s, const char *node, const char *line)
{
	struct node *n = world_node(s->w, node);
	if (!n)
		return NULL;
	s->showing = true;
	struct cmd_line *cl = cmd_line_new(s->w, n, line);
	bool done = cmd_line_step(cl);
	WL_ASSERT(done, "a display command let time pass");
	const char *o = cmd_line_stdout(cl), *e = cmd_line_stderr(cl);
	size_t lo = strlen(o), le = strlen(e);
	char *r = xrealloc(NULL, lo + le + 1);
	memcpy(r, o, lo);
	memcpy(r + lo, e, le + 1);
	cmd_line_free(cl);
	s->showing = false;
	return r;
}

/* ---- checking ----------------------------------------------------------------- */

static bool entries_equal(const struct tui_entry *a, const struct tui_entry *b)
{
	return a->kind == b->kind && a->t_ns == b->t_ns && a->event == b->event &&
	       strcmp(a->node, b->node) == 0 && strcmp(a->dev, b->dev) == 0 &&
	       a->layer == b->layer && a->len == b->len && a->pkt_id == b->pkt_id &&
	       a->reason == b->reason && a->failed == b->failed &&
	       strcmp(a->what, b->what) == 0 && strcmp(a->summary, b->summary) == 0 &&
	       (a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0);
}

int tui_session_verify(struct tui_session *s, char *err, size_t errlen)
{
	size_t k = tui_session_pos(s);
	uint64_t target = s->steps[k].events;
	size_t n_old = s->n_ents;
	struct tui_entry *old = s->ents;
	s->ents = NULL;
	s->n_ents = s->cap_ents = 0;
	world_redo(s, target, true, false);
	int rc = 0;
	if (s->w->stats.events != target) {
		snprintf(err, errlen, "re-execution stopped at event %" PRIu64 ", not %" PRIu64,
			 s->w->stats.events, target);
		rc = -1;
	} else if (s->n_ents != n_old) {
		snprintf(err, errlen, "re-execution recorded %zu entries, the run %zu", s->n_ents,
			 n_old);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n_old; i++)
		if (!entries_equal(&old[i], &s->ents[i])) {
			snprintf(err, errlen, "entry %zu differs: \"%s\" then \"%s\"", i,
				 old[i].summary, s->ents[i].summary);
			rc = -1;
		}
	for (size_t i = 0; i < s->n_ents; i++)
		entry_free(&s->ents[i]);
	free(s->ents);
	s->ents = old;
	s->n_ents = s->cap_ents = n_old;
	s->traces_stale = true;
	return rc;
}
