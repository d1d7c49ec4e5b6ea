#!/usr/bin/env bash
# The web app (sources in webroot/, built into webroot/dist/, which the gateway serves):
#   scripts/web.sh build   install its npm packages (from the lock file) and build it when sources changed
#   scripts/web.sh lint    ESLint (TypeScript, hooks, jsx-a11y) and Prettier's check (npm run format fixes the latter)
#   scripts/web.sh test    component tests (Vitest)
#   scripts/web.sh e2e     browser tests in Debian's Chromium against a platform started from the jar
set -euo pipefail
cd "$(dirname "$0")/../webroot"

install() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "web: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-build}" in
  build)
    install
    if [ ! -f dist/index.html ] || [ -n "$(find index.html vite.config.ts package-lock.json src -newer dist/index.html -type f | head -n 1)" ]; then
      echo "web: building webroot/dist/"
      npm run --silent build
    fi
    ;;
  lint)
    install
    npm run --silent lint
    ;;
  test)
    install
    npx vitest run
    ;;
  e2e)
    install
    node e2e/run.mjs
    ;;
  *)
    echo "usage: scripts/web.sh [build|lint|test|e2e]" >&2
    exit 2
    ;;
esac
