# Claim Tracker: `make run` (install, load the example, serve) and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
# `make serve` listens on 8000 unless PORT was given on the command line or in the environment.
SERVE_PORT := $(if $(filter environment command line,$(origin PORT)),$(PORT),8000)
STAMP  := $(VENV)/.installed
FUZZ_STAMP := $(VENV)/.installed-fuzz
TRAIN_STAMP := $(VENV)/.installed-train
# `make fuzz`: the route walk's example counts times FUZZ_SCALE (10: 100,000 cases), with a random seed, then
# Schemathesis with FUZZ_API_EXAMPLES cases per API operation against a live server.
FUZZ_SCALE ?= 10
FUZZ_API_EXAMPLES ?= 1000
export FLASK_APP := app.py

# Debian's FreeDict French-English and English-French dictionaries, and Apertium's pairs read through a pivot
# language (with lttoolbox's lt-proc), read by the evidence linker (checker/text/crosslingual.py).
DICTIONARIES := dict-freedict-fra-eng dict-freedict-eng-fra lttoolbox apertium-fr-es apertium-eng-spa \
                apertium-eo-fr apertium-eo-en apertium-fra-cat apertium-eng-cat
DICTD_DIR    ?= /usr/share/dictd

.PHONY: install dictionaries run test fuzz serve bench train translations clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# As root with apt-get, installs the dictionaries; otherwise says in one line that linking goes without them.
# Then builds the lexicon the linker derives from them (cached under instance/cache; about half a minute once).
dictionaries: $(STAMP)
	@if [ -f $(DICTD_DIR)/freedict-fra-eng.index ] && [ -f $(DICTD_DIR)/freedict-eng-fra.index ] \
	    && command -v lt-proc >/dev/null 2>&1 && [ -d /usr/share/apertium/apertium-eng-cat ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DICTIONARIES) >/dev/null 2>&1 \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DICTIONARIES) >/dev/null; } \
	  || echo "make: could not install $(DICTIONARIES); evidence linking uses what is installed, at least cognates, names and numbers"; \
	else echo "make: dictionaries missing (installing them needs root and apt-get: apt-get install $(DICTIONARIES)); evidence linking uses what is installed, at least cognates, names and numbers"; fi
	@$(BIN)/python -c "from checker.evidence import keys; print('evidence linking lexicon:', ', '.join(keys.keyer().lexicon.sources))"

run: dictionaries
	$(BIN)/flask init-db
	$(BIN)/flask demo
	$(BIN)/flask demo-sources
	PORT=$(PORT) $(BIN)/flask demo-reviewer
	CHECKER_DEV=1 $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(FUZZ_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,fuzz]'
	touch $(FUZZ_STAMP)

fuzz: $(FUZZ_STAMP)
	CHECKER_FUZZ_SCALE=$(FUZZ_SCALE) $(BIN)/python -m pytest -p no:cacheprovider tests/web/test_route_fuzz.py
	CHECKER_FUZZ_API_EXAMPLES=$(FUZZ_API_EXAMPLES) $(BIN)/python tests/live_fuzz.py

# `make train`: the training dependencies (the optional group `train`), then the learned check-worthiness
# model rebuilt from ../shared/data/checkworthy/ (CHECKER_DATA) into checker/claims/model/, with its figures.
$(TRAIN_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,train]'
	touch $(TRAIN_STAMP)

train: $(TRAIN_STAMP)
	$(BIN)/flask train

# `make translations`: the interface's strings extracted from the code and templates into messages.pot, then
# merged into each language's catalogue (checker/translations/<code>/LC_MESSAGES/messages.po). Translate what
# comes out empty or marked fuzzy, then run tests/web/test_french_interface.py. Nothing to compile: the app
# compiles the .po files in memory when it starts serving a language.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 -k _l --no-location --sort-output --omit-header -w 120 \
	  -o checker/translations/messages.pot .
	$(BIN)/pybabel update -i checker/translations/messages.pot -d checker/translations -w 120 --ignore-obsolete \
	  --ignore-pot-creation-date

serve: $(STAMP)
	$(BIN)/flask init-db
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(SERVE_PORT) 'checker:create_app()'

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/checkworthiness.py
	$(BIN)/python benchmarks/scrape.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/link.py
	$(BIN)/python benchmarks/crosslingual.py
	$(BIN)/python benchmarks/public.py
	$(BIN)/python benchmarks/scorecards.py

clean:
	rm -rf $(VENV) db/*.db db/*.db-wal db/*.db-shm
