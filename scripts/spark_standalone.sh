#!/usr/bin/env bash
# Start a Spark standalone master + worker(s) on 127.0.0.1, run rasd's Spark engine (or a command) against it,
# and stop every daemon by PID. The pyspark wheel ships bin/spark-class but no sbin/start-master.sh, so the
# daemons are started with spark-class directly.
# Usage: scripts/spark_standalone.sh TARGET...            (default: examples/demo; STORE=/tmp/x.db picks the store)
#        scripts/spark_standalone.sh -- COMMAND [ARG...]  (runs COMMAND with MASTER=spark://... and
#                                                          RASD_BENCH_PIDS="master and worker pids" exported)
# WORKERS (default 1), WORKER_CORES (default 2) and WORKER_MEMORY (default 2g) size the cluster.
set -euo pipefail
PY="${PYTHON:-.venv/bin/python}"
SPARK_HOME="$("$PY" -c 'import pyspark,os;print(os.path.dirname(pyspark.__file__))')"
# Absolute path to the venv's python, NOT symlink-resolved: readlink -f would give the base interpreter,
# whose executors cannot import rasd.
PYSPARK_PYTHON="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON
PORT="${SPARK_MASTER_PORT:-7077}"
WORKERS="${WORKERS:-1}"
LOGS="$(mktemp -d)"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port 0 >"$LOGS/master.log" 2>&1 &
PIDS=("$!")
for w in $(seq "$WORKERS"); do
  "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores "${WORKER_CORES:-2}" --memory "${WORKER_MEMORY:-2g}" --webui-port 0 \
    --work-dir "$LOGS/work$w" "spark://127.0.0.1:$PORT" >"$LOGS/worker$w.log" 2>&1 &
  PIDS+=("$!")
done
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true; }
trap cleanup EXIT
registered=0
for _ in $(seq 120); do
  registered="$(cat "$LOGS"/worker*.log | grep -c "Successfully registered with master" || true)"
  [ "$registered" -ge "$WORKERS" ] && break
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || break 2; done
  sleep 1
done
if [ "$registered" -lt "$WORKERS" ]; then  # a job against a master without its workers would wait forever
  echo "only $registered of $WORKERS workers registered with the master; logs in $LOGS" >&2
  tail -n 20 "$LOGS"/*.log >&2
  exit 1
fi
MASTER="spark://127.0.0.1:$PORT"
echo "master pid ${PIDS[0]}, worker pids ${PIDS[*]:1}, $MASTER" >&2
if [ "${1:-}" = "--" ]; then
  shift
  rc=0
  MASTER="$MASTER" RASD_BENCH_PIDS="${PIDS[*]}" "$@" || rc=$?
  echo "logs: $LOGS" >&2
  exit "$rc"
fi
STORE="${STORE:-$(mktemp -d)/standalone.db}"
"$PY" - "$STORE" "$MASTER" "${@:-examples/demo}" <<'PYEOF'
import json, sys
from pathlib import Path
from rasd.engines import run_spark
from rasd.settings import load_settings
store, master, *targets = sys.argv[1:]
settings = {**load_settings(environ={}, config_file=Path("/nonexistent/rasd.toml")), "workers": 1}
print(json.dumps(run_spark(targets, store, settings, master=master), ensure_ascii=False, indent=1))
PYEOF
echo "store: $STORE  logs: $LOGS"
