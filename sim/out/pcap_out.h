/* pcap_out.h — one pcap file per device, written from the trace stream.
 *
 * A capture in wirelab is what `tcpdump -i DEV -w FILE` would have saved on
 * a real machine: every frame the device sent (TR_TX) or that reached it
 * (TR_RX), whole, as Ethernet II without FCS (link type EN10MB).  The
 * writer is a consumer of the trace stream (DESIGN.md §3) like the event
 * log and the TUI; the engine knows nothing about files.
 *
 * Files.  `<dir>/<node>-<dev>.pcap`, created on the first frame of that
 * device.  A name is never used twice by one writer: when a second device
 * would get a name already taken (a device renamed and a new one given the
 * old name, a deleted device's name reused, or "a-b"+"c" against "a"+"b-c")
 * the later one gets `<node>-<dev>-2.pcap` (then -3, ...).  When the
 * writer is closed, every device still in the world that never carried a
 * frame gets a file holding only the pcap header, and so does a device
 * deleted (TR_TABLE "link" "del") without a frame, so that a learner finds
 * a trace for each device.  Existing files of those names are overwritten.
 *
 * Time.  Files have nanosecond timestamps (magic 0xa1b23c4d).  A frame at
 * simulated t_ns is stamped 1970-01-01 00:00:00 UTC + t_ns, so Wireshark
 * shows a frame at t = 1 s as 1970-01-01 00:00:01.000000000.  The bytes of
 * every file depend only on the trace (and, for the empty files, on the
 * devices in the world at close): the same run writes the same files.
 *
 * Ownership of netdev.tap: while open, the writer keeps its per-device
 * state in dev->tap and clears it again at close or when the device is
 * deleted.  One pcap writer per world at a time; nothing else may use tap.
 *
 * Errors.  A file that cannot be opened (EMFILE: the writer first raises
 * the RLIMIT_NOFILE soft limit to the hard limit, once, and retries) or
 * written (ENOSPC) does not stop the run: that device's frames are skipped
 * and the first such error is reported by pcap_out_close().
 *
 * Lifetime: pcap_out_open() after the world exists, pcap_out_close() before
 * world_free() (close reads the world's devices).
 */
#ifndef WL_OUT_PCAP_OUT_H
#define WL_OUT_PCAP_OUT_H

#include <stddef.h>

struct world;
struct pcap_out;

/* Snapshot length written in each file's header; longer frames are cut. */
#define PCAP_OUT_SNAPLEN 262144

/* Start capturing every device of w into the existing directory dir.
 * Subscribes to TR_TX, TR_RX and TR_TABLE.  Returns NULL with a message in
 * err (always NUL-terminated when errlen > 0) when dir is not a writable
 * directory or the world has no free trace subscription. */
struct pcap_out *pcap_out_open(struct world *w, const char *dir, char *err, size_t errlen);

/* Unsubscribe, write the empty files (see above), flush and close every
 * file and free po.  Returns the number of files written by this writer in
 * all, or -1 with the first error in err when some file could not be
 * opened or written (all files are closed and po is freed either way). */
int pcap_out_close(struct pcap_out *po, char *err, size_t errlen);

/* Files created so far: with frames, and header-only ones for devices
 * deleted without a frame (the ones made at close are not counted yet). */
size_t pcap_out_files(const struct pcap_out *po);

#endif
