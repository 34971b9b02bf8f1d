/* cmd.c — a command line: words, sequences, redirections, and pausing
 * while a foreground process lets simulated time pass (cmd.h). */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "proc/proc.h"
#include "util/die.h"

enum sep { SEP_NONE, SEP_SEMI, SEP_AND, SEP_OR };

struct cmd_one {
	enum sep sep;                   /* how it joins the command before it */
	int argc;
	char **argv;
	char *out_file, *err_file;      /* redirections, NULL when none */
	bool out_append, err_append, err_to_out;
	/* `> FILE 2>&1`: stderr joins stdout in FILE (bash duplicates the
	 * descriptor as it is at that point; `2>&1 > FILE` leaves stderr on
	 * the terminal, which err_to_out is). */
	bool err_to_out_file;
};

struct cmd_line {
	struct world *w;
	struct node *node;
	struct cmd_one *cmds;
	int n_cmds, next;
	int status;
	struct strbuf out, err;
	struct proc *waiting;
	int waiting_idx;
	char *syntax_error;
};

/* ---- words ------------------------------------------------------------- */

struct lexer {
	const char *p;
	char *err;
};

static bool is_op_char(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '>' || c == '<';
}

static char *lex_fail(struct lexer *lx, const char *fmt, const char *what)
{
	char buf[200];
	snprintf(buf, sizeof buf, fmt, what);
	if (!lx->err)
		lx->err = strdup(buf);
	return NULL;
}

/* Next token: a word (quotes removed) or an operator, in *is_op.  NULL at
 * the end of the line or on an error (lx->err set). */
static char *lex_next(struct lexer *lx, bool *is_op)
{
	const char *p = lx->p;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (!*p || *p == '#') {
		lx->p = p + strlen(p);
		return NULL;
	}
	struct strbuf w = { 0 };
	*is_op = false;
	if (is_op_char(*p) || (*p == '2' && p[1] == '>')) {
		static const char *const ops[] = { "2>>", "2>&1", "2>", ">>", "&&", "||", ">", ";",
						   "|", "&", "<", NULL };
		for (int i = 0; ops[i]; i++) {
			size_t k = strlen(ops[i]);
			if (strncmp(p, ops[i], k) == 0) {
				sb_append(&w, p, k);
				lx->p = p + k;
				*is_op = true;
				return w.s;
			}
		}
	}
	bool any = false;
	while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && !is_op_char(*p)) {
		any = true;
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q) {
				sb_free(&w);
				return lex_fail(lx, "wirelab: unexpected end of line while looking for "
						    "the matching `%s'", "'");
			}
			sb_append(&w, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`')) {
					sb_append(&w, p + 1, 1);
					p += 2;
				} else if (*p == '$' || *p == '`') {
					sb_free(&w);
					return lex_fail(lx, "wirelab: %s: shell variables and command "
							    "substitution are not supported", "$");
				} else {
					sb_append(&w, p++, 1);
				}
			}
			if (*p != '"') {
				sb_free(&w);
				return lex_fail(lx, "wirelab: unexpected end of line while looking for "
						    "the matching `%s'", "\"");
			}
			p++;
		} else if (*p == '\\' && p[1]) {
			sb_append(&w, p + 1, 1);
			p += 2;
		} else if (*p == '$' || *p == '`') {
			sb_free(&w);
			return lex_fail(lx, "wirelab: %s: shell variables and command substitution "
					    "are not supported", "$");
		} else {
			sb_append(&w, p++, 1);
		}
	}
	lx->p = p;
	if (!any)
		return NULL;
	if (!w.s)
		sb_append(&w, "", 0);   /* '' is an empty word */
	return w.s;
}

static void one_push(struct cmd_one *c, char *word)
{
	c->argv = wl_realloc(c->argv, (size_t)(c->argc + 2) * sizeof *c->argv);
	c->argv[c->argc++] = word;
	c->argv[c->argc] = NULL;
}

static void parse(struct cmd_line *cl, const char *line)
{
	struct lexer lx = { .p = line };
	struct cmd_one cur = { .sep = SEP_NONE };
	bool is_op;
	char *tok;
	for (;;) {
		tok = lex_next(&lx, &is_op);
		if (!tok)
			break;
		if (!is_op) {
			one_push(&cur, tok);
			continue;
		}
		enum sep sep = SEP_NONE;
		if (!strcmp(tok, ";"))
			sep = SEP_SEMI;
		else if (!strcmp(tok, "&&"))
			sep = SEP_AND;
		else if (!strcmp(tok, "||"))
			sep = SEP_OR;
		if (sep != SEP_NONE) {
			free(tok);
			if (!cur.argc) {
				lex_fail(&lx, "wirelab: syntax error near unexpected token `%s'",
					 sep == SEP_SEMI ? ";" : sep == SEP_AND ? "&&" : "||");
				break;
			}
			cl->cmds = wl_realloc(cl->cmds, (size_t)(cl->n_cmds + 1) * sizeof *cl->cmds);
			cl->cmds[cl->n_cmds++] = cur;
			cur = (struct cmd_one){ .sep = sep };
			continue;
		}
		if (!strcmp(tok, "2>&1")) {
			if (cur.out_file) {
				cur.err_to_out_file = true;
				free(cur.err_file);
				cur.err_file = NULL;
			} else {
				cur.err_to_out = true;
			}
			free(tok);
			continue;
		}
		if (tok[0] == '>' || (tok[0] == '2' && tok[1] == '>')) {
			bool err = tok[0] == '2';
			bool append = strstr(tok, ">>") != NULL;
			free(tok);
			char *file = lex_next(&lx, &is_op);
			if (!file || is_op) {
				free(file);
				lex_fail(&lx, "wirelab: syntax error near unexpected token `%s'", "newline");
				break;
			}
			if (err) {
				cur.err_to_out = cur.err_to_out_file = false;
			} else if (cur.err_to_out_file && cur.out_file) {
				/* `> A 2>&1 > B`: stderr stays in A, stdout moves. */
				cur.err_file = cur.out_file;
				cur.err_append = cur.out_append;
				cur.out_file = NULL;
				cur.err_to_out_file = false;
			}
			char **slot = err ? &cur.err_file : &cur.out_file;
			free(*slot);
			*slot = file;
			if (err)
				cur.err_append = append;
			else
				cur.out_append = append;
			continue;
		}
		lex_fail(&lx, "wirelab: `%s' is a shell feature wirelab does not have: run one command "
			      "at a time (`;`, `&&` and `||` work, as do `>` and `>>`)", tok);
		free(tok);
		break;
	}
	if (lx.err) {
		cl->syntax_error = lx.err;
		for (int i = 0; i < cur.argc; i++)
			free(cur.argv[i]);
		free(cur.argv);
		free(cur.out_file);
		free(cur.err_file);
		return;
	}
	if (cur.argc) {
		cl->cmds = wl_realloc(cl->cmds, (size_t)(cl->n_cmds + 1) * sizeof *cl->cmds);
		cl->cmds[cl->n_cmds++] = cur;
		return;
	}
	/* A redirection with no command (`> f`, `a || > f`) runs nothing. */
	free(cur.argv);
	free(cur.out_file);
	free(cur.err_file);
	if (cur.sep == SEP_AND || cur.sep == SEP_OR)
		cl->syntax_error = strdup("wirelab: syntax error: unexpected end of line");
}

struct cmd_line *cmd_line_new(struct world *w, struct node *n, const char *line)
{
	struct cmd_line *cl = wl_calloc(1, sizeof *cl);
	cl->w = w;
	cl->node = n;
	cl->waiting_idx = -1;
	parse(cl, line);
	return cl;
}

void cmd_line_free(struct cmd_line *cl)
{
	if (!cl)
		return;
	for (int i = 0; i < cl->n_cmds; i++) {
		for (int k = 0; k < cl->cmds[i].argc; k++)
			free(cl->cmds[i].argv[k]);
		free(cl->cmds[i].argv);
		free(cl->cmds[i].out_file);
		free(cl->cmds[i].err_file);
	}
	free(cl->cmds);
	free(cl->syntax_error);
	sb_free(&cl->out);
	sb_free(&cl->err);
	free(cl);
}

/* Deliver a finished command's output where its redirections say.  mixed,
 * when not NULL, is both streams in the order they were written (a
 * process keeps that): `2>&1` to the terminal shows them so, as a shell
 * does, instead of stderr as a block before stdout. */
static void deliver(struct cmd_line *cl, const struct cmd_one *c, const struct strbuf *out,
		    const struct strbuf *err, const char *mixed, size_t mixed_len)
{
	struct strbuf *o = &cl->out;
	struct strbuf *e = c->err_to_out ? o : &cl->err;
	if (mixed && c->err_to_out && !c->err_file && !c->out_file) {
		sb_append(o, mixed, mixed_len);
		return;
	}
	/* `> FILE 2>&1`: one write of both streams, so the file holds what a
	 * shell's shared descriptor would. */
	bool joined = c->err_to_out_file && c->out_file;
	struct strbuf both = { 0 };
	if (joined) {
		if (mixed) {
			sb_append(&both, mixed, mixed_len);
		} else {
			sb_append(&both, sb_str(out), out->len);
			sb_append(&both, sb_str(err), err->len);
		}
		out = &both;
	} else if (c->err_file) {
		if (strcmp(c->err_file, "/dev/null") != 0 &&
		    cmd_file_write(cl->node, c->err_file, sb_str(err), c->err_append) != 0) {
			sb_printf(&cl->err, "wirelab: %s: No such file or directory\n", c->err_file);
			cl->status = 1;
		}
	} else {
		sb_append(e, sb_str(err), err->len);
	}
	if (c->out_file) {
		if (strcmp(c->out_file, "/dev/null") == 0) {
			sb_free(&both);
			return;
		}
		int rc = cmd_file_write(cl->node, c->out_file, sb_str(out), c->out_append);
		if (rc == -EINVAL) {
			/* What bash says when /proc/sys refuses the value. */
			sb_printf(&cl->err, "wirelab: %s: write error: Invalid argument\n", c->argv[0]);
			cl->status = 1;
		} else if (rc == -ENOSPC) {
			sb_printf(&cl->err, "wirelab: %s: write error: No space left on device\n",
				  c->out_file);
			cl->status = 1;
		} else if (rc != 0) {
			sb_printf(&cl->err, "wirelab: %s: No such file or directory\n", c->out_file);
			cl->status = 1;
		}
	} else {
		sb_append(o, sb_str(out), out->len);
	}
	sb_free(&both);
}

int cmd_exec_argv(struct cmd_ctx *c, struct node *n, int argc, char **argv)
{
	/* Every node is root: `sudo CMD` is CMD. */
	while (argc > 0 && strcmp(argv[0], "sudo") == 0) {
		argv++;
		argc--;
	}
	if (argc == 0)
		return 0;
	struct cmd_ctx sub = *c;
	sub.node = n;
	sub.argc = argc;
	sub.argv = argv;
	const struct cmd_def *d = cmd_lookup(c->w, argv[0]);
	int st;
	if (!d) {
		const char *const *names = cmd_names();
		sb_printf(c->err, "wirelab: %s: command not found (wirelab has:", argv[0]);
		for (int i = 0; names[i]; i++)
			sb_printf(c->err, " %s", names[i]);
		sb_printf(c->err, ")\n");
		st = 127;
	} else {
		st = d->fn(&sub);
	}
	c->proc = sub.proc;
	return st;
}

bool cmd_line_step(struct cmd_line *cl)
{
	if (cl->syntax_error) {
		sb_printf(&cl->err, "%s\n", cl->syntax_error);
		free(cl->syntax_error);
		cl->syntax_error = NULL;
		cl->status = 2;
		cl->next = cl->n_cmds;
		return true;
	}
	if (cl->waiting) {
		if (cl->waiting->running)
			return false;
		struct proc *p = cl->waiting;
		cl->waiting = NULL;
		cl->status = p->exit_code;
		deliver(cl, &cl->cmds[cl->waiting_idx], &p->sout, &p->serr, p->out, p->out_len);
	}
	while (cl->next < cl->n_cmds) {
		struct cmd_one *c = &cl->cmds[cl->next++];
		if ((c->sep == SEP_AND && cl->status != 0) || (c->sep == SEP_OR && cl->status == 0))
			continue;
		struct strbuf out = { 0 }, err = { 0 };
		struct cmd_ctx ctx = { .w = cl->w, .node = cl->node, .out = &out, .err = &err };
		cl->status = cmd_exec_argv(&ctx, cl->node, c->argc, c->argv);
		if (ctx.proc && ctx.proc->running) {
			/* What it printed before starting (nothing, usually) goes first. */
			deliver(cl, c, &out, &err, NULL, 0);
			sb_free(&out);
			sb_free(&err);
			cl->waiting = ctx.proc;
			cl->waiting_idx = cl->next - 1;
			return false;
		}
		if (ctx.proc) {
			cl->status = ctx.proc->exit_code;
			sb_append(&out, sb_str(&ctx.proc->sout), ctx.proc->sout.len);
			sb_append(&err, sb_str(&ctx.proc->serr), ctx.proc->serr.len);
		}
		deliver(cl, c, &out, &err, NULL, 0);
		sb_free(&out);
		sb_free(&err);
	}
	return true;
}

struct proc *cmd_line_waiting(const struct cmd_line *cl)
{
	return cl->waiting;
}

const char *cmd_line_stdout(const struct cmd_line *cl)
{
	return sb_str(&cl->out);
}

const char *cmd_line_stderr(const struct cmd_line *cl)
{
	return sb_str(&cl->err);
}

int cmd_line_status(const struct cmd_line *cl)
{
	return cl->status;
}

int cmd_run_blocking(struct world *w, struct node *n, const char *line, char **out, char **err)
{
	struct cmd_line *cl = cmd_line_new(w, n, line);
	while (!cmd_line_step(cl)) {
		struct proc *p = cmd_line_waiting(cl);
		while (p->running && world_step(w))
			;
		if (p->running)
			proc_kill(p);   /* nothing left to happen: it would wait forever */
	}
	if (out)
		*out = strdup(cmd_line_stdout(cl));
	if (err)
		*err = strdup(cmd_line_stderr(cl));
	int st = cmd_line_status(cl);
	cmd_line_free(cl);
	return st;
}

bool cmd_matches(const char *arg, const char *keyword)
{
	size_t len = strlen(arg);
	return len > 0 && len <= strlen(keyword) && strncmp(arg, keyword, len) == 0;
}
