/* describe_fixtures_pcap.c — helper for test-describe-vs-tcpdump.sh.
 *
 *   describe_fixtures_pcap OUTDIR
 *
 * For each fixture i of tests/unit/wire_fixtures.h writes, in OUTDIR:
 *   NNN.pcap   a pcap holding just that packet (link type EN10MB, or RAW
 *              for packets that start at IP), written with libpcap;
 *   NNN.name   the fixture's name;
 *   NNN.ours   wire_describe()'s line for it (no newline);
 *   NNN.note   only for known differences: how tcpdump differs.
 * One pcap per packet, so tcpdump's per-connection TCP state (relative
 * sequence numbers) never carries from one fixture to the next.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/describe.h"
#include "wire_fixtures.h"

static int write_text(const char *dir, size_t i, const char *ext, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%03zu.%s", dir, i, ext);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	fputs(text, f);
	return fclose(f) == 0 ? 0 : -1;
}

static int write_pcap(const char *dir, size_t i, const struct wire_fixture *fx)
{
	char path[4096];
	pcap_t *p = pcap_open_dead(fx->starts_at_ip ? DLT_RAW : DLT_EN10MB, 65535);
	pcap_dumper_t *d;
	struct pcap_pkthdr h;

	if (!p)
		return -1;
	snprintf(path, sizeof path, "%s/%03zu.pcap", dir, i);
	d = pcap_dump_open(p, path);
	if (!d) {
		fprintf(stderr, "%s: %s\n", path, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	memset(&h, 0, sizeof h);
	h.caplen = fx->len;
	h.len = fx->len;
	pcap_dump((u_char *)d, &h, fx->bytes);
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < WIRE_FIXTURES_COUNT; i++) {
		const struct wire_fixture *fx = &wire_fixtures[i];
		char line[1024];

		wire_describe(fx->bytes, fx->len, fx->starts_at_ip, line, sizeof line);
		if (write_pcap(argv[1], i, fx) || write_text(argv[1], i, "name", fx->name) ||
		    write_text(argv[1], i, "ours", line) ||
		    (fx->tcpdump_differs &&
		     write_text(argv[1], i, "note", fx->tcpdump_differs)))
			return 1;
	}
	return 0;
}
