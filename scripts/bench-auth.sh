#!/usr/bin/env bash
# Benchmark (not a test): sign-in latency (Argon2id-bound) and authenticated GET /users/me throughput
# next to GET /health/live in the same run. Loopback only, bounded in time. Record in docs/benchmarks/.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BENCH_TOOLS=1 scripts/setup.sh
mvn -B -q -DskipTests package

work=$(mktemp -d)
cleanup() { kill "${pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DEVSTACK_DATA_DIR="$work/data" JWT_PUBLIC_KEY_FILE="$work/keys/pub.pem" JWT_PRIVATE_KEY_FILE="$work/keys/priv.pem"
export RATE_LIMITS_ENABLED=false LOG_FORMAT=TEXT
java -jar verticles/target/creatorhub.jar --profile dev > "$work/node.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/health/ready)" = 200 ]; do sleep 0.2; done

api=http://127.0.0.1:8080/api/v1
curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
  -d '{"username":"bench_user","email":"bench@example.com","password":"violet-Harbor-lamp-42","role":"SUBSCRIBER"}'
login='{"login":"bench_user","password":"violet-Harbor-lamp-42"}'

percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; printf "%.1f", a[i]*1000}'; }

echo "== sign-in latency, sequential (ms) =="
for i in $(seq 1 10); do curl -s -o /dev/null -X POST $api/auth/login -H 'Content-Type: application/json' -d "$login"; done
for i in $(seq 1 200); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST $api/auth/login -H 'Content-Type: application/json' -d "$login"
done > "$work/lat.txt"
echo "n=200 p50=$(percentile 50 < "$work/lat.txt") p99=$(percentile 99 < "$work/lat.txt") max=$(percentile 100 < "$work/lat.txt")"

echo "== sign-in throughput, 4 concurrent clients, 20 s =="
cat > "$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$login'
wrk.headers["Content-Type"] = "application/json"
LUA
wrk -t2 -c4 -d20s --latency -s "$work/login.lua" $api/auth/login | grep -E "Requests/sec|50%|99%|Non-2xx" || true

token=$(curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
echo "== GET /health/live vs authenticated GET /users/me (wrk 2 threads x 64 connections, 20 s each) =="
wrk -t2 -c64 -d5s http://127.0.0.1:8080/health/live > /dev/null
wrk -t2 -c64 -d5s -H "Authorization: Bearer $token" $api/users/me > /dev/null
live=$(wrk -t2 -c64 -d20s --latency http://127.0.0.1:8080/health/live | tee "$work/live.txt" | awk '/Requests\/sec/ {print $2}')
grep -E "50%|99%" "$work/live.txt" | sed 's/^/  live /'
me=$(wrk -t2 -c64 -d20s --latency -H "Authorization: Bearer $token" $api/users/me | tee "$work/me.txt" | awk '/Requests\/sec/ {print $2}')
grep -E "50%|99%|Non-2xx" "$work/me.txt" | sed 's/^/  me   /'
echo "health/live: $live req/s   users/me: $me req/s   ratio: $(echo "scale=1; 100*$me/$live" | bc)%"
