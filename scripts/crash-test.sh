#!/usr/bin/env bash
# The crash test (see docs/CRASH-TEST.md): a bounded load of orders on loopback while the
# standalone application is killed with SIGKILL at random moments and started again on the same
# data directory; then every order is driven to its end and the event store, the views and the
# notifications sent are checked against each other. Prints the figures; exits non-zero on any
# violation (1) or when the run could not be completed (2).
#
#   ./mvnw -q -DskipTests package            # once, as the README says
#   scripts/crash-test.sh [--orders N] [--kills K] [--clients C] [--seed S]
#   AXONSERVER_JAR=/path/to/axonserver.jar scripts/crash-test.sh --distributed [...]
#
# Defaults: 150 orders from 4 clients, 5 kills, a seed from the clock (printed, to run it again).
# Work files (data directory, one log per start of the application, report.txt) are in
# target/crash-test, or in $CRASH_TEST_DIR.
#
# --distributed: scripts/run-distributed.sh instead, the load through the gateway, and service
# instances (order, payment, kitchen, delivery, saga, query) killed at random and started again;
# events are read from Axon Server: its own from AXONSERVER_JAR (fresh data in the work directory),
# or the running one of AXONSERVER_SERVERS (HTTP port AXONSERVER_HTTP_PORT, default 8024). Defaults
# 80 orders from 3 clients, 5 kills; work files in target/crash-test-distributed.
set -euo pipefail

cd "$(dirname "$0")/.."
ORDERS=
KILLS=5
CLIENTS=
SEED=$(( $(date +%s) % 100000 ))
DISTRIBUTED=
while [ $# -gt 0 ]; do
  case "$1" in
    --distributed) DISTRIBUTED=1; shift ;;
    --orders) ORDERS=$2; shift 2 ;;
    --kills) KILLS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

JAR=standalone/target/baedal-standalone.jar
TEST_CLASSES=standalone/target/test-classes
DISTRIBUTED_CLASSES=distributed-tests/target/test-classes
if [ -n "$DISTRIBUTED" ]; then
  WORK=${CRASH_TEST_DIR:-target/crash-test-distributed}
  ORDERS=${ORDERS:-80}
  CLIENTS=${CLIENTS:-3}
  if [ -z "${AXONSERVER_SERVERS:-}" ] && [ -z "${AXONSERVER_JAR:-}" ]; then
    echo "--distributed needs Axon Server: AXONSERVER_JAR=/path/to/axonserver.jar (one of its own) or AXONSERVER_SERVERS=host:port (a running one; see axonserver/README.md)" >&2
    exit 2
  fi
else
  WORK=${CRASH_TEST_DIR:-target/crash-test}
  ORDERS=${ORDERS:-150}
  CLIENTS=${CLIENTS:-4}
fi
if [ ! -f "$JAR" ] || [ ! -f "$TEST_CLASSES/io/baedal/standalone/crash/CrashRun.class" ] \
    || { [ -n "$DISTRIBUTED" ] && [ ! -f "$DISTRIBUTED_CLASSES/io/baedal/distributed/DistributedCrashRun.class" ]; }; then
  echo "Build first: ./mvnw -q -DskipTests package" >&2
  exit 2
fi
JAVA=java
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi
JAR_TOOL=jar
if [ -n "${JAVA_HOME:-}" ]; then JAR_TOOL="$JAVA_HOME/bin/jar"; fi

# The runner uses the libraries the application ships with, taken from its jar (no Maven at run time).
LIB=target/crash-test-lib
if [ ! -d "$LIB/BOOT-INF/lib" ] || [ "$JAR" -nt "$LIB/BOOT-INF/lib" ]; then
  rm -rf "$LIB" && mkdir -p "$LIB"
  (cd "$LIB" && "$JAR_TOOL" xf "../../$JAR" BOOT-INF/lib)
  touch "$LIB/BOOT-INF/lib"
fi

RUNNER=
stop_runner() {
  if [ -n "$RUNNER" ] && kill -0 "$RUNNER" 2>/dev/null; then
    # SIGTERM: the runner's shutdown hook kills the application and stops its PostgreSQL (distributed:
    # stops run-distributed.sh, which stops every instance, its PostgreSQL and Axon Server).
    kill -TERM "$RUNNER" 2>/dev/null || true
    wait "$RUNNER" 2>/dev/null || true
  fi
  # Whatever PostgreSQL is still left in the data directory (e.g. the runner itself was killed).
  local pidfile="$WORK/postgres/postmaster.pid"
  if [ -f "$pidfile" ]; then
    local pid
    pid=$(head -1 "$pidfile")
    if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(cd "$WORK/postgres" && pwd -P)" ]; then
      kill -INT "$pid" 2>/dev/null || true
    fi
  fi
}
trap 'stop_runner; exit 130' INT TERM
trap stop_runner EXIT

mkdir -p "$(dirname "$WORK")"
if [ -n "$DISTRIBUTED" ]; then
  echo "Crash test (distributed): $ORDERS orders from $CLIENTS clients, $KILLS kills of service instances, seed $SEED; work files in $WORK"
  "$JAVA" -Xmx384m -cp "$DISTRIBUTED_CLASSES:$TEST_CLASSES:standalone/target/classes:$LIB/BOOT-INF/lib/*" \
    io.baedal.distributed.DistributedCrashRun "$WORK" "$ORDERS" "$KILLS" "$CLIENTS" "$SEED" \
    > "$WORK.log" 2>&1 &
else
  echo "Crash test: $ORDERS orders from $CLIENTS clients, $KILLS kills, seed $SEED; work files in $WORK"
  "$JAVA" -Xmx512m -cp "$TEST_CLASSES:standalone/target/classes:$LIB/BOOT-INF/lib/*" \
    io.baedal.standalone.crash.CrashRun "$WORK" "$JAR" "$ORDERS" "$KILLS" "$CLIENTS" "$SEED" \
    > "$WORK.log" 2>&1 &
fi
RUNNER=$!
set +e
wait "$RUNNER"
CODE=$?
set -e
RUNNER=
echo
if [ -f "$WORK/report.txt" ]; then cat "$WORK/report.txt"; fi
case $CODE in
  0) echo "PASSED: no order lost, no payment charged or refunded twice, every view equal to its events." ;;
  1) if [ -n "$DISTRIBUTED" ]; then
       echo "FAILED: see the violations above; the runner's log is $WORK.log, the services' $WORK/distributed/logs/"
     else
       echo "FAILED: see the violations above; the runner's log is $WORK.log, the application's $WORK/app-*.log"
     fi ;;
  *) echo "The crash test could not complete (exit $CODE); the runner's log is $WORK.log" ;;
esac
exit $CODE
