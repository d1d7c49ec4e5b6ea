#!/usr/bin/env bash
# Benchmark (not a test): chat ingest on one node. ROOMS public rooms (each its own creator) and
# SENDERS fans spread over them, one bridge WebSocket each; ChatIngest sends live.chat.send with a
# reply address at a total rate that grows step by step (STEPS, msg/s) and times each ack. The node
# (and its redis-server) is pinned to NODE_CPUS, the generator to LOAD_CPUS; per step the node's CPU
# is read from /proc, quiet first, then under load: ms of CPU per message. VIEWERS_PER_ROOM > 0 adds
# registered viewers to every room (the mixed run: ingest + fan-out). WARMUP (msg/s:seconds, default
# 300:180) is not reported: on one core the node's JIT takes minutes to settle. A JFR profile is kept.
# The per-user chat limit is raised (LIVE_CHAT_PER_USER_PER10S) so a sender is never refused for its
# own rate; the rule still runs for every message. Loopback only, bounded in time and count.
ulimit -n "$(ulimit -Hn)"
export NODE_CPUS=${NODE_CPUS:-0} LOAD_CPUS=${LOAD_CPUS:-1} LIVE_CHAT_PER_USER_PER10S=${LIVE_CHAT_PER_USER_PER10S:-100000}
# The sign-ups are set-up, not measured: cheap password hashes for the bench's users only.
export AUTH_ARGON2_MEMORY_KI_B=${AUTH_ARGON2_MEMORY_KI_B:-1024} AUTH_ARGON2_ITERATIONS=${AUTH_ARGON2_ITERATIONS:-1}
# The bench's creators never join their rooms: their streams must not end for it.
export LIVE_CREATOR_AWAY_SECONDS=${LIVE_CREATOR_AWAY_SECONDS:-86400}
out=${JFR_OUT:-target/bench-live-ingest}
mkdir -p "$(dirname "$0")/../$out"
source "$(dirname "$0")/bench-common.sh"
ROOMS=${ROOMS:-20} SENDERS=${SENDERS:-200} SECONDS_PER_STEP=${SECONDS_PER_STEP:-10}
STEPS=${STEPS:-"50 100 200 400 800 1200 1600 2000 2400 3200"}
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test -pl verticles -am > /dev/null
cp="verticles/target/test-classes:verticles/target/classes:$(cat "$work/cp.txt")"
password=violet-Harbor-lamp-42
register() { # username, role
  curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"$password\",\"role\":\"$2\"}"
}
token() { curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"$password\"}" \
  | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4; }
streams=()
for r in $(seq 1 "$ROOMS"); do
  register "ingest_host_$r" CREATOR
  host=$(token "ingest_host_$r")
  stream=$(curl -s -X POST $api/streams -H "Authorization: Bearer $host" -H 'Content-Type: application/json' \
    -d "{\"title\":\"ingest room $r\",\"access\":\"PUBLIC\"}" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  curl -s -o /dev/null -X POST "$api/streams/$stream/start" -H "Authorization: Bearer $host"
  streams+=("$stream")
done
: > "$work/senders.txt"
for s in $(seq 1 "$SENDERS"); do
  register "ingest_fan_$s" SUBSCRIBER
  echo "$(token "ingest_fan_$s") ${streams[$(( (s - 1) % ROOMS ))]}" >> "$work/senders.txt"
done
echo "== chat ingest: $SENDERS senders over $ROOMS public rooms, ${VIEWERS_PER_ROOM:-0} viewers per room, node on cpu $NODE_CPUS, $SECONDS_PER_STEP s per step =="
# The profile covers the load only, not the sign-ups (their password hashing would swamp it).
jcmd "$pid" JFR.start name=ingest settings=profile > /dev/null
# shellcheck disable=SC2086
taskset -c "$LOAD_CPUS" java -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=10 -Dserver.pid="$pid" -Dviewers="${VIEWERS_PER_ROOM:-0}" -Dwarmup="${WARMUP:-300:180}" \
  -cp "$cp" dev.creatorhub.bench.ChatIngest 8080 "$work/senders.txt" "$SECONDS_PER_STEP" $STEPS
jcmd "$pid" JFR.dump name=ingest filename="$PWD/$out/platform.jfr" > /dev/null
echo "platform JFR profile: $out/platform.jfr"
