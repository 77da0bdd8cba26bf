#!/usr/bin/env bash
# Set up everything the tests need (if missing), check the boundaries, and run the whole test suite.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
# the layers' import contracts (pyproject.toml [tool.importlinter]), the types, the lint: each fails the run
.venv/bin/lint-imports --no-cache
.venv/bin/mypy --no-incremental
.venv/bin/ruff check --no-cache .
exec .venv/bin/python -m pytest "$@"
