#!/usr/bin/env bash
# Set up (if needed), build the demo database (if missing) and start the app on http://localhost:${PORT:-8501}.
# Set QCBRAND_DB to serve another database file.
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
exec .venv/bin/python -m streamlit run app.py \
  --server.headless true --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false --server.fileWatcherType none
