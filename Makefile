# Two commands do all set-up: `make book` and `make test`.
# Each creates .venv from requirements.txt when it is missing or when
# requirements.txt changed, then does its work offline.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JB     := $(BIN)/jupyter-book
READY  := $(VENV)/.ready

# A fingerprint of everything the notebooks read: when it changes, the
# execution cache is cleared and every page is rebuilt (Jupyter Book's cache
# only notices changes to a notebook's own code).
INPUTS_HASH = $(shell find seeds analysis -type f -not -path '*/__pycache__/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-64)
STAMP := _build/.inputs.sha256

PDF    := _build/latex/us-russia-texts.pdf
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-plain-generic latexmk fonts-freefont-otf

.PHONY: help venv book book-stored pdf notebooks lab lint test clean
.DEFAULT_GOAL := help

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: $(READY) ## Create .venv from requirements.txt (only when needed)

# A .venv holds an editable install of the checkout that made it. A copied or moved
# checkout must never use it (its notebooks would analyse the other checkout's seeds),
# so a .venv whose stamp names another folder is removed and made again here.
ifneq ($(wildcard $(READY)),)
ifneq ($(shell cat $(READY)),$(CURDIR))
$(info .venv was made for $(shell cat $(READY)); making a new one for $(CURDIR))
$(shell rm -rf $(VENV))
endif
endif

$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	echo "$(CURDIR)" > $@

book: $(READY) ## Build the website into _build/html (warnings are errors)
	@mkdir -p _build
	@if [ "$$(cat $(STAMP) 2>/dev/null)" != "$(INPUTS_HASH)" ]; then \
	  echo "seeds/ or analysis/ changed: re-executing every notebook"; \
	  rm -rf _build/.jupyter_cache; \
	  $(JB) build . -W -n --keep-going --all; \
	else \
	  $(JB) build . -W -n --keep-going; \
	fi
	@echo "$(INPUTS_HASH)" > $(STAMP)
	@echo "Open _build/html/index.html"

# The site as `make test` builds it: every page of a notebook from the outputs stored in it (nbval,
# in the same run, executes each notebook and checks that they reproduce), the MyST-text pages
# executed (_ext/test_build.py). Warnings are errors as above. The stamp is removed, so the next
# `make book` executes every notebook again for the readers' site.
book-stored: $(READY)
	@mkdir -p _build
	@rm -f $(STAMP)
	BOOK_NOTEBOOKS=stored $(JB) build . -W -n --keep-going --all

pdf: $(READY) ## Build the PDF edition into _build/latex (needs Debian's TeX packages)
	@missing=""; \
	for tool in xelatex latexmk kpsewhich; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	for sty in fncychap.sty capt-of.sty needspace.sty framed.sty polyglossia.sty; do \
	  command -v kpsewhich >/dev/null 2>&1 && [ -n "$$(kpsewhich $$sty)" ] || missing="$$missing $$sty"; done; \
	fc-list 2>/dev/null | grep -qi FreeSerif || missing="$$missing FreeSerif-font"; \
	if [ -n "$$missing" ]; then \
	  echo "make pdf: missing:$$missing"; \
	  echo "install them with: sudo apt-get install $(TEX_PACKAGES)"; exit 1; fi
	$(JB) build . --builder pdflatex -W -n --keep-going
	ln -sf us-russia-texts.pdf _build/latex/book.pdf
	$(JB) build . -W -n --keep-going
	@echo "PDF: $(PDF)"

notebooks: $(READY) ## Re-execute the notebooks in place (refresh stored outputs)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=900 book/*.ipynb

# Extra options for JupyterLab, e.g. `make lab LAB_ARGS="--no-browser --port 8890"`.
LAB_ARGS ?=

lab: $(READY) ## Open the chapters in JupyterLab, from the project's environment
	$(BIN)/jupyter lab --notebook-dir=book $(LAB_ARGS)

lint: $(READY) ## ruff, and the contract that the package's layers import downwards only
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/lint-imports

# pytest-xdist spreads the tests over one process per CPU; a notebook's cells (nbval) and the
# tests of one file stay in one process (--dist loadfile), so module fixtures are built once.
# Each notebook executes twice: under nbval, and once on the six-source catalog of
# tests/conftest.py, shared by every test of that chapter (tests/book/test_end_to_end.py
# checks the count). The site is built from the stored outputs (book-stored), and so is the
# PDF edition that tests/book/test_pdf.py builds (BOOK_NOTEBOOKS=stored reaches its `make pdf`).
test: book-stored lint ## Build the book from stored outputs, lint, then unit tests, doctests and nbval
	BOOK_NOTEBOOKS=stored $(BIN)/python -m pytest -n auto --dist loadfile

clean: ## Remove build output and caches (keeps .venv)
	rm -rf _build .cache .pytest_cache
