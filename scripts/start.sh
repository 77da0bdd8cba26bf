#!/usr/bin/env bash
# Set up (if needed), build the demo database (if missing) and start the app on http://localhost:${PORT:-8501}.
# Set QCBRAND_DB to serve another database file, WORKERS=N for N app processes behind nginx (2 on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
db="${QCBRAND_DB:-data/qcbrand.duckdb}"
if [ ! -e "$db" ]; then
  echo "start: building the demo database (示例数据) at $db"
  .venv/bin/qcbrand --db "$db" demo
fi
export QCBRAND_DB="$db"
echo "start: open http://localhost:${PORT:-8501} (Ctrl-C stops)"
exec .venv/bin/qcbrand --db "$db" serve --port "${PORT:-8501}" --workers "${WORKERS:-1}"
