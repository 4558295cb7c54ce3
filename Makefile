# zhkg: `make run` (venv, install, run on seeds/ -> out/graph.jsonld) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: install run test eval lint train train-segmenter train-ner bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/zhkg run seeds/ --out out

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: run
	$(BIN)/zhkg evaluate --gold $(SHARED)/gold/seeds.gold.jsonl --pred out/graph.jsonld

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

train: train-segmenter train-ner

train-segmenter: $(STAMP)
	$(BIN)/zhkg train segmenter --config configs/train_segmenter.cfg

train-ner: $(STAMP)
	$(BIN)/zhkg train ner --config configs/train_ner.cfg

clean:
	rm -rf out build *.egg-info .pytest_cache .ruff_cache
