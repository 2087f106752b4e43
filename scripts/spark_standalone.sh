#!/usr/bin/env bash
# Start a Spark standalone master + one worker on 127.0.0.1, run rasd's Spark engine against it,
# and stop both by PID. The pyspark wheel ships bin/spark-class but no sbin/start-master.sh, so the
# daemons are started with spark-class directly.
# Usage: scripts/spark_standalone.sh TARGET... (default: examples/demo); STORE=/tmp/x.db to choose the store.
set -euo pipefail
PY="${PYTHON:-.venv/bin/python}"
SPARK_HOME="$("$PY" -c 'import pyspark,os;print(os.path.dirname(pyspark.__file__))')"
# Absolute path to the venv's python, NOT symlink-resolved: readlink -f would give the base interpreter,
# whose executors cannot import rasd.
PYSPARK_PYTHON="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON
PORT="${SPARK_MASTER_PORT:-7077}"
STORE="${STORE:-$(mktemp -d)/standalone.db}"
LOGS="$(mktemp -d)"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port 0 >"$LOGS/master.log" 2>&1 &
MASTER_PID=$!
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 2g --webui-port 0 --work-dir "$LOGS/work" \
  "spark://127.0.0.1:$PORT" >"$LOGS/worker.log" 2>&1 &
WORKER_PID=$!
cleanup() { kill "$WORKER_PID" "$MASTER_PID" 2>/dev/null || true; wait "$WORKER_PID" "$MASTER_PID" 2>/dev/null || true; }
trap cleanup EXIT
registered=0
for _ in $(seq 120); do
  if grep -q "Successfully registered with master" "$LOGS/worker.log"; then registered=1; break; fi
  kill -0 "$MASTER_PID" 2>/dev/null && kill -0 "$WORKER_PID" 2>/dev/null || break
  sleep 1
done
if [ "$registered" != 1 ]; then  # a job against a master without a worker would wait forever
  echo "the worker did not register with the master; logs in $LOGS" >&2
  tail -n 20 "$LOGS/master.log" "$LOGS/worker.log" >&2
  exit 1
fi
echo "master pid $MASTER_PID, worker pid $WORKER_PID, spark://127.0.0.1:$PORT"
"$PY" - "$STORE" "spark://127.0.0.1:$PORT" "${@:-examples/demo}" <<'PYEOF'
import json, sys
from pathlib import Path
from rasd.engines import run_spark
from rasd.settings import load_settings
store, master, *targets = sys.argv[1:]
settings = {**load_settings(environ={}, config_file=Path("/nonexistent/rasd.toml")), "workers": 1}
print(json.dumps(run_spark(targets, store, settings, master=master), ensure_ascii=False, indent=1))
PYEOF
echo "store: $STORE  logs: $LOGS"
