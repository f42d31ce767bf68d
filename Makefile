# Thin wrapper over CMake. `make run` opens the course; `make test` runs everything.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-asan test-tsan clean

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

test-tsan:
	@$(MAKE) test BUILD=build-tsan CMAKE_FLAGS="-DLL_TSAN=ON"

clean:
	rm -rf build build-asan build-tsan
