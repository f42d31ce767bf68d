# Thin wrapper over CMake. `make run` opens the course; `make test` runs everything.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-asan test-tsan bench clean

all: build

deps:
	@sh tools/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@$(BUILD)/looplab

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Sanitizer runs use their own build trees.
test-asan:
	@$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DLL_ASAN=ON -DLL_UBSAN=ON"

# LL_STRESS_YIELD: every immediate await bounces through the scheduler and
# the Lua GC runs at every task step (fully at steps 2^k).
test-stress:
	@$(MAKE) test BUILD=build-stress CMAKE_FLAGS="-DLL_STRESS=ON"

# TSan covers what has threads: the pools, the GIL, the loop's cross-thread
# wake-ups and the aio bridge to pools. (Single-threaded suites add nothing
# under TSan, and its stack depot overflows on the 10^5-task aio test.)
TSAN_TESTS ?= pool|threads|procs|loop|aio_capi|aio_future|aio_sync|aio_combine
test-tsan: deps
	@$(MAKE) build BUILD=build-tsan CMAKE_FLAGS="-DLL_TSAN=ON"
	@cd build-tsan && ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

# Side-by-side benchmark against asyncio and uvloop (real clock; not part
# of `make test`). N defaults to 100000: `make bench N=10000`.
N ?= 100000
bench: build
	@sh tools/deps.sh bench
	@bench/run.sh $(N)

clean:
	rm -rf build build-asan build-tsan build-stress
