#!/usr/bin/env bash
# Benchmark (not a test): GET /feed with 10,000 posts (max throughput with wrk, then p50/p99 at half
# that rate measured from the intended send time), and upload throughput of a 100 MB video.
# Loopback only, bounded in time and count.
source "$(dirname "$0")/bench-common.sh"
register() {
  curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"violet-Harbor-lamp-42\",\"role\":\"$2\"}"
}
token() {
  curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"violet-Harbor-lamp-42\"}" \
    | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4
}
register bench_fan SUBSCRIBER; fan=$(token bench_fan)
echo "== seeding 10,000 posts: 10 creators x 1,000, the fan subscribed to all =="
seed_start=$(date +%s)
for i in $(seq 0 9); do
  register "bench_creator_$i" CREATOR
  creator=$(token "bench_creator_$i")
  node scripts/bench/seed-posts.mjs "$api" "$creator" 1000 8
  curl -s -o /dev/null -X POST "$api/creators/bench_creator_$i/subscriptions" -H "Authorization: Bearer $fan" \
    -H 'Content-Type: application/json' -d '{"paymentMethod":"pm_card_visa"}'
done
echo "seeded in $(( $(date +%s) - seed_start )) s"
feed="$api/feed?limit=20"
curl -s -o "$work/first-page.json" "$feed" -H "Authorization: Bearer $fan"; head -c 300 "$work/first-page.json"; echo

echo "== GET /feed, max throughput (wrk 2 threads x 32 connections, 20 s) =="
load -t2 -c32 -d5s -H "Authorization: Bearer $fan" "$feed" > /dev/null
max=$(load -t2 -c32 -d20s --latency -H "Authorization: Bearer $fan" "$feed" | tee "$work/max.txt" | awk '/Requests\/sec/ {print int($2)}')
grep -E "Requests/sec|50%|99%|Non-2xx" "$work/max.txt" || true
# RATE sets the constant rate instead (to compare runs whose maxima differ).
half=${RATE:-$(( max / 2 ))}
echo "== GET /feed at half the max rate ($half req/s, 5 s unrecorded warm-up then 20 s, latency from intended send time) =="
${LOAD_CPUS:+taskset -c "$LOAD_CPUS"} node scripts/bench/constant-rate.mjs "$feed" "$fan" "$half" 20

echo "== upload of a 100 MB video =="
register bench_uploader CREATOR; uploader=$(token bench_uploader)
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30" -t 45 -c:v libx264 -preset ultrafast -b:v 32M -maxrate 32M -bufsize 8M \
  -pix_fmt yuv420p "$work/video.mp4"
size=$(stat -c %s "$work/video.mp4")
for round in 1 2 3; do
  out=$(curl -s -w ' %{http_code} %{time_total}' -X POST "$api/media" -H "Authorization: Bearer $uploader" -F "file=@$work/video.mp4;type=video/mp4")
  seconds=${out##* }; rest=${out% *}; status=${rest##* }
  echo "  round $round: $size bytes, HTTP $status, ${seconds} s, $(echo "scale=1; $size / 1048576 / $seconds" | bc) MB/s  ${rest% *}" | cut -c1-220
done
