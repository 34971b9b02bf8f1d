/* jsonl_out.h — the event log: one JSON object per trace record.
 *
 * `events.jsonl` is the trace stream (DESIGN.md §3) written down as JSON
 * Lines (https://jsonlines.org/): one record per line, UTF-8, '\n' after
 * each, in the order the engine emitted them.  It is for scripts (jq,
 * Python) and for comparing two runs with diff; the same run gives the
 * same bytes.
 *
 * Each line has these keys, in this order, each only when it applies:
 *
 *   t_ns     simulated time, integer nanoseconds since the start
 *   t        the same as a decimal string of seconds: "1.000000123"
 *   kind     "tx" "rx" "drop" "table" "decision" "log"
 *   node     the node's name
 *   dev      the device's name                    (when a device is involved)
 *   pkt      the packet id                         (when nonzero)
 *   len      the packet's length in bytes          (when there are bytes)
 *   summary  tcpdump -n's line for the packet      (when there are bytes and
 *            a layer: wire_describe(), Ethernet or starting at IP)
 *   reason   the drop reason word: "ip_forward_off" (drops only)
 *   table    "fdb" "neigh" "route" "addr" "link" ... (when present)
 *   what     a short machine word: "learn" "STALE" ... (when present;
 *            not on drops, whose `what` is the reason word again)
 *   text     the plain-words explanation           (when present)
 *
 * e.g.
 * {"t_ns":1000000123,"t":"1.000000123","kind":"tx","node":"a","dev":"eth0",
 *  "pkt":12,"len":98,"summary":"IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64"}
 * (on one line).
 *
 * Strings are escaped as RFC 8259 requires: '"' and '\' with a backslash,
 * every control character (0x00-0x1f and 0x7f) as \u00XX (lowercase hex);
 * bytes >= 0x80 pass through when they form valid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF) and are otherwise
 * written one by one as \u00XX of the byte, so every line is valid JSON.
 *
 * Lifetime: jsonl_out_open() after the world exists, jsonl_out_close()
 * before world_free().  The file is written through a 1 MiB stdio buffer
 * and is complete only after jsonl_out_close().
 */
#ifndef WL_OUT_JSONL_OUT_H
#define WL_OUT_JSONL_OUT_H

#include <stddef.h>
#include <stdint.h>

struct world;
struct jsonl_out;

/* Create (or truncate) path and subscribe to the kinds in kinds_mask
 * (TR_MASK(TR_TX) | ...; 0 means every kind).  Returns NULL with a message
 * in err (always NUL-terminated when errlen > 0) when the file cannot be
 * created or the world has no free trace subscription. */
struct jsonl_out *jsonl_out_open(struct world *w, const char *path, uint32_t kinds_mask,
				 char *err, size_t errlen);

/* Unsubscribe, flush, close and free jo.  Returns 0, or -1 with a message
 * in err when some write failed (a full disk): the file is then
 * incomplete. */
int jsonl_out_close(struct jsonl_out *jo, char *err, size_t errlen);

/* Records written so far. */
uint64_t jsonl_out_records(const struct jsonl_out *jo);

#endif
