#!/usr/bin/env bash
# The benchmark (see docs/PERFORMANCE.md): starts the standalone application as shipped (embedded
# PostgreSQL, synchronous commits, -Xmx512m) on a fresh data directory, measures PostgreSQL's own
# bound with pgbench, runs the journey scenario of load-test/ against the REST API, fills the
# event store to a million events and replays the order-status view after a restart, runs the
# placement and read-mix scenarios on that store, then prints one table.
# With --distributed, the same on the distributed mode instead (issue 10): Axon Server, the
# services of scripts/run-distributed.sh (two instances each of order, saga and query) on a fresh
# embedded PostgreSQL, the scenarios against the gateway on :8080; the replay goes over the events
# the scenarios stored (Axon Server's store cannot be filled by SQL).
#
#   scripts/bench.sh [--distributed] [--users N] [--duration S] [--rate R] [--reads R] [--events E] [--skip PARTS]
#
# --users: concurrent clients of the closed-loop journey (64); --duration: seconds of each scenario
# (60); --rate: placements per second of the open-model scenario (100); --reads: reads per second
# of the read mix (200); --events: events in the store for the replay (1000000; standalone only);
# --skip: a comma-separated list of parts to leave out (pgbench,journey,placement,reads,replay).
# Needs Java 17 and the Maven wrapper (Gatling comes from Maven Central); pgbench (Debian:
# postgresql-client) and jq, else the parts needing them are skipped with a message.
# --distributed needs Axon Server SE: a running one given by AXONSERVER_SERVERS (its gRPC
# host:port; its HTTP port is AXONSERVER_HTTP_PORT, 8024), or its jar given by AXONSERVER_JAR,
# started from target/bench/axonserver with axonserver/axonserver.properties (ports 8024, 8124)
# and stopped at the end; else it stops with a message. The ports of run-distributed.sh must be free.
# Work files (data directories, the logs, Gatling's reports) are in target/bench.
# BENCH_APP_ARGS: more arguments for the application (e.g. to compare settings); BENCH_JAVA_OPTS:
# more JVM options (e.g. -XX:StartFlightRecording=filename=target/bench/app.jfr for a profile).
# Both are for standalone; the services' JVM options are BAEDAL_JAVA_OPTS (run-distributed.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
USERS=64
DURATION=60
RATE=100
READS=200
EVENTS=1000000
SKIP=
DISTRIBUTED=
while [ $# -gt 0 ]; do
  case "$1" in
    --distributed) DISTRIBUTED=yes; shift ;;
    --users) USERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --reads) READS=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

WORK=target/bench
JAR=standalone/target/baedal-standalone.jar
PORT=${BENCH_PORT:-18080}
PG_PORT=${BENCH_PG_PORT:-15432}
PG_DATA=$WORK/postgres
VIEW_TABLE=order_status_view
JAVA=java
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi

say() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

RUN_DIR=$WORK/distributed
AS_SERVERS='' AS_HTTP=''
if [ -n "$DISTRIBUTED" ]; then
  PORT=8080 # the gateway's, fixed in scripts/run-distributed.sh
  PG_DATA=$RUN_DIR/postgres
  VIEW_TABLE=query_service.order_status_view
  if [ -n "${AXONSERVER_SERVERS:-}" ]; then
    AS_SERVERS=$AXONSERVER_SERVERS
    as_host=${AXONSERVER_SERVERS%%,*}
    AS_HTTP=http://${as_host%%:*}:${AXONSERVER_HTTP_PORT:-8024}
  elif [ -n "${AXONSERVER_JAR:-}" ]; then
    [ -f "$AXONSERVER_JAR" ] || { say "AXONSERVER_JAR=$AXONSERVER_JAR: no such file"; exit 2; }
    AS_SERVERS=localhost:8124 AS_HTTP=http://localhost:8024
  else
    say "--distributed needs Axon Server SE: set AXONSERVER_SERVERS=host:8124 (a running one) or" \
      "AXONSERVER_JAR=/path/to/axonserver.jar (one started here); see axonserver/README.md"
    exit 2
  fi
fi
BASE=http://localhost:$PORT
skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
have() { command -v "$1" >/dev/null 2>&1; }
HAVE_JQ=yes
have jq || { HAVE_JQ=; [ -n "$DISTRIBUTED" ] || say "jq is missing (Debian: apt-get install jq): the replay is left out"; }
HAVE_PSQL=yes
have psql || { HAVE_PSQL=; say "psql is missing (Debian: apt-get install postgresql-client): the store is not filled and the replay is left out"; }

JARS=("$JAR")
if [ -n "$DISTRIBUTED" ]; then
  # What scripts/run-distributed.sh starts (the standalone jar for its embedded PostgreSQL).
  JARS+=(identity/target/baedal-identity-exec.jar kitchen-command/target/baedal-kitchen-exec.jar
    payment-command/target/baedal-payment-exec.jar delivery-command/target/baedal-delivery-exec.jar
    order-command/target/baedal-order-exec.jar saga-orchestrator/target/baedal-saga-exec.jar
    query-projections/target/baedal-query-exec.jar gateway/target/baedal-gateway-exec.jar)
fi
for jar in "${JARS[@]}"; do
  if [ ! -f "$jar" ]; then
    say "building the application (./mvnw -q -DskipTests package; $jar is missing)"
    ./mvnw -q -DskipTests package
    break
  fi
done
say "compiling the load test"
./mvnw -q -pl load-test test-compile

rm -rf "$WORK" && mkdir -p "$WORK"
APP='' RUN='' AS='' WATCH=''
cleanup() {
  if [ -n "$WATCH" ]; then kill "$WATCH" 2>/dev/null || true; fi
  if [ -n "$APP" ] && kill -0 "$APP" 2>/dev/null; then
    kill -TERM "$APP" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
  fi
  # run-distributed.sh stops what it started, last first, when it gets SIGTERM.
  if [ -n "$RUN" ] && kill -0 "$RUN" 2>/dev/null; then
    say "stopping the services"
    kill -TERM "$RUN" 2>/dev/null || true
    wait "$RUN" 2>/dev/null || true
  fi
  # What outlived it (had it been killed hard): each by the PID it recorded, if that is still a
  # JVM of this repository's jars.
  local pid
  for f in "$RUN_DIR"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "java.* $PWD/"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  local pidfile="$PG_DATA/postmaster.pid"
  if [ -f "$pidfile" ]; then
    local pg
    pg=$(head -1 "$pidfile")
    kill -TERM "$pg" 2>/dev/null || true
  fi
  if [ -n "$AS" ] && kill -0 "$AS" 2>/dev/null; then
    say "stopping Axon Server"
    kill -TERM "$AS" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$AS" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$AS" 2>/dev/null || true
    wait "$AS" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts the application on the data directory (a fresh one the first time); waits until it is UP.
start_app() {
  # shellcheck disable=SC2086 # the options are words
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
listening() { (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null; }
# Starts Axon Server from $AXONSERVER_JAR in a fresh folder of its own, as axonserver/README.md
# does without Docker (it reads axonserver.properties from its working directory); waits until UP.
start_axonserver() {
  local home=$WORK/axonserver jar
  jar=$(cd "$(dirname "$AXONSERVER_JAR")" && pwd)/$(basename "$AXONSERVER_JAR")
  mkdir -p "$home"
  cp axonserver/axonserver.properties "$home/"
  (cd "$home" && exec "$JAVA" -Xmx1g -jar "$jar") >"$home/axonserver.log" 2>&1 &
  AS=$!
  # Seen to take minutes on two cores (distributed-tests' OwnAxonServer allows 6).
  for _ in $(seq 1 360); do
    if curl -fs "$AS_HTTP/actuator/health" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    kill -0 "$AS" 2>/dev/null || { say "Axon Server stopped; see $home/axonserver.log"; exit 2; }
    sleep 1
  done
  say "Axon Server is not UP after 6 minutes; see $home/axonserver.log"; exit 2
}
# Starts scripts/run-distributed.sh on a fresh embedded PostgreSQL; waits until it says every
# instance is ready (its own limit is 8 minutes after PostgreSQL).
start_distributed() {
  mkdir -p "$RUN_DIR"
  env -u SPRING_DATASOURCE_URL AXONSERVER_SERVERS="$AS_SERVERS" BAEDAL_RUN_DIR="$PWD/$RUN_DIR" \
    BAEDAL_POSTGRES_PORT="$PG_PORT" scripts/run-distributed.sh >"$WORK/distributed.log" 2>&1 &
  RUN=$!
  for _ in $(seq 1 900); do
    if grep -q '^BAEDAL_DISTRIBUTED_READY$' "$WORK/distributed.log"; then return 0; fi
    if ! kill -0 "$RUN" 2>/dev/null; then
      say "scripts/run-distributed.sh stopped; its output ($WORK/distributed.log, instance logs in $RUN_DIR/logs) ends with:"
      tail -n 20 "$WORK/distributed.log" >&2
      exit 2
    fi
    sleep 1
  done
  say "the services are not ready after 15 minutes; see $RUN_DIR/logs"; exit 2
}

AS_ABOUT=
if [ -z "$DISTRIBUTED" ]; then
  say "starting the application on :$PORT (embedded PostgreSQL on :$PG_PORT, data in $PG_DATA, -Xmx512m)"
  start_app
else
  for port in 8080 8081 8082 8083 8084 8085 8086 8087 8091 8095 8096 "$PG_PORT"; do
    if listening "$port"; then say "port $port is taken: run-distributed.sh needs it (is another run up?)"; exit 2; fi
  done
  if [ -n "${AXONSERVER_SERVERS:-}" ]; then
    curl -fs "$AS_HTTP/actuator/health" 2>/dev/null | grep -q '"UP"' ||
      { say "Axon Server of AXONSERVER_SERVERS=$AXONSERVER_SERVERS does not answer UP on $AS_HTTP/actuator/health (AXONSERVER_HTTP_PORT)"; exit 2; }
    AS_ABOUT="given (AXONSERVER_SERVERS=$AS_SERVERS)"
  else
    for port in 8024 8124; do
      if listening "$port"; then say "port $port is taken (an Axon Server? then give it: AXONSERVER_SERVERS=localhost:8124)"; exit 2; fi
    done
    say "starting Axon Server from $AXONSERVER_JAR (HTTP :8024, gRPC :8124, -Xmx1g, data in $WORK/axonserver)"
    start_axonserver
    AS_ABOUT="started here, -Xmx1g"
  fi
  AS_VERSION=$(curl -fs "$AS_HTTP/v1/public/version" | sed -nE 's/.*"version":"([^"]+)".*/\1/p' || true)
  AS_ABOUT="${AS_VERSION:-version unknown}, $AS_ABOUT"
  say "starting the services (scripts/run-distributed.sh, embedded PostgreSQL on :$PG_PORT, logs in $RUN_DIR/logs; minutes on two cores)"
  start_distributed
  say "the services are ready; the gateway on $BASE"
fi

export PGHOST=localhost PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=postgres
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

# The JVMs measured: the application's; distributed, every JVM run-distributed.sh started (the
# eleven services and PostgreSQL's launcher) and Axon Server when started here.
jvm_pids() {
  if [ -z "$DISTRIBUTED" ]; then echo "$APP"; return; fi
  cat "$RUN_DIR"/pids/*.pid
  if [ -n "$AS" ]; then echo "$AS"; fi
}
pg_pids() { local pm; pm=$(head -1 "$PG_DATA/postmaster.pid"); echo "$pm"; pgrep -P "$pm" || true; }
# proc_files <file> <function>: /proc/<pid>/<file> of every process the function lists that is still there.
proc_files() { local p; for p in $($2); do if [ -r "/proc/$p/$1" ]; then echo "/proc/$p/$1"; fi; done; }
# CPU seconds of processes: the JVMs above, and every PostgreSQL process of its data dir.
ticks=$(getconf CLK_TCK)
cpu_of() { [ $# -gt 0 ] || { echo 0; return; }; awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.1f", s / t }' "$@" 2>/dev/null || echo 0; }
app_cpu() { local files; mapfile -t files < <(proc_files stat jvm_pids); cpu_of "${files[@]}"; }
pg_cpu() { local files; mapfile -t files < <(proc_files stat pg_pids); cpu_of "${files[@]}"; }
# Resident memory of the JVMs, summed (MB).
rss_mb() {
  local files
  mapfile -t files < <(proc_files status jvm_pids)
  if [ ${#files[@]} -gt 0 ]; then awk '/VmRSS/ { s += $2 } END { printf "%d", s / 1024 }' "${files[@]}"; else echo 0; fi
}
running() { if [ -n "$DISTRIBUTED" ]; then kill -0 "$RUN" 2>/dev/null; else kill -0 "$APP" 2>/dev/null; fi; }
PEAK_RSS=0
watch_rss() { while running; do r=$(rss_mb); [ "$r" -gt "$PEAK_RSS" ] && PEAK_RSS=$r && echo "$r" >"$WORK/peak-rss"; sleep 1; done; }
watch_rss &
WATCH=$!
JVMS=$(jvm_pids | wc -l)

token() {
  curl -fs -u "$1:demo" -d grant_type=client_credentials "$BASE/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# Runs one Gatling simulation; prints the directory of its report.
gatling() {
  local simulation=$1; shift
  ./mvnw -q -pl load-test gatling:test -Dgatling.simulationClass="io.baedal.load.$simulation" \
    -DbaseUrl="$BASE" "$@" >"$WORK/$simulation.log" 2>&1 || say "$simulation reported failed requests (see $WORK/$simulation.log)"
  # shellcheck disable=SC2012 # Gatling's names are plain
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
# Where the lag metric is read (the Prometheus scrape needs no token): the app; distributed, the
# query instances for the views and the saga instances for the saga.
VIEW_HOSTS=("$BASE") SAGA_HOSTS=("$BASE")
if [ -n "$DISTRIBUTED" ]; then
  VIEW_HOSTS=(http://localhost:8086 http://localhost:8096) SAGA_HOSTS=(http://localhost:8085 http://localhost:8095)
fi
# lag <processor> <quantile> <base URL>...: the app's own p50/p99 of event-to-handled over the last
# minute, in ms; the worst of the instances given.
lag() {
  local p=$1 q=$2 worst=- v
  shift 2
  for host in "$@"; do
    v=$({ curl -fs "$host/actuator/prometheus" || true; } | awk -v p="$p" -v q="$q" '
      $0 ~ "^baedal_event_lag_seconds\\{" && index($0, "processor=\"" p "\"") && index($0, "quantile=\"" q "\"") { printf "%.0f", $2 * 1000; found = 1 }
      END { if (!found) printf "-" }')
    if [ "$v" != "-" ] && { [ "$worst" = "-" ] || [ "$v" -gt "$worst" ]; }; then worst=$v; fi
  done
  echo "$worst"
}
view_lag() {
  local worst=- v
  for p in order-status kitchen-queue rider-board notifications; do
    v=$(lag "$p" "$1" "${VIEW_HOSTS[@]}")
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
  VIEW_P99=$(view_lag 0.99 || echo -); SAGA_P99=$(lag OrderSagaProcessor 0.99 "${SAGA_HOSTS[@]}" || echo -)
  JOURNEY_CPU=$(awk -v a="$cpu0" -v b="$(app_cpu)" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')
  PG_CPU_S=$(awk -v a="$pg0" -v b="$(pg_cpu)" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')
  JOURNEYS=$(stat "$report" journey 6)
  JOURNEY_P50=$(stat "$report" journey 8)
  JOURNEY_P99=$(stat "$report" journey 11)
  JOURNEY_KO=$(stat "$report" journey 4)
  say "journey report: $report"
fi

# The replay comes before the placement scenario: the orders placed at a fixed rate are never
# accepted, their acceptance timeouts come due minutes later and each cancels and refunds its
# order; a replay running then would share the machine with thousands of those.
# Replays order-status by the admin endpoint (distributed: through the gateway, which sends
# /api/admin/** to a query instance; that one stops the view's processor in every instance, resets
# it and starts it everywhere again) and times it until the view holds what it held before (the
# target: the sum of its rows' versions, one per event the view took); REPLAY_RATE is $REPLAYED
# events over that time, from the request that was accepted. Distributed, a request can be refused
# after 20 s: the stop is a scatter-gather query, which Axon Server gives to one instance of each
# application only, so the other query instance may keep its claims; the gateway sends the next
# try to that other instance, which stops its own processor before the reset.
replay_order_status() {
  local target=$1 admin r0='' r1 now deadline status
  admin=$(token ops)
  say "replaying order-status over $REPLAYED events"
  for attempt in 1 2 3; do
    r0=$(date +%s.%N)
    status=$(curl -s -o "$WORK/replay.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
      "$BASE/api/admin/projections/order-status/replay" || true)
    [ "$status" != 202 ] || break
    say "replay request $attempt refused (HTTP $status: $(sed -nE 's/.*"detail":"([^"]*)".*/\1/p' "$WORK/replay.json" 2>/dev/null);" \
      "the reason is in $([ -n "$DISTRIBUTED" ] && echo "$RUN_DIR/logs/query-*.log" || echo "$WORK/app.log"))"
    r0=''
  done
  if [ -z "$r0" ]; then REPLAY_RATE="refused"; return; fi
  deadline=$(( $(date +%s) + 3600 ))
  while true; do
    now=$(sql "SELECT coalesce(sum(view_version), 0) FROM $VIEW_TABLE" || echo "")
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
}
# Axon Server's head: the token of the last event it stored (its metric axon.event.lastToken).
as_last_token() {
  { curl -fs "$AS_HTTP/actuator/prometheus" || true; } |
    awk '/^axon_event_lastToken\{/ && /context="default"/ { printf "%.0f", $2; found = 1; exit } END { if (!found) exit 1 }'
}
# Where order-status is in the store: the lowest position of its segments (-1 before any).
view_position() {
  sql "SELECT coalesce(min(coalesce(t -> 'currentToken' ->> 'globalIndex', t ->> 'globalIndex', '-1')::bigint), -1)
       FROM (SELECT convert_from(token, 'UTF8')::jsonb AS t FROM query_service.token_entry
             WHERE processor_name = 'order-status') tokens"
}

REPLAY_RATE=- REPLAYED=-
if skipped replay; then say "replay skipped"
elif [ -n "$DISTRIBUTED" ] && [ -z "$HAVE_PSQL" ]; then say "replay skipped (psql missing)"
elif [ -n "$DISTRIBUTED" ]; then
  # Axon Server's store cannot be filled by SQL: the replay goes over the events the scenarios
  # stored. Its tokens count from 0, so it holds its last token + 1 events, and the replay reads
  # every one of them, as standalone reads every row of domain_event_entry. The target is read
  # once the view has caught up with the store: every segment's token at or past the head (a
  # segment with nothing to do stores its position every few seconds).
  head=$(as_last_token || echo "")
  if [ -z "$head" ]; then
    say "replay skipped: no axon_event_lastToken on $AS_HTTP/actuator/prometheus"
  else
    say "waiting for order-status to reach Axon Server's head ($head)"
    deadline=$(( $(date +%s) + 120 ))
    until [ "$(view_position || echo -1)" -ge "$head" ]; do
      if [ "$(date +%s)" -gt "$deadline" ]; then say "order-status is not at the head after 2 minutes: the replay's end may be taken early"; break; fi
      sleep 1
    done
    target=$(sql "SELECT coalesce(sum(view_version), 0) FROM $VIEW_TABLE")
    head=$(as_last_token || echo "$head")
    REPLAYED=$(( head + 1 ))
    replay_order_status "$target"
  fi
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
  REPLAYED=$(sql "SELECT count(*) FROM domain_event_entry")
  replay_order_status "$target"
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

if [ -z "$DISTRIBUTED" ]; then
  MODE="standalone (embedded PostgreSQL, synchronous_commit on, -Xmx512m)"
  LAG_FROM='' REPLAY_WHAT="over $REPLAYED events"
  CPU_WHAT="app CPU" RSS_WHAT="app peak RSS (MB)"
else
  opts=${BAEDAL_JAVA_OPTS:-$(sed -nE 's/^java_opts=\$\{BAEDAL_JAVA_OPTS:-(.*)\}$/\1/p' scripts/run-distributed.sh)}
  MODE="distributed on Axon Server SE ($AS_ABOUT): scripts/run-distributed.sh, 11 service JVMs"
  MODE="$MODE (2 order, 2 saga, 2 query instances, gateway :8080) at ${opts:-its default options}, embedded PostgreSQL (synchronous_commit on)"
  LAG_FROM=", worst of the instances"
  REPLAY_WHAT="over the $REPLAYED events the scenarios stored; not filled: Axon Server's store cannot be filled by SQL"
  if [ -n "$AS" ]; then
    CPU_WHAT="CPU of every JVM of the run (services, PostgreSQL's launcher, Axon Server)"
  else
    CPU_WHAT="CPU of every JVM of the run (services, PostgreSQL's launcher; not Axon Server, not started here)"
  fi
  RSS_WHAT="peak RSS, sum of the $JVMS JVMs above (MB)"
fi

cat <<EOF

Baedal benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $MODE
| what | figure |
|---|---|
| complete orders/s (closed loop, $USERS clients, $DURATION s) | $JOURNEYS |
| journey p50 / p99 (ms) | $JOURNEY_P50 / $JOURNEY_P99 |
| failed journeys | $JOURNEY_KO |
| view lag p99, worst view$LAG_FROM (ms, event stored to view committed) | $VIEW_P99 |
| saga hop p99$LAG_FROM (ms, event stored to saga's handling committed) | $SAGA_P99 |
| POST /api/orders p50 / p99 at $RATE/s (ms) | $POST_P50 / $POST_P99 (failed: $POST_KO) |
| read mix p99 at $READS/s (ms) | $READ_P99 (served $READ_RATE/s, failed: $READ_KO) |
| replay of order-status (events/s, $REPLAY_WHAT) | $REPLAY_RATE |
| $CPU_WHAT during the journey (cores) / per complete order (ms) | $JOURNEY_CPU / $ORDER_CPU |
| PostgreSQL CPU during the journey (cores) | $PG_CPU_S |
| $RSS_WHAT | $PEAK_RSS |
| pgbench bound (single-row commits/s, 8 clients) | $BOUND |
| orders/s against the bound (at 16 commits an order) | $RATIO |
EOF
