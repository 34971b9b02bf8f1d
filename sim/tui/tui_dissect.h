/* tui_dissect.h — a packet layer by layer, in Wireshark's field names.
 *
 * The packet pane of the TUI shows what Wireshark's detail tree shows:
 * a line per layer ("Internet Protocol Version 4, Src: 10.0.1.10, Dst:
 * 10.0.2.10"), then that layer's fields under the names a display filter
 * uses ("ip.ttl = 64"), so that what a learner reads here can be typed
 * into Wireshark's filter bar as it stands.  The names were checked
 * against `tshark -G fields` (Wireshark 4.0, Debian 12).
 *
 * Decoded: Ethernet II, ARP, IPv4, ICMP (with the quoted datagram of an
 * error), UDP, TCP; anything else is shown as Data.  Nothing is read past
 * len; a short packet ends with "[Malformed: too short for <layer>]".
 */
#ifndef WL_TUI_DISSECT_H
#define WL_TUI_DISSECT_H

#include <stdint.h>

#include "tui/tui_text.h"

/* Layer lines start at column 0, field lines with two spaces. */
void tui_dissect(const uint8_t *b, uint32_t len, int starts_at_ip, struct tui_text *out);

/* Wireshark's hex pane: "0000  45 00 00 54 ...  E..T", 16 bytes a line;
 * per_line 8 for a narrow pane (38 columns). */
void tui_hexdump(const uint8_t *b, uint32_t len, int per_line, struct tui_text *out);

#endif
