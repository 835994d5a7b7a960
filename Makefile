# eddy — set-up, build and test on a fresh Debian 12 machine. `make demo` and `make test` do it all.
BUILD   ?= build
PREFIX  ?= /usr/local
JOBS    ?= $(shell nproc)
EDDY    := $(BUILD)/eddy

# Debian packages the build and the tests need; `deps` installs the missing ones.
PACKAGES := g++ cmake make pkg-config libsimdjson-dev libcli11-dev libfmt-dev libtomlplusplus-dev \
            liblmdb-dev doctest-dev zlib1g-dev libzstd-dev libabsl-dev libxxhash-dev libre2-dev tzdata \
            jq gzip zstd python3

.PHONY: all deps build demo test unit golden scenarios bench install clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target eddy
	@echo '$$ eddy run configs/clicks_per_minute.toml samples/clicks.ndjson.gz --stats > $(BUILD)/demo.ndjson'
	@$(EDDY) run configs/clicks_per_minute.toml samples/clicks.ndjson.gz --stats > $(BUILD)/demo.ndjson
	@echo "first 10 of $$(wc -l < $(BUILD)/demo.ndjson) rows (all in $(BUILD)/demo.ndjson):"
	@head -n 10 $(BUILD)/demo.ndjson

test: build
	@tests/run_all.sh $(BUILD)

unit: build
	@$(BUILD)/eddy_unit

golden: build
	@tests/run_golden.sh $(EDDY)

scenarios: build
	@tests/run_scenarios.sh $(EDDY)

bench: build
	@bench/run.sh $(EDDY)

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD)
