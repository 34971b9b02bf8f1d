/* describe_pcap.c — print wire_describe()'s line for every record of a
 * pcap (EN10MB or RAW), one a line: the other half of a comparison with
 * `tcpdump -n -t -r` (tests/trace/test-describe-dns-differential.sh).
 *
 *   describe_pcap FILE.pcap
 */
#include <pcap/pcap.h>
#include <stdio.h>

#include "wire/describe.h"

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	static char line[1 << 16];
	struct pcap_pkthdr *h;
	const u_char *d;

	if (argc != 2) {
		fprintf(stderr, "usage: describe_pcap FILE.pcap\n");
		return 2;
	}
	pcap_t *p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "describe_pcap: %s\n", err);
		return 1;
	}
	int raw = pcap_datalink(p) != DLT_EN10MB;
	while (pcap_next_ex(p, &h, &d) == 1) {
		wire_describe(d, h->caplen, raw, line, sizeof line);
		puts(line);
	}
	pcap_close(p);
	return 0;
}
