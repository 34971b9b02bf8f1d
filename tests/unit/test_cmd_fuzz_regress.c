/* test_cmd_fuzz_regress.c — replay what the command-layer fuzzer found.
 *
 * Every file in fuzz/regress/ (inputs that crashed, leaked or hung
 * fuzz/fuzz_cmd, minimised) and in fuzz/corpus/cmd/ (its seed corpus of
 * realistic lines) runs through the very driver the fuzzer uses
 * (cmd_fuzz_driver.h), one cmocka test per file in a child process of its
 * own; how a case fails, and WL_FUZZ_DIR and WL_FUZZ_REGRESS_TIMEOUT:
 * fuzz_regress_driver.h.
 *
 * A file named crash-*, leak-* or hang-* is a finding; see
 * fuzz/regress/README.md for what each one is and who fixes it.  Once
 * fixed, it stays as a regression input.
 */
#include "cmd_fuzz_driver.h"
#include "fuzz_regress_driver.h"

int main(void)
{
	static const char *const dirs[] = { "regress", "corpus/cmd", NULL };
	static const struct fz_regress r = {
		.group = "cmd_fuzz_regress",
		.what = "the command layer",
		.run = cmd_fuzz_run,
		.dirs = dirs,
	};
	return fz_regress_main(&r);
}
