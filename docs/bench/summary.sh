#!/bin/bash
# Times the summary of the bulk hearing through the release binary, and the same aggregate in psql.
set -e
DB=postgres://postgres@127.0.0.1:5432/bench_summary
BIN=${BIN:-target/release/hearings}
H=$(psql "$DB" -Atc "select id from hearings where title like 'Masseprøve%' order by opens_at desc limit 1")
Q() { psql "$DB" -Atc "select id from questions where hearing_id='$H' and position=$1"; }
SCALE=$(Q 0); COST=$(Q 1); JOBS=$(Q 2)
echo "hearing $H; responses $(psql "$DB" -Atc "select count(*) from responses where hearing_id='$H'")"
psql "$DB" -c "VACUUM ANALYZE" >/dev/null
echo "== raw SQL in psql (5 runs)"
for i in 1 2 3 4 5; do
  psql "$DB" -v h="$H" -v scale="$SCALE" -v cost="$COST" -v jobs="$JOBS" -f "$(dirname "$0")/summary.sql" | grep '^Time' | awk '{s+=$2} END {printf "run: %.0f ms (sum of %d queries)\n", s, NR}'
done
echo "== the server"
$BIN --database-url "$DB" --data-dir /tmp/bench/data --bind 127.0.0.1:18383 --no-demo serve > /tmp/bench/serve-release.log 2>&1 &
PID=$!
for i in $(seq 1 60); do grep -q listening /tmp/bench/serve-release.log && break; sleep 1; done
grep "ready in" /tmp/bench/serve-release.log
TOK=$(curl -s -X POST 127.0.0.1:18383/api/v1/auth/token -H 'content-type: application/json' \
  -d '{"email":"politiker@glostrup.example","password":"Demo-Politiker-1"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
echo "RSS before: $(grep VmRSS /proc/$PID/status)"
for i in 1 2 3 4 5 6; do
  curl -s -o /tmp/bench/summary.json -w "summary: %{time_total} s, %{size_download} bytes, HTTP %{http_code}\n" \
    -H "authorization: Bearer $TOK" 127.0.0.1:18383/api/v1/hearings/$H/summary
done
echo "briefing: $(curl -s -o /dev/null -w '%{time_total} s' -H "authorization: Bearer $TOK" 127.0.0.1:18383/api/v1/briefing)"
grep -E "VmHWM|VmRSS" /proc/$PID/status
kill $PID
python3 -c 'import json; d=json.load(open("/tmp/bench/summary.json")); print("total", d["total"], "scale median", d["scales"][0]["median"], "cost sum", d["numbers"][0]["sum"], "rate", d["response_rate"])'
