#!/usr/bin/env bash
# Benchmark (not a test): tips per second through the whole path (gateway, auth lookup, sandbox
# charge, journal, entitlements, outbox, the sandbox's webhook back to us), then reconcile:
# the creator's gross must equal 500 x the tips that got 201. Loopback only, bounded in time.
export DEPLOY_GATEWAY=2
source "$(dirname "$0")/bench-common.sh"
for who in bench_creator:CREATOR bench_fan:SUBSCRIBER; do
  curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
    -d "{\"username\":\"${who%%:*}\",\"email\":\"${who%%:*}@example.com\",\"password\":\"violet-Harbor-lamp-42\",\"role\":\"${who##*:}\"}"
done
token() {
  local reply
  reply=$(curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"$2\"}")
  echo "$reply" | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4 | grep . || { echo "sign-in of $1 failed: $reply" >&2; exit 1; }
}
fan=$(token bench_fan violet-Harbor-lamp-42); creator=$(token bench_creator violet-Harbor-lamp-42)
admin=$(token admin "$admin_password")

cat > "$work/tip.lua" <<LUA
-- Every request gets its own Idempotency-Key: run id (from the shell) + thread + counter.
local counter = 0
local thread_id = 0
local next_thread = 0
function setup(thread) next_thread = next_thread + 1; thread:set("id", "$$-" .. os.time() .. "-" .. next_thread) end
function init(args) thread_id = id end
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer $fan"
  headers["Idempotency-Key"] = thread_id .. "-" .. counter
  return wrk.format("POST", "/api/v1/tips", headers,
    '{"creator":"bench_creator","amount":{"amount":500,"currency":"USD"},"paymentMethod":"pm_card_visa"}')
end
LUA
echo "== warm-up 20 s (JIT) =="
wrk -t2 -c16 -d20s -s "$work/tip.lua" $api/tips | grep -E "Requests/sec|Non-2xx" || true
echo "== tips, wrk 2 threads x 16 connections, 30 s =="
wrk -t2 -c16 -d30s --latency -s "$work/tip.lua" $api/tips | tee "$work/wrk.txt" | grep -E "Requests/sec|50%|99%|requests in|Non-2xx"
sleep 3
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt"); non2xx=${non2xx:-0}
echo "== reconciliation =="
curl -s $api/earnings -H "Authorization: Bearer $creator" | sed -E 's/.*"gross":\{"amount":([0-9]+).*"platformFee":\{"amount":([0-9]+).*"net":\{"amount":([0-9]+).*/gross=\1 fee=\2 net=\3/'
echo
echo "tips answered 2xx in the measured run: $((total - non2xx)) (the gross above also holds the warm-up's tips)"
curl -s $api/admin/ledger/reconciliation -H "Authorization: Bearer $admin"; echo
