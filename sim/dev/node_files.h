/* node_files.h — the few files of a machine that networking reads.
 *
 * /etc/hosts, /etc/resolv.conf, /etc/hostname, /etc/nsswitch.conf and
 * /etc/sysctl.conf live in a small map per machine, so the resolver, the
 * persistence lesson and `cat`/`echo >` see the same bytes.  A namespace
 * made with `ip netns add` has no files of its own: it reads its machine's,
 * except that /etc/netns/NAME/FILE, when it exists, stands in for
 * /etc/FILE, as `ip netns exec` bind-mounts it (ip-netns(8)).
 * /proc/sys is not here: the command layer maps it onto sysctls.
 */
#ifndef WL_NODE_FILES_H
#define WL_NODE_FILES_H

#include <stdbool.h>
#include <stddef.h>

struct node;

/* The largest file a machine holds; writing past it fails with ENOSPC. */
#define NODE_FILE_MAX (4u << 20)

struct node_file {
	char *path;
	char *data;             /* NUL-terminated; len excludes the NUL */
	size_t len;
	struct node_file *next; /* sorted by path */
};

/* Fill a new machine's files: hostname, hosts, resolv.conf (empty),
 * nsswitch.conf ("hosts: files dns"), sysctl.conf (comments only; a
 * router's says net.ipv4.ip_forward=1, since that is what makes it one). */
void node_files_defaults(struct node *n);
void node_files_free(struct node *n);

/* The file's bytes as node n sees it, or NULL when it does not exist. */
const char *node_file_read(struct node *n, const char *path, size_t *len);
/* Write or append; paths must be absolute and outside /proc.  0, -ENOENT
 * ("No such file or directory") for a path whose directory wirelab does
 * not model, or -ENOSPC past NODE_FILE_MAX. */
int node_file_write(struct node *n, const char *path, const char *data, size_t len, bool append);
/* Visit every file in path order. */
void node_files_foreach(struct node *n, void (*fn)(void *ctx, const struct node_file *f), void *ctx);

#endif
