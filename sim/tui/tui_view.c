/* tui_view.c — composing the screen (tui_view.h says what is where). */
#include "tui/tui_view_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/nf.h"
#include "tui/tui_dissect.h"
#include "tui/tui_text.h"
#include "util/die.h"
#include "wire/ipv4.h"

struct rect {
	int x, y, w, h;
};

struct layout {
	struct rect ev, pkt, node, topo;        /* topo.w == 0: a tab of the node pane */
};

static void layout(const struct tui_view *v, struct layout *l)
{
	memset(l, 0, sizeof *l);
	int ch = v->h - 2;
	int evh = ch / 2 < 5 ? 5 : ch / 2;
	if (evh > ch)
		evh = ch;
	l->ev = (struct rect){ 0, 1, v->w, evh };
	int by = 1 + evh, bh = ch - evh;
	if (v->w >= 120) {
		int pw = v->w * 38 / 100, tw = v->w / 4;
		l->pkt = (struct rect){ 0, by, pw, bh };
		l->node = (struct rect){ pw, by, v->w - pw - tw, bh };
		l->topo = (struct rect){ v->w - tw, by, tw, bh };
	} else {
		int pw = v->w / 2;
		l->pkt = (struct rect){ 0, by, pw, bh };
		l->node = (struct rect){ pw, by, v->w - pw, bh };
	}
}

int tui_view_list_rows(const struct tui_view *v)
{
	struct layout l;
	layout(v, &l);
	return l.ev.h - 2 > 0 ? l.ev.h - 2 : 0;
}

/* ---- the filter ------------------------------------------------------------- */

static void add_wrapped(struct tui_text *t, const char *out, int width);

static const char *kind_word(const struct tui_entry *e);

const char *tui_entry_proto(const struct tui_entry *e)
{
	const uint8_t *b = e->bytes;
	uint32_t len = e->len;
	if (!b || e->layer == TL_NONE)
		return NULL;
	if (e->layer == TL_ETH) {
		if (len < 14)
			return NULL;
		uint16_t t = (uint16_t)(b[12] << 8 | b[13]);
		if (t == 0x0806)
			return "arp";
		if (t != 0x0800)
			return NULL;
		b += 14;
		len -= 14;
	}
	if (len < 20)
		return "ip";
	switch (b[9]) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	default: return "ip";
	}
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool word_matches(const struct tui_entry *e, const char *w)
{
	if (strcmp(w, "drops") == 0 || strcmp(w, "drop") == 0)
		return e->kind == TE_DROP;
	if (strcmp(e->node, w) == 0)
		return true;
	const char *p = tui_entry_proto(e);
	if (strcmp(w, "arp") == 0 || strcmp(w, "icmp") == 0 || strcmp(w, "udp") == 0 ||
	    strcmp(w, "tcp") == 0)
		return p && strcmp(p, w) == 0;
	if (strcmp(w, "ip") == 0)
		return p && strcmp(p, "arp") != 0;
	return contains_ci(e->summary, w) || strcmp(e->dev, w) == 0 ||
	       strcasecmp(kind_word(e), w) == 0;
}

bool tui_view_shown(const struct tui_view *v, const struct tui_entry *e)
{
	const char *f = v->filter;
	while (*f) {
		while (*f == ' ')
			f++;
		size_t k = strcspn(f, " ");
		if (!k)
			break;
		char w[128];
		snprintf(w, sizeof w, "%.*s", (int)k, f);
		if (!word_matches(e, w))
			return false;
		f += k;
	}
	return true;
}

void tui_view_select_step(struct tui_view *v)
{
	size_t n;
	const struct tui_entry *e = tui_session_entries(v->s, &n);
	size_t first = tui_session_step_first(v->s);
	v->sel = SIZE_MAX;
	/* The step's first packet, which is what the learner follows; else
	 * its first line. */
	for (size_t i = first; i < n && v->sel == SIZE_MAX; i++)
		if (tui_view_shown(v, &e[i]) && e[i].bytes &&
		    (e[i].kind == TE_TX || e[i].kind == TE_RX || e[i].kind == TE_DROP))
			v->sel = i;
	for (size_t i = first; i < n && v->sel == SIZE_MAX; i++)
		if (tui_view_shown(v, &e[i]))
			v->sel = i;
	if (v->sel == SIZE_MAX)
		for (size_t i = n; i-- > 0;)
			if (tui_view_shown(v, &e[i])) {
				v->sel = i;
				break;
			}
	if (v->sel != SIZE_MAX && e[v->sel].node[0])
		snprintf(v->node, sizeof v->node, "%s", e[v->sel].node);
	v->pkt_scroll = 0;
	v->to_end = true;
}

void tui_view_default_node(struct tui_view *v)
{
	struct world *w = tui_session_world(v->s);
	if ((!v->node[0] || !world_node(w, v->node)) && w->n_nodes)
		snprintf(v->node, sizeof v->node, "%s", w->nodes[0]->name);
}

/* ---- lifetime ----------------------------------------------------------------- */

struct tui_view *tui_view_new(struct tui_session *s, int w, int h, bool unicode)
{
	struct tui_view *v = wl_calloc(1, sizeof *v);
	v->s = s;
	v->unicode = unicode;
	v->sel = SIZE_MAX;
	v->speed = 3;
	tui_view_resize(v, w, h);
	/* "<name>-session.lua" next to where the learner is. */
	const char *path = tui_session_path(s), *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strcspn(base, ".");
	snprintf(v->save_default, sizeof v->save_default, "%.*s-session.lua", (int)bl, base);
	return v;
}

void tui_view_free(struct tui_view *v)
{
	free(v);
}

void tui_view_resize(struct tui_view *v, int w, int h)
{
	v->w = w < 20 ? 20 : w;
	v->h = h < 10 ? 10 : h;
}

/* ---- drawing ------------------------------------------------------------------ */

static void fmt_time(int64_t ns, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64 ".%06" PRId64, ns / 1000000000, (ns % 1000000000) / 1000);
}

static enum tui_style kind_style(const struct tui_entry *e)
{
	switch (e->kind) {
	case TE_TX: return TS_TX;
	case TE_RX: return TS_RX;
	case TE_DROP: return TS_DROP;
	case TE_DECISION: return TS_DECISION;
	case TE_TABLE: return TS_TABLE;
	case TE_CHECK: return e->failed ? TS_FAIL : TS_LOG;
	default: return TS_LOG;
	}
}

static const char *kind_word(const struct tui_entry *e)
{
	switch (e->kind) {
	case TE_TX: return "Tx";
	case TE_RX: return "Rx";
	case TE_DROP: return "DROP";
	case TE_DECISION: return "dec";
	case TE_TABLE: return "tbl";
	case TE_LOG: return "log";
	case TE_PRINT: return "prt";
	case TE_CHECK: return "chk";
	}
	return "?";
}

static void status_line(struct tui_view *v, struct tui_grid *g)
{
	struct world *w = tui_session_world(v->s);
	char t[40], line[600];
	fmt_time(w->now_ns, t, sizeof t);
	const char *path = tui_session_path(v->s), *base = strrchr(path, '/');
	size_t n;
	tui_session_entries(v->s, &n);
	snprintf(line, sizeof line, " %s  t=%ss  event %" PRIu64 "  step %zu  %s  %d/s  %s%s%s",
		 base ? base + 1 : path, t, w->stats.events, tui_session_pos(v->s),
		 v->running ? "RUNNING" : "paused", tui_view_speed(v), tui_session_state(v->s),
		 v->filter[0] ? "  filter: " : "", v->filter);
	tui_grid_fill(g, 0, 0, g->w, ' ', TS_STATUS);
	tui_grid_text(g, 0, 0, g->w, line, TS_STATUS);
}

static void hint_line(struct tui_view *v, struct tui_grid *g)
{
	int y = g->h - 1;
	char line[1400];
	static const char *const names[] = { "", "", "go to (event number, or time as 1.5s): ",
					     "filter (node, arp/icmp/udp/tcp, address, drops): ",
					     "save as scenario: " };
	tui_grid_fill(g, 0, y, g->w, ' ', TS_HINT);
	if (v->prompt == TPR_CMD) {
		snprintf(line, sizeof line, "%s# %s_", v->node[0] ? v->node : "?", v->input);
	} else if (v->prompt != TPR_NONE) {
		snprintf(line, sizeof line, "%s%s_", names[v->prompt], v->input);
	} else if (v->msg[0]) {
		snprintf(line, sizeof line, "%s", v->msg);
	} else {
		/* The node pane's tabs: topo is one below 120 columns. */
		int ntabs = g->w >= 120 ? TT_TOPO : TT__COUNT;
		snprintf(line, sizeof line,
			 "s step  b back  n next pkt  c run  p pause  g go to  / filter  : command  "
			 "Tab pane  1-%d tabs  ? help  q quit", ntabs);
		/* At 80 columns: what a learner needs first (the rest is in ?). */
		if ((int)strlen(line) > g->w)
			snprintf(line, sizeof line, "s step  b back  n next pkt  c run  p pause  "
				 ": cmd  1-%d tabs  ? help  q quit", ntabs);
	}
	/* Too long for the line: keep its end, where the typing is. */
	int len = 0;
	for (const char *p = line; *p;)
		(void)tui_utf8_next(&p), len++;
	const char *p = line;
	if (v->prompt != TPR_NONE)
		for (int skip = len - g->w; skip > 0; skip--)
			(void)tui_utf8_next(&p);
	tui_grid_text(g, 0, y, g->w, p, TS_HINT);
}

static void events_pane(struct tui_view *v, struct tui_grid *g, const struct rect *r,
			const struct tui_lines *ln)
{
	size_t n;
	const struct tui_entry *e = tui_session_entries(v->s, &n);
	size_t first = tui_session_step_first(v->s);
	char title[200];
	snprintf(title, sizeof title, "Events (%zu)%s", n, v->filter[0] ? " filtered" : "");
	tui_grid_box(g, ln, r->x, r->y, r->w, r->h, title,
		     v->focus == TP_EVENTS ? TS_FOCUS : TS_FRAME);
	int rows = r->h - 2, inner = r->w - 2;
	if (rows <= 0)
		return;
	size_t *idx = wl_calloc(n ? n : 1, sizeof *idx);
	size_t m = 0, selpos = SIZE_MAX;
	int nodew = 4, devw = 4;
	for (size_t i = 0; i < n; i++) {
		if (!tui_view_shown(v, &e[i]))
			continue;
		if (i == v->sel)
			selpos = m;
		idx[m++] = i;
		int nl = (int)strlen(e[i].node), dl = (int)strlen(e[i].dev);
		nodew = nl > nodew ? (nl > 8 ? 8 : nl) : nodew;
		devw = dl > devw ? (dl > 8 ? 8 : dl) : devw;
	}
	if (v->to_end) {
		/* After a step: show the newest entries, the selection kept in view. */
		v->list_top = m > (size_t)rows ? m - (size_t)rows : 0;
		if (selpos != SIZE_MAX && selpos < v->list_top)
			v->list_top = selpos;
		v->to_end = false;
	}
	if (selpos != SIZE_MAX) {
		if (selpos < v->list_top)
			v->list_top = selpos;
		if (selpos >= v->list_top + (size_t)rows)
			v->list_top = selpos - (size_t)rows + 1;
	}
	if (v->list_top + (size_t)rows > m)
		v->list_top = m > (size_t)rows ? m - (size_t)rows : 0;
	if (m == 0) {
		tui_grid_text(g, r->x + 2, r->y + 1, inner - 1,
			      n ? "(no event matches the filter)"
				: "(paused at t = 0: press s to take a step, ? for help)",
			      TS_NORMAL);
	}
	for (int row = 0; row < rows && v->list_top + (size_t)row < m; row++) {
		size_t i = idx[v->list_top + (size_t)row];
		const struct tui_entry *x = &e[i];
		char t[40], line[1400];
		fmt_time(x->t_ns, t, sizeof t);
		snprintf(line, sizeof line, "%6" PRIu64 " %s %-*.*s %-*.*s %-4s %s", x->event, t,
			 nodew, nodew, x->node, devw, devw, x->dev, kind_word(x), x->summary);
		int y = r->y + 1 + row;
		bool cur = i >= first;
		enum tui_style st = i == v->sel ? TS_SELECT : kind_style(x);
		if (i == v->sel)
			tui_grid_fill(g, r->x + 1, y, inner, ' ', TS_SELECT);
		tui_grid_put(g, r->x + 1, y, cur ? ln->mark : ' ', i == v->sel ? TS_SELECT
									 : TS_CURRENT);
		tui_grid_text(g, r->x + 2, y, inner - 1, line, st);
	}
	free(idx);
}

/* Lines of text into a rectangle, from line `scroll`; field names styled. */
static void text_into(struct tui_grid *g, const struct rect *r, int y0,
		      const struct tui_text *t, int *scroll)
{
	int rows = r->y + r->h - 1 - y0;
	if (rows <= 0)
		return;
	if (*scroll > (int)t->n - rows)
		*scroll = (int)t->n - rows;
	if (*scroll < 0)
		*scroll = 0;
	for (int i = 0; i < rows && (size_t)(*scroll + i) < t->n; i++) {
		const char *l = t->line[*scroll + i];
		enum tui_style st = TS_NORMAL;
		if (l[0] != ' ' && l[0] != '\0' && strchr(l, '=') == NULL)
			st = TS_TITLE;
		int n = tui_grid_text(g, r->x + 1, y0 + i, r->w - 2, l, st);
		/* "  ip.ttl = 64": the field name stands out. */
		const char *eq = strstr(l, " = ");
		if (l[0] == ' ' && eq)
			tui_grid_style(g, r->x + 1, y0 + i, (int)(eq - l) < n ? (int)(eq - l) : n,
				       TS_FIELD);
	}
}

static void packet_pane(struct tui_view *v, struct tui_grid *g, const struct rect *r,
			const struct tui_lines *ln)
{
	size_t n;
	const struct tui_entry *e = tui_session_entries(v->s, &n);
	const struct tui_entry *x = v->sel < n ? &e[v->sel] : NULL;
	tui_grid_box(g, ln, r->x, r->y, r->w, r->h, "Packet",
		     v->focus == TP_PACKET ? TS_FOCUS : TS_FRAME);
	struct tui_text t = { 0 };
	if (!x) {
		tui_text_addf(&t, "(no event selected)");
	} else {
		char tm[40];
		fmt_time(x->t_ns, tm, sizeof tm);
		tui_text_addf(&t, "event %" PRIu64 "  t=%ss  %s%s%s %s", x->event, tm, x->node,
			      x->dev[0] ? " " : "", x->dev, kind_word(x));
		/* The whole line of the list, which the list may have cut:
		 * tcpdump's line, the decision, the drop and its reason. */
		if (x->bytes && x->layer != TL_NONE)
			add_wrapped(&t, x->summary, r->w - 2);
		if (x->bytes && x->layer != TL_NONE) {
			tui_text_addf(&t, "Frame: %u bytes%s", x->len,
				      x->layer == TL_IP ? " (from the IP header)" : "");
			tui_dissect(x->bytes, x->len, x->layer == TL_IP, &t);
			tui_text_addf(&t, "%s", "");
			tui_hexdump(x->bytes, x->len, r->w - 2 >= 73 ? 16 : 8, &t);
		} else {
			/* No packet: the whole line, wrapped. */
			const char *s = x->summary;
			int wdt = r->w - 2 > 10 ? r->w - 2 : 10;
			while (*s) {
				int k = (int)strlen(s) > wdt ? wdt : (int)strlen(s);
				tui_text_addf(&t, "%.*s", k, s);
				s += k;
			}
		}
	}
	text_into(g, r, r->y + 1, &t, &v->pkt_scroll);
	tui_text_free(&t);
}

/* The tab bar, in the first of these spellings that fits the pane (at 80
 * columns the pane is 38 wide: the shortest). */
static const char *const tab_names[][TT__COUNT] = {
	{ "addr", "route", "neigh", "fdb", "sysctl", "iptables", "conntrack", "topo" },
	{ "addr", "route", "neigh", "fdb", "sysctl", "ipt", "ct", "topo" },
	{ "addr", "route", "neigh", "fdb", "sys", "ipt", "ct", "topo" },
};
#define N_TAB_SPELLINGS ((int)(sizeof tab_names / sizeof *tab_names))

/* The spelling of the tab bar for ntabs tabs in `width` columns. */
static const char *const *tab_bar(int ntabs, int width)
{
	for (int k = 0; k < N_TAB_SPELLINGS; k++) {
		int len = -1;
		for (int i = 0; i < ntabs; i++)
			len += (int)strlen(tab_names[k][i]) + 1;
		if (len <= width)
			return tab_names[k];
	}
	return tab_names[N_TAB_SPELLINGS - 1];
}

/* What each tab runs: the node's own commands, as a learner would type them. */
static const char *const tab_cmds[TT__COUNT] = {
	"ip -br addr; ip -br link",
	"ip route",
	"ip -s neigh",
	"bridge -s fdb show",
	"sysctl net.ipv4.ip_forward net.ipv4.ip_default_ttl net.ipv4.icmp_echo_ignore_all",
	NULL,                   /* one listing per table in use: iptables_text() */
	"conntrack -L",
	NULL,
};

/* `iptables -L -n -v` pads its nine columns for a wide terminal (a rule is
 * ~80 characters before its options); in a pane they are packed to their
 * widest cell, as the addr tab packs `ip -br`: the counters right-aligned
 * as iptables prints them, a rule's options (`tcp dpt:80 to:...`) kept
 * whole after the ninth column, chain titles and blank lines as they are. */
#define IPT_COLS 9
static char *iptables_packed(const char *out)
{
	struct tui_text rows = { 0 };
	tui_text_add_lines(&rows, out);
	int width[IPT_COLS] = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < rows.n; r++) {
			const char *l = rows.line[r];
			if (!*l || strncmp(l, "Chain ", 6) == 0)
				continue;
			int c = 0;
			const char *p = l;
			while (c < IPT_COLS) {
				p += strspn(p, " ");
				int k = (int)strcspn(p, " ");
				if (!k)
					break;
				if (pass == 0 && k > width[c])
					width[c] = k;
				c++;
				p += k;
			}
			if (pass == 0)
				continue;
			/* Second pass: the packed line replaces the padded one. */
			char line[1200];
			size_t n = 0;
			p = l;
			for (int i = 0; i < c && n < sizeof line; i++) {
				p += strspn(p, " ");
				int k = (int)strcspn(p, " ");
				n += (size_t)snprintf(line + n, sizeof line - n,
						      i < 2 ? "%s%*.*s" : "%s%-*.*s", i ? " " : "",
						      width[i], k, p);
				p += k;
			}
			p += strspn(p, " ");
			if (*p && n < sizeof line)
				n += (size_t)snprintf(line + n, sizeof line - n, " %s", p);
			if (n >= sizeof line)
				n = sizeof line - 1;
			while (n > 0 && line[n - 1] == ' ')
				n--;
			line[n] = '\0';
			rows.line[r] = wl_realloc(rows.line[r], n + 1);
			memcpy(rows.line[r], line, n + 1);
		}
	}
	size_t len = 1;
	for (size_t r = 0; r < rows.n; r++)
		len += strlen(rows.line[r]) + 1;
	char *res = wl_calloc(len, 1), *q = res;
	for (size_t r = 0; r < rows.n; r++)
		q += sprintf(q, "%s\n", rows.line[r]);
	*q = '\0';
	tui_text_free(&rows);
	return res;
}

/* `iptables -L -n -v` of each table the node has (filter, then nat, then
 * mangle and raw), as a learner would type them one after the other.  A
 * table exists once a rule or policy was set in it (nf.h); listing one
 * that does not would show empty built-in chains, which says nothing. */
static void iptables_text(struct tui_view *v, const struct node *nd, struct tui_text *t,
			  int width)
{
	static const enum nf_table_id order[] = { NF_TABLE_FILTER, NF_TABLE_NAT, NF_TABLE_MANGLE,
						  NF_TABLE_RAW };
	int shown = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		const struct nf_table *tb = nf_table_peek(nd, order[i]);
		if (!tb || !tb->present)
			continue;
		char line[64];
		if (order[i] == NF_TABLE_FILTER)
			snprintf(line, sizeof line, "iptables -L -n -v");
		else
			snprintf(line, sizeof line, "iptables -t %s -L -n -v",
				 nf_table_name(order[i]));
		char *out = tui_session_show(v->s, nd->name, line);
		if (shown++)
			tui_text_addf(t, "%s", "");
		tui_text_addf(t, "# %s", line);
		char *packed = iptables_packed(out);
		add_wrapped(t, packed, width);
		free(packed);
		free(out);
	}
	if (!shown)
		tui_text_addf(t, "no rules (netfilter not in use)");
}

/* `ip -br` pads its columns for a wide terminal (16 and 14 characters);
 * in a pane they are packed to their widest cell instead. */
static void add_packed(struct tui_text *t, const char *out)
{
	struct tui_text rows = { 0 };
	tui_text_add_lines(&rows, out);
	int width[16] = { 0 };
	for (size_t r = 0; r < rows.n; r++) {
		int c = 0;
		for (const char *p = rows.line[r]; *p && c < 16;) {
			p += strspn(p, " ");
			int k = (int)strcspn(p, " ");
			if (!k)
				break;
			if (k > width[c])
				width[c] = k;
			c++;
			p += k;
		}
	}
	for (size_t r = 0; r < rows.n; r++) {
		char line[1024];
		size_t n = 0;
		int c = 0;
		for (const char *p = rows.line[r]; *p && n + 1 < sizeof line;) {
			p += strspn(p, " ");
			int k = (int)strcspn(p, " ");
			if (!k)
				break;
			int wdt = c < 15 ? width[c] : k;
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%-*.*s", c ? " " : "", wdt,
					      k, p);
			if (n >= sizeof line)
				n = sizeof line - 1;
			c++;
			p += k;
		}
		while (n > 0 && line[n - 1] == ' ')
			n--;
		line[n] = '\0';
		tui_text_addf(t, "%s", line);
	}
	tui_text_free(&rows);
}

/* Lines longer than the pane go on below, indented, as a terminal wraps
 * them (a route or a neighbour is one line in iproute2's output). */
static void add_wrapped(struct tui_text *t, const char *out, int width)
{
	struct tui_text rows = { 0 };
	tui_text_add_lines(&rows, out);
	if (width < 12)
		width = 12;
	for (size_t r = 0; r < rows.n; r++) {
		const char *l = rows.line[r];
		int w = width;
		while ((int)strlen(l) > w) {
			/* Break at the last space that fits, when there is one. */
			int k = w;
			while (k > w / 2 && l[k] != ' ')
				k--;
			if (l[k] != ' ')
				k = w;
			tui_text_addf(t, "%s%.*s", w < width ? "  " : "", k, l);
			l += k;
			while (*l == ' ')
				l++;
			w = width - 2;
		}
		tui_text_addf(t, "%s%s", w < width ? "  " : "", l);
	}
	tui_text_free(&rows);
}

static void topology_text(struct tui_view *v, struct tui_text *t, const struct tui_lines *ln,
			  size_t *active_line)
{
	struct world *w = tui_session_world(v->s);
	size_t n;
	const struct tui_entry *e = tui_session_entries(v->s, &n);
	const struct tui_entry *x = v->sel < n ? &e[v->sel] : NULL;
	*active_line = SIZE_MAX;
	if (!w->n_nodes) {
		tui_text_addf(t, "(no node yet)");
		return;
	}
	for (size_t i = 0; i < w->n_nodes; i++) {
		const struct node *nd = w->nodes[i];
		char addrs[200] = "";
		size_t al = 0;
		for (size_t d = 0; d < nd->n_devs; d++)
			for (const struct ifaddr *a = nd->devs[d]->addrs; a; a = a->next) {
				if (nd->devs[d]->kind == ND_LOOPBACK)
					continue;
				char as[IPV4_ADDR_STRLEN];
				al += (size_t)snprintf(addrs + al, al < sizeof addrs ? sizeof addrs - al : 0,
						       " %s", ipv4_addr_str(a->addr, as));
			}
		tui_text_addf(t, "%s%s (%s)%s", strcmp(nd->name, v->node) == 0 ? "*" : "",
			      nd->name, node_role_name(nd->role), addrs);
	}
	tui_text_addf(t, "%s", "");
	char bar[8], arr[8];
	int k = tui_utf8_put(ln->h, bar);
	bar[k] = '\0';
	k = tui_utf8_put(ln->mark, arr);
	arr[k] = '\0';
	for (size_t i = 0; i < w->n_links; i++) {
		const struct link *l = w->links[i];
		if (!l || !l->end[0] || !l->end[1])
			continue;
		bool active = false;
		for (int j = 0; j < 2 && x; j++)
			active |= (x->kind == TE_TX || x->kind == TE_RX) &&
				  strcmp(l->end[j]->node->name, x->node) == 0 &&
				  strcmp(l->end[j]->name, x->dev) == 0;
		if (active)
			*active_line = t->n;
		tui_text_addf(t, "%s %s:%s %s%s%s%s %s:%s", active ? arr : " ",
			      l->end[0]->node->name, l->end[0]->name, bar, bar, bar, bar,
			      l->end[1]->node->name, l->end[1]->name);
	}
}

static void topo_into(struct tui_view *v, struct tui_grid *g, const struct rect *r, int y0,
		      const struct tui_lines *ln)
{
	struct tui_text t = { 0 };
	size_t active;
	topology_text(v, &t, ln, &active);
	text_into(g, r, y0, &t, &v->topo_scroll);
	if (active != SIZE_MAX) {
		int y = y0 + (int)active - v->topo_scroll;
		if (y >= y0 && y < r->y + r->h - 1)
			tui_grid_style(g, r->x + 1, y, r->w - 2, TS_ACTIVE);
	}
	tui_text_free(&t);
}

static void node_pane(struct tui_view *v, struct tui_grid *g, const struct rect *r,
		      const struct tui_lines *ln, bool with_topo)
{
	struct world *w = tui_session_world(v->s);
	tui_view_default_node(v);
	const struct node *nd = v->node[0] ? world_node(w, v->node) : NULL;
	char title[100];
	if (nd)
		snprintf(title, sizeof title, "Node %s (%s)", nd->name, node_role_name(nd->role));
	else
		snprintf(title, sizeof title, "Node");
	tui_grid_box(g, ln, r->x, r->y, r->w, r->h, title,
		     v->focus == TP_NODE ? TS_FOCUS : TS_FRAME);
	if (r->h < 4)
		return;
	int ntabs = with_topo ? TT__COUNT : TT_TOPO;
	if (!with_topo && v->tab == TT_TOPO)
		v->tab = TT_ADDR;
	int x = r->x + 1;
	const char *const *names = tab_bar(ntabs, r->w - 2);
	for (int i = 0; i < ntabs; i++) {
		x += tui_grid_text(g, x, r->y + 1, r->x + r->w - 1 - x, names[i],
				   i == (int)v->tab ? TS_TAB_ON : TS_TAB);
		if (x < r->x + r->w - 1)
			x++;
	}
	if (v->tab == TT_TOPO) {
		topo_into(v, g, r, r->y + 2, ln);
		return;
	}
	struct tui_text t = { 0 };
	if (!nd) {
		tui_text_addf(&t, "(no node yet: the scenario builds its network in its first "
				  "step)");
	} else if (v->tab == TT_IPT) {
		iptables_text(v, nd, &t, r->w - 2);
	} else {
		char *out = tui_session_show(v->s, nd->name, tab_cmds[v->tab]);
		tui_text_addf(&t, "# %s", tab_cmds[v->tab]);
		if (v->tab == TT_ADDR)
			add_packed(&t, out);
		else
			add_wrapped(&t, out, r->w - 2);
		if (out && !*out)
			tui_text_addf(&t, "(empty)");
		free(out);
	}
	text_into(g, r, r->y + 2, &t, &v->node_scroll);
	tui_text_free(&t);
}

static const char *const help_lines[] = {
	"wirelab tui - keys",
	"",
	"  space, s   step: run until the next thing happens",
	"  n          run to the next packet on the selected node",
	"  b          one step back (the run is re-executed from t = 0)",
	"  c / p      run / pause;   + / -  faster / slower",
	"  g          go to an event number, or a time (1.5s, 300ms)",
	"  /          filter: node, arp icmp udp tcp, address, drops",
	"  :          type a command in the selected node",
	"             (ip route del default, sysctl -w ..., ping -c1 ...)",
	"  w          save the run, typed commands included, as a scenario",
	"  Tab        next pane;  up/down, j/k  move;  PgUp/PgDn  page",
	"  Enter      on an event: show its node; then the packet pane",
	"  < / >      previous / next node in the node pane",
	"  left/right, 1-8  node pane tabs: 1 addr  2 route  3 neigh  4 fdb",
	"             5 sysctl  6 iptables  7 conntrack  8 topo",
	"  ?          this help;   q  quit (the traces are kept)",
	"",
	"Traces: pcap-out/<scenario>/*.pcap and events.jsonl",
	"press any key",
};

static void help_screen(struct tui_view *v, struct tui_grid *g, const struct tui_lines *ln)
{
	int n = (int)(sizeof help_lines / sizeof *help_lines);
	int bw = 72 < g->w - 2 ? 72 : g->w - 2, bh = n + 2 < g->h - 2 ? n + 2 : g->h - 2;
	int x = (g->w - bw) / 2, y = (g->h - bh) / 2;
	for (int r = y; r < y + bh; r++)
		tui_grid_fill(g, x, r, bw, ' ', TS_NORMAL);
	tui_grid_box(g, ln, x, y, bw, bh, "Help", TS_FOCUS);
	for (int i = 0; i < n && i < bh - 2; i++)
		tui_grid_text(g, x + 2, y + 1 + i, bw - 4, help_lines[i],
			      i == 0 ? TS_TITLE : TS_NORMAL);
}

static bool inside(const struct rect *r, int x, int y)
{
	return r->w > 0 && x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

void tui_view_click(struct tui_view *v, int x, int y)
{
	struct layout l;
	layout(v, &l);
	v->msg[0] = '\0';
	if (v->help || v->prompt != TPR_NONE) {
		v->help = false;
		return;
	}
	if (inside(&l.ev, x, y)) {
		v->focus = TP_EVENTS;
		int row = y - l.ev.y - 1;
		if (row < 0 || row >= l.ev.h - 2)
			return;
		size_t n, m = 0;
		const struct tui_entry *e = tui_session_entries(v->s, &n);
		for (size_t i = 0; i < n; i++) {
			if (!tui_view_shown(v, &e[i]))
				continue;
			if (m++ == v->list_top + (size_t)row) {
				v->sel = i;
				if (e[i].node[0])
					snprintf(v->node, sizeof v->node, "%s", e[i].node);
				v->pkt_scroll = 0;
				return;
			}
		}
	} else if (inside(&l.pkt, x, y)) {
		v->focus = TP_PACKET;
	} else if (inside(&l.node, x, y)) {
		v->focus = TP_NODE;
		if (y != l.node.y + 1)
			return;
		/* The tab row: which name was clicked. */
		int cx = l.node.x + 1, ntabs = l.topo.w ? TT_TOPO : TT__COUNT;
		const char *const *names = tab_bar(ntabs, l.node.w - 2);
		for (int i = 0; i < ntabs; i++) {
			int w = (int)strlen(names[i]);
			if (x >= cx && x < cx + w) {
				v->tab = (enum tui_tab)i;
				v->node_scroll = 0;
			}
			cx += w + 1;
		}
	} else if (inside(&l.topo, x, y)) {
		v->focus = TP_TOPO;
	}
}

void tui_view_render(struct tui_view *v, struct tui_grid *g)
{
	if (!g->ch || g->w != v->w || g->h != v->h) {
		tui_grid_free(g);
		tui_grid_init(g, v->w, v->h);
	}
	tui_grid_clear(g);
	const struct tui_lines *ln = tui_lines_get(v->unicode);
	struct layout l;
	layout(v, &l);
	status_line(v, g);
	events_pane(v, g, &l.ev, ln);
	packet_pane(v, g, &l.pkt, ln);
	node_pane(v, g, &l.node, ln, l.topo.w == 0);
	if (l.topo.w) {
		tui_grid_box(g, ln, l.topo.x, l.topo.y, l.topo.w, l.topo.h, "Topology",
			     v->focus == TP_TOPO ? TS_FOCUS : TS_FRAME);
		topo_into(v, g, &l.topo, l.topo.y + 1, ln);
	}
	hint_line(v, g);
	if (v->help)
		help_screen(v, g, ln);
}
