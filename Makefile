# delta-arc: the two commands of README.md, and the steps behind them.
.PHONY: deps build test test-asan test-release demo bench fuzz format lambda clean

JOBS ?= $(shell nproc)
# Tests mostly wait on their local servers (emulator, s3rver, Chromium): twice the cores.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) * 2 )))
FUZZ_SECONDS ?= 60

deps:
	./scripts/install_deps.sh

# The binaries and benchmarks, optimised, warnings as errors (what `make demo` runs).
build: deps
	cmake --preset ci
	cmake --build --preset ci -j $(JOBS) --target delta-arc atlan-emulator emulator_bench lambda_bench

# Every test on the optimised build (a developer's quicker loop; `make test` runs them under
# the sanitizers instead).
test-release: deps
	cmake --preset ci
	cmake --build --preset ci -j $(JOBS)
	ctest --preset ci -j $(TEST_JOBS)

test-asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(TEST_JOBS)

# Everything (the benchmarks too) built once, with warnings as errors, under ASan+UBSan, and
# every test run on it. The optimised build is `make build`'s (`make demo` runs it); building
# the sources twice would cost `make test` two more minutes than it has.
test: test-asan

demo: build
	./scripts/demo.sh

bench: build
	./scripts/bench.sh

# Each fuzz target on libFuzzer for FUZZ_SECONDS (make test only replays their corpus).
fuzz:
	./scripts/install_deps.sh --fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) ./scripts/fuzz.sh

lambda: deps
	./scripts/build_lambda.sh

format:
	find src tests bench fuzz \( -name '*.h' -o -name '*.cc' \) -print0 | xargs -0 clang-format -i

clean:
	rm -rf build
