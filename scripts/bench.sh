#!/usr/bin/env bash
# The benchmark (see docs/PERFORMANCE.md): starts the standalone application as shipped (embedded
# PostgreSQL, synchronous commits, -Xmx512m) on a fresh data directory, measures PostgreSQL's own
# bound with pgbench, runs the Gatling scenarios of load-test/ against the REST API, fills the
# event store to a million events and replays the order-status view, then prints one table.
#
#   scripts/bench.sh [--users N] [--duration S] [--rate R] [--reads R] [--events E] [--skip PARTS]
#
# --users: concurrent clients of the closed-loop journey (64); --duration: seconds of each scenario
# (60); --rate: placements per second of the open-model scenario (100); --reads: reads per second
# of the read mix (200); --events: events in the store for the replay (1000000); --skip: a
# comma-separated list of parts to leave out (pgbench,journey,placement,reads,replay).
# Needs Java 17 and the Maven wrapper (Gatling comes from Maven Central); pgbench (Debian:
# postgresql-client) and jq, else the parts needing them are skipped with a message.
# Work files (data directory, the application's log, Gatling's reports) are in target/bench.
# BENCH_APP_ARGS: more arguments for the application (e.g. to compare settings); BENCH_JAVA_OPTS:
# more JVM options (e.g. -XX:StartFlightRecording=filename=target/bench/app.jfr for a profile).
set -euo pipefail

cd "$(dirname "$0")/.."
USERS=64
DURATION=60
RATE=100
READS=200
EVENTS=1000000
SKIP=
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --reads) READS=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

WORK=target/bench
JAR=standalone/target/baedal-standalone.jar
PORT=${BENCH_PORT:-18080}
PG_PORT=${BENCH_PG_PORT:-15432}
BASE=http://localhost:$PORT
JAVA=java
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi

say() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
have() { command -v "$1" >/dev/null 2>&1; }
HAVE_JQ=yes
have jq || { HAVE_JQ=; say "jq is missing (Debian: apt-get install jq): the replay is left out"; }
HAVE_PSQL=yes
have psql || { HAVE_PSQL=; say "psql is missing (Debian: apt-get install postgresql-client): the store is not filled and the replay is left out"; }

if [ ! -f "$JAR" ]; then
  say "building the application (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi
say "compiling the load test"
./mvnw -q -pl load-test test-compile

rm -rf "$WORK" && mkdir -p "$WORK"
APP=
cleanup() {
  if [ -n "$APP" ] && kill -0 "$APP" 2>/dev/null; then
    kill -TERM "$APP" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
  fi
  local pidfile="$WORK/postgres/postmaster.pid"
  if [ -f "$pidfile" ]; then
    local pg
    pg=$(head -1 "$pidfile")
    kill -TERM "$pg" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# Starts the application on the data directory (a fresh one the first time); waits until it is UP.
start_app() {
  "$JAVA" -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --baedal.embedded-postgres.data-dir="$WORK/postgres" --baedal.embedded-postgres.port="$PG_PORT" \
    ${BENCH_APP_ARGS:-} >>"$WORK/app.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 180); do
    if curl -fs "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    kill -0 "$APP" 2>/dev/null || { say "the application stopped; see $WORK/app.log"; exit 2; }
    sleep 1
  done
  say "the application is not UP after 3 minutes"; exit 2
}
# Stops it (a graceful stop; its PostgreSQL stops with it), waiting at most 2 minutes.
stop_app() {
  kill -TERM "$APP" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$APP" 2>/dev/null || break; sleep 1; done
  kill -KILL "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
}
say "starting the application on :$PORT (embedded PostgreSQL on :$PG_PORT, data in $WORK/postgres, -Xmx512m)"
start_app

export PGHOST=localhost PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=postgres
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

# CPU seconds of a process tree: the application's JVM, and every PostgreSQL process of its data dir.
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.1f", s / t }' "$@" 2>/dev/null || echo 0; }
app_cpu() { cpu_of "/proc/$APP/stat"; }
pg_pids() { local pm; pm=$(head -1 "$WORK/postgres/postmaster.pid"); echo "$pm" $(pgrep -P "$pm" || true); }
pg_cpu() { local files=(); for p in $(pg_pids); do files+=("/proc/$p/stat"); done; cpu_of "${files[@]}"; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$APP/status"; }
PEAK_RSS=0
watch_rss() { while kill -0 "$APP" 2>/dev/null; do r=$(rss_mb); [ "$r" -gt "$PEAK_RSS" ] && PEAK_RSS=$r && echo "$r" >"$WORK/peak-rss"; sleep 1; done; }
watch_rss &
WATCH=$!

token() {
  curl -fs -u "$1:demo" -d grant_type=client_credentials "$BASE/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# Runs one Gatling simulation; prints the directory of its report.
gatling() {
  local simulation=$1; shift
  ./mvnw -q -pl load-test gatling:test -Dgatling.simulationClass="io.baedal.load.$simulation" \
    -DbaseUrl="$BASE" "$@" >"$WORK/$simulation.log" 2>&1 || say "$simulation reported failed requests (see $WORK/$simulation.log)"
  ls -dt load-test/target/gatling/"$(echo "$simulation" | tr '[:upper:]' '[:lower:]')"-* 2>/dev/null | head -1
}
# stat <report dir> <request or group name> <column>: one figure of the statistics table of Gatling's
# report (index.html): 2 count, 3 OK, 4 KO, 6 per second, 8 p50, 9 p75, 10 p95, 11 p99, 12 max (ms).
stat() {
  local file="$1/index.html"
  [ -f "$file" ] || { echo "-"; return; }
  awk -v name="$2" -v col="$3" '
    index($0, "class=\"ellipsed-name\">" name "</span>") { found = 1; next }
    found && match($0, "col-" col "\">[^<]*<") { v = substr($0, RSTART, RLENGTH); sub(/.*">/, "", v); sub(/<$/, "", v); print v; done = 1; exit }
    END { if (!done) print "-" }' "$file"
}
# lag <processor> <quantile>: the app's own p50/p99 of event-to-handled over the last minute, in ms.
lag() {
  curl -fs "$BASE/actuator/prometheus" | awk -v p="$1" -v q="$2" '
    $0 ~ "^baedal_event_lag_seconds\\{" && index($0, "processor=\"" p "\"") && index($0, "quantile=\"" q "\"") { printf "%.0f", $2 * 1000; found = 1 }
    END { if (!found) printf "-" }'
}
view_lag() {
  local worst=-
  for p in order-status kitchen-queue rider-board notifications; do
    v=$(lag "$p" "$1")
    if [ "$v" != "-" ] && { [ "$worst" = "-" ] || [ "$v" -gt "$worst" ]; }; then worst=$v; fi
  done
  echo "$worst"
}

BOUND=-
if skipped pgbench; then say "pgbench skipped"
elif ! have pgbench; then say "pgbench is missing (Debian: apt-get install postgresql-client): no bound measured"
elif [ -z "$HAVE_PSQL" ]; then say "psql is missing: no bound measured"
else
  say "pgbench: prepared single-row inserts, 8 clients, 20 s (PostgreSQL's own bound on this machine)"
  sql "CREATE TABLE IF NOT EXISTS bench_bound (id BIGSERIAL PRIMARY KEY, v INTEGER NOT NULL)"
  echo 'INSERT INTO bench_bound (v) VALUES (1);' >"$WORK/insert.sql"
  pgbench -n -M prepared -c 8 -j 2 -T 20 -f "$WORK/insert.sql" >"$WORK/pgbench.log" 2>&1 || say "pgbench failed (see $WORK/pgbench.log)"
  BOUND=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$WORK/pgbench.log" | head -1 | cut -d. -f1)
  BOUND=${BOUND:--}
  sql "DROP TABLE bench_bound"
fi

JOURNEYS=- JOURNEY_P50=- JOURNEY_P99=- JOURNEY_KO=- VIEW_P99=- SAGA_P99=- JOURNEY_CPU=- PG_CPU_S=-
if skipped journey; then say "journey skipped"; else
  say "journey: $USERS clients, closed loop, $DURATION s"
  cpu0=$(app_cpu); pg0=$(pg_cpu); t0=$(date +%s.%N)
  report=$(gatling JourneySimulation -Dusers="$USERS" -Dduration="$DURATION")
  t1=$(date +%s.%N)
  VIEW_P99=$(view_lag 0.99 || echo -); SAGA_P99=$(lag OrderSagaProcessor 0.99 || echo -)
  JOURNEY_CPU=$(awk -v a="$cpu0" -v b="$(app_cpu)" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')
  PG_CPU_S=$(awk -v a="$pg0" -v b="$(pg_cpu)" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')
  JOURNEYS=$(stat "$report" journey 6)
  JOURNEY_P50=$(stat "$report" journey 8)
  JOURNEY_P99=$(stat "$report" journey 11)
  JOURNEY_KO=$(stat "$report" journey 4)
  say "journey report: $report"
fi

POST_P50=- POST_P99=- POST_KO=-
if skipped placement; then say "placement skipped"; else
  say "placement: $RATE orders/s, open model, $DURATION s"
  report=$(gatling PlacementSimulation -Drate="$RATE" -Dduration="$DURATION")
  POST_P50=$(stat "$report" "place order" 8)
  POST_P99=$(stat "$report" "place order" 11)
  POST_KO=$(stat "$report" "place order" 4)
  say "placement report: $report"
fi

READ_P99=- READ_RATE=- READ_KO=-
if skipped reads; then say "read mix skipped"; else
  say "read mix: $READS reads/s, open model, $DURATION s"
  report=$(gatling ReadMixSimulation -Drate="$READS" -Dduration="$DURATION")
  READ_P99=$(stat "$report" "All Requests" 11)
  READ_RATE=$(stat "$report" "All Requests" 6)
  READ_KO=$(stat "$report" "All Requests" 4)
  say "read mix report: $report"
fi

REPLAY_RATE=- REPLAYED=-
if skipped replay; then say "replay skipped"
elif [ -z "$HAVE_PSQL" ] || [ -z "$HAVE_JQ" ]; then say "replay skipped (psql or jq missing)"
else
  # Complete orders are copied with fresh ids (every id of the order's four aggregates replaced in
  # the aggregate column and in the payloads), keeping their order, until the store holds $EVENTS.
  admin=$(token ops)
  processors=$(curl -fs -H "Authorization: Bearer $admin" "$BASE/api/admin/processors" | jq -r '.[].name')
  # Every processor is paused while the store is filled, then moved past the copies: only the
  # replay reads them (the saga must not act on copied orders, nor a customer be notified).
  for p in $processors; do
    curl -fs -X POST -H "Authorization: Bearer $admin" "$BASE/api/admin/processors/$p/pause" >/dev/null
  done
  have_events=$(sql "SELECT count(*) FROM domain_event_entry")
  # The replay is done when the view holds every order again, copies included: the sum of the
  # rows' versions (one per event the view took) reaches what the originals and the copies make.
  target=$(sql "SELECT coalesce(sum(view_version), 0) FROM order_status_view")
  templates=$(sql "SELECT count(*) FROM order_status_view WHERE status = 'DELIVERED'")
  if [ "$templates" -eq 0 ]; then
    say "no delivered order to copy: run the journey (replaying the $have_events events there are)"
  elif [ "$have_events" -lt "$EVENTS" ]; then
    per_copy=$(sql "SELECT count(*) FROM domain_event_entry e JOIN order_status_view v ON v.status = 'DELIVERED'
                     AND e.aggregate_identifier IN (v.order_id, v.payment_id, v.ticket_id, v.delivery_id)")
    copies=$(( (EVENTS - have_events + per_copy - 1) / per_copy ))
    target=$(( target + copies * $(sql "SELECT sum(view_version) FROM order_status_view WHERE status = 'DELIVERED'") ))
    say "filling the store: $copies copies of $templates delivered orders ($per_copy events a copy, $have_events events now)"
    sql "
      CREATE TEMP TABLE template AS
        SELECT e.*, v.order_id AS o, v.payment_id AS p, v.ticket_id AS t, v.delivery_id AS d
        FROM domain_event_entry e JOIN order_status_view v ON v.status = 'DELIVERED'
          AND e.aggregate_identifier IN (v.order_id, v.payment_id, v.ticket_id, v.delivery_id);
      INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                      meta_data, payload, payload_revision, payload_type, time_stamp)
      SELECT (SELECT greatest(max(global_index), (SELECT last_value FROM domain_event_entry_seq)) + 50 FROM domain_event_entry)
               + row_number() OVER (ORDER BY k, global_index), agg, sequence_number, type, gen_random_uuid()::text,
             meta_data, convert_to(body, 'UTF8'), payload_revision, payload_type, time_stamp
      FROM (
        SELECT k, global_index, sequence_number, type, meta_data, payload_revision, payload_type, time_stamp,
               replace(replace(replace(replace(aggregate_identifier, o, md5(o || k)::uuid::text),
                 p, md5(p || k)::uuid::text), t, md5(t || k)::uuid::text), d, md5(d || k)::uuid::text) AS agg,
               replace(replace(replace(replace(convert_from(payload, 'UTF8'), o, md5(o || k)::uuid::text),
                 p, md5(p || k)::uuid::text), t, md5(t || k)::uuid::text), d, md5(d || k)::uuid::text) AS body
        FROM template CROSS JOIN generate_series(1, $copies) AS k
      ) copies;
      SELECT setval('domain_event_entry_seq', (SELECT max(global_index) + 50 FROM domain_event_entry));" >/dev/null
    sql "UPDATE token_entry SET token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',
           token = convert_to('{\"index\":' || (SELECT max(global_index) FROM domain_event_entry) || ',\"gaps\":[]}', 'UTF8')"
  fi
  # A restart, so that the replay starts as after any restart on a big store: the copies were
  # inserted behind the running application's back, and its event store's reader would otherwise
  # have them in its in-memory cache. The pauses end with it; every processor starts at the head.
  say "restarting the application on the filled store"
  stop_app
  kill "$WATCH" 2>/dev/null || true
  start_app
  PEAK_RSS=$(cat "$WORK/peak-rss" 2>/dev/null || echo 0)
  watch_rss &
  WATCH=$!
  admin=$(token ops)
  REPLAYED=$(sql "SELECT count(*) FROM domain_event_entry")
  say "replaying order-status over $REPLAYED events"
  r0=$(date +%s.%N)
  curl -fs -X POST -H "Authorization: Bearer $admin" "$BASE/api/admin/projections/order-status/replay" >/dev/null
  deadline=$(( $(date +%s) + 3600 ))
  while true; do
    now=$(sql "SELECT coalesce(sum(view_version), 0) FROM order_status_view" || echo "")
    if [ -n "$now" ] && [ "$now" -ge "$target" ]; then break; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then say "the replay did not finish within an hour"; r0=; break; fi
    sleep 0.5
  done
  r1=$(date +%s.%N)
  if [ -n "$r0" ]; then
    REPLAY_RATE=$(awk -v n="$REPLAYED" -v s="$r0" -v e="$r1" 'BEGIN { printf "%.0f", n / (e - s) }')
  else
    REPLAY_RATE="not finished"
  fi
fi

kill "$WATCH" 2>/dev/null || true
PEAK_RSS=$(cat "$WORK/peak-rss" 2>/dev/null || echo -)
ORDER_CPU=-
if [ "$JOURNEYS" != "-" ] && [ "$JOURNEY_CPU" != "-" ]; then
  ORDER_CPU=$(awk -v c="$JOURNEY_CPU" -v j="$JOURNEYS" 'BEGIN { if (j > 0) printf "%.0f", c * 1000 / j; else print "-" }')
fi
RATIO=-
if [ "$JOURNEYS" != "-" ] && [ "$BOUND" != "-" ]; then
  # An order takes about 16 commands and as many event-store commits.
  RATIO=$(awk -v j="$JOURNEYS" -v b="$BOUND" 'BEGIN { printf "%.0f %%", 100 * j / (b / 16) }')
fi

cat <<EOF

Baedal benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, standalone (embedded PostgreSQL, synchronous_commit on, -Xmx512m)
| what | figure |
|---|---|
| complete orders/s (closed loop, $USERS clients, $DURATION s) | $JOURNEYS |
| journey p50 / p99 (ms) | $JOURNEY_P50 / $JOURNEY_P99 |
| failed journeys | $JOURNEY_KO |
| view lag p99, worst view (ms, event stored to view committed) | $VIEW_P99 |
| saga hop p99 (ms, event stored to saga's handling committed) | $SAGA_P99 |
| POST /api/orders p50 / p99 at $RATE/s (ms) | $POST_P50 / $POST_P99 (failed: $POST_KO) |
| read mix p99 at $READS/s (ms) | $READ_P99 (served $READ_RATE/s, failed: $READ_KO) |
| replay of order-status (events/s, over $REPLAYED events) | $REPLAY_RATE |
| app CPU during the journey (cores) / per complete order (ms) | $JOURNEY_CPU / $ORDER_CPU |
| PostgreSQL CPU during the journey (cores) | $PG_CPU_S |
| app peak RSS (MB) | $PEAK_RSS |
| pgbench bound (single-row commits/s, 8 clients) | $BOUND |
| orders/s against the bound (at 16 commits an order) | $RATIO |
EOF
