/* node_files.c — the per-machine file map. */
#include "dev/node_files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "util/die.h"

static struct node_file *find(struct node *m, const char *path)
{
	for (struct node_file *f = m->files; f; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

static void put(struct node *m, const char *path, const char *data, size_t len, bool append)
{
	struct node_file *f = find(m, path);
	if (!f) {
		f = wl_calloc(1, sizeof *f);
		f->path = strdup(path);
		WL_ASSERT(f->path != NULL, "out of memory");
		f->data = wl_calloc(1, 1);
		struct node_file **pp = &m->files;
		while (*pp && strcmp((*pp)->path, path) < 0)
			pp = &(*pp)->next;
		f->next = *pp;
		*pp = f;
	}
	if (!append)
		f->len = 0;
	f->data = wl_realloc(f->data, f->len + len + 1);
	memcpy(f->data + f->len, data, len);
	f->len += len;
	f->data[f->len] = '\0';
}

void node_files_defaults(struct node *n)
{
	char buf[256];
	int k = snprintf(buf, sizeof buf, "%s\n", n->hostname);
	put(n, "/etc/hostname", buf, (size_t)k, false);
	/* Debian's installer writes the 127.0.1.1 line for the host's name. */
	k = snprintf(buf, sizeof buf, "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n", n->hostname);
	put(n, "/etc/hosts", buf, (size_t)k, false);
	put(n, "/etc/resolv.conf", "", 0, false);
	const char *nss = "hosts:          files dns\n";
	put(n, "/etc/nsswitch.conf", nss, strlen(nss), false);
	const char *conf = n->role == NODE_ROUTER
		? "# /etc/sysctl.conf - read at boot (and by `sysctl -p`)\n"
		  "# This machine is a router: forward packets between its interfaces.\n"
		  "net.ipv4.ip_forward=1\n"
		: "# /etc/sysctl.conf - read at boot (and by `sysctl -p`)\n"
		  "#net.ipv4.ip_forward=1\n";
	put(n, "/etc/sysctl.conf", conf, strlen(conf), false);
}

void node_files_free(struct node *n)
{
	struct node_file *f = n->files;
	while (f) {
		struct node_file *next = f->next;
		free(f->path);
		free(f->data);
		free(f);
		f = next;
	}
	n->files = NULL;
}

const char *node_file_read(struct node *n, const char *path, size_t *len)
{
	struct node *m = node_machine(n);
	const struct node_file *f = NULL;
	if (n->machine && strncmp(path, "/etc/", 5) == 0) {
		char alt[512];
		snprintf(alt, sizeof alt, "/etc/netns/%s/%s", n->name, path + 5);
		f = find(m, alt);
	}
	if (!f)
		f = find(m, path);
	if (!f)
		return NULL;
	if (len)
		*len = f->len;
	return f->data;
}

int node_file_write(struct node *n, const char *path, const char *data, size_t len, bool append)
{
	struct node *m = node_machine(n);
	/* Only /etc, /tmp, /root and /var/log (a server's access log) are modelled;
	 * everything else is a directory that does not exist here. */
	if (path[0] != '/' || strstr(path, "/../") || strncmp(path, "/proc/", 6) == 0)
		return world_errf(n->w, -ENOENT, "%s: No such file or directory", path);
	if (strncmp(path, "/etc/", 5) != 0 && strncmp(path, "/tmp/", 5) != 0 &&
	    strncmp(path, "/root/", 6) != 0 && strncmp(path, "/var/log/", 9) != 0)
		return world_errf(n->w, -ENOENT, "%s: No such file or directory", path);
	/* A machine's disk is small: a script appending a file to itself
	 * fills it rather than the host's memory. */
	const char *cur = node_file_read(n, path, NULL);
	size_t have = append && cur ? strlen(cur) : 0;
	if (have + len > NODE_FILE_MAX)
		return world_errf(n->w, -ENOSPC, "%s: No space left on device", path);
	const char *target = path;
	char alt[512];
	if (n->machine && strncmp(path, "/etc/", 5) == 0) {
		snprintf(alt, sizeof alt, "/etc/netns/%s/%s", n->name, path + 5);
		if (find(m, alt))
			target = alt;
	}
	put(m, target, data, len, append);
	trace_table(n->w, n, NULL, "file", append ? "append" : "write", "%s (%zu bytes)", target, len);
	return 0;
}

void node_files_foreach(struct node *n, void (*fn)(void *ctx, const struct node_file *f), void *ctx)
{
	for (const struct node_file *f = node_machine(n)->files; f; f = f->next)
		fn(ctx, f);
}
