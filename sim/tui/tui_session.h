/* tui_session.h — a scenario run one event at a time, that can go back.
 *
 * The TUI's model of time.  A session holds a world, the scenario running
 * in it (Lua or shell, through the binding of lua_api.h), and the record of
 * what happened so far: one entry per trace record (TX, RX, DROP, TABLE,
 * DECISION, LOG), plus the scenario's print() lines and checks.
 *
 * WHAT A STEP IS.  The engine moves by events: world_step() fires one.  A
 * scenario's Lua task is resumed by an event too (its main chunk at t = 0,
 * each wake-up from sleep() or wait()), so Lua never runs "between" events
 * and a step never stops in the middle of one.  Many events change nothing
 * a learner can see (a timer that finds nothing to do); a step therefore
 * fires events until one of them has produced at least one entry, and
 * stops after that event.  A step is then "the next thing that happened",
 * and the event numbers shown are the engine's own count
 * (world->stats.events), so `wirelab run --max-events N` stops at the same
 * place.
 *
 * GOING BACK.  A world cannot be rewound, but it is deterministic: the same
 * scenario, seed and inputs give the same events, byte for byte.  Going back
 * to step k builds a new world and fires events until the engine's count
 * equals the one recorded at step k.  Commands typed at the prompt are
 * inputs: each is kept with the event count at which it was typed and is
 * run again at exactly that point of every re-execution (and, if the
 * learner went back before it, again when stepping forward past it).  The
 * re-execution records nothing (the record up to step k is already known),
 * which is what makes it fast; tui_session_verify() re-runs with recording
 * on and compares, for the tests.
 *
 * The session knows nothing of curses or of the screen (tui_view.h).
 */
#ifndef WL_TUI_SESSION_H
#define WL_TUI_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

struct world;
struct lua_scenario;

/* Entry kinds beyond the trace's: a scenario print() line, a check. */
enum tui_entry_kind {
	TE_TX = TR_TX, TE_RX = TR_RX, TE_DROP = TR_DROP, TE_TABLE = TR_TABLE,
	TE_DECISION = TR_DECISION, TE_LOG = TR_LOG,
	TE_PRINT, TE_CHECK,
};

/* One line of the event list.  Owned by the session. */
struct tui_entry {
	enum tui_entry_kind kind;
	int64_t t_ns;
	uint64_t event;                 /* the engine's event number that produced it */
	char node[32];                  /* "" when none */
	char dev[16];                   /* "" when none */
	enum trace_layer layer;         /* where bytes start */
	uint8_t *bytes;                 /* the packet (TX, RX, DROP, DECISION), or NULL */
	uint32_t len;
	uint64_t pkt_id;
	enum drop_reason reason;        /* TE_DROP */
	bool failed;                    /* TE_CHECK: a failed check */
	char what[24];                  /* the record's word: "flood", "STALE", "cmd", ... */
	char *summary;                  /* the one line shown (tcpdump's words for packets) */
};

/* A command typed at the prompt: an input of the run. */
struct tui_typed {
	uint64_t at_event;              /* typed when this many events had fired */
	int64_t t_ns;                   /* the simulated time then */
	char node[32];
	char *line;
};

/* Called when the session makes a world that is traced and before it
 * frees it: the CLI opens and closes its traces (pcap, events.jsonl) there.
 * The world of the start is traced; a world made to go back is not
 * (rewriting the traces from t = 0 at every b would cost more than the
 * re-execution itself), so the traces then lack part of the run until
 * tui_session_sync_traces() re-executes once more with them. */
struct tui_session_hooks {
	void (*world_made)(void *ctx, struct world *w);
	void (*world_ending)(void *ctx, struct world *w);
	void *ctx;
};

struct tui_session;

/* Load path (a Lua scenario, or a shell scenario when it ends in .sh) with
 * seed, ready at t = 0 with nothing fired.  NULL with a message in err
 * ("file:line: ...") when it cannot be read or compiled.  hooks may be NULL. */
struct tui_session *tui_session_new(const char *path, uint64_t seed,
				    const struct tui_session_hooks *hooks, char *err,
				    size_t errlen);
void tui_session_free(struct tui_session *s);

/* One step (see above).  Returns false when nothing was left to happen (no
 * event pending, or an event limit of 10 million silent events). */
bool tui_session_step(struct tui_session *s);
/* After going back, the traces hold another run: re-execute to the current
 * step with them (the CLI does it at q), so that they hold exactly the run
 * as it stands.  Nothing to do when they are up to date. */
void tui_session_sync_traces(struct tui_session *s);

/* Steps taken so far (0 at the start). */
size_t tui_session_pos(const struct tui_session *s);
/* Go back (or forward, by stepping) to step k.  0, or -1 when k is past the
 * end of the run (the session then stays at its last step). */
int tui_session_goto(struct tui_session *s, size_t k);
/* The step whose event number is the first >= ev, stepping forward as
 * needed (at most a million steps); the number of the last step when the
 * run ends first. */
size_t tui_session_step_for_event(struct tui_session *s, uint64_t ev);
/* Same for a simulated time: the first step at or after t_ns. */
size_t tui_session_step_for_time(struct tui_session *s, int64_t t_ns);

/* The entries up to the current step: *n of them. */
const struct tui_entry *tui_session_entries(const struct tui_session *s, size_t *n);
/* Index of the first entry of the current step (== n when at step 0). */
size_t tui_session_step_first(const struct tui_session *s);

struct world *tui_session_world(const struct tui_session *s);
const char *tui_session_path(const struct tui_session *s);
uint64_t tui_session_seed(const struct tui_session *s);
/* "running", "finished", "error: ...", for the status line. */
const char *tui_session_state(const struct tui_session *s);
/* The scenario finished (every task done), hit an error, or nothing is left. */
bool tui_session_ended(const struct tui_session *s);

/* Type a command line in a node (as the prompt does), now.  It runs at once
 * through the command layer; a command taking time (ping) goes on as events
 * fire.  Its line and output become entries of the current step.  0, or -1
 * when no node has that name (err says so). */
int tui_session_type(struct tui_session *s, const char *node, const char *line, char *err,
		     size_t errlen);
const struct tui_typed *tui_session_typed(const struct tui_session *s, size_t *n);

/* Write a Lua scenario that reproduces this run: the scenario's own text
 * with the typed commands scheduled at the times they were typed.  0, or -1
 * with a message in err. */
int tui_session_save(const struct tui_session *s, const char *out_path, char *err,
		     size_t errlen);

/* For tests: re-execute from scratch to the current step with recording on
 * and compare every entry with the record.  0 when identical, else -1 with
 * the first difference in err. */
int tui_session_verify(struct tui_session *s, char *err, size_t errlen);

/* Run a command for display (`ip route`, `ip -s neigh`) in the node named,
 * without changing the run: read-only commands only, no time passes.
 * Returns malloc'd text (stdout then stderr), or NULL when no such node. */
char *tui_session_show(struct tui_session *s, const char *node, const char *line);

#endif
