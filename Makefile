# noaber — the two commands of the README, and a few conveniences.
#
#   make demo   install what is missing, build, create noaber.db with the demo
#               network, print an API token and one login per role, and serve it
#               on http://localhost:8080
#   make test   the whole test suite (plain, ASan+UBSan, valgrind)
#   make crash  the crash loop with CYCLES (default 100) kill -9 cycles
#   make coverage  the suite in build-coverage; line and branch coverage per
#               directory, HTML in build-coverage/coverage/index.html
#   make tidy   clang-tidy over src/ (scripts/tidy.sh); make analyze: gcc -fanalyzer

DB ?= noaber.db
LISTEN ?= 127.0.0.1:8080
CYCLES ?= 100

.PHONY: demo test deps build bench crash coverage clean tidy analyze format

deps:
	@scripts/setup.sh

build: deps
	@[ -f build/build.ninja ] || meson setup build -Dbuildtype=debugoptimized
	ninja -C build

demo: build
	./build/noaber init --db $(DB)
	@echo "noaber: a token for network management (beheer):"
	@./build/noaber token create --role beheer --label demo --db $(DB)
	@# the demo network, then one web login per role (password made for this database, shown once)
	./build/noaber demo --db $(DB) --if-empty
	./build/noaber serve --db $(DB) --listen $(LISTEN)

test: deps
	scripts/test.sh

crash: deps
	scripts/crash.sh $(CYCLES)

coverage:
	@scripts/setup.sh coverage
	scripts/coverage.sh

tidy: deps
	scripts/tidy.sh

analyze: deps
	scripts/analyze.sh

bench: deps
	@[ -f build-bench/build.ninja ] || meson setup build-bench -Dbuildtype=release -Dbench=true
	ninja -C build-bench
	bench/run.sh build-bench

format: deps
	scripts/format.sh

clean:
	rm -rf build build-asan build-bench build-coverage build-analyzer build*.log
