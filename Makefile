# rtrans — top-level Makefile (GNU make).
#   make            build/rtrans
#   make check      every test; ends with "N passed, N failed"
#   make demo       set up, build, show an example
#   make deps       install missing Debian 12 packages
#   make fuzz       libFuzzer target over the frontend (FUZZ_SECONDS=...)
#   make fuzz-jit   random BF and boxvm programs, --no-jit vs JIT (JIT_FUZZ_COUNT=...)
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
            $(wildcard rtyper/*.c) $(wildcard prebuild/*.c) \
            $(wildcard backend/jitcode/*.c) runtime/jit/jitcode.c runtime/jit/jitcode_dump.c
# the LLVM backend: a shared library the driver dlopens when it emits code
# (driver/backend_load.h), so runs that stop earlier never map libLLVM
BACKEND_SRCS := $(wildcard backend/llvm/*.c)
GEN_SRCS := $(GEN)/lexer.c $(GEN)/parser.c
DRIVER_SRCS := $(wildcard driver/*.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)

# Object lists for a build flavour: $(call objs,DIR)
objs = $(patsubst %.c,$(1)/%.o,$(LIB_SRCS)) $(patsubst $(GEN)/%.c,$(1)/gen/%.o,$(GEN_SRCS))

PLAIN_OBJS := $(call objs,$(B)/obj)
ASAN_OBJS  := $(call objs,$(B)/asan)
BACKEND_OBJS      := $(patsubst %.c,$(B)/pic/%.o,$(BACKEND_SRCS))
BACKEND_ASAN_OBJS := $(patsubst %.c,$(B)/asan-pic/%.o,$(BACKEND_SRCS))
DRIVER_OBJS       := $(patsubst %.c,$(B)/obj/%.o,$(DRIVER_SRCS))
DRIVER_ASAN_OBJS  := $(patsubst %.c,$(B)/asan/%.o,$(DRIVER_SRCS))
# rtrans exports every core symbol (the backend library links against them)
EXPORT_CORE = -rdynamic -Wl,--whole-archive $(1) -Wl,--no-whole-archive

.PHONY: all check demo deps fuzz fuzz-jit bench clean unit-tests asan runtime
.DEFAULT_GOAL := all

all: $(B)/rtrans $(B)/librtrans-llvm.so $(B)/librlrt.a $(B)/librlrt-asan.a $(B)/librljit.a $(B)/jitopt

# ---- generated scanner and parser ------------------------------------------
$(GEN)/parser.c $(GEN)/parser.h: frontend/parser.y
	@mkdir -p $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h: frontend/lexer.l $(GEN)/parser.h
	@mkdir -p $(GEN)
	$(FLEX) --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

# the runtime's view of the fixed low-level layouts, from the translator's
# own layout code (tools/gen_layout.c)
$(B)/tools/gen_layout: tools/gen_layout.c rtyper/llfixed.c rtyper/llfixed.h core/lltype.c core/lltype.h core/llops.def core/arena.c core/intern.c core/vec.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O1 -o $@ tools/gen_layout.c rtyper/llfixed.c core/lltype.c core/arena.c core/intern.c core/vec.c

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

$(B)/librtrans.a: $(PLAIN_OBJS) Makefile
	rm -f $@ && ar rcs $@ $(filter %.o,$^)

$(B)/rtrans: $(DRIVER_OBJS) $(B)/librtrans.a | $(B)/librtrans-llvm.so
	$(CC) -g -o $@ $(DRIVER_OBJS) $(call EXPORT_CORE,$(B)/librtrans.a) -lm -ldl

# the backend's objects (position-independent: they go into a shared library)
$(B)/pic/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) -fPIC -c $< -o $@

$(B)/librtrans-llvm.so: $(BACKEND_OBJS)
	$(CC) -shared -g -o $@ $^ $(LLVM_LIBS)

# the backend linked statically, for the unit tests
$(B)/librtrans-llvm.a: $(BACKEND_OBJS)
	rm -f $@ && ar rcs $@ $^

# ---- the runtime linked into every translated program -----------------------
# runtime/*.c (GC, exceptions, main, I/O) and runtime/text/*.c, -O2, PIC;
# an ASan/UBSan flavour for sanitized programs. The archives are linked
# statically, so nothing interposes their functions: with
# -fno-semantic-interposition the compiler may inline calls within a file
# (the Lua benchmarks -0.8% geomean, the x64 trace compiler -10%).
RT_SRCS      := $(wildcard runtime/*.c) $(wildcard runtime/text/*.c)
RT_OBJS      := $(patsubst %.c,$(B)/rt/%.o,$(RT_SRCS))
RT_ASAN_OBJS := $(patsubst %.c,$(B)/rt-asan/%.o,$(RT_SRCS))

$(B)/rt/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O2 -fPIC -fno-semantic-interposition -c $< -o $@

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

$(B)/librtrans-asan.a: $(ASAN_OBJS) Makefile
	rm -f $@ && ar rcs $@ $(filter %.o,$^)

$(B)/asan/rtrans: $(DRIVER_ASAN_OBJS) $(B)/librtrans-asan.a | $(B)/asan/librtrans-llvm.so
	$(CLANG) $(SAN_FLAGS) -g -o $@ $(DRIVER_ASAN_OBJS) $(call EXPORT_CORE,$(B)/librtrans-asan.a) -lm -ldl

$(B)/asan-pic/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 -fPIC $(SAN_FLAGS) -c $< -o $@

# built without the sanitizer runtime: the executable provides it
$(B)/asan/librtrans-llvm.so: $(BACKEND_ASAN_OBJS)
	$(CLANG) -shared -g -o $@ $^ $(LLVM_LIBS)

$(B)/librtrans-llvm-asan.a: $(BACKEND_ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

asan: $(B)/asan/rtrans $(B)/asan/librtrans-llvm.so $(B)/asan/jitopt

# ---- unit tests (cmocka), plain and sanitized -------------------------------
UNIT_BINS      := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
UNIT_ASAN_BINS := $(patsubst tests/unit/%.c,$(B)/unit-asan/%,$(UNIT_SRCS))

# the JIT runtime's tests need the program runtime too (GC, exceptions)
$(B)/unit/%: tests/unit/%.c $(B)/librtrans-llvm.a $(B)/librtrans.a $(B)/librljit.a $(B)/librlrt.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -O1 -o $@ $< $(B)/librtrans-llvm.a $(B)/librtrans.a $(B)/librljit.a $(B)/librlrt.a -lcmocka -lgc -lpthread $(LLVM_LIBS) -lm

$(B)/unit-asan/%: tests/unit/%.c $(B)/librtrans-llvm-asan.a $(B)/librtrans-asan.a $(B)/librljit-asan.a $(B)/librlrt-asan.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(SAN_FLAGS) -o $@ $< $(B)/librtrans-llvm-asan.a $(B)/librtrans-asan.a $(B)/librljit-asan.a $(B)/librlrt-asan.a -lcmocka -lgc -lpthread $(LLVM_LIBS) -lm

unit-tests: $(UNIT_BINS) $(UNIT_ASAN_BINS)

# ---- fuzzing ----------------------------------------------------------------
FUZZ_SECONDS ?= 30
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRCS := $(LIB_SRCS)
FUZZ_TARGET ?= fuzz_frontend
# fuzz_frontend: parse, flow graphs, dumps; fuzz_translate: also prebuild,
# the annotator, the rtyper and the codewriter (not the LLVM backend)
$(B)/fuzz/%: fuzz/%.c $(FUZZ_SRCS) $(GEN_SRCS) | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CLANG) $(CFLAGS_BASE) -O1 $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRCS) $(GEN_SRCS) -lm

fuzz: deps $(B)/fuzz/$(FUZZ_TARGET)
	@mkdir -p $(B)/fuzz/corpus-$(FUZZ_TARGET)
	$(B)/fuzz/$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) -jobs=1 -workers=1 \
	  -max_len=4096 -timeout=10 -rss_limit_mb=3072 \
	  $(B)/fuzz/corpus-$(FUZZ_TARGET) fuzz/corpus

# The random differential JIT tests, longer than make check's 30 BF and
# 20 boxvm programs: JIT_FUZZ_COUNT programs of each, then a quarter as
# many with --gc=gen and a 32 KB nursery.
JIT_FUZZ_COUNT ?= 2000
fuzz-jit: all
	bash tests/jit_fuzz/run.sh $(JIT_FUZZ_COUNT) 1
	bash tests/jit_fuzz/run_box.sh $(JIT_FUZZ_COUNT) 1
	RTRANS_GC=gen RTRANS_NURSERY_KB=32 bash tests/jit_fuzz/run.sh $$(($(JIT_FUZZ_COUNT) / 4)) 1
	RTRANS_GC=gen RTRANS_NURSERY_KB=32 bash tests/jit_fuzz/run_box.sh $$(($(JIT_FUZZ_COUNT) / 4)) 1

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
