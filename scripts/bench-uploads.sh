#!/usr/bin/env bash
# Benchmark (not a test): how fast a small image upload stays while decompression bombs are being
# processed. A bomb is a ~200 KB PNG of 7000 x 7000 pixels (49 MP, under the pixel limit): cheap to
# send, costly to decode and re-encode. Prints the small upload's latency alone and with four bombs
# in flight (from four accounts, so the per-user cap does not refuse them), the bombs' own times, and
# what one account sending four at once gets. Loopback only, bounded in count.
source "$(dirname "$0")/bench-common.sh"
SMALL_UPLOADS=${SMALL_UPLOADS:-10}

signup() {
  curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"violet-Harbor-lamp-42\",\"role\":\"CREATOR\"}"
  curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"violet-Harbor-lamp-42\"}" \
    | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4
}
small_token=$(signup bench_small)
bomb_tokens=(); for i in 1 2 3 4; do bomb_tokens+=("$(signup bench_bomb$i)"); done

ffmpeg -v error -y -f lavfi -i color=c=white:s=7000x7000 -frames:v 1 "$work/bomb.png"
ffmpeg -v error -y -f lavfi -i testsrc=size=64x64 -frames:v 1 "$work/small.png"
echo "bomb: $(stat -c %s "$work/bomb.png") bytes, 7000x7000; small: $(stat -c %s "$work/small.png") bytes, 64x64"

upload() { # token file -> "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST $api/media -H "Authorization: Bearer $1" -F "file=@$2;type=image/png"
}
smalls() {
  for _ in $(seq "$SMALL_UPLOADS"); do upload "$small_token" "$work/small.png"; done | sort -k2 -n | awk '
    { s[NR] = $2; codes[$1]++ } END { printf "n=%d p50=%.3f s max=%.3f s statuses:", NR, s[int((NR + 1) / 2)], s[NR];
      for (c in codes) printf " %s x%d", c, codes[c]; print "" }'
}

upload "$small_token" "$work/small.png" > /dev/null # warm up
echo "small upload alone:            $(smalls)"

bombs=()
for t in "${bomb_tokens[@]}"; do upload "$t" "$work/bomb.png" > "$work/bomb-$RANDOM.out" & bombs+=($!); done
sleep 0.3
echo "small upload with 4 bombs:     $(smalls)"
wait "${bombs[@]}" || true
echo "the bombs (status, seconds):   $(cat "$work"/bomb-*.out | tr '\n' ' ')"
rm -f "$work"/bomb-*.out

same=()
for _ in 1 2 3 4; do upload "${bomb_tokens[0]}" "$work/bomb.png" > "$work/same-$RANDOM.out" & same+=($!); done
wait "${same[@]}" || true
echo "one account, 4 bombs at once:  $(cat "$work"/same-*.out | tr '\n' ' ')"
