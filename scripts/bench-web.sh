#!/usr/bin/env bash
# Web budget benchmark: initial JS (gzipped) and the feed's cold-load time to interactive in Chromium.
# Builds what is missing, starts its own platform on port 8085 (E2E_PORT), prints numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 scripts/setup.sh
scripts/web.sh build
[ -f verticles/devnode/target/creatorhub-dev.jar ] || mvn -B -q -DskipTests package
cd webroot && exec node e2e/bench.mjs
