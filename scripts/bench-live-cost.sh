#!/usr/bin/env bash
# Benchmark (not a test): what a live room costs the server. The target is pinned to one core
# (NODE_CPUS, default 0) and the load generator to the other (LOAD_CPUS, default 1); for each step
# (viewers:msgs-per-second) RoomLoad reads the target's process CPU from /proc, first with the
# viewers connected and quiet, then while the publisher sends, and prints the difference per
# delivery. Three targets, one after the other, under the same load: the platform's room (one whole
# node, JFR profile kept), a bare Vert.x WebSocket broadcast and a Socket.IO 4 server (Node).
# First the platform's cost per chat message alone (one viewer, INGEST_RATE msg/s, default 50).
# Loopback only, bounded in time and count. STEPS and SECONDS_PER_STEP can be overridden.
ulimit -n "$(ulimit -Hn)"
export NODE_CPUS=${NODE_CPUS:-0} LOAD_CPUS=${LOAD_CPUS:-1}
out=${JFR_OUT:-target/bench-live-cost}
mkdir -p "$(dirname "$0")/../$out"
export NODE_JAVA_OPTS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:StartFlightRecording=filename=$out/platform.jfr,settings=profile"
source "$(dirname "$0")/bench-common.sh"
STEPS=${STEPS:-"1000:10 2000:10 5000:2 10000:2"}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-10}
source "$(dirname "$0")/bench-live-room.sh"
room_load() { # port, target pid, RoomLoad args after the port...
  local port=$1 target=$2
  shift 2
  # shellcheck disable=SC2086
  local steps=$STEPS
  taskset -c "$LOAD_CPUS" java -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=10 -Dserver.pid="$target" "${LOAD_PROPS[@]}" -cp "$cp" \
    dev.creatorhub.bench.RoomLoad "$port" "$@" "$SECONDS_PER_STEP" $steps
}
wait_port() { until (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; do sleep 0.2; done; }

echo "== platform node (every domain) on cpu $NODE_CPUS, room live.room.$stream, $SECONDS_PER_STEP s per step =="
echo "-- a chat message's own cost: one viewer, ${INGEST_RATE:=50} msg/s (us/message) --"
LOAD_PROPS=(-Dwarmup=1:"$INGEST_RATE":20)
STEPS="1:$INGEST_RATE" room_load 8080 "$pid" "live.room.$stream" "$viewer" "$host" "$stream"
echo "-- deliveries --"
LOAD_PROPS=()
room_load 8080 "$pid" "live.room.$stream" "$viewer" "$host" "$stream"
jcmd "$pid" JFR.dump filename="$out/platform.jfr" > /dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

echo "== bare Vert.x WebSocket broadcast on cpu $NODE_CPUS =="
taskset -c "$NODE_CPUS" java -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -cp "$cp" dev.creatorhub.bench.BareBroadcast 8090 > "$work/bare.log" 2>&1 &
pid=$!
wait_port 8090
room_load 8090 "$pid" room none none none
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

echo "== Socket.IO on cpu $NODE_CPUS =="
(cd scripts/bench/socketio && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
taskset -c "$NODE_CPUS" node scripts/bench/socketio/server.js 8091 > "$work/socketio.log" 2>&1 &
pid=$!
wait_port 8091
head -1 "$work/socketio.log"
LOAD_PROPS=(-Dprotocol=socketio)
room_load 8091 "$pid" room none none none
echo "platform JFR profile: $out/platform.jfr"
