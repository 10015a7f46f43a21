# zhifa build. `make` builds the optimised release binary build/zhifa.
# Variants go to their own folders: `make asan` -> build/asan/, `make debug`
# -> build/debug/. `make run` serves the demo; `make test` runs everything CI
# runs (see README.md, "Tests").

VARIANT ?= release
ifeq ($(VARIANT),release)
  B := build
  OPT := -O2 -D_FORTIFY_SOURCE=3
else ifeq ($(VARIANT),asan)
  B := build/asan
  OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
         -fno-omit-frame-pointer -DZF_ARENA_DEBUG
  SANLD := -fsanitize=address,undefined
else ifeq ($(VARIANT),debug)
  B := build/debug
  OPT := -O0 -g -DZF_ARENA_DEBUG
else
  $(error unknown VARIANT $(VARIANT))
endif

CC ?= cc
# libcurl: the HTTP client of "zhifa log check" (a well-kept library rather
# than a hand-written client). libmagic sniffs evidence files' types from
# their bytes; libavformat/libavcodec/libavutil (Debian's FFmpeg) read the
# duration and codecs of audio/video evidence.
PKGS := libmicrohttpd sqlite3 libpq libcrypto jansson liboath libqrencode libcurl zlib \
        libmagic libavformat libavcodec libavutil
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags cmocka libcurl 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs cmocka libcurl 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-format-nonliteral
HARDEN := -fstack-protector-strong -fPIE
CFLAGS := -std=c17 -D_GNU_SOURCE $(WARN) $(HARDEN) $(OPT) -Isrc -I$(B)/gen \
          $(PKG_CFLAGS) -MMD -MP
LDFLAGS := -pie -Wl,-z,relro,-z,now $(SANLD)
LIBS := $(PKG_LIBS) -lpthread

LIB_SRC := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
CLI_MAIN := src/cli/main.c
EMBED_FILES := $(sort $(wildcard src/store/migrations/*/*.sql) \
               $(wildcard src/web/templates/*.html) $(wildcard src/web/templates/doc/*.html) \
               $(wildcard src/core/procedures/*.json) $(wildcard src/core/charts/*.json) \
               $(wildcard src/core/calendars/*.json) \
               $(wildcard src/web/static/*) $(wildcard src/web/api/*.json) \
               $(wildcard src/app/demo_media/*))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/embedded.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
INTEG_SRC := $(filter-out tests/integration/harness.c,$(wildcard tests/integration/*.c))
INTEG_BIN := $(INTEG_SRC:tests/integration/%.c=$(B)/tests/integration/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all asan debug run test tests deps test-deps clean fuzz
all: $(B)/zhifa

asan:
	$(MAKE) VARIANT=asan all tests
debug:
	$(MAKE) VARIANT=debug all

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(B)/gen/embedded.c: $(B)/tools/embed $(EMBED_FILES) Makefile
	@mkdir -p $(dir $@)
	$(B)/tools/embed $@ $(EMBED_FILES)

$(B)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libzhifa.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/zhifa: $(B)/obj/src/cli/main.o $(B)/libzhifa.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/unit/%: tests/unit/%.c $(B)/libzhifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libzhifa.a $(LIBS) $(TEST_LIBS)

$(B)/tests/integration/%: tests/integration/%.c tests/integration/harness.c tests/integration/harness.h $(B)/libzhifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) $(LDFLAGS) -Itests/integration -o $@ $< tests/integration/harness.c $(B)/libzhifa.a $(LIBS) $(TEST_LIBS)

tests: $(B)/zhifa $(UNIT_BIN) $(INTEG_BIN) build/go/xcheck

# The record log's benchmark program (bench/ledger.sh runs it; not in make test).
$(B)/bench/ledger_bench: bench/ledger_bench.c $(B)/libzhifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libzhifa.a $(LIBS)

# The portal benchmark's loader of published decisions (bench/portal.sh).
$(B)/bench/portal_load: bench/portal_load.c $(B)/libzhifa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libzhifa.a $(LIBS)

# The Go cross-check (tests/go/xcheck): golang.org/x/mod's sumdb/note and
# sumdb/tlog from Debian's golang-golang-x-mod-dev, GOPATH mode, no network.
# One binary for every variant; tests find it at build/go/xcheck.
GO_ENV := GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off GOFLAGS= \
          GOCACHE=$(CURDIR)/build/go/cache
build/go/xcheck: $(wildcard tests/go/xcheck/*.go)
	@mkdir -p $(dir $@)
	$(GO_ENV) go vet ./tests/go/xcheck
	$(GO_ENV) go build -o $@ ./tests/go/xcheck

# libFuzzer harnesses (clang), built against the library sources directly.
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -Ibuild/fuzz/gen $(PKG_CFLAGS)
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) build/gen/embedded.c
	@mkdir -p $(dir $@) build/fuzz/gen
	clang $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) build/gen/embedded.c $(PKG_LIBS) -lpthread
fuzz: $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

# Debian packages: installed with apt-get when root, otherwise the line is printed.
RUN_PKGS := build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libssl-dev \
            libjansson-dev liboath-dev libqrencode-dev libcurl4-openssl-dev zlib1g-dev oathtool \
            libmagic-dev libavformat-dev libavcodec-dev libavutil-dev ffmpeg
# Node.js and npm come from Debian unless the machine already has them.
NODE_PKGS := $(if $(shell command -v npm 2>/dev/null),,nodejs npm)
TEST_PKGS := $(RUN_PKGS) postgresql fonts-noto-cjk libcmocka-dev clang libclang-rt-14-dev \
             chromium golang-go golang-golang-x-mod-dev $(NODE_PKGS)
deps:
	@tools/install-deps $(RUN_PKGS)
test-deps:
	@tools/install-deps $(TEST_PKGS)
	@tools/install-npm

run: deps
	$(MAKE) all
	tools/run-demo

test: test-deps
	$(MAKE) all tests
	$(MAKE) fuzz
	$(MAKE) VARIANT=asan all tests
	tools/run-tests

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
