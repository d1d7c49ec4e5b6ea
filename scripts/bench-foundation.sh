#!/usr/bin/env bash
# Benchmark (not a test): cold start of the dev stack and of a lone node, and /health/live throughput.
# Prints figures; record them in docs/benchmarks/. Loopback only, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BENCH_TOOLS=1 scripts/setup.sh
mvn -B -q -DskipTests package

work=$(mktemp -d)
cleanup() { kill "${pid_b:-}" "${pid_a:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { # port timeout_s → prints seconds until /health/ready answered 200
  local start=$(date +%s.%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready")" = 200 ]; do
    sleep 0.1
    if (( $(echo "$(date +%s.%N) - $start > $2" | bc) )); then echo "timeout"; return 1; fi
  done
  echo "$(date +%s.%N) - $start" | bc
}

echo "== cold start of the full dev stack (empty data folder) =="
DEVSTACK_DATA_DIR="$work/data" JWT_PUBLIC_KEY_FILE="$work/keys/pub.pem" JWT_PRIVATE_KEY_FILE="$work/keys/priv.pem" \
  java -jar verticles/devnode/target/creatorhub-dev.jar --profile dev > "$work/a.log" 2>&1 &
pid_a=$!
echo "stack + node ready (s): $(wait_ready 8080 120)"
grep -E "embedded stack up|ready in" "$work/a.log" | sed 's/^/  /'

echo "== a second node alone (infrastructure already running) =="
start=$(date +%s.%N)
DEVSTACK_ENABLED=false HTTP_PORT=8081 JWT_PUBLIC_KEY_FILE="$work/keys/pub.pem" JWT_PRIVATE_KEY_FILE="$work/keys/priv.pem" \
  java -jar verticles/devnode/target/creatorhub-dev.jar --profile dev > "$work/b.log" 2>&1 &
pid_b=$!
echo "node ready (s): $(wait_ready 8081 60)"
grep -E "ready in" "$work/b.log" | sed 's/^/  /'

echo "== GET /health/live throughput (wrk, 2 threads, 64 connections, 20 s, node A) =="
wrk -t2 -c64 -d5s --latency http://127.0.0.1:8080/health/live > /dev/null   # warm-up
wrk -t2 -c64 -d20s --latency http://127.0.0.1:8080/health/live
