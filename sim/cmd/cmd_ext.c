/* cmd_ext.c — extension commands: commands the engine does not implement
 * itself, registered per world by a client of the command layer.
 *
 * wirelab ships some commands written in Lua (`docker`, lib/docker.lua),
 * because reading how they are built is the lesson.  The engine has no Lua
 * (DESIGN.md §4), so the command layer cannot call them directly: the Lua
 * binding registers each such command here, by name, as a plain C callback
 * with a context pointer, and the command layer finds it after its own
 * table (cmd_lookup).  To the line that runs it, an extension command is a
 * command like any other: argv in, stdout and stderr out, an exit status,
 * optionally a foreground process in ctx->proc (cmd_int.h).
 *
 * The table lives in the world (world->cmd_ext), so two worlds in one
 * process each have their own; whoever registers commands removes them
 * with cmd_ext_clear() before world_free().
 */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "util/die.h"
#include "util/strbuf.h"

struct cmd_ext_entry {
	struct cmd_def def;             /* what cmd_lookup() hands out: fn is ext_dispatch */
	char name[32];
	char what[120];
	cmd_ext_fn *fn;
	void *ctx;
};

struct cmd_ext {
	struct cmd_ext_entry *v;
	size_t n, cap;
};

static struct cmd_ext_entry *ext_entry(const struct world *w, const char *name)
{
	const struct cmd_ext *t = w ? w->cmd_ext : NULL;
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

/* Every extension command's cmd_def points here: the entry is found again
 * by the name the command was run as (argv[0]), in the command's world. */
static int ext_dispatch(struct cmd_ctx *c)
{
	struct cmd_ext_entry *e = ext_entry(c->w, c->argv[0]);
	WL_ASSERT(e != NULL, "extension command %s ran without an entry", c->argv[0]);
	return e->fn(e->ctx, c);
}

static bool ext_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof ((struct cmd_ext_entry *)0)->name)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

int cmd_ext_register(struct world *w, const char *name, cmd_ext_fn *fn, void *ctx,
		     const char *what)
{
	if (!ext_name_ok(name))
		return world_errf(w, -22, "extension command name \"%s\": 1 to 31 letters, digits, "
				  "'-', '_' or '.'", name);
	if (cmd_find(name))
		return world_errf(w, -17, "extension command \"%s\": wirelab has a built-in "
				  "command of that name", name);
	if (ext_entry(w, name))
		return world_errf(w, -17, "extension command \"%s\" is registered already", name);
	struct cmd_ext *t = w->cmd_ext;
	if (!t)
		t = w->cmd_ext = wl_calloc(1, sizeof *t);
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4;
		t->v = wl_realloc(t->v, t->cap * sizeof *t->v);
		/* Entries moved: each def must point at its own strings again. */
		for (size_t i = 0; i < t->n; i++) {
			t->v[i].def.name = t->v[i].name;
			t->v[i].def.what = t->v[i].what;
		}
	}
	struct cmd_ext_entry *e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	snprintf(e->what, sizeof e->what, "%s", what ? what : "");
	e->fn = fn;
	e->ctx = ctx;
	e->def = (struct cmd_def){ .name = e->name, .fn = ext_dispatch, .what = e->what };
	return 0;
}

void cmd_ext_clear(struct world *w)
{
	struct cmd_ext *t = w->cmd_ext;
	if (!t)
		return;
	free(t->v);
	free(t);
	w->cmd_ext = NULL;
}

const struct cmd_def *cmd_ext_find(const struct world *w, const char *name)
{
	struct cmd_ext_entry *e = ext_entry(w, name);
	return e ? &e->def : NULL;
}

const char *cmd_ext_name(const struct world *w, size_t i, const char **what)
{
	const struct cmd_ext *t = w ? w->cmd_ext : NULL;
	if (!t || i >= t->n)
		return NULL;
	if (what)
		*what = t->v[i].what;
	return t->v[i].name;
}

const struct cmd_def *cmd_lookup(const struct world *w, const char *name)
{
	const struct cmd_def *d = cmd_find(name);
	return d ? d : cmd_ext_find(w, name);
}
