# rtrans — top-level Makefile (GNU make).
#   make            build/rtrans
#   make check      every test; ends with "N passed, N failed"
#   make demo       set up, build, show an example
#   make deps       install missing Debian 12 packages
#   make fuzz       libFuzzer target over the frontend (FUZZ_SECONDS=...)
#   make bench      benchmarks (reported, never asserted)

CC       ?= cc
CLANG    ?= clang-19
FLEX     ?= flex
BISON    ?= bison
OPT      ?= -O2
WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
STD      := -std=c11 -D_POSIX_C_SOURCE=200809L
CFLAGS_BASE = $(STD) $(WARN) -g -MMD -MP -Ibuild/gen -I. $(LLVM_CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

B        := build
# LLVM 19 through LLVM-C (backend/llvm); -isystem keeps our warnings off
# LLVM's headers
LLVM_CONFIG ?= llvm-config-19
LLVM_CFLAGS := -isystem $(shell $(LLVM_CONFIG) --includedir)
LLVM_LIBS   := $(shell $(LLVM_CONFIG) --ldflags) $(shell $(LLVM_CONFIG) --libs)
GEN      := $(B)/gen
LIB_SRCS := $(wildcard core/*.c) $(wildcard frontend/*.c) $(wildcard annotator/*.c) $(wildcard runtime/text/*.c) \
            $(wildcard rtyper/*.c) $(wildcard backend/llvm/*.c) \
            $(wildcard prebuild/*.c)
GEN_SRCS := $(GEN)/lexer.c $(GEN)/parser.c
MAIN_SRC := driver/main.c
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

# Object lists for a build flavour: $(call objs,DIR)
objs = $(patsubst %.c,$(1)/%.o,$(LIB_SRCS)) $(patsubst $(GEN)/%.c,$(1)/gen/%.o,$(GEN_SRCS))

PLAIN_OBJS := $(call objs,$(B)/obj)
ASAN_OBJS  := $(call objs,$(B)/asan)

.PHONY: all check demo deps fuzz bench clean unit-tests asan runtime
.DEFAULT_GOAL := all

all: $(B)/rtrans $(B)/librlrt.a $(B)/librlrt-asan.a $(B)/librljit.a $(B)/jitopt

# ---- generated scanner and parser ------------------------------------------
$(GEN)/parser.c $(GEN)/parser.h: frontend/parser.y
	@mkdir -p $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h: frontend/lexer.l $(GEN)/parser.h
	@mkdir -p $(GEN)
	$(FLEX) --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

# the runtime's view of the fixed low-level layouts, from the translator's
# own layout code (tools/gen_layout.c)
$(B)/tools/gen_layout: tools/gen_layout.c rtyper/llfixed.c rtyper/llfixed.h core/lltype.c core/lltype.h core/llops.def core/arena.c core/intern.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O1 -o $@ tools/gen_layout.c rtyper/llfixed.c core/lltype.c core/arena.c core/intern.c

$(GEN)/rt_layout.h: $(B)/tools/gen_layout
	@mkdir -p $(GEN)
	$(B)/tools/gen_layout > $@.tmp && mv $@.tmp $@

# every object may include the generated headers
GEN_HDRS := $(GEN)/parser.h $(GEN)/lexer.h $(GEN)/rt_layout.h

# ---- plain build ------------------------------------------------------------
$(B)/obj/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) -c $< -o $@

$(B)/obj/gen/%.o: $(GEN)/%.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) -c $< -o $@

$(B)/librtrans.a: $(PLAIN_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/rtrans: $(B)/obj/driver/main.o $(B)/librtrans.a
	$(CC) -g -o $@ $^ $(LLVM_LIBS) -lm

# ---- the runtime linked into every translated program -----------------------
# runtime/*.c (GC, exceptions, main, I/O) and runtime/text/*.c, -O2, PIC;
# an ASan/UBSan flavour for sanitized programs.
RT_SRCS      := $(wildcard runtime/*.c) $(wildcard runtime/text/*.c)
RT_OBJS      := $(patsubst %.c,$(B)/rt/%.o,$(RT_SRCS))
RT_ASAN_OBJS := $(patsubst %.c,$(B)/rt-asan/%.o,$(RT_SRCS))

$(B)/rt/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O2 -fPIC -c $< -o $@

$(B)/rt-asan/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 -fPIC $(SAN_FLAGS) -c $< -o $@

$(B)/librlrt.a: $(RT_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/librlrt-asan.a: $(RT_ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

runtime: $(B)/librlrt.a $(B)/librlrt-asan.a

# ---- the generic tracing JIT (runtime/jit/), kept out of librlrt.a ----------
# linked only into JIT-enabled executables (never --no-jit ones) and the
# unit tests; build/jitopt runs the optimizer's golden tests (tests/opt/).
JIT_SRCS      := $(wildcard runtime/jit/*.c)
JIT_OBJS      := $(patsubst %.c,$(B)/rt/%.o,$(JIT_SRCS))
JIT_ASAN_OBJS := $(patsubst %.c,$(B)/rt-asan/%.o,$(JIT_SRCS))

$(B)/librljit.a: $(JIT_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/librljit-asan.a: $(JIT_ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/jitopt: tests/opt/jitopt.c $(B)/librljit.a
	$(CC) $(CFLAGS_BASE) -O1 -o $@ $< $(B)/librljit.a -lm

$(B)/asan/jitopt: tests/opt/jitopt.c $(B)/librljit-asan.a
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(SAN_FLAGS) -o $@ $< $(B)/librljit-asan.a -lm

# ---- sanitized build (clang-19, ASan + UBSan, leaks included) --------------
$(B)/asan/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(SAN_FLAGS) -c $< -o $@

$(B)/asan/gen/%.o: $(GEN)/%.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(SAN_FLAGS) -c $< -o $@

$(B)/librtrans-asan.a: $(ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/asan/rtrans: $(B)/asan/driver/main.o $(B)/librtrans-asan.a
	$(CLANG) $(SAN_FLAGS) -g -o $@ $^ $(LLVM_LIBS) -lm

asan: $(B)/asan/rtrans $(B)/asan/jitopt

# ---- unit tests (cmocka), plain and sanitized -------------------------------
UNIT_BINS      := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
UNIT_ASAN_BINS := $(patsubst tests/unit/%.c,$(B)/unit-asan/%,$(UNIT_SRCS))

$(B)/unit/%: tests/unit/%.c $(B)/librtrans.a $(B)/librljit.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O1 -o $@ $< $(B)/librtrans.a $(B)/librljit.a -lcmocka $(LLVM_LIBS) -lm

$(B)/unit-asan/%: tests/unit/%.c $(B)/librtrans-asan.a $(B)/librljit-asan.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(SAN_FLAGS) -o $@ $< $(B)/librtrans-asan.a $(B)/librljit-asan.a -lcmocka $(LLVM_LIBS) -lm

unit-tests: $(UNIT_BINS) $(UNIT_ASAN_BINS)

# ---- fuzzing ----------------------------------------------------------------
FUZZ_SECONDS ?= 30
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRCS := $(filter-out backend/% rtyper/%,$(LIB_SRCS))
FUZZ_TARGET ?= fuzz_frontend
# fuzz_frontend: parse, flow graphs, dumps; fuzz_translate: also prebuild
# and the annotator
$(B)/fuzz/%: fuzz/%.c $(FUZZ_SRCS) $(GEN_SRCS) | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRCS) $(GEN_SRCS) -lm

fuzz: deps $(B)/fuzz/$(FUZZ_TARGET)
	@mkdir -p $(B)/fuzz/corpus-$(FUZZ_TARGET)
	$(B)/fuzz/$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) -jobs=1 -workers=1 \
	  -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	  $(B)/fuzz/corpus-$(FUZZ_TARGET) fuzz/corpus

# ---- top-level workflows ----------------------------------------------------
deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory -j2 all asan unit-tests $(B)/fuzz/fuzz_frontend $(B)/fuzz/fuzz_translate
	@bash tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@bash bench/run.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
