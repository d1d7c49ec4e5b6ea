# Sourced by the live benchmarks after bench-common.sh: builds the test classpath ($cp), signs up a
# host and a viewer ($host and $viewer hold their tokens) and starts a public room ($stream).
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test -pl verticles -am > /dev/null
cp="verticles/target/test-classes:verticles/target/classes:$(cat "$work/cp.txt")"
for who in bench_host:CREATOR bench_viewer:SUBSCRIBER; do
  curl -s -o /dev/null -X POST $api/auth/register -H 'Content-Type: application/json' \
    -d "{\"username\":\"${who%%:*}\",\"email\":\"${who%%:*}@example.com\",\"password\":\"violet-Harbor-lamp-42\",\"role\":\"${who##*:}\"}"
done
token() { curl -s -X POST $api/auth/login -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"violet-Harbor-lamp-42\"}" | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4; }
host=$(token bench_host); viewer=$(token bench_viewer)
stream=$(curl -s -X POST $api/streams -H "Authorization: Bearer $host" -H 'Content-Type: application/json' \
  -d '{"title":"bench room","access":"PUBLIC"}' | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
curl -s -o /dev/null -X POST "$api/streams/$stream/start" -H "Authorization: Bearer $host"
