# wirelab — one GNU Makefile.  Sources are found by folder, so adding a file
# to a layer needs no edit here.  See README.md for the targets.

VERSION   := 0.1.0
CC        ?= cc
PREFIX    ?= /usr/local
BUILD     ?= build
PKG_CONFIG ?= pkg-config

PKGS      := lua5.4 libpcap ncursesw
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wundef -Wcast-align \
             -Wno-unused-parameter
OPT       ?= -O2 -g
SAN       ?=
CFLAGS    ?=
CFLAGS    += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) $(SAN) \
             -Isim -DWL_VERSION='"$(VERSION)"'
LDFLAGS   += $(SAN)

ENGINE_SRC := $(sort $(wildcard sim/core/*.c sim/util/*.c sim/wire/*.c sim/dev/*.c sim/cmd/*.c \
                                sim/net/*.c sim/proc/*.c))
OUT_SRC    := $(sort $(wildcard sim/out/*.c))
LUA_SRC    := $(sort $(wildcard sim/lua/*.c))
# The TUI's model (no curses) is a library of its own; its thin curses
# layer, tui_curses.c, is linked with the command only.
TUI_CURSES := sim/tui/tui_curses.c
TUI_SRC    := $(filter-out $(TUI_CURSES),$(sort $(wildcard sim/tui/*.c)))
CLI_SRC    := $(sort $(wildcard sim/cli/*.c)) $(TUI_CURSES)
TEST_SRC   := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRC  := $(sort $(wildcard bench/*.c))

ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
OUT_OBJ    := $(OUT_SRC:%.c=$(BUILD)/%.o)
LUA_OBJ    := $(LUA_SRC:%.c=$(BUILD)/%.o)
# Lua modules shipped with wirelab (lib/*.lua: `require "docker"`) are
# compiled in as bytes (scripts/embed-lua.sh), so no install path matters.
LUA_LIBS   := $(sort $(wildcard lib/*.lua))
LUA_OBJ    += $(BUILD)/gen/lua_libs.o
TUI_OBJ    := $(TUI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

LIBENGINE  := $(BUILD)/libwlsim.a
LIBOUT     := $(BUILD)/libwlout.a
LIBLUA     := $(BUILD)/libwllua.a
LIBTUI     := $(BUILD)/libwltui.a
WIRELAB    := $(BUILD)/wirelab
BENCHBIN   := $(BUILD)/wl-bench
BENCHTUI   := $(BUILD)/wl-bench-tui

.PHONY: all demo test unit asan bench install clean deps fuzz

all: $(WIRELAB) wirelab

# A link at the top so `./wirelab` works from a checkout.
wirelab: $(WIRELAB)
	@ln -sf $(WIRELAB) wirelab

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(LIBENGINE): $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^
$(LIBOUT): $(OUT_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^
$(BUILD)/gen/lua_libs.c: $(LUA_LIBS) scripts/embed-lua.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-lua.sh $(LUA_LIBS) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/lua_libs.o: $(BUILD)/gen/lua_libs.c sim/lua/lua_libs.h sim/lua/lua_sandbox.h
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(LIBLUA): $(LUA_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBTUI): $(TUI_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

$(WIRELAB): $(CLI_OBJ) $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE) $(PKG_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -MMD -MP -MF $@.d -o $@ $< $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE) \
		$(CMOCKA_LIBS) $(PKG_LIBS) -lm $(LDFLAGS)

$(BENCHBIN): $(BENCH_SRC) $(LIBOUT) $(LIBENGINE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $(BENCH_SRC) $(LIBOUT) $(LIBENGINE) $(PKG_LIBS) -lm $(LDFLAGS)

# Going back one event in the TUI (bench/tui/): a program of its own.
$(BENCHTUI): bench/tui/wl_bench_tui.c $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIBTUI) $(LIBLUA) $(LIBOUT) $(LIBENGINE) \
		$(PKG_LIBS) -lm $(LDFLAGS)

# ---- user targets -------------------------------------------------------

deps:
	@$(PKG_CONFIG) --exists $(PKGS) cmocka 2>/dev/null && command -v tshark >/dev/null \
		|| sh scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	./wirelab run scenarios/01-switching.lua

unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(TEST_BIN)

test: all unit
	@WIRELAB=$(abspath $(WIRELAB)) sh tests/run-all.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

bench: $(BENCHBIN) $(BENCHTUI)
	@sh bench/run.sh $(BENCHBIN)
	@$(BENCHTUI) bench/tui/back.lua

# The fuzzers (libFuzzer; needs clang and libclang-rt-14-dev): the command
# layer and the DNS parser, each for FUZZ_SECONDS (default 60); FUZZ_TARGETS
# picks one.  Crashes land in build-fuzz/crashes; kept crashers replay in
# tests/unit/test_cmd_fuzz_regress and test_dns_fuzz_regress.
FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/build.sh
	sh fuzz/run.sh $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/wirelab/scenarios \
		$(DESTDIR)$(PREFIX)/share/doc/wirelab
	install -m 755 $(WIRELAB) $(DESTDIR)$(PREFIX)/bin/wirelab
	install -m 644 $(wildcard scenarios/*.lua scenarios/*.sh) $(DESTDIR)$(PREFIX)/share/wirelab/scenarios/
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/wirelab/

clean:
	rm -rf build build-asan build-fuzz wirelab pcap-out bench-out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
