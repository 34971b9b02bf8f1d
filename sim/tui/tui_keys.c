/* tui_keys.c — what each key does (the list is in the help screen,
 * tui_view.c), running at a speed, and key scripts for the headless mode. */
#include "tui/tui_view_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "util/units.h"

/* Steps per second. */
static const int speeds[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000, 100000 };
#define N_SPEEDS ((int)(sizeof speeds / sizeof *speeds))

int tui_view_speed(const struct tui_view *v)
{
	return speeds[v->speed];
}

static void after_move(struct tui_view *v)
{
	tui_view_select_step(v);
}

static void step(struct tui_view *v)
{
	if (!tui_session_step(v->s)) {
		snprintf(v->msg, sizeof v->msg, "nothing left to happen (%s)",
			 tui_session_state(v->s));
		v->running = false;
	}
	after_move(v);
}

static void back(struct tui_view *v)
{
	size_t pos = tui_session_pos(v->s);
	if (pos == 0) {
		snprintf(v->msg, sizeof v->msg, "already at the start (t = 0)");
		return;
	}
	tui_session_goto(v->s, pos - 1);
	after_move(v);
}

/* Step until a new packet (Tx/Rx/drop with bytes) on the selected node. */
static void next_packet(struct tui_view *v)
{
	for (int guard = 0; guard < 100000; guard++) {
		size_t before;
		tui_session_entries(v->s, &before);
		if (!tui_session_step(v->s)) {
			snprintf(v->msg, sizeof v->msg, "no more packets on %s", v->node);
			break;
		}
		size_t n;
		const struct tui_entry *e = tui_session_entries(v->s, &n);
		for (size_t i = before; i < n; i++)
			if (e[i].bytes && strcmp(e[i].node, v->node) == 0 &&
			    (e[i].kind == TE_TX || e[i].kind == TE_RX || e[i].kind == TE_DROP)) {
				tui_view_select_step(v);
				v->sel = i;
				return;
			}
	}
	/* Keep the selected node: the pane shows it, not the last event's. */
	char keep[32];
	snprintf(keep, sizeof keep, "%s", v->node);
	after_move(v);
	snprintf(v->node, sizeof v->node, "%s", keep);
}

static void go_to(struct tui_view *v, const char *arg)
{
	while (*arg == ' ')
		arg++;
	if (!*arg)
		return;
	size_t k;
	bool is_num = true;
	for (const char *p = arg; *p; p++)
		is_num &= isdigit((unsigned char)*p) != 0;
	if (is_num) {
		uint64_t ev = strtoull(arg, NULL, 10);
		k = tui_session_step_for_event(v->s, ev);
	} else {
		int64_t ns;
		char err[200];
		if (units_parse_duration(arg, &ns, err, sizeof err) != 0) {
			snprintf(v->msg, sizeof v->msg, "go to: %s", err);
			return;
		}
		k = tui_session_step_for_time(v->s, ns);
	}
	tui_session_goto(v->s, k);
	after_move(v);
}

static void submit(struct tui_view *v)
{
	enum tui_prompt p = v->prompt;
	v->prompt = TPR_NONE;
	char err[300];
	switch (p) {
	case TPR_CMD:
		if (!v->input[0])
			break;
		size_t before;
		tui_session_entries(v->s, &before);
		if (tui_session_type(v->s, v->node, v->input, err, sizeof err) != 0) {
			snprintf(v->msg, sizeof v->msg, "%s", err);
		} else {
			snprintf(v->msg, sizeof v->msg, "%s# %s: typed at event %" PRIu64
				 " (its output is in the event list)", v->node, v->input,
				 tui_session_world(v->s)->stats.events);
			/* Show the line just typed and what it printed. */
			tui_view_select_step(v);
			size_t n;
			const struct tui_entry *e = tui_session_entries(v->s, &n);
			if (before < n && tui_view_shown(v, &e[before])) {
				v->sel = before;
				snprintf(v->node, sizeof v->node, "%s", e[before].node);
			}
		}
		break;
	case TPR_GOTO:
		go_to(v, v->input);
		break;
	case TPR_FILTER:
		snprintf(v->filter, sizeof v->filter, "%s", v->input);
		v->list_top = 0;
		if (v->sel != SIZE_MAX) {
			size_t n;
			const struct tui_entry *e = tui_session_entries(v->s, &n);
			if (v->sel < n && !tui_view_shown(v, &e[v->sel]))
				tui_view_select_step(v);
		}
		break;
	case TPR_SAVE: {
		const char *path = v->input[0] ? v->input : v->save_default;
		if (tui_session_save(v->s, path, err, sizeof err) != 0)
			snprintf(v->msg, sizeof v->msg, "not saved: %s", err);
		else
			snprintf(v->msg, sizeof v->msg, "saved as %s (wirelab run %s replays it)",
				 path, path);
		break;
	}
	case TPR_NONE:
		break;
	}
	v->input[0] = '\0';
}

static void prompt_key(struct tui_view *v, int key)
{
	size_t len = strlen(v->input);
	if (key == TK_ENTER) {
		submit(v);
	} else if (key == TK_ESC) {
		v->prompt = TPR_NONE;
		v->input[0] = '\0';
	} else if (key == TK_BACKSPACE) {
		/* Remove one UTF-8 character. */
		while (len > 0 && ((unsigned char)v->input[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		v->input[len] = '\0';
	} else if (key >= 0x20 && key < 0x100 && key != 0x7f && len + 1 < sizeof v->input) {
		v->input[len] = (char)key;
		v->input[len + 1] = '\0';
	}
}

static void start_prompt(struct tui_view *v, enum tui_prompt p)
{
	v->prompt = p;
	v->input[0] = '\0';
	if (p == TPR_FILTER)
		snprintf(v->input, sizeof v->input, "%s", v->filter);
	v->running = false;
}

/* Move the selection in the (filtered) event list by d rows. */
static void move_sel(struct tui_view *v, long d)
{
	size_t n;
	const struct tui_entry *e = tui_session_entries(v->s, &n);
	if (!n)
		return;
	size_t i = v->sel < n ? v->sel : n - 1;
	size_t last_ok = tui_view_shown(v, &e[i]) ? i : SIZE_MAX;
	while (d != 0) {
		if (d > 0) {
			if (i + 1 >= n)
				break;
			i++;
		} else {
			if (i == 0)
				break;
			i--;
		}
		if (tui_view_shown(v, &e[i])) {
			last_ok = i;
			d += d > 0 ? -1 : 1;
		}
	}
	if (last_ok != SIZE_MAX) {
		v->sel = last_ok;
		if (e[v->sel].node[0])
			snprintf(v->node, sizeof v->node, "%s", e[v->sel].node);
		v->pkt_scroll = 0;
	}
}

static bool has_topo_pane(const struct tui_view *v)
{
	return v->w >= 120;
}

static void scroll_key(struct tui_view *v, int key)
{
	int page = tui_view_list_rows(v);
	int *sc = v->focus == TP_PACKET ? &v->pkt_scroll
		: v->focus == TP_NODE ? &v->node_scroll : &v->topo_scroll;
	if (v->focus == TP_EVENTS) {
		size_t n;
		tui_session_entries(v->s, &n);
		switch (key) {
		case TK_UP: case 'k': move_sel(v, -1); break;
		case TK_DOWN: case 'j': move_sel(v, 1); break;
		case TK_PGUP: move_sel(v, -page); break;
		case TK_PGDN: move_sel(v, page); break;
		case TK_HOME: move_sel(v, -(long)n); break;
		case TK_END: move_sel(v, (long)n); break;
		}
		return;
	}
	switch (key) {
	case TK_UP: case 'k': (*sc)--; break;
	case TK_DOWN: case 'j': (*sc)++; break;
	case TK_PGUP: *sc -= page; break;
	case TK_PGDN: *sc += page; break;
	case TK_HOME: *sc = 0; break;
	case TK_END: *sc = 1 << 20; break;      /* clamped when drawn */
	}
	if (*sc < 0)
		*sc = 0;
}

void tui_view_key(struct tui_view *v, int key)
{
	if (v->prompt != TPR_NONE) {
		prompt_key(v, key);
		return;
	}
	v->msg[0] = '\0';
	if (v->help) {
		v->help = false;
		if (key != 'q')
			return;
	}
	int ntabs = has_topo_pane(v) ? TT_TOPO : TT__COUNT;
	switch (key) {
	case ' ': case 's': step(v); break;
	case 'n': next_packet(v); break;
	case 'b': back(v); break;
	case 'c':
		if (tui_session_ended(v->s) && !tui_session_step(v->s)) {
			snprintf(v->msg, sizeof v->msg, "nothing left to happen");
		} else {
			v->running = true;
			v->acc = 0;
		}
		break;
	case 'p': v->running = false; break;
	case '+': case '=': if (v->speed + 1 < N_SPEEDS) v->speed++; break;
	case '-': if (v->speed > 0) v->speed--; break;
	case 'g': start_prompt(v, TPR_GOTO); break;
	case '/': start_prompt(v, TPR_FILTER); break;
	case ':':
		tui_view_default_node(v);
		if (!v->node[0])
			snprintf(v->msg, sizeof v->msg, "no node yet: take a step first");
		else
			start_prompt(v, TPR_CMD);
		break;
	case 'w': start_prompt(v, TPR_SAVE); break;
	case '<': case '>': {
		/* Another node for the node pane (and the prompt), in the
		 * world's order. */
		struct world *w = tui_session_world(v->s);
		if (!w->n_nodes)
			break;
		size_t i = 0;
		while (i < w->n_nodes && strcmp(w->nodes[i]->name, v->node) != 0)
			i++;
		if (i == w->n_nodes)
			i = 0;
		else
			i = (i + (key == '>' ? 1 : w->n_nodes - 1)) % w->n_nodes;
		snprintf(v->node, sizeof v->node, "%s", w->nodes[i]->name);
		v->node_scroll = 0;
		break;
	}
	case '?': v->help = true; break;
	case 'q': v->quit = true; break;
	case TK_TAB: case TK_BTAB: {
		int np = has_topo_pane(v) ? TP__COUNT : TP_TOPO;
		v->focus = (enum tui_pane)(((int)v->focus + (key == TK_TAB ? 1 : np - 1)) % np);
		break;
	}
	case TK_ENTER:
		if (v->focus == TP_EVENTS) {
			size_t n;
			const struct tui_entry *e = tui_session_entries(v->s, &n);
			if (v->sel < n && e[v->sel].node[0])
				snprintf(v->node, sizeof v->node, "%s", e[v->sel].node);
			v->focus = TP_PACKET;
		} else if (v->focus == TP_NODE) {
			v->tab = (enum tui_tab)(((int)v->tab + 1) % ntabs);
			v->node_scroll = 0;
		}
		break;
	case TK_LEFT: case 'h':
		v->tab = (enum tui_tab)(((int)v->tab + ntabs - 1) % ntabs);
		v->node_scroll = 0;
		break;
	case TK_RIGHT: case 'l':
		v->tab = (enum tui_tab)(((int)v->tab + 1) % ntabs);
		v->node_scroll = 0;
		break;
	case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8':
		if (key - '1' < ntabs) {
			v->tab = (enum tui_tab)(key - '1');
			v->node_scroll = 0;
		}
		break;
	case TK_UP: case TK_DOWN: case TK_PGUP: case TK_PGDN: case TK_HOME: case TK_END:
	case 'j': case 'k':
		scroll_key(v, key);
		break;
	case TK_ESC:
		break;
	}
}

void tui_view_tick(struct tui_view *v)
{
	if (!v->running)
		return;
	v->acc += speeds[v->speed] / 10.0;
	int n = (int)v->acc;
	v->acc -= n;
	for (int i = 0; i < n; i++) {
		if (tui_session_ended(v->s) || !tui_session_step(v->s)) {
			v->running = false;
			snprintf(v->msg, sizeof v->msg, "paused: %s", tui_session_state(v->s));
			break;
		}
	}
	after_move(v);
}

/* ---- key scripts ---------------------------------------------------------------- */

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "space", ' ' }, { "enter", TK_ENTER }, { "tab", TK_TAB }, { "btab", TK_BTAB },
	{ "esc", TK_ESC }, { "bs", TK_BACKSPACE }, { "up", TK_UP }, { "down", TK_DOWN },
	{ "left", TK_LEFT }, { "right", TK_RIGHT }, { "pgup", TK_PGUP }, { "pgdn", TK_PGDN },
	{ "home", TK_HOME }, { "end", TK_END },
};

int tui_keys_parse(const char *script, int *keys, int max, char *err, size_t errlen)
{
	int n = 0;
	const char *p = script;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			const char *end = strchr(p + 1, '"');
			if (!end) {
				snprintf(err, errlen, "unclosed \" in the key script");
				return -1;
			}
			for (const char *c = p + 1; c < end; c++) {
				if (n >= max)
					goto full;
				keys[n++] = (unsigned char)*c;
			}
			p = end + 1;
			continue;
		}
		size_t k = strcspn(p, " \t\n");
		if (n >= max)
			goto full;
		if (k == 1) {
			keys[n++] = (unsigned char)*p;
		} else {
			bool found = false;
			for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++)
				if (strlen(key_names[i].name) == k &&
				    strncmp(key_names[i].name, p, k) == 0) {
					keys[n++] = key_names[i].key;
					found = true;
				}
			if (!found) {
				snprintf(err, errlen, "unknown key \"%.*s\" in the key script (a "
					 "character, a \"quoted string\", or one of: space enter tab "
					 "btab esc bs up down left right pgup pgdn home end)", (int)k, p);
				return -1;
			}
		}
		p += k;
	}
	return n;
full:
	snprintf(err, errlen, "the key script is too long (at most %d keys)", max);
	return -1;
}
