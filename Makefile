# zhkg: `make run` (venv, install, run on seeds/ -> out/graph.jsonld) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
HANLP_STAMP := $(VENV)/.installed-hanlp

.PHONY: install install-hanlp browser run test eval eval-dev eval-pages lint dist train train-segmenter train-ner bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The optional HanLP NER backend (hanlp + torch 2.13.0 CPU wheel), needed by its tests.
$(HANLP_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[hanlp]"
	touch $(HANLP_STAMP)

install-hanlp: $(HANLP_STAMP)

# Headless Chromium (Debian's package) and a CJK font for the `zhkg show` page test and the
# docs/show.png screenshot; installed once, as root or through sudo.
CHROMIUM ?= /usr/bin/chromium
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	test -x $(CHROMIUM) || ($(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-wqy-microhei) || \
		echo "make browser: WARNING: could not install chromium; the headless page test will be skipped" >&2

run: $(STAMP)
	$(BIN)/zhkg run seeds/ --out out

test: $(STAMP) $(HANLP_STAMP) browser
	$(BIN)/python -m pytest -q

eval: run
	$(BIN)/zhkg evaluate --gold $(SHARED)/gold/seeds.gold.jsonl --pred out/graph.jsonld

# The development gold (../shared/gold/dev, GUIDE.md there): run on its texts, then score
# overall, per source and per label (`zhkg evaluate --verbose` lists the errors).
eval-dev: $(STAMP)
	$(BIN)/zhkg run $(SHARED)/gold/dev/texts --out out/dev --no-cache -q
	$(BIN)/zhkg evaluate --gold $(SHARED)/gold/dev/dev.gold.jsonl --pred out/dev/graph.jsonld \
		--json out/dev/scores.json

# The same texts as scraped pages (layouts of menus, sidebars, related news and
# comments around each one; docs/robustness.md, "Scraped pages"), beside the plain texts.
eval-pages: $(STAMP)
	$(BIN)/python bench/scraped_pages.py --shared $(SHARED) --out out/pages

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

# The wheel (dist/zhkg-*.whl, configs/ and models/ inside): `pip install dist/zhkg-*.whl`
# gives a zhkg that runs from any folder. Built with the venv's setuptools, no network.
dist: $(STAMP)
	rm -rf build/lib dist
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .
	@ls -l dist/*.whl

train: train-segmenter train-ner

train-segmenter: $(STAMP)
	$(BIN)/zhkg train segmenter --config configs/train_segmenter.cfg

train-ner: $(STAMP)
	$(BIN)/zhkg train ner --config configs/train_ner.cfg

clean:
	rm -rf out build dist *.egg-info .pytest_cache .ruff_cache

# Fuzz the whole pipeline (not in CI): FUZZ_SECONDS=600 by default; atheris if installed,
# else a hypothesis loop (FUZZ_ENGINE=hypothesis forces it). Findings: fuzz/findings/.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet atheris || true
	FUZZ_SECONDS=$(FUZZ_SECONDS) nice $(BIN)/python fuzz/fuzz_pipeline.py

# Throughput and memory of `zhkg run` (docs/benchmarks.md, "Throughput and scale"): builds
# corpora of BENCH_SIZES MB of real text into build/bench/ once, then runs one worker, all
# workers, Dask and warm reruns on corpora up to BENCH_FULL_MAX_MB, all workers (cold and
# warm) on larger ones, niced; then the CPU time of each stage on one core (bench/stages.py)
# and one-sentence against article-length documents (bench/short_docs.py).
# Results: build/bench/results.{json,md}, build/bench/stages.json and short_docs.json.
BENCH_SIZES ?= 1,10,100
BENCH_FULL_MAX_MB ?= 10
bench: $(STAMP)
	nice $(BIN)/python bench/corpora.py --sizes $(BENCH_SIZES) --shared $(SHARED) --out build/bench
	nice $(BIN)/python bench/throughput.py --sizes $(BENCH_SIZES) --full-max-mb $(BENCH_FULL_MAX_MB) --dir build/bench
	nice $(BIN)/python bench/stages.py --shared $(SHARED) --out build/bench/stages.json
	nice $(BIN)/python bench/short_docs.py --shared $(SHARED) --out build/bench/short_docs.json
