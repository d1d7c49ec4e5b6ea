#!/usr/bin/env bash
# Installs what the platform and its tests need on a fresh Debian 12 machine (idempotent).
# Java 17+ and Maven come with the machine; Debian packages are installed only when missing.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# Video duration, size and poster frames (uploads still work without it).
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
# The web app's browser tests drive Debian's Chromium (never a browser a test tool downloads).
if [ "${WITH_BROWSER:-0}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
fi
if [ "${WITH_BENCH_TOOLS:-0}" = "1" ]; then
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  echo "setup: installing ${need[*]} from Debian"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v java >/dev/null || { echo "setup: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup: maven is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: node.js 20+ with npm is required (the web app is built with it)" >&2; exit 1; }
