/* fuzz_dns.c — libFuzzer target for DNS messages (wire/dns.h) and
 * tcpdump's DNS printer (wire/describe_dns.c).
 *
 * Each input is the bytes of one DNS message; see
 * tests/unit/dns_fuzz_driver.h for what is checked, which the regression
 * test (tests/unit/test_dns_fuzz_regress.c) shares so that every crasher
 * kept in fuzz/dns-regress/ replays exactly as found.  Build: sh
 * fuzz/build.sh; run: sh fuzz/run.sh [SECONDS].
 */
#include <stddef.h>
#include <stdint.h>

#include "dns_fuzz_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dns_fuzz_run(data, size);
	return 0;
}
