# Claim Tracker: `make run` (install, load the example, serve) and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
# `make serve` listens on 8000 unless PORT was given on the command line or in the environment.
SERVE_PORT := $(if $(filter environment command line,$(origin PORT)),$(PORT),8000)
STAMP  := $(VENV)/.installed
export FLASK_APP := app.py

.PHONY: install run test serve bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask init-db
	$(BIN)/flask demo
	$(BIN)/flask demo-sources
	PORT=$(PORT) $(BIN)/flask demo-reviewer
	CHECKER_DEV=1 $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/flask init-db
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(SERVE_PORT) 'checker:create_app()'

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/scrape.py
	$(BIN)/python benchmarks/link.py
	$(BIN)/python benchmarks/public.py

clean:
	rm -rf $(VENV) db/*.db db/*.db-wal db/*.db-shm
