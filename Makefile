# All set-up happens here: every target bootstraps .venv from pyproject.toml when it is missing or stale.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := news-analysis
# the git filter named in .gitattributes: notebooks are committed without outputs (analysis/notebook_form.py)
GIT_FILTER := git rev-parse --git-dir >/dev/null 2>&1 && git config filter.notebook.clean "$(abspath $(PY)) -m analysis.notebook_form --filter" || true

.PHONY: report test lab bench corpus notebooks clean

$(STAMP): pyproject.toml setup.py analysis/_speedups.c
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[all,dev]'
	@$(GIT_FILTER)
	@touch $(STAMP)

corpus: $(STAMP)
	$(PY) -m analysis fetch

report: $(STAMP)
	$(PY) -m analysis report

test: $(STAMP)
	$(PY) -m pytest

# JupyterLab on notebooks/, with this environment registered as the kernel "news-analysis" (inside .venv only)
lab: $(STAMP)
	@$(GIT_FILTER)
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name $(KERNEL)
	$(VENV)/bin/jupyter lab notebooks

# rewrite the notebooks in their committed form (as Lab saves them, without outputs)
notebooks: $(STAMP)
	$(PY) -m analysis.notebook_form notebooks/*.ipynb

bench: $(STAMP)
	$(PY) benchmarks/run.py load analyze tone events scale

clean:
	rm -rf $(VENV) reports data/processed data/external
