/* describe.h — one line about a packet, in tcpdump's words.
 *
 * wire_describe() writes what `tcpdump -n` prints for a packet after the
 * timestamp (without -e, without -v), so that a learner who opens a
 * wirelab trace in tcpdump, or reads the TUI, or reads the event log, sees
 * the same sentence everywhere.  The reference is tcpdump 4.99.3 with
 * libpcap 1.10.3 as Debian 12 builds it (with libcrypto, which shows in
 * the TCP md5 option's wording); tests/trace/test-describe-vs-tcpdump.sh
 * runs the installed tcpdump over the fixtures in
 * tests/unit/wire_fixtures.h and compares line by line.  Name tables
 * (EtherTypes, ARP hardware types and opcodes) were read back from that
 * tcpdump for every value.
 *
 * Decoded as tcpdump does it, byte for byte:
 *   Ethernet II: IPv4, ARP; any other EtherType as tcpdump's
 *     "src > dst, ethertype Unknown (0x88b5), length 62: " line, with
 *     tcpdump's name for the type where it has one (tcpdump follows that
 *     line with a hex dump, which is left out here);
 *   ARP (RFC 826): request, reply, gratuitous, RARP and InARP opcodes,
 *     non-IPv4 or odd-length forms;
 *   IPv4: every check tcpdump makes on the header (version, IHL, total
 *     length, "truncated-ip - N bytes missing!"), fragments;
 *   ICMP: echo, destination unreachable (every code), source quench,
 *     redirect, router advertisement and solicitation, time exceeded,
 *     parameter problem, timestamp, information, address mask;
 *   UDP: ports and length, tcpdump's length complaints;
 *   TCP: ports, flags, seq/ack/win/urg, options (mss, wscale, sackOK,
 *     sack, TS, nop, eol, echo, cc, md5, scps, uto, tcp-ao, tfo, exp), and
 *     HTTP's first line on ports 80 and 8080;
 *   any other IP protocol: " ip-proto-N LEN".
 *   Truncation: nothing is read past `len`; where tcpdump stops with
 *   " [|ip]", " [|icmp]", " [|udp]", ... so does this.
 *
 * Where the line still differs from tcpdump:
 *   - DNS (UDP/TCP 53, mDNS 5353: describe_dns.c) and HTTP are decoded;
 *     tcpdump decodes many more application protocols by port (DHCP on 67/68, NTP, VXLAN on 4789, SSH banners, ...) and many IP
 *     protocols (IGMP, GRE, OSPF, SCTP, ...) and EtherTypes (IPv6,
 *     802.1Q, LLDP, ...); here they get the generic UDP/TCP line, the
 *     " ip-proto-N LEN" line, or the unknown-EtherType line.
 *   - 802.3 frames (type field < 0x0600) are not decoded as LLC, and ATM
 *     ARP (hardware type 19) not in its own format.
 *   - the MPTCP option (kind 30) is shown as an unknown option is, in hex.
 *   - TCP sequence numbers are absolute, as tcpdump prints them for the
 *     first packet it sees of a connection or with -S; tcpdump makes later
 *     ones relative to the first.
 *   - a packet of length 0 prints " [|ether]" (or " [|ip]"); tcpdump
 *     refuses the pcap record itself.
 *   - IPv6 is not decoded: starts_at_ip with version 6 prints
 *     "IP6 (not decoded), length N".
 */
#ifndef WL_WIRE_DESCRIBE_H
#define WL_WIRE_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>

/* Describe the `len`-byte packet at b in one line, without a newline.
 * starts_at_ip == 0: b is an Ethernet II frame (no FCS), as in a pcap of
 * link type EN10MB; nonzero: b is an IPv4 packet, as in link type RAW.
 * The whole packet is taken to be `len` bytes (nothing was cut off by a
 * capture length), so a short packet reads as tcpdump reads a short one.
 *
 * Writes at most outlen bytes to out, always NUL-terminated when
 * outlen > 0 (out may be NULL when outlen is 0).  Returns the length of
 * the whole line, as snprintf does: a result >= outlen means the line was
 * cut.  Reads b[0 .. len) only; allocates nothing; safe on any bytes. */
size_t wire_describe(const uint8_t *b, uint32_t len, int starts_at_ip,
		     char *out, size_t outlen);

#endif
