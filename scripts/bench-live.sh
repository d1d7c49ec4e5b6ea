#!/usr/bin/env bash
# Benchmark (not a test): one live room on one node, 1k-10k viewers on raw WebSocket bridge frames,
# a publisher sending chat at 2-10 msg/s; deliveries/s, publish->receive latency from the intended
# send time (HdrHistogram) and losses; heap per idle viewer; then the same load on a bare Vert.x
# WebSocket broadcast server (the ceiling). Loopback only, bounded in time and count.
# STEPS (viewers:msgs-per-second ...) and SECONDS per step can be overridden.
ulimit -n "$(ulimit -Hn)"
source "$(dirname "$0")/bench-common.sh"
STEPS=${STEPS:-"1000:2 1000:10 2000:2 2000:10 5000:2 5000:10 10000:2 10000:10"}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-15}
source "$(dirname "$0")/bench-live-room.sh"

heap_used_kb() { jcmd "$pid" GC.run > /dev/null; sleep 1; jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*'; }
before=$(heap_used_kb)
echo "== platform node (gateway x2, every domain), room live.room.$stream, $SECONDS_PER_STEP s per step =="
# shellcheck disable=SC2086
java -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=10 -DidleSeconds=20 -cp "$cp" dev.creatorhub.bench.RoomLoad 8080 "live.room.$stream" "$viewer" "$host" "$stream" \
  "$SECONDS_PER_STEP" $STEPS | tee "$work/platform.txt" &
load_pid=$!
until grep -q '^idle' "$work/platform.txt" 2>/dev/null; do sleep 1; kill -0 $load_pid 2>/dev/null || break; done
idle=$(grep '^idle' "$work/platform.txt" | awk '{print $2}')
after=$(heap_used_kb)
wait $load_pid || true
echo "node heap after GC: $before KB with no viewers, $after KB with $idle idle viewers -> $(( (after - before) * 1024 / idle )) bytes per idle viewer"
grep -o 'Fanout[^"]*' "$work/node.log" | head -3 || true

echo "== bare Vert.x WebSocket broadcast server (2 event loops), same load =="
java -cp "$cp" dev.creatorhub.bench.BareBroadcast 8090 > "$work/bare.log" 2>&1 &
bare=$!
until (exec 3<>/dev/tcp/127.0.0.1/8090) 2>/dev/null; do sleep 0.2; done
# shellcheck disable=SC2086
java -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=10 -cp "$cp" dev.creatorhub.bench.RoomLoad 8090 room none none none "$SECONDS_PER_STEP" $STEPS
kill $bare
