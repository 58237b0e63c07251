# niche: a thin wrapper over CMake and CTest (like Redis's root Makefile).
#
#   make            build into build/
#   make demo       install missing Debian packages, build, run `niche demo`
#   make check      build and run every test (CTest)
#   make asan       every test again under ASan + UBSan, built with clang
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   make bench      benchmarks (bench/); figures go to docs/benchmarks.md
#   make install    PREFIX=/usr/local: binary, libraries, headers, pkg-config
#   make deps       install missing Debian packages only

PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE ?= cmake
CTEST ?= ctest

BUILD := build
CONFIGURE = $(CMAKE) -S . -B $(1) -DCMAKE_BUILD_TYPE=$(2) $(3) >/dev/null

.PHONY: all build demo deps check asan fuzz bench install clean

all: build

build:
	@$(call CONFIGURE,$(BUILD),RelWithDebInfo,)
	@$(CMAKE) --build $(BUILD) -j $(JOBS)

deps:
	@scripts/install-deps.sh

demo: deps build
	@rm -f demo.db demo.db-wal demo.db-shm demo.db.index
	$(BUILD)/niche --db demo.db demo

check: build
	@cd $(BUILD) && $(CTEST) --output-on-failure -j $(JOBS)

asan:
	@CC=clang $(call CONFIGURE,build-asan,Debug,-DNICHE_ASAN=ON)
	@$(CMAKE) --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(CTEST) --output-on-failure -j $(JOBS)

# Fuzzers run on a copy of each corpus so that new inputs stay out of the
# tree; crashes land in build-fuzz/crashes/ (add them to the corpus with a
# regression test once fixed).
fuzz:
	@CC=clang $(call CONFIGURE,build-fuzz,RelWithDebInfo,-DNICHE_FUZZ=ON -DNICHE_ASAN=ON -DNICHE_TESTS=ON)
	@$(CMAKE) --build build-fuzz -j $(JOBS) --target fuzz_csv fuzz_jsonl fuzz_jsonflat fuzz_value fuzz_import fuzz_prices fuzz_text fuzz_index fuzz_sketch fuzz_facts
	@mkdir -p build-fuzz/crashes
	@set -e; for f in csv jsonl jsonflat value import prices text index sketch facts; do \
		rm -rf build-fuzz/corpus-$$f && cp -r tests/fuzz/corpus/$$f build-fuzz/corpus-$$f; \
		echo "fuzz: $$f for $(FUZZ_SECONDS)s"; \
		build-fuzz/tests/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-artifact_prefix=build-fuzz/crashes/$$f- -print_final_stats=1 \
			build-fuzz/corpus-$$f 2>build-fuzz/fuzz-$$f.log \
			|| { tail -40 build-fuzz/fuzz-$$f.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units|Done' build-fuzz/fuzz-$$f.log | tail -2; \
	done

bench:
	@$(call CONFIGURE,build-bench,Release,-DNICHE_TESTS=OFF)
	@$(CMAKE) --build build-bench -j $(JOBS)
	@bench/run.sh build-bench

install: build
	@$(CMAKE) --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf build build-asan build-fuzz build-bench
