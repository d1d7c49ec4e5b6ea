# Sourced by the scripts/bench-*.sh benchmarks: builds, then starts the dev stack and one node with
# its data in a temporary folder and rate limits off, waits until it is ready, and stops and removes
# everything on exit. Sets $work (the folder) and $api (the API base URL).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WITH_BENCH_TOOLS=1 scripts/setup.sh
mvn -B -q -DskipTests package

work=$(mktemp -d)
cleanup() { kill "${pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DEVSTACK_DATA_DIR="$work/data" JWT_PUBLIC_KEY_FILE="$work/keys/pub.pem" JWT_PRIVATE_KEY_FILE="$work/keys/priv.pem"
export DEVSTACK_SECRETS_FILE="$work/keys/dev-secrets.json"
export RATE_LIMITS_ENABLED=false LOG_FORMAT=TEXT
# NODE_CPUS (e.g. 0) pins the node, LOAD_CPUS (e.g. 1) the load generator: less noise from sharing cores.
# NODE_JAVA_OPTS replaces the node's JVM options (default: those of ./run), e.g. to compare GC settings.
# shellcheck disable=SC2086
${NODE_CPUS:+taskset -c "$NODE_CPUS"} java ${NODE_JAVA_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} -jar verticles/devnode/target/creatorhub-dev.jar --profile dev > "$work/node.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/health/ready)" = 200 ]; do sleep 0.2; done
api=http://127.0.0.1:8080/api/v1
# The first admin's password is generated per install (decision 0012).
admin_password=$(grep -o '"adminPassword" *: *"[^"]*"' "$DEVSTACK_SECRETS_FILE" | cut -d'"' -f4)
load() { ${LOAD_CPUS:+taskset -c "$LOAD_CPUS"} wrk "$@"; }
