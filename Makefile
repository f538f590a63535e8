# noaber — the two commands of the README, and a few conveniences.
#
#   make demo   install what is missing, build, create noaber.db with the demo
#               network, print an API token and one login per role, and serve it
#               on http://localhost:8080
#   make test   the whole test suite (plain, ASan+UBSan, valgrind, PostgreSQL,
#               static analysis); it also compiles every benchmark, never runs one
#   make crash  the crash loop with CYCLES (default 100) kill -9 cycles
#   make coverage  the suite in build-coverage; line and branch coverage per
#               directory, HTML in build-coverage/coverage/index.html
#   make tidy   clang-tidy over src/ (scripts/tidy.sh); make analyze: gcc -fanalyzer
#   make screenshots  the user guide's screenshots: the browser test of the
#               whole proeftuin loop saves them in docs/handleiding/ (PNG,
#               1280 x 800, made small with pngquant)

DB ?= noaber.db
LISTEN ?= 127.0.0.1:8080
CYCLES ?= 100

.PHONY: demo test deps build bench crash coverage clean tidy analyze format screenshots

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

screenshots: build
	@scripts/setup.sh screenshots
	rm -f docs/handleiding/*.png
	NOABER_BIN=$(CURDIR)/build/noaber NOABER_SCREENSHOTS=docs/handleiding \
		node --test tests/web/loop.test.mjs
	@# pngquant exits 98 when a smaller file would not be smaller: keep the original
	for f in docs/handleiding/*.png; do \
		pngquant --force --skip-if-larger --strip --ext .png "$$f" || [ $$? -eq 98 ]; done

clean:
	rm -rf build build-asan build-bench build-coverage build-analyzer build*.log
