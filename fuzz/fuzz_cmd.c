/* fuzz_cmd.c — libFuzzer target for the command layer (cmd.h).
 *
 * Each input is a few command lines, run on a small world built fresh for
 * it; see tests/unit/cmd_fuzz_driver.h, which the regression test
 * (tests/unit/test_cmd_fuzz_regress.c) shares so that every crasher kept in
 * fuzz/regress/ replays exactly as found.  Build: sh fuzz/build.sh; run:
 * sh fuzz/run.sh [SECONDS].
 */
#include <stddef.h>
#include <stdint.h>

#include "cmd_fuzz_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cmd_fuzz_run(data, size);
	return 0;
}
