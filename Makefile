# mly360 — two commands set everything up (`make setup`, `make build`), `make demo` runs the main job,
# `make test` runs the tests. `make test` and `make demo` run `setup` first, so either works on a new machine.

SWIFT      ?= swift
PREFIX     ?= /usr/local
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Libraries we link against, the peer tools that tests and `make bench` compare with, and the browser the
# review-page test renders in.
APT_PKGS   := pkg-config libturbojpeg0-dev libexif-dev libsqlite3-dev libxml2-dev \
              jpeginfo libvips-tools libimage-exiftool-perl imagemagick time curl gdal-bin \
              chromium fonts-dejavu-core
BIN_DEBUG   = $(shell $(SWIFT) build --show-bin-path)
BIN_RELEASE = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: setup build test test-sanitize fuzz fuzz-smoke demo bench bench-peers install clean

setup:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "setup: all system packages present"; fi

build: setup
	$(SWIFT) build -c release

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

# The suite under AddressSanitizer (with LeakSanitizer), then under ThreadSanitizer, each in its own build
# folder (.build-asan, .build-tsan); suppressions, each with its reason, in scripts/sanitizers/.
test-sanitize: setup
	./scripts/test-sanitize.sh

# libFuzzer: every parser of untrusted bytes for FUZZ_SECONDS each (default 60); see scripts/fuzz.sh.
fuzz: setup
	./scripts/fuzz.sh

# The same for 10 s a target: run by .ci/run after the tests.
fuzz-smoke: setup
	FUZZ_SECONDS=10 ./scripts/fuzz.sh

demo: setup
	$(SWIFT) build -c release
	./scripts/demo.sh "$(BIN_RELEASE)"

# cleanvision and imagededup from PyPI, for `make bench` only (never for the tests).
PEERS_VENV := .venv-bench
IMAGEDEDUP := imagededup==0.3.3.post2
bench-peers:
	@if $(PEERS_VENV)/bin/python -c "import cleanvision, imagededup" 2>/dev/null; then \
	  echo "bench-peers: cleanvision and imagededup present in $(PEERS_VENV)"; \
	else \
	  echo "bench-peers: installing cleanvision and imagededup from PyPI into $(PEERS_VENV)"; \
	  python3 -m venv $(PEERS_VENV) && $(PEERS_VENV)/bin/pip install -q -r scripts/bench-peers.txt && \
	  $(PEERS_VENV)/bin/pip install -q --no-deps $(IMAGEDEDUP) || \
	  echo "bench-peers: the install failed; the benchmark runs without those peers and says so"; \
	fi

# BENCH_FLAGS go to mly360-bench, e.g. make bench BENCH_FLAGS="--only discovery --quick".
BENCH_FLAGS ?=
bench: setup bench-peers
	$(SWIFT) build -c release
	"$(BIN_RELEASE)/mly360-bench" $(BENCH_FLAGS)

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$(BIN_RELEASE)/mly360" "$(DESTDIR)$(PREFIX)/bin/mly360"

clean:
	rm -rf .build .build-asan .build-tsan .build-fuzz mly360-demo mly360-bench-work .venv-bench
