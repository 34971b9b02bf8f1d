/* pcap_out.c — per-device pcap files from the trace stream (see pcap_out.h).
 *
 * Format: the classic libpcap savefile (not pcapng), written by libpcap
 * itself.  With nanosecond precision libpcap's pcap_dump() stores
 * pcap_pkthdr.ts.tv_usec as the fraction of the second in *nanoseconds*
 * (pcap_open_dead(3PCAP): "PCAP_TSTAMP_PRECISION_NANO should be specified
 * if the packets to be written have time stamps in seconds and
 * nanoseconds"), and the file header gets the magic 0xa1b23c4d.
 *
 * Speed: one shared pcap_t, one stdio stream per open file, one
 * pcap_dump() per frame (two buffered fwrite()s), no flush until close.
 */
#include "out/pcap_out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/die.h"

/* What the writer keeps for one device, in dev->tap. */
struct pcap_dev {
	struct netdev *dev;
	pcap_dumper_t *d;       /* NULL when the file could not be opened */
	const char *name;       /* file name in dir, owned by the name set */
	size_t idx;             /* position in pcap_out.devs */
	uint64_t frames;
};

/* The file names given out so far: open addressing, FNV-1a. */
struct nameset {
	char **slot;
	size_t cap, n;
};

struct pcap_out {
	struct world *w;
	int handle;                     /* trace subscription */
	pcap_t *pcap;                   /* a dead handle: link type, snaplen, precision */
	char *dir;
	struct pcap_dev **devs;         /* devices with state, in order of first frame */
	size_t n_devs, cap_devs;
	struct nameset names;
	size_t files;                   /* files created, header-only ones included */
	bool raised_nofile;
	/* The first error, and how much went wrong after it. */
	char err[512];
	size_t n_errors;
	uint64_t frames_lost;
};

/* ---- names --------------------------------------------------------------- */

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static bool nameset_has(const struct nameset *ns, const char *s)
{
	if (!ns->cap)
		return false;
	for (size_t i = fnv1a(s) & (ns->cap - 1);; i = (i + 1) & (ns->cap - 1)) {
		if (!ns->slot[i])
			return false;
		if (strcmp(ns->slot[i], s) == 0)
			return true;
	}
}

static void nameset_put(struct nameset *ns, char *s)
{
	size_t i = fnv1a(s) & (ns->cap - 1);
	while (ns->slot[i])
		i = (i + 1) & (ns->cap - 1);
	ns->slot[i] = s;
	ns->n++;
}

/* Adds s (taking ownership); s must not be in the set yet. */
static void nameset_add(struct nameset *ns, char *s)
{
	if (2 * (ns->n + 1) > ns->cap) {
		struct nameset bigger = { wl_calloc(ns->cap ? 2 * ns->cap : 64, sizeof(char *)),
					  ns->cap ? 2 * ns->cap : 64, 0 };
		for (size_t i = 0; i < ns->cap; i++)
			if (ns->slot[i])
				nameset_put(&bigger, ns->slot[i]);
		free(ns->slot);
		*ns = bigger;
	}
	nameset_put(ns, s);
}

static void nameset_free(struct nameset *ns)
{
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->slot[i]);
	free(ns->slot);
	*ns = (struct nameset){ 0 };
}

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	WL_ASSERT(n >= 0, "vsnprintf failed");
	char *s = wl_calloc(1, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* "<node>-<dev>.pcap", or with -2, -3, ... when that name was given out
 * already.  The name is reserved for good; the set owns it. */
static const char *take_name(struct pcap_out *po, const struct netdev *dev)
{
	char *name = str_printf("%s-%s.pcap", dev->node->name, dev->name);
	for (unsigned k = 2; nameset_has(&po->names, name); k++) {
		free(name);
		name = str_printf("%s-%s-%u.pcap", dev->node->name, dev->name, k);
	}
	nameset_add(&po->names, name);
	return name;
}

/* ---- errors -------------------------------------------------------------- */

static void po_error(struct pcap_out *po, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void po_error(struct pcap_out *po, const char *fmt, ...)
{
	if (po->n_errors++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(po->err, sizeof po->err, fmt, ap);
		va_end(ap);
	}
}

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- files --------------------------------------------------------------- */

/* fopen, and on EMFILE raise the soft open-file limit to the hard limit
 * (once per writer) and try again.  A run with thousands of devices needs
 * thousands of open files; the usual soft limit is 1024. */
static FILE *open_file(struct pcap_out *po, const char *path)
{
	FILE *f = fopen(path, "wbe");
	if (!f && errno == EMFILE && !po->raised_nofile) {
		po->raised_nofile = true;
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
				f = fopen(path, "wbe");
			else
				errno = EMFILE;
		} else {
			errno = EMFILE;
		}
	}
	return f;
}

/* Create dir/name and write the pcap file header.  NULL (error recorded)
 * on failure. */
static pcap_dumper_t *create_file(struct pcap_out *po, const char *name)
{
	char *path = str_printf("%s/%s", po->dir, name);
	FILE *f = open_file(po, path);
	if (!f) {
		int e = errno;
		if (e == EMFILE) {
			struct rlimit rl = { 0, 0 };
			getrlimit(RLIMIT_NOFILE, &rl);
			po_error(po, "pcap: cannot create %s: %s (this process may open %llu "
				 "files; raise the limit with `ulimit -n`)", path, strerror(e),
				 (unsigned long long)rl.rlim_cur);
		} else {
			po_error(po, "pcap: cannot create %s: %s", path, strerror(e));
		}
		free(path);
		return NULL;
	}
	pcap_dumper_t *d = pcap_dump_fopen(po->pcap, f);
	if (!d) {
		po_error(po, "pcap: cannot write %s: %s", path, pcap_geterr(po->pcap));
		fclose(f);
	}
	free(path);
	return d;
}

/* Flush and close one file, recording a write error (a full disk). */
static void finish_file(struct pcap_out *po, pcap_dumper_t *d, const char *name)
{
	FILE *f = pcap_dump_file(d);
	bool bad = pcap_dump_flush(d) != 0 || ferror(f);
	int e = errno;
	pcap_dump_close(d);
	if (bad)
		po_error(po, "pcap: error writing %s/%s: %s", po->dir, name, strerror(e));
}

/* A header-only file for a device that carried no frame. */
static void write_empty(struct pcap_out *po, const struct netdev *dev)
{
	const char *name = take_name(po, dev);
	pcap_dumper_t *d = create_file(po, name);
	if (!d)
		return;
	po->files++;
	finish_file(po, d, name);
}

/* ---- per-device state ---------------------------------------------------- */

static struct pcap_dev *dev_open(struct pcap_out *po, struct netdev *dev)
{
	struct pcap_dev *st = wl_calloc(1, sizeof *st);
	st->dev = dev;
	st->name = take_name(po, dev);
	st->d = create_file(po, st->name);
	if (st->d)
		po->files++;
	if (po->n_devs == po->cap_devs) {
		po->cap_devs = po->cap_devs ? 2 * po->cap_devs : 64;
		po->devs = wl_realloc(po->devs, po->cap_devs * sizeof *po->devs);
	}
	st->idx = po->n_devs;
	po->devs[po->n_devs++] = st;
	dev->tap = st;
	return st;
}

/* Close a device's file and forget the device.  The swap keeps removal
 * O(1); the order of closing does not change any file's bytes. */
static void dev_close(struct pcap_out *po, struct pcap_dev *st)
{
	if (st->d)
		finish_file(po, st->d, st->name);
	if (st->dev)
		st->dev->tap = NULL;
	struct pcap_dev *last = po->devs[--po->n_devs];
	po->devs[st->idx] = last;
	last->idx = st->idx;
	free(st);
}

/* ---- the trace subscriber ------------------------------------------------ */

static void on_trace(void *ctx, const struct trace_rec *r)
{
	struct pcap_out *po = ctx;
	/* The record's pointers are const for readers; netdev.tap is the one
	 * field reserved for this writer to change. */
	struct netdev *dev = (struct netdev *)r->dev;
	if (!dev)
		return;
	if (r->kind == TR_TABLE) {
		/* "link" "del": the device is about to be freed (netdev.c).
		 * "link" "move": it leaves for another namespace, where its
		 * frames go to a file named after that namespace; a device
		 * that carried nothing here leaves no empty file behind. */
		if (r->table && r->what && strcmp(r->table, "link") == 0) {
			bool del = strcmp(r->what, "del") == 0;
			if (del || strcmp(r->what, "move") == 0) {
				if (dev->tap)
					dev_close(po, dev->tap);
				else if (del)
					write_empty(po, dev);
			}
		}
		return;
	}
	/* TR_TX and TR_RX: a frame.  Only Ethernet fits a link type EN10MB file. */
	if (r->layer != TL_ETH || !r->bytes)
		return;
	struct pcap_dev *st = dev->tap;
	if (!st)
		st = dev_open(po, dev);
	if (!st->d) {
		po->frames_lost++;
		return;
	}
	int64_t t = r->t_ns < 0 ? 0 : r->t_ns;
	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)(t / NS_PER_S);
	h.ts.tv_usec = (suseconds_t)(t % NS_PER_S);  /* nanoseconds: see the top */
	h.caplen = r->len > PCAP_OUT_SNAPLEN ? PCAP_OUT_SNAPLEN : r->len;
	h.len = r->len;
	pcap_dump((u_char *)st->d, &h, r->bytes);
	st->frames++;
}

/* ---- API ----------------------------------------------------------------- */

struct pcap_out *pcap_out_open(struct world *w, const char *dir, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		set_err(err, errlen, "pcap: cannot use directory %s: %s", dir, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(sb.st_mode)) {
		set_err(err, errlen, "pcap: %s is not a directory", dir);
		return NULL;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		set_err(err, errlen, "pcap: cannot write into %s: %s", dir, strerror(errno));
		return NULL;
	}
	struct pcap_out *po = wl_calloc(1, sizeof *po);
	po->w = w;
	po->pcap = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, PCAP_OUT_SNAPLEN,
							PCAP_TSTAMP_PRECISION_NANO);
	WL_ASSERT(po->pcap != NULL, "out of memory (pcap_open_dead)");
	/* A trailing '/' would double in every path. */
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	po->dir = str_printf("%.*s", (int)dl, dir);
	po->handle = trace_subscribe(w, TR_MASK(TR_TX) | TR_MASK(TR_RX) | TR_MASK(TR_TABLE),
				     on_trace, po);
	if (po->handle < 0) {
		set_err(err, errlen, "pcap: no free trace subscription (at most %d)",
			TRACE_MAX_SINKS);
		pcap_close(po->pcap);
		free(po->dir);
		free(po);
		return NULL;
	}
	return po;
}

int pcap_out_close(struct pcap_out *po, char *err, size_t errlen)
{
	trace_unsubscribe(po->w, po->handle);
	/* Silent devices first, while tap still tells which ones had frames.
	 * World order (nodes by creation, devices by ifindex) keeps the names
	 * deterministic. */
	struct world *w = po->w;
	for (size_t i = 0; i < w->n_nodes; i++) {
		const struct node *n = w->nodes[i];
		for (size_t j = 0; j < n->n_devs; j++)
			if (!n->devs[j]->tap)
				write_empty(po, n->devs[j]);
	}
	/* The order of devs depends only on the trace, so the first error
	 * reported is deterministic too. */
	for (size_t i = 0; i < po->n_devs; i++) {
		struct pcap_dev *st = po->devs[i];
		if (st->d)
			finish_file(po, st->d, st->name);
		if (st->dev)
			st->dev->tap = NULL;
		free(st);
	}
	po->n_devs = 0;
	int rc = (int)po->files;
	if (po->n_errors) {
		rc = -1;
		char more[160] = "";
		if (po->n_errors > 1 || po->frames_lost)
			snprintf(more, sizeof more, " (%zu error%s in all; %llu frame%s not written)",
				 po->n_errors, po->n_errors == 1 ? "" : "s",
				 (unsigned long long)po->frames_lost, po->frames_lost == 1 ? "" : "s");
		set_err(err, errlen, "%s%s", po->err, more);
	}
	pcap_close(po->pcap);
	nameset_free(&po->names);
	free(po->devs);
	free(po->dir);
	free(po);
	return rc;
}

size_t pcap_out_files(const struct pcap_out *po)
{
	return po->files;
}
