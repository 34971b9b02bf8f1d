/* test_cmd_dig.c — dig (BIND 9.18.49-1~deb12u3-Debian) against the real
 * one on Debian 12, on the topology and answers of dnsq_fixture.h.
 *
 * Expected texts are what the real dig printed (stdout and stderr apart,
 * with its exit status), with the id, the WHEN line and the query time
 * masked: the real run's answers took 0 to 4 ms, a veth here takes none.
 * Timeouts are the real ones in simulated time: +tries=3 +timeout=5 make
 * three attempts 5 s apart, each from a fresh source port with the same
 * id; a port with nobody behind it answers with ICMP port unreachable,
 * which dig reports as "connection refused" at once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dnsq_fixture.h"
#include "proc/dns_server.h"

static const struct dstep dig_answers[] = {
	{ "ip netns exec dB dig www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig @10.0.0.53 www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.0.0.53 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig www.example.com +short",
	  "10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB dig -t MX example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -t MX example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tMX\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "example.com.\t\t300\tIN\tMX\t10 mail.example.com.\n"
	  "\n"
	  ";; ADDITIONAL SECTION:\n"
	  "mail.example.com.\t300\tIN\tA\t10.0.0.25\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 88\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig example.com MX",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> example.com MX\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tMX\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "example.com.\t\t300\tIN\tMX\t10 mail.example.com.\n"
	  "\n"
	  ";; ADDITIONAL SECTION:\n"
	  "mail.example.com.\t300\tIN\tA\t10.0.0.25\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 88\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig -x 10.0.0.80",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -x 10.0.0.80\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";80.0.0.10.in-addr.arpa.\t\tIN\tPTR\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "80.0.0.10.in-addr.arpa.\t300\tIN\tPTR\twww.example.com.\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +noall +answer alias.example.com",
	  "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB dig nope.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> nope.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";nope.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 45\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig www.example.com AAAA",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com AAAA\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tAAAA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 44\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig www",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  "; EDE: 14 (Not Ready)\n"
	  ";; QUESTION SECTION:\n"
	  ";www.\t\t\t\tIN\tA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 38\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +search www",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +search www\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig alias.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> alias.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";alias.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 91\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig example.com TXT",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> example.com TXT\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tTXT\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "example.com.\t\t300\tIN\tTXT\t\"hello world\"\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 64\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>>\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  "; EDE: 14 (Not Ready)\n"
	  ";; QUESTION SECTION:\n"
	  ";.\t\t\t\tIN\tNS\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 34\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig -t BOGUS www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -t BOGUS www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  ";; Warning, ignoring invalid type BOGUS\n", 0 },
	{ "ip netns exec dB dig -x bad",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -x bad\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  "; EDE: 14 (Not Ready)\n"
	  ";; QUESTION SECTION:\n"
	  ";bad.in-addr.arpa.\t\tIN\tPTR\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 51\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +short example.com MX",
	  "10 mail.example.com.\n",
	  "", 0 },
	{ "ip netns exec dB dig +short -x 10.0.0.80",
	  "www.example.com.\n",
	  "", 0 },
	{ "ip netns exec dB dig +short alias.example.com",
	  "www.example.com.\n"
	  "10.0.0.80\n",
	  "", 0 },
	{ "ip netns exec dB dig +search nope",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +search nope\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  "; EDE: 14 (Not Ready)\n"
	  ";; QUESTION SECTION:\n"
	  ";nope.\t\t\t\tIN\tA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 39\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +search www.example",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +search www.example\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  "; EDE: 14 (Not Ready)\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.\t\t\tIN\tA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 46\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +noedns www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +noedns www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"
	  "\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 49\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +nocmd www.example.com",
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +nostats www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +nostats www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +nocomments www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +nocomments www.example.com\n"
	  ";; global options: +cmd\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +noadditional example.com MX",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +noadditional example.com MX\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tMX\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "example.com.\t\t300\tIN\tMX\t10 mail.example.com.\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 88\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +norec www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +norec www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig example.com NS",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> example.com NS\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tNS\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 40\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig example.com SOA",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> example.com SOA\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";example.com.\t\t\tIN\tSOA\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 40\n"
	  "\n",
	  "", 0 },
	/* two lookups: one banner */
	{ "ip netns exec dB dig www.example.com alias.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com alias.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID1@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID2@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";alias.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "alias.example.com.\t300\tIN\tCNAME\twww.example.com.\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 91\n"
	  "\n",
	  "", 0 },
	/* where the blank lines go: after the header, after each section */
	{ "ip netns exec dB dig +noquestion +nostats www.example.com",
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +noquestion +nostats www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n",
	  "", 0 },
	{ "ip netns exec dB dig +noall +answer +comments nope.example.com",
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: @ID@\n"
	  ";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n",
	  "", 0 },
	{ "ip netns exec dB dig +noall +stats www.example.com",
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
};

static void test_dig_answers(void **state)
{
	DSTEPS((struct dfx *)*state, dig_answers);
}

static const struct dstep dig_failures[] = {
	{ "ip netns exec dB dig @10.9.9.9 www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.9.9.9 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig @10.9.9.9 +tries=1 +timeout=1 www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.9.9.9 +tries=1 +timeout=1 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig @10.9.9.9 +retry=1 +timeout=2 www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.9.9.9 +retry=1 +timeout=2 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig @10.9.9.9 +short +timeout=1 www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig -p 5353 @10.0.0.53 www.example.com",
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  ";; communications error to 10.0.0.53#5353: connection refused\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> -p 5353 @10.0.0.53 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig @10.0.0.2 www.example.com",
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @10.0.0.2 www.example.com\n"
	  "; (1 server found)\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "ip netns exec dB dig +bogus www.example.com",
	  "",
	  "Invalid option: +bogus\n"
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "\n"
	  "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n", 1 },
	{ "ip netns exec dB dig -z",
	  "",
	  "Invalid option: -z\n"
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "\n"
	  "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n", 1 },
	{ "ip netns exec dB dig -q",
	  "",
	  "Invalid option: -q\n"
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "\n"
	  "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n", 1 },
	{ "ip netns exec dB dig -t",
	  "",
	  "Invalid option: -t\n"
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "\n"
	  "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n", 1 },
	{ "ip netns exec dB dig +sho www.example.com",
	  "",
	  "Invalid option: +sho\n"
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "\n"
	  "Use \"dig -h\" (or \"dig -h | more\") for complete list of options\n", 1 },
	{ "ip netns exec dB dig -p abc www.example.com",
	  "invalid port number 'abc': not a valid number\n",
	  "dig: Couldn't parse port number\n", 1 },
	{ "ip netns exec dB dig +timeout=abc www.example.com",
	  "invalid timeout 'abc': not a valid number\n",
	  "dig: Couldn't parse timeout\n", 10 },
	{ "ip netns exec dB dig @ www.example.com",
	  "",
	  "dig: couldn't get address for '': not found\n", 1 },
	{ "ip netns exec dB dig @nosuch.invalid www.example.com",
	  "",
	  "dig: couldn't get address for 'nosuch.invalid': not found\n", 1 },
	{ "ip netns exec dB dig -v",
	  "",
	  "DiG 9.18.49-1~deb12u3-Debian\n", 0 },
	{ "ip netns exec dB dig -h",
	  "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
	  "            {global-d-opt} host [@local-server] {local-d-opt}\n"
	  "            [ host [@local-server] {local-d-opt} [...]]\n"
	  "Where:  domain\t  is in the Domain Name System\n"
	  "        q-class  is one of (in,hs,ch,...) [default: in]\n"
	  "        q-type   is one of (a,any,mx,ns,soa,hinfo,axfr,txt,...) [default:a]\n"
	  "                 (Use ixfr=version for type ixfr)\n"
	  "        q-opt    is one of:\n"
	  "                 -4                  (use IPv4 query transport only)\n"
	  "                 -6                  (use IPv6 query transport only)\n"
	  "                 -b address[#port]   (bind to source address/port)\n"
	  "                 -c class            (specify query class)\n"
	  "                 -f filename         (batch mode)\n"
	  "                 -k keyfile          (specify tsig key file)\n"
	  "                 -m                  (enable memory usage debugging)\n"
	  "                 -p port             (specify port number)\n"
	  "                 -q name             (specify query name)\n"
	  "                 -r                  (do not read ~/.digrc)\n"
	  "                 -t type             (specify query type)\n"
	  "                 -u                  (display times in usec instead of msec)\n"
	  "                 -x dot-notation     (shortcut for reverse lookups)\n"
	  "                 -y [hmac:]name:key  (specify named base64 tsig key)\n"
	  "        d-opt    is of the form +keyword[=value], where keyword is:\n"
	  "                 +[no]aaflag         (Set AA flag in query (+[no]aaflag))\n"
	  "                 +[no]aaonly         (Set AA flag in query (+[no]aaflag))\n"
	  "                 +[no]additional     (Control display of additional section)\n"
	  "                 +[no]adflag         (Set AD flag in query (default on))\n"
	  "                 +[no]all            (Set or clear all display flags)\n"
	  "                 +[no]answer         (Control display of answer section)\n"
	  "                 +[no]authority      (Control display of authority section)\n"
	  "                 +[no]badcookie      (Retry BADCOOKIE responses)\n"
	  "                 +[no]besteffort     (Try to parse even illegal messages)\n"
	  "                 +bufsize[=###]      (Set EDNS0 Max UDP packet size)\n"
	  "                 +[no]cdflag         (Set checking disabled flag in query)\n"
	  "                 +[no]class          (Control display of class in records)\n"
	  "                 +[no]cmd            (Control display of command line -\n"
	  "                                      global option)\n"
	  "                 +[no]coflag         (Set compact denial of existence ok flag)\n"
	  "                                      in query)\n"
	  "                 +[no]comments       (Control display of packet header\n"
	  "                                      and section name comments)\n"
	  "                 +[no]cookie         (Add a COOKIE option to the request)\n"
	  "                 +[no]crypto         (Control display of cryptographic\n"
	  "                                      fields in records)\n"
	  "                 +[no]defname        (Use search list (+[no]search))\n"
	  "                 +[no]dns64prefix    (Get the DNS64 prefixes from ipv4only.arpa)\n"
	  "                 +[no]dnssec         (Request DNSSEC records)\n"
	  "                 +domain=###         (Set default domainname)\n"
	  "                 +[no]edns[=###]     (Set EDNS version) [0]\n"
	  "                 +ednsflags=###      (Set undefined EDNS flag bits)\n"
	  "                 +[no]ednsnegotiation (Set EDNS version negotiation)\n"
	  "                 +ednsopt=###[:value] (Send specified EDNS option)\n"
	  "                 +noednsopt          (Clear list of +ednsopt options)\n"
	  "                 +[no]expandaaaa     (Expand AAAA records)\n"
	  "                 +[no]expire         (Request time to expire)\n"
	  "                 +[no]fail           (Don't try next server on SERVFAIL)\n"
	  "                 +[no]header-only    (Send query without a question section)\n"
	  "                 +[no]https[=###]    (DNS-over-HTTPS mode) [/]\n"
	  "                 +[no]https-get      (Use GET instead of default POST method\n"
	  "                                      while using HTTPS)\n"
	  "                 +[no]http-plain[=###] (DNS over plain HTTP mode) [/]\n"
	  "                 +[no]http-plain-get (Use GET instead of default POST method\n"
	  "                                      while using plain HTTP)\n"
	  "                 +[no]identify       (ID responders in short answers)\n"
	  "                 +[no]idnin          (Parse IDN names [default=on on tty])\n"
	  "                 +[no]idnout         (Convert IDN response [default=on on tty])\n"
	  "                 +[no]ignore         (Don't revert to TCP for TC responses.)\n"
	  "                 +[no]keepalive      (Request EDNS TCP keepalive)\n"
	  "                 +[no]keepopen       (Keep the TCP socket open between queries)\n"
	  "                 +[no]multiline      (Print records in an expanded format)\n"
	  "                 +ndots=###          (Set search NDOTS value)\n"
	  "                 +[no]nsid           (Request Name Server ID)\n"
	  "                 +[no]nssearch       (Search all authoritative nameservers)\n"
	  "                 +[no]onesoa         (AXFR prints only one soa record)\n"
	  "                 +[no]opcode=###     (Set the opcode of the request)\n"
	  "                 +padding=###        (Set padding block size [0])\n"
	  "                 +qid=###            (Specify the query ID to use when sending\n"
	  "                                      queries)\n"
	  "                 +[no]qr             (Print question before sending)\n"
	  "                 +[no]question       (Control display of question section)\n"
	  "                 +[no]raflag         (Set RA flag in query (+[no]raflag))\n"
	  "                 +[no]rdflag         (Recursive mode (+[no]recurse))\n"
	  "                 +[no]recurse        (Recursive mode (+[no]rdflag))\n"
	  "                 +retry=###          (Set number of UDP retries) [2]\n"
	  "                 +[no]rrcomments     (Control display of per-record comments)\n"
	  "                 +[no]search         (Set whether to use searchlist)\n"
	  "                 +[no]short          (Display nothing except short\n"
	  "                                      form of answers - global option)\n"
	  "                 +[no]showbadcookie  (Show BADCOOKIE message)\n"
	  "                 +[no]showsearch     (Search with intermediate results)\n"
	  "                 +[no]split=##       (Split hex/base64 fields into chunks)\n"
	  "                 +[no]stats          (Control display of statistics)\n"
	  "                 +subnet=addr        (Set edns-client-subnet option)\n"
	  "                 +[no]tcflag         (Set TC flag in query (+[no]tcflag))\n"
	  "                 +[no]tcp            (TCP mode (+[no]vc))\n"
	  "                 +timeout=###        (Set query timeout) [5]\n"
	  "                 +[no]tls            (DNS-over-TLS mode)\n"
	  "                 +[no]tls-ca[=file]  (Enable remote server's TLS certificate\n"
	  "                                      validation)\n"
	  "                 +[no]tls-hostname=hostname (Explicitly set the expected TLS\n"
	  "                                      hostname)\n"
	  "                 +[no]tls-certfile=file (Load client TLS certificate chain from\n"
	  "                                      file)\n"
	  "                 +[no]tls-keyfile=file (Load client TLS private key from file)\n"
	  "                 +[no]trace          (Trace delegation down from root [implies\n"
	  "                                      +dnssec])\n"
	  "                 +tries=###          (Set number of UDP attempts) [3]\n"
	  "                 +[no]ttlid          (Control display of ttls in records)\n"
	  "                 +[no]ttlunits       (Display TTLs in human-readable units)\n"
	  "                 +[no]unknownformat  (Print RDATA in RFC 3597 \"unknown\" format)\n"
	  "                 +[no]vc             (TCP mode (+[no]tcp))\n"
	  "                 +[no]yaml           (Present the results as YAML)\n"
	  "                 +[no]zflag          (Set Z flag in query)\n"
	  "        global d-opts and servers (before host name) affect all queries.\n"
	  "        local d-opts and servers (after host name) affect only that lookup.\n"
	  "        -h                           (print help and exit)\n"
	  "        -v                           (print version and exit)\n",
	  "", 0 },
};

/* Names that cannot go on the wire: dighost's fatal(), status 10, after
 * whatever earlier lookups printed. */
static const struct dstep dig_bad_names[] = {
	{ "ip netns exec dB dig a..b", "", "dig: 'a..b' is not a legal name (empty label)\n", 10 },
	{ "ip netns exec dB dig aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com", "",
	  "dig: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com' is not a legal name (label too long)\n", 10 },
	{ "ip netns exec dB dig abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij", "",
	  "dig: 'abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij.abcdefghij' is not a legal name (ran out of space)\n", 10 },
	{ "ip netns exec dB dig +short www.example.com a..b", "10.0.0.80\n",
	  "dig: 'a..b' is not a legal name (empty label)\n", 10 },
};

static void test_dig_bad_names(void **state)
{
	DSTEPS((struct dfx *)*state, dig_bad_names);
}

static void test_dig_failures(void **state)
{
	DSTEPS((struct dfx *)*state, dig_failures);
}

/* The query on the wire, as dig 9.18 sends it (captured): RD and AD set,
 * one question, an OPT record for 1232 bytes carrying an 8-byte client
 * COOKIE: 56 bytes of DNS for www.example.com. */
static struct dns_msg *last_query;

static void sniff(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		  uint32_t len)
{
	(void)ctx, (void)s, (void)src, (void)sport;
	if (!last_query)
		last_query = dns_msg_new();
	assert_int_equal(dns_parse(data, len, last_query, NULL), 0);
	assert_int_equal(len, 56);
}

static void test_dig_query_bytes(void **state)
{
	struct dfx *f = *state;
	udp_close(f->sock);
	f->sock = udp_bind(f->server, 0, 53, sniff, NULL, f);
	dfx_run(f, "ip netns exec dB dig +tries=1 +timeout=1 www.example.com");
	assert_non_null(last_query);
	assert_int_equal(last_query->flags, DNS_F_RD | DNS_F_AD);
	assert_int_equal(last_query->qdcount, 1);
	assert_int_equal(last_query->arcount, 1);
	const struct dns_rr *opt = &last_query->rr[0];
	assert_int_equal(opt->type, DNS_T_OPT);
	assert_int_equal(opt->klass, 1232);
	assert_int_equal(opt->rdlen, 12);
	assert_int_equal(opt->rdata[1], 10);    /* COOKIE */
	assert_int_equal(opt->rdata[3], 8);
	dns_msg_free(last_query);
	last_query = NULL;
}

/* Same seed, same bytes: the id and the cookie come from the world's
 * generator. */
static void test_dig_deterministic(void **state)
{
	struct dfx *f = *state;
	dfx_run(f, "ip netns exec dB dig www.example.com");
	char *first = strdup(f->out);
	void *other = NULL;
	assert_int_equal(dfx_setup(&other), 0);
	dfx_run(other, "ip netns exec dB dig www.example.com");
	assert_string_equal(first, ((struct dfx *)other)->out);
	free(first);
	dfx_teardown(&other);
}

/* Two nameservers, the first silent: each lookup asks the first one
 * `tries` times (5 s apart), then the second; every lookup starts again
 * with the first. */
static const struct dstep two_ns_steps[] = {
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'search example.com' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; Got answer:\n"
	  ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: @ID@\n"
	  ";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n"
	  "\n"
	  ";; OPT PSEUDOSECTION:\n"
	  "; EDNS: version: 0, flags:; udp: 1232\n"
	  ";; QUESTION SECTION:\n"
	  ";www.example.com.\t\tIN\tA\n"
	  "\n"
	  ";; ANSWER SECTION:\n"
	  "www.example.com.\t300\tIN\tA\t10.0.0.80\n"
	  "\n"
	  ";; Query time: 0 msec\n"
	  ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)\n"
	  ";; WHEN: @WHEN@\n"
	  ";; MSG SIZE  rcvd: 60\n"
	  "\n",
	  "", 0 },
};

static void test_dig_two_nameservers(void **state)
{
	DSTEPS((struct dfx *)*state, two_ns_steps);
}

/* Command lines made of the tools' own words in random order, and odd
 * ones by hand: whatever they print, nothing may crash or leak (run under
 * ASan), and every run ends. */
static void test_odd_command_lines(void **state)
{
	struct dfx *f = *state;
	static const char *const odd[] = {
		"dig -x", "dig -x ''", "dig @", "dig -p 99999 www.example.com", "dig +tries=",
		"dig +tries", "dig -c", "dig -c XX www", "dig +timeout=0 +tries=0 @10.9.9.9 x",
		"dig -t TYPE65535 x", "dig -t TYPE x", "dig +ndots=999 +search a", "dig -q",
		"dig -x 1.2.3.4.5.6.7.8.9", "dig -x ::1", "dig +short +noshort +all +noall x",
		"dig . . . . . . . . . . . . . . . . . . . . . .", "dig -4 -m -r -u -i x",
		"dig +nocookie +noedns +noad +norec x", "dig +edns +cookie +adflag +rec x",
		"nslookup -", "nslookup -type=", "nslookup -type", "nslookup -q=PTR 10.0.0.80",
		"nslookup x y z", "nslookup -port=0 x", "nslookup -timeout=0 -retry=0 x 10.9.9.9",
		"nslookup -ndots=1000 x", "nslookup '' 10.0.0.53", "nslookup . 10.0.0.53",
		"host -t", "host -W", "host -R x x", "host -W 0 -R 0 x 10.9.9.9", "host -N 5 www",
		"host -p 70000 x", "host -- -x", "host -t PTR 10.0.0.80", "host '' ''", "host .",
		"dig @10.0.0.53 -p 53 +search +ndots=0 www", "dig www\\.x", "dig 'a\\0001b'",
	};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		char line[256];
		snprintf(line, sizeof line, "ip netns exec dB %s", odd[i]);
		int rc = dfx_run(f, line);
		assert_true(rc >= 0 && rc < 128);
	}
	static const char *const words[] = {
		"dig", "nslookup", "host", "@10.0.0.53", "@10.9.9.9", "-x", "-t", "MX", "AAAA", "-p",
		"5353", "+short", "+search", "+tries=1", "+timeout=1", "+noall", "+answer", "www",
		"nope", "example.com", "10.0.0.80", "-type=TXT", "-W", "1", "-R", "0", "a..b", "-q",
		"+retry=0", "IN", "CH", "ANY", "+norec", "+noedns", "-N", "3", "-timeout=1", ".",
	};
	uint64_t x = 42;
	for (int round = 0; round < 60; round++) {
		char line[512];
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int n = snprintf(line, sizeof line, "ip netns exec dB %s", words[(x >> 33) % 3]);
		int count = (int)((x >> 40) % 6);
		for (int k = 0; k < count; k++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			n += snprintf(line + n, sizeof line - (size_t)n, " %s",
				      words[(x >> 33) % (sizeof words / sizeof words[0])]);
		}
		int rc = dfx_run(f, line);
		assert_true(rc >= 0 && rc < 128);
	}
}

/* A truncated answer is asked again over TCP, as the real tools do
 * (";; Truncated, retrying in TCP mode." is their line; host says
 * nothing).  wirelab's own server answers here: 40 A records do not fit
 * in 512 bytes, so without EDNS the UDP answer comes with TC. */
static void test_truncated_retries_over_tcp(void **state)
{
	struct dfx *f = *state;
	udp_close(f->sock);
	f->sock = NULL;
	struct dns_server_conf *conf = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(conf, "example.com", err, sizeof err), 0);
	for (int i = 1; i <= 40; i++) {
		char a[32];
		snprintf(a, sizeof a, "10.0.1.%d", i);
		assert_int_equal(dns_conf_record(conf, "example.com", "big", "A", a, -1, err, sizeof err), 0);
	}
	assert_non_null(dns_server_start(f->server, conf));
	assert_int_equal(dfx_run(f, "ip netns exec dB dig +noedns big.example.com"), 0);
	assert_true(strncmp(f->out, ";; Truncated, retrying in TCP mode.\n\n; <<>> DiG ", 48) == 0);
	assert_non_null(strstr(f->out, "ANSWER: 40,"));
	assert_non_null(strstr(f->out, ";; SERVER: 10.0.0.53#53(10.0.0.53) (TCP)\n"));
	assert_int_equal(dfx_run(f, "ip netns exec dB dig +noedns +short big.example.com"), 0);
	assert_true(strncmp(f->out, ";; Truncated, retrying in TCP mode.\n10.0.1.1\n", 45) == 0);
	assert_int_equal(dfx_run(f, "ip netns exec dB host -t A big.example.com"), 0);
	assert_true(strncmp(f->out, "big.example.com has address 10.0.1.1\n", 37) == 0);
	assert_int_equal(dfx_run(f, "ip netns exec dB nslookup big.example.com"), 0);
	assert_true(strncmp(f->out, ";; Truncated, retrying in TCP mode.\n"
				    ";; Got recursion not available from 10.0.0.53\n"
				    "Server:\t\t10.0.0.53\n", 101) == 0);
	/* +tcp asks over TCP at once */
	assert_int_equal(dfx_run(f, "ip netns exec dB dig +tcp +noall +answer +stats big.example.com"), 0);
	assert_null(strstr(f->out, "Truncated"));
	assert_non_null(strstr(f->out, "(TCP)"));
}

/* The server list as BIND's tools walk it (captured): the first server
 * gets every attempt, each one after it a single attempt; no nameserver
 * line means ::1 then 127.0.0.1, and an IPv6 server fails at connect()
 * ("address not available", as with IPv6 off), the line "no servers could
 * be reached" left out when another server follows. */
static const struct dstep server_list_steps[] = {
	/* no route to the server: connect() fails, both lines each attempt
	 * and nothing more (captured) */
	{ "ip netns exec dB dig @10.99.99.99 www.example.com",
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with 10.99.99.99#53(10.99.99.99) for www.example.com failed: network unreachable.\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig www.example.com",
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; communications error to 127.0.0.1#53: connection refused\n"
	  "\n"
	  "; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.com\n"
	  ";; global options: +cmd\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.9.9.8' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig +short www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.8#53: timed out\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "echo 'nameserver 10.9.9.9' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.2' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'options timeout:1' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig +short www.example.com",
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.9.9.9#53: timed out\n"
	  ";; communications error to 10.0.0.2#53: connection refused\n"
	  ";; no servers could be reached\n",
	  "", 9 },
	{ "echo 'nameserver ::1' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 2001:db8::53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "echo 'nameserver 10.0.0.53' >> /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig +short www.example.com",
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; no servers could be reached\n"
	  ";; UDP setup with ::1#53(::1) for www.example.com failed: address not available.\n"
	  ";; UDP setup with 2001:db8::53#53(2001:db8::53) for www.example.com failed: address not available.\n"
	  "10.0.0.80\n",
	  "", 0 },
	/* a server on the command line replaces the defaults (::1 included) */
	{ "echo '# no nameserver line' > /etc/netns/dB/resolv.conf", "", "", 0 },
	{ "ip netns exec dB dig @10.0.0.53 +short www.example.com", "10.0.0.80\n", "", 0 },
};

static void test_dig_server_list(void **state)
{
	DSTEPS((struct dfx *)*state, server_list_steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dig_answers, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_failures, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_bad_names, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_query_bytes, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_deterministic, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_two_nameservers, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_odd_command_lines, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_retries_over_tcp, dfx_setup, dfx_teardown),
		cmocka_unit_test_setup_teardown(test_dig_server_list, dfx_setup, dfx_teardown),
	};
	return cmocka_run_group_tests_name("cmd_dig", tests, NULL, NULL);
}
