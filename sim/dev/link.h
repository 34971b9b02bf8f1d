/* link.h — a full-duplex cable between two eth devices.
 *
 * Each direction is a line with a FIFO transmit queue: a frame starts when
 * the line is free, takes len*8/rate to serialise, and arrives `delay`
 * later (ns-3's point-to-point channel).  The queue holds at most
 * `queue_len` frames waiting behind the one on the line (txqueuelen, 1000
 * by default); one more is dropped with reason txqueue_full before it is
 * captured, as a qdisc drop is invisible to tcpdump.  Loss is drawn per
 * frame from the world's generator; a lost frame still took the line.
 *
 * Ethernet's minimum frame: frames shorter than 60 bytes are padded on the
 * wire, so the sender's capture shows 42-byte ARP and the receiver's 60,
 * exactly as tcpdump shows on real machines.  The preamble, SFD, FCS and
 * inter-frame gap are not on the line (ns-3 leaves them out too).
 */
#ifndef WL_LINK_H
#define WL_LINK_H

#include <stdint.h>

#include "core/event.h"

struct world;
struct netdev;
struct pkt;

struct link_params {
	uint64_t rate_bps;      /* 0: infinitely fast (no serialisation time) */
	int64_t delay_ns;       /* propagation delay */
	double loss;            /* probability a frame is lost, 0..1 */
	uint32_t queue_len;     /* frames waiting behind the one on the line */
};

/* 1 Gbit/s, no delay, no loss, 1000 frames (a real NIC's txqueuelen). */
void link_params_default(struct link_params *p);

struct link_dir {
	int64_t busy_until_ns;  /* when the line is free again */
	int64_t *finish;        /* ring of finish times of frames not yet done */
	uint32_t head, count, cap;
};

struct link {
	struct netdev *end[2];
	struct link_params p;
	struct link_dir dir[2]; /* dir[i]: from end[i] to end[1-i] */
	int index;
};

/* Connect two unlinked eth devices.  NULL with world_error() set when either
 * is not an eth device or is already linked. */
struct link *link_connect(struct world *w, struct netdev *a, struct netdev *b,
			  const struct link_params *p);
/* Change a link's parameters; frames already queued keep their timing. */
void link_set_params(struct link *l, const struct link_params *p);
/* Unplug: the devices lose carrier; frames in flight are dropped on arrival. */
void link_unplug(struct world *w, struct link *l);
void link_free(struct world *w, struct link *l);

/* The eth kind's xmit hook. */
void link_xmit(struct netdev *dev, struct pkt *p);

/* Event handler for a frame arriving at the far end (the event is the
 * packet's own; world_free uses it to recognise packets in flight). */
void link_deliver_fire(struct world *w, struct ev *ev);
/* Event handler for veth and loopback hand-over within a machine. */
void netdev_local_deliver_fire(struct world *w, struct ev *ev);

#endif
