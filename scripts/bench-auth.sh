#!/usr/bin/env bash
# Benchmark (not a test): sign-in latency (Argon2id-bound) and authenticated GET /users/me throughput
# next to GET /health/live in the same run. Loopback only, bounded in time. Record in docs/benchmarks/.
source "$(dirname "$0")/bench-common.sh"
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

echo "== refresh latency, sequential, 200 rotations of one session (ms) =="
refresh=$(curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "$login" | sed -E 's/.*"refreshToken":"([^"]+)".*/\1/')
for i in $(seq 1 200); do
  out=$(curl -s -w '\n%{time_total}' -X POST $api/auth/refresh -H 'Content-Type: application/json' -d "{\"refreshToken\":\"$refresh\"}")
  refresh=$(echo "$out" | head -1 | sed -E 's/.*"refreshToken":"([^"]+)".*/\1/')
  echo "$out" | tail -1
done > "$work/refresh.txt"
echo "n=200 p50=$(percentile 50 < "$work/refresh.txt") p99=$(percentile 99 < "$work/refresh.txt") max=$(percentile 100 < "$work/refresh.txt")"

echo "== sign-in throughput, 4 concurrent clients, 20 s =="
cat > "$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$login'
wrk.headers["Content-Type"] = "application/json"
LUA
load -t2 -c4 -d20s --latency -s "$work/login.lua" $api/auth/login | grep -E "Requests/sec|50%|99%|Non-2xx" || true

token=$(curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "$login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
echo "== GET /health/live vs authenticated GET /users/me: alternating 4 x 10 s each (wrk 2 threads x 64 connections) =="
load -t2 -c64 -d5s http://127.0.0.1:8080/health/live > /dev/null
load -t2 -c64 -d5s -H "Authorization: Bearer $token" $api/users/me > /dev/null
live_sum=0; me_sum=0
for round in 1 2 3 4; do
  # Alternating cancels most of the drift between two long runs on a shared machine.
  live=$(load -t2 -c64 -d10s http://127.0.0.1:8080/health/live | awk '/Requests\/sec/ {print $2}')
  me=$(load -t2 -c64 -d10s -H "Authorization: Bearer $token" $api/users/me | awk '/Requests\/sec/ {print $2}')
  echo "  round $round: health/live $live req/s, users/me $me req/s"
  live_sum=$(echo "$live_sum + $live" | bc); me_sum=$(echo "$me_sum + $me" | bc)
done
load -t2 -c64 -d10s --latency -H "Authorization: Bearer $token" $api/users/me | grep -E "50%|99%|Non-2xx" | sed 's/^/  users\/me /'
echo "health/live: $(echo "$live_sum / 4" | bc) req/s   users/me: $(echo "$me_sum / 4" | bc) req/s   ratio: $(echo "scale=1; 100*$me_sum/$live_sum" | bc)%"
