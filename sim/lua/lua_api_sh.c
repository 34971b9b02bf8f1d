/* lua_api_sh.c — typing commands into a node: n:sh(), n:sh_block(),
 * n:sh_file(), the global sh(), and shell scenarios (FILE.sh).
 *
 * Everything here goes through the command layer (cmd/cmd.h): a line is
 * what a learner would type at a root shell on a Linux machine, and what
 * comes back is what the real tools print.  This file adds only what a
 * shell adds around the commands:
 *
 *   LISTS.  A line is split into commands at `;`, `&&` and `||` (outside
 *   quotes), and `! CMD` negates CMD's status, as in bash.  Each command
 *   then goes to the command layer on its own (which does words, quotes,
 *   redirections and `sudo`), so that we know which command failed and
 *   can apply bash's errexit rule below.
 *
 *   SCRIPTS (sh_block, sh_file, shell scenarios) run line by line like
 *   `bash -e`: `#` comments and blank lines are skipped, a backslash at the
 *   end of a line continues it, as does a trailing `&&` or `||`; the
 *   script stops at the first command that fails when bash -e would stop:
 *   a failing command that is the last of its `&&`/`||` list (so `cmd ||
 *   true` never stops it, and neither does `false && x`).  One deliberate
 *   difference: a line `! CMD` stops the script when CMD succeeds, so that
 *   it can state that something must fail; bash -e lets a negated command
 *   fail silently (POSIX exempts `!` from errexit).  `set -e`, `set -u`,
 *   `set -x`, `set -o pipefail` are accepted and change nothing; `exit [N]`
 *   ends the script.
 *
 *   TIME.  A command that lets simulated time pass (ping, traceroute,
 *   sleep) leaves a foreground process running: the calling task parks
 *   (lapi_wait_for) and this C function resumes through its continuation
 *   (lua_yieldk) when the process exits.  The job's state lives in a
 *   userdata on the task's stack, freed by its __gc whatever happens.
 *
 *   THE TRACE.  Each line is recorded as a TR_LOG record what = "cmd" on
 *   its node; what a command printed becomes TR_LOG "stdout"/"stderr"
 *   lines, except a process's output, which the process has recorded
 *   already, line by line, as it printed it (proc.h).
 *
 * A Lua error raised here carries the Lua caller's line and the command's
 * own message: "scenarios/x.lua:12: ip route add default via 10.9.9.9:
 * Error: Nexthop has invalid gateway." */
#include "lua/lua_api_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cmd/cmd.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "proc/proc.h"
#include "util/die.h"
#include "util/strbuf.h"

#define SH_JOB_MT "wirelab.sh_job"

/* ---- reading lines as bash does ------------------------------------------ */

enum sh_sep { SS_FIRST, SS_SEMI, SS_AND, SS_OR };

struct sh_seg {
	char *text;                     /* one command, without its leading `!` */
	enum sh_sep sep;                /* how it joins the command before */
	bool neg;                       /* `! CMD` */
};

struct sh_lline {
	int lineno;                     /* its first physical line, from 1 */
	char *text;                     /* one line: continuations joined, trimmed */
	char *shown;                    /* as typed: its physical lines, with '\n' */
	struct sh_seg *segs;
	int n_segs;
	char *syntax;                   /* bash's complaint, or NULL */
};

static char *xstrndup(const char *s, size_t n)
{
	char *d = wl_calloc(1, n + 1);
	memcpy(d, s, n);
	return d;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *sep_word(enum sh_sep s)
{
	return s == SS_AND ? "&&" : s == SS_OR ? "||" : ";";
}

static void free_lline(struct sh_lline *l)
{
	for (int i = 0; i < l->n_segs; i++)
		free(l->segs[i].text);
	free(l->segs);
	free(l->text);
	free(l->shown);
	free(l->syntax);
	memset(l, 0, sizeof *l);
}

static void syntax_error(struct sh_lline *l, const char *fmt, const char *tok)
{
	if (l->syntax)
		return;
	char buf[160];
	snprintf(buf, sizeof buf, fmt, tok);
	l->syntax = strdup(buf);
}

/* Add the command text[a, b) joined by sep; false when it is empty. */
static bool push_seg(struct sh_lline *l, const char *a, const char *b, enum sh_sep sep)
{
	while (a < b && is_blank(*a))
		a++;
	while (b > a && is_blank(b[-1]))
		b--;
	bool neg = false;
	while (a < b && *a == '!' && (a + 1 == b || is_blank(a[1]))) {
		neg = !neg;
		a++;
		while (a < b && is_blank(*a))
			a++;
		if (a == b) {
			syntax_error(l, "wirelab: syntax error: `!' must be followed by a command%s", "");
			return true;
		}
	}
	if (a == b)
		return false;
	l->segs = wl_realloc(l->segs, (size_t)(l->n_segs + 1) * sizeof *l->segs);
	l->segs[l->n_segs++] = (struct sh_seg){ .text = xstrndup(a, (size_t)(b - a)), .sep = sep,
						.neg = neg };
	return true;
}

/* Skip a quoted string or an escaped character at p; returns the next
 * position, or p itself when there is none. */
static const char *skip_quoted(const char *p)
{
	if (*p == '\'') {
		const char *q = strchr(p + 1, '\'');
		return q ? q + 1 : p + strlen(p);       /* unclosed: the command layer says so */
	}
	if (*p == '"') {
		p++;
		while (*p && *p != '"')
			p += (*p == '\\' && p[1]) ? 2 : 1;
		return *p ? p + 1 : p;
	}
	if (*p == '\\')
		return p + (p[1] ? 2 : 1);
	return p;
}

/* A copy of text with each comment (a `#` starting a word, to the end of
 * its line) blanked out. */
static char *strip_comments(const char *text)
{
	char *t = strdup(text);
	char *p = t;
	bool word_start = true;
	while (*p) {
		const char *q = skip_quoted(p);
		if (q != p) {
			p = (char *)q;
			word_start = false;
			continue;
		}
		if (*p == '#' && word_start) {
			while (*p && *p != '\n')
				*p++ = ' ';
			continue;
		}
		word_start = is_blank(*p) || strchr(";&|()", *p) != NULL;
		p++;
	}
	return t;
}

/* Split l->text into commands.  Returns true when the line ends with `&&`
 * or `||`: bash then reads the next line as its continuation. */
static bool split_line(struct sh_lline *l)
{
	char *t = strip_comments(l->text);
	const char *p = t, *start = p;
	enum sh_sep sep = SS_FIRST;
	while (*p) {
		const char *q = skip_quoted(p);
		if (q != p) {
			p = q;
			continue;
		}
		enum sh_sep op = SS_FIRST;
		int oplen = 0;
		if (*p == ';') {
			op = SS_SEMI;
			oplen = 1;
		} else if (*p == '&' && p[1] == '&') {
			op = SS_AND;
			oplen = 2;
		} else if (*p == '|' && p[1] == '|') {
			op = SS_OR;
			oplen = 2;
		}
		if (!oplen) {
			p++;
			continue;
		}
		if (!push_seg(l, start, p, sep))
			syntax_error(l, "wirelab: syntax error near unexpected token `%s'",
				     sep_word(op));
		sep = op;
		p += oplen;
		start = p;
	}
	bool open_list = !push_seg(l, start, p, sep) && (sep == SS_AND || sep == SS_OR);
	free(t);
	return open_list;
}

/* Continue a physical line ending in an unescaped backslash?  (A
 * backslash inside single quotes would not count in bash; wirelab's files
 * have no multi-line quotes.) */
static bool ends_in_backslash(const char *a, size_t n)
{
	size_t k = 0;
	while (k < n && a[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/* Every logical line of text: comments and blank lines dropped.  Each
 * line's commands are split now, but its syntax error (if any) is only
 * reported when it is reached, as bash does. */
static struct sh_lline *read_lines(const char *text, int *n_out)
{
	struct sh_lline *v = NULL;
	int n = 0;
	int lineno = 0;
	const char *p = text;
	struct strbuf cur = { 0 }, raw = { 0 };
	int first = 0;
	bool pending = false;           /* cur holds the start of a logical line */
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		lineno++;
		if (lineno == 1 && len >= 3 && (unsigned char)p[0] == 0xef &&
		    (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf) {
			p += 3;                 /* a UTF-8 byte order mark */
			len -= 3;
		}
		while (len && p[len - 1] == '\r')
			len--;
		if (!pending) {
			first = lineno;
			pending = true;
		} else {
			sb_append(&raw, "\n", 1);
		}
		bool cont = ends_in_backslash(p, len);
		sb_append(&cur, p, cont ? len - 1 : len);
		sb_append(&raw, p, len);
		p = e ? e + 1 : p + len;
		if (cont && *p)
			continue;
		struct sh_lline l = { .lineno = first };
		const char *a = sb_str(&cur), *b = a + cur.len;
		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		l.text = xstrndup(a, (size_t)(b - a));
		if (split_line(&l) && *p) {
			/* `cmd &&` at the end of a line: the list goes on below */
			free_lline(&l);
			sb_append(&cur, " ", 1);
			continue;
		}
		const char *ra = sb_str(&raw), *rb = ra + raw.len;
		while (ra < rb && is_blank(*ra))
			ra++;
		while (rb > ra && is_blank(rb[-1]))
			rb--;
		l.shown = xstrndup(ra, (size_t)(rb - ra));
		sb_free(&cur);
		sb_free(&raw);
		pending = false;
		if (!l.n_segs && !l.syntax) {
			free_lline(&l);         /* blank, or only a comment */
			continue;
		}
		v = wl_realloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = l;
	}
	sb_free(&cur);
	sb_free(&raw);
	*n_out = n;
	return v;
}

/* ---- a job: lines running on a node ------------------------------------- */

enum job_kind {
	JOB_LINE,       /* n:sh(line): one line, its status is the last command's */
	JOB_BLOCK,      /* n:sh_block(text), n:sh(text with newlines) */
	JOB_FILE,       /* n:sh_file(path) */
	JOB_SCENARIO,   /* a shell scenario's lines on "host": checks, no raising */
};

struct sh_job {
	enum job_kind kind;
	bool check;                     /* raise on failure */
	struct lapi_node_id node;
	char *name;                     /* the file, for messages (JOB_FILE, JOB_SCENARIO) */
	struct sh_lline *lines;
	int n_lines;
	int li;                         /* the line running */
	int si;                         /* its next command */
	bool in_line;
	int status;                     /* of the last command of the line */
	bool stop;                      /* errexit, `exit`: the script ends here */
	int fail_li;                    /* the line that failed, or -1 */
	int fail_status;
	/* the command running */
	struct cmd_line *cl;
	const struct sh_seg *seg;
	bool waited;
	int pid0;
	int wait_pid;
	struct lapi_node_id wait_node;
	/* output */
	struct strbuf out, err;         /* everything: sh()'s return values */
	struct strbuf line_out, line_err;       /* the same for the line running */
	int exit_code;                  /* `exit N` */
	bool exited;
	bool neg_failed;                /* the line failed on `! CMD`: CMD succeeded */
};

static int job_gc(lua_State *L)
{
	struct sh_job *j = luaL_checkudata(L, 1, SH_JOB_MT);
	cmd_line_free(j->cl);
	j->cl = NULL;
	for (int i = 0; i < j->n_lines; i++)
		free_lline(&j->lines[i]);
	free(j->lines);
	j->lines = NULL;
	j->n_lines = 0;
	free(j->name);
	j->name = NULL;
	sb_free(&j->out);
	sb_free(&j->err);
	sb_free(&j->line_out);
	sb_free(&j->line_err);
	return 0;
}

/* A new job on the stack top; returns its stack index. */
static int job_new(lua_State *L, enum job_kind kind, struct node *n, const char *text,
		   const char *name, bool check)
{
	struct sh_job *j = lua_newuserdatauv(L, sizeof *j, 0);
	memset(j, 0, sizeof *j);
	luaL_setmetatable(L, SH_JOB_MT);   /* from here on __gc frees what it holds */
	j->kind = kind;
	j->check = check;
	j->fail_li = -1;
	lapi_node_id_of(lapi_scenario(L), n, &j->node);
	j->name = name ? strdup(name) : NULL;
	if (kind == JOB_LINE) {
		/* One line, even if it ends in `&&`: nothing follows it. */
		j->lines = wl_calloc(1, sizeof *j->lines);
		j->lines[0].lineno = 1;
		const char *a = text, *b = text + strlen(text);
		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		j->lines[0].text = xstrndup(a, (size_t)(b - a));
		j->lines[0].shown = xstrndup(a, (size_t)(b - a));
		if (split_line(&j->lines[0]))
			syntax_error(&j->lines[0], "wirelab: syntax error: unexpected end of line%s",
				     "");
		j->n_lines = 1;
	} else {
		j->lines = read_lines(text, &j->n_lines);
	}
	return lua_gettop(L);
}

/* ---- output ---------------------------------------------------------------- */

/* Each line of text as a TR_LOG record (what: "stdout" / "stderr"). */
static void trace_lines(struct world *w, const struct node *n, const char *what,
			const char *text, size_t len)
{
	if (!len || !trace_wants(w, TR_LOG))
		return;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t k = e ? (size_t)(e - p) : (size_t)(end - p);
		trace_log(w, n, what, "%.*s", (int)k, p);
		p += k + (e != NULL);
	}
}

static void show_output(struct lua_scenario *s, const struct node *n, bool created_proc,
			const char *out, const char *err)
{
	size_t lo = strlen(out), le = strlen(err);
	/* A process recorded its own lines as it printed them. */
	if (!created_proc) {
		trace_lines(s->w, n, "stdout", out, lo);
		trace_lines(s->w, n, "stderr", err, le);
	}
	if (s->o.on_output) {
		if (lo)
			s->o.on_output(s->o.ctx, s->w->now_ns, n->name, false, out, lo);
		if (le)
			s->o.on_output(s->o.ctx, s->w->now_ns, n->name, true, err, le);
	}
}

/* ---- running ---------------------------------------------------------------- */

static int job_loop(lua_State *L, int idx);

static int job_k(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	return job_loop(L, (int)ctx);
}

static struct proc *find_pid(struct node *n, int pid)
{
	for (struct proc *p = n ? n->procs : NULL; p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* The command just finished with status st and this output. */
static void command_done(lua_State *L, struct sh_job *j, struct node *n, int st,
			 const char *out, const char *err, bool created_proc)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct sh_lline *l = &j->lines[j->li];
	if (n)
		show_output(s, n, created_proc, out, err);
	sb_puts(&j->out, out);
	sb_puts(&j->err, err);
	sb_puts(&j->line_out, out);
	sb_puts(&j->line_err, err);
	if (j->seg && j->seg->neg)
		st = st == 0 ? 1 : 0;
	j->status = st;
	/* bash -e: a failure that decides its and-or list ends the script.
	 * (And, in wirelab, a failing `! CMD` too: see the top of the file.) */
	bool last_of_list = j->si >= l->n_segs || l->segs[j->si].sep == SS_SEMI;
	if (j->kind != JOB_LINE && st != 0 && last_of_list) {
		j->stop = true;
		j->neg_failed = j->seg && j->seg->neg;
	}
	j->seg = NULL;
	/* A command may have deleted namespaces, with processes someone waits for. */
	lapi_reap_waits(s);
}

/* `set -e` and friends change nothing; `exit [N]` ends a script.  True
 * when seg was one of these (and has been dealt with). */
static bool shell_builtin(lua_State *L, struct sh_job *j, struct node *n, const struct sh_seg *seg)
{
	const char *t = seg->text;
	if (strncmp(t, "set", 3) == 0 && (t[3] == '\0' || is_blank(t[3]))) {
		/* Accept the options a careful bash script starts with. */
		char buf[256];
		snprintf(buf, sizeof buf, "%s", t + 3);
		bool ok = true, after_o = false;
		char *save = NULL;
		for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
			if (after_o) {
				ok &= !strcmp(w, "errexit") || !strcmp(w, "nounset") ||
				      !strcmp(w, "pipefail") || !strcmp(w, "xtrace");
				after_o = false;
			} else if ((w[0] == '-' || w[0] == '+') && w[1]) {
				for (const char *c = w + 1; *c; c++) {
					ok &= strchr("euxo", *c) != NULL;
					after_o |= *c == 'o';
				}
			} else {
				ok = false;
			}
		}
		if (ok)
			command_done(L, j, n, 0, "", "", false);
		else
			command_done(L, j, n, 2, "", "wirelab: set: only `set -e`, `set -u`, `set -x` "
				     "and `set -o pipefail` are understood (they change nothing: "
				     "wirelab always stops at a failing line)\n", false);
		return true;
	}
	if (strncmp(t, "exit", 4) == 0 && (t[4] == '\0' || is_blank(t[4]))) {
		const char *a = t + 4;
		while (is_blank(*a))
			a++;
		char *end;
		long code = *a ? strtol(a, &end, 10) : 0;
		if (*a && (*end || code < 0 || code > 255)) {
			command_done(L, j, n, 2, "", "wirelab: exit: numeric argument from 0 to 255 "
				     "required\n", false);
			return true;
		}
		j->exited = true;
		j->exit_code = (int)code;
		command_done(L, j, n, (int)code, "", "", false);
		j->stop = true;
		return true;
	}
	return false;
}

/* Start the next command of the current line.  Returns true when it left a
 * process running (the caller must wait). */
static bool command_start(lua_State *L, struct sh_job *j, struct node *n, const struct sh_seg *seg)
{
	struct world *w = lapi_world(L);
	j->seg = seg;
	if (shell_builtin(L, j, n, seg))
		return false;
	j->pid0 = w->next_pid;
	j->waited = false;
	j->cl = cmd_line_new(w, n, seg->text);
	return !cmd_line_step(j->cl);
}

/* Did a process started by this line print what the line shows?  Such a
 * process recorded its own lines as it printed them.  One put in the
 * background at once (`docker run -d`) prints nothing into the line: the
 * line's text is the command's own and is recorded here. */
static bool line_proc_spoke(const struct world *w, const struct sh_job *j)
{
	if (j->waited)
		return true;
	for (size_t i = 0; i < w->n_nodes; i++)
		for (const struct proc *p = w->nodes[i]->procs; p; p = p->next)
			if (p->pid > j->pid0 && p->foreground)  /* pids are ++next_pid */
				return true;
	return false;
}

/* The running command's line has finished: collect it. */
static void command_collect(lua_State *L, struct sh_job *j, struct node *n)
{
	struct world *w = lapi_world(L);
	bool created_proc = line_proc_spoke(w, j);
	struct cmd_line *cl = j->cl;
	j->cl = NULL;
	/* Freed even if something below raises: hold it in a local first. */
	int st = cmd_line_status(cl);
	char *out = strdup(cmd_line_stdout(cl)), *err = strdup(cmd_line_stderr(cl));
	cmd_line_free(cl);
	command_done(L, j, n, st, out, err, created_proc);
	free(out);
	free(err);
}

/* The last non-empty line of text (up to its '\n'), or "". */
static const char *last_line(const char *text)
{
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	if (!n)
		return "";
	size_t a = n;
	while (a && text[a - 1] != '\n')
		a--;
	return text + a;
}

/* The line's end: record it (a shell scenario's check), stop on failure. */
static void line_done(lua_State *L, struct sh_job *j)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct sh_lline *l = &j->lines[j->li];
	bool failed = j->kind == JOB_LINE ? j->status != 0 : (j->stop && j->status != 0);
	if (failed && j->fail_li < 0) {
		j->fail_li = j->li;
		j->fail_status = j->status;
	}
	if (j->kind == JOB_SCENARIO) {
		char where[600], detail[400];
		snprintf(where, sizeof where, "%s:%d", j->name, l->lineno);
		detail[0] = '\0';
		if (failed && j->neg_failed) {
			snprintf(detail, sizeof detail, "it succeeded, and `!` says it must fail");
		} else if (failed) {
			/* The last line of its stderr says why, usually; a ping
			 * that got no answer says it on stdout. */
			const char *why = last_line(sb_str(&j->line_err));
			if (!*why)
				why = last_line(sb_str(&j->line_out));
			size_t wl = strcspn(why, "\n");
			if (wl)
				snprintf(detail, sizeof detail, "exit status %d: %.*s", j->status,
					 (int)wl, why);
			else
				snprintf(detail, sizeof detail, "exit status %d", j->status);
		}
		lapi_record_check_detail(s, where, l->text, !failed, failed ? detail : NULL);
	}
	j->in_line = false;
	j->li++;
	if (failed && j->kind != JOB_LINE)
		j->stop = true;
}

static void line_start(lua_State *L, struct sh_job *j, struct node *n)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct sh_lline *l = &j->lines[j->li];
	j->in_line = true;
	j->si = 0;
	j->status = 0;
	sb_reset(&j->line_out);
	sb_reset(&j->line_err);
	trace_log(s->w, n, "cmd", "%s", l->shown);
	if (s->o.on_command)
		s->o.on_command(s->o.ctx, s->w->now_ns, n->name, l->shown);
}

/* Park the task until the running command's process exits. */
static int job_wait(lua_State *L, struct sh_job *j, int idx)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct proc *p = cmd_line_waiting(j->cl);
	int ref = lapi_task_self(L, "sh");
	j->waited = true;
	j->wait_pid = p->pid;
	lapi_node_id_of(s, p->node, &j->wait_node);
	lapi_wait_for(s, ref, p);
	return lua_yieldk(L, 0, (lua_KContext)idx, job_k);
}

static void trim_nl(luaL_Buffer *b, const char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		n--;
	luaL_addlstring(b, s, n);
}

/* Everything ran (or the script stopped): return out, status, err, or
 * raise when asked to. */
static int job_finish(lua_State *L, struct sh_job *j)
{
	int status = j->fail_li >= 0 ? j->fail_status : j->exited ? j->exit_code : 0;
	if (j->kind == JOB_LINE)
		status = j->status;
	if (j->kind == JOB_SCENARIO)
		return 0;
	if (status != 0 && j->check) {
		const struct sh_lline *l = &j->lines[j->fail_li >= 0 ? j->fail_li : 0];
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		if (j->kind == JOB_BLOCK) {
			lua_pushfstring(L, "sh_block line %d: ", l->lineno);
			luaL_addvalue(&b);
		} else if (j->kind == JOB_FILE) {
			lua_pushfstring(L, "%s:%d: ", j->name, l->lineno);
			luaL_addvalue(&b);
		}
		luaL_addstring(&b, l->text);
		luaL_addstring(&b, ": ");
		const char *e = j->kind == JOB_LINE ? sb_str(&j->err) : sb_str(&j->line_err);
		if (*e) {
			trim_nl(&b, e);
		} else {
			/* Nothing on stderr (a ping without an answer): the status,
			 * and the last line of stdout, which says more. */
			const char *o = last_line(j->kind == JOB_LINE ? sb_str(&j->out)
								  : sb_str(&j->line_out));
			lua_pushfstring(L, "exit status %d", status);
			luaL_addvalue(&b);
			if (*o) {
				luaL_addstring(&b, ": ");
				luaL_addlstring(&b, o, strcspn(o, "\n"));
			}
		}
		luaL_pushresult(&b);
		luaL_where(L, 1);
		lua_insert(L, -2);
		lua_concat(L, 2);
		return lua_error(L);
	}
	lua_pushlstring(L, sb_str(&j->out), j->out.len);
	lua_pushinteger(L, status);
	lua_pushlstring(L, sb_str(&j->err), j->err.len);
	return 3;
}

static int job_loop(lua_State *L, int idx)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct sh_job *j = luaL_checkudata(L, idx, SH_JOB_MT);
	for (;;) {
		struct node *n = lapi_node_from_id(s, &j->node);
		if (j->cl) {
			/* Back from waiting: has the process exited, or gone with
			 * its namespace (or the node the line runs on)? */
			struct proc *p = find_pid(lapi_node_from_id(s, &j->wait_node), j->wait_pid);
			if (!p || !n) {
				char msg[200];
				snprintf(msg, sizeof msg, "wirelab: %s: killed: namespace %s was deleted\n",
					 j->seg ? j->seg->text : "?", !n ? j->node.name : j->wait_node.name);
				cmd_line_free(j->cl);
				j->cl = NULL;
				command_done(L, j, n, 143, "", msg, false);
				if (!n) {
					/* Nothing more can run there: the job ends as failed. */
					j->stop = true;
					line_done(L, j);
				}
				continue;
			}
			if (p->running || !cmd_line_step(j->cl))
				return job_wait(L, j, idx);
			command_collect(L, j, n);
			continue;
		}
		if (!n && !j->stop)
			return luaL_error(L, "node %s no longer exists (deleted by `ip netns del` or a "
					  "reboot of its machine)", j->node.name);
		if (j->in_line) {
			struct sh_lline *l = &j->lines[j->li];
			/* The next command the list runs: `a && b` skips b when a
			 * failed, `a || b` when a succeeded. */
			while (!j->stop && j->si < l->n_segs) {
				const struct sh_seg *g = &l->segs[j->si];
				if (j->si > 0 && ((g->sep == SS_AND && j->status != 0) ||
						  (g->sep == SS_OR && j->status == 0))) {
					j->si++;
					continue;
				}
				break;
			}
			if (j->stop || j->si >= l->n_segs) {
				line_done(L, j);
				continue;
			}
			const struct sh_seg *g = &l->segs[j->si++];
			if (command_start(L, j, n, g))
				return job_wait(L, j, idx);
			if (j->cl)
				command_collect(L, j, n);
			continue;
		}
		if (j->stop || j->li >= j->n_lines)
			return job_finish(L, j);
		line_start(L, j, n);
		struct sh_lline *l = &j->lines[j->li];
		if (l->syntax) {
			/* bash gives up on a line it cannot parse: status 2 */
			struct strbuf e = { 0 };
			sb_printf(&e, "%s\n", l->syntax);
			j->si = l->n_segs;
			command_done(L, j, n, 2, "", sb_str(&e), false);
			sb_free(&e);
			if (j->kind != JOB_LINE)
				j->stop = true;
		}
	}
}

/* ---- Lua functions ------------------------------------------------------------ */

static const char *const sh_opts[] = { "check", NULL };

static int run_job(lua_State *L, enum job_kind kind, struct node *n, const char *text,
		   const char *name, int opts_idx, const char *fn)
{
	lapi_check_opts(L, opts_idx, fn, sh_opts);
	bool check = lapi_opt_bool_field(L, opts_idx, "check", true, fn);
	int idx = job_new(L, kind, n, text, name, check);
	return job_loop(L, idx);
}

/* n:sh(line [, {check = true}]) -> out, status, err */
int lapi_node_sh(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *line = luaL_checkstring(L, 2);
	/* Several lines are a block: each runs in turn, as in a script. */
	enum job_kind kind = strchr(line, '\n') ? JOB_BLOCK : JOB_LINE;
	return run_job(L, kind, n, line, NULL, 3, "sh");
}

/* n:sh_block(text [, opts]) -> out, status, err */
int lapi_node_sh_block(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *text = luaL_checkstring(L, 2);
	return run_job(L, JOB_BLOCK, n, text, NULL, 3, "sh_block");
}

/* Only a plain relative path to a .sh file: no "..", no hidden parts, no
 * absolute path.  The sandbox keeps a scenario away from the machine's
 * files; a script beside the scenario is all it may read. */
static bool safe_script_path(const char *p)
{
	size_t n = strlen(p);
	if (n < 4 || n > 200 || strcmp(p + n - 3, ".sh") != 0)
		return false;
	bool part_start = true;
	for (const char *c = p; *c; c++) {
		if (*c == '/') {
			if (part_start)
				return false;   /* "//", or a leading '/' */
			part_start = true;
			continue;
		}
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			  (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.';
		if (!ok || (part_start && *c == '.'))
			return false;
		part_start = false;
	}
	return !part_start;
}

/* n:sh_file(path [, opts]) -> out, status, err: a shell script beside the
 * scenario (path is relative to the scenario file's folder). */
int lapi_node_sh_file(lua_State *L)
{
	struct node *n = lapi_check_node(L, 1);
	const char *path = luaL_checkstring(L, 2);
	struct lua_scenario *s = lapi_scenario(L);
	if (!safe_script_path(path))
		return luaL_error(L, "sh_file: \"%s\": give a relative path to a .sh file beside the "
				  "scenario (letters, digits, '_', '-', '.'; no \"..\")", path);
	const char *base = s->path ? s->path : "";
	const char *slash = strrchr(base, '/');
	char full[4400], err[600];
	snprintf(full, sizeof full, "%.*s%s", slash ? (int)(slash - base + 1) : 0, base, path);
	char *text = lapi_read_file(full, err, sizeof err);
	if (!text)
		return luaL_error(L, "sh_file: %s", err);
	/* Lua owns the copy from here, so nothing leaks if what follows raises. */
	lua_pushstring(L, text);
	free(text);
	int text_idx = lua_gettop(L);
	lapi_check_opts(L, 3, "sh_file", sh_opts);
	bool check = lapi_opt_bool_field(L, 3, "check", true, "sh_file");
	int idx = job_new(L, JOB_FILE, n, lua_tostring(L, text_idx), full, check);
	return job_loop(L, idx);
}

/* sh(line [, opts]): n:sh on the node named "host" (a shell scenario's
 * root; a Lua scenario makes one with host("host")). */
static int l_sh(lua_State *L)
{
	struct node *n = world_node(lapi_world(L), "host");
	if (!n)
		return luaL_error(L, "sh: there is no node named \"host\" to run it on: make one "
				  "with host(\"host\"), or call n:sh(...) on the node you mean");
	luaL_checkstring(L, 1);
	lapi_push_node(L, n);
	lua_insert(L, 1);
	return lapi_node_sh(L);
}

/* A shell scenario's task: make the root machine and run the file on it. */
int lapi_shell_main(lua_State *L)
{
	struct lua_scenario *s = lapi_scenario(L);
	struct node *h = node_new(s->w, "host", NODE_HOST);
	if (!h)
		return luaL_error(L, "%s", world_error(s->w));
	netdev_set_up(h->lo, true);    /* a booted machine has lo up */
	int idx = job_new(L, JOB_SCENARIO, h, s->shell_text ? s->shell_text : "", s->path, false);
	return job_loop(L, idx);
}

void lapi_open_sh(lua_State *L)
{
	luaL_newmetatable(L, SH_JOB_MT);
	lua_pushcfunction(L, job_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushstring(L, SH_JOB_MT);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	lua_pushcfunction(L, l_sh);
	lua_setglobal(L, "sh");
}
