/* test_dns_fuzz_regress.c — replay what the DNS fuzzer found.
 *
 * Every file in fuzz/dns-regress/ (inputs that crashed, leaked or hung
 * fuzz/fuzz_dns, minimised) and in fuzz/dns-corpus/ (its seed corpus:
 * messages captured from dig and dnsmasq, and crafted corners) runs
 * through the very driver the fuzzer uses (dns_fuzz_driver.h), one cmocka
 * test per file in a child process of its own; how a case fails, and
 * WL_FUZZ_DIR and WL_FUZZ_REGRESS_TIMEOUT: fuzz_regress_driver.h.
 *
 * See fuzz/dns-regress/README.md for what each finding was.
 */
#include "dns_fuzz_driver.h"
#include "fuzz_regress_driver.h"

int main(void)
{
	static const char *const dirs[] = { "dns-regress", "dns-corpus", NULL };
	static const struct fz_regress r = {
		.group = "dns_fuzz_regress",
		.what = "the DNS code",
		.run = dns_fuzz_run,
		.dirs = dirs,
	};
	return fz_regress_main(&r);
}
