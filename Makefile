# noaber — the two commands of the README, and a few conveniences.
#
#   make demo   install what is missing, build, create noaber.db with the demo
#               network and serve it on http://localhost:8080
#   make test   the whole test suite (plain, ASan+UBSan, valgrind)
#   make crash  the crash loop with CYCLES (default 100) kill -9 cycles
#   make tidy   clang-tidy over src/ (scripts/tidy.sh); make analyze: gcc -fanalyzer

DB ?= noaber.db
LISTEN ?= 127.0.0.1:8080
CYCLES ?= 100

.PHONY: demo test deps build bench crash clean tidy analyze

deps:
	@scripts/setup.sh

build: deps
	@[ -f build/build.ninja ] || meson setup build -Dbuildtype=debugoptimized
	ninja -C build

demo: build
	./build/noaber init --db $(DB)
	./build/noaber demo --db $(DB) --if-empty
	@echo "noaber: a token for network management (beheer):"
	@./build/noaber token create --role beheer --label demo --db $(DB)
	./build/noaber serve --db $(DB) --listen $(LISTEN)

test: deps
	scripts/test.sh

crash: deps
	scripts/crash.sh $(CYCLES)

tidy: deps
	scripts/tidy.sh

analyze: deps
	scripts/analyze.sh

bench: deps
	@[ -f build-bench/build.ninja ] || meson setup build-bench -Dbuildtype=release -Dbench=true
	ninja -C build-bench
	bench/run.sh build-bench

clean:
	rm -rf build build-asan build-bench build-analyzer build*.log
