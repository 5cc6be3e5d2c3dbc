#!/usr/bin/env bash
# Baedal's distributed mode on one machine, without Docker: PostgreSQL (the one given by
# SPRING_DATASOURCE_URL, or an embedded one), the demo token issuer (identity), the six services (two instances of the order, the saga
# and the query service) and the gateway on :8080, each a JVM of its own, against the Axon Server given by
# AXONSERVER_SERVERS. Stays in the foreground; Ctrl-C or SIGTERM stops everything it started.
#
#   ./mvnw -q -DskipTests package
#   AXONSERVER_SERVERS=localhost:8124 scripts/run-distributed.sh
#
# Logs and PID files go to $BAEDAL_RUN_DIR (default target/distributed): logs/<instance>.log,
# pids/<instance>.pid. BAEDAL_JAVA_OPTS sets each service's JVM options (default -Xmx256m).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
run_dir=${BAEDAL_RUN_DIR:-$root/target/distributed}
java_opts=${BAEDAL_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
startup_timeout=${BAEDAL_STARTUP_TIMEOUT:-480}

if [[ -z "${AXONSERVER_SERVERS:-}" ]]; then
    echo "AXONSERVER_SERVERS is not set: give the Axon Server to run on, e.g. AXONSERVER_SERVERS=localhost:8124 (axonserver/README.md says how to start one)" >&2
    exit 2
fi

declare -A jar=(
    [identity]=identity/target/baedal-identity-exec.jar
    [kitchen]=kitchen-command/target/baedal-kitchen-exec.jar
    [payment]=payment-command/target/baedal-payment-exec.jar
    [delivery]=delivery-command/target/baedal-delivery-exec.jar
    [order]=order-command/target/baedal-order-exec.jar
    [saga]=saga-orchestrator/target/baedal-saga-exec.jar
    [query]=query-projections/target/baedal-query-exec.jar
    [gateway]=gateway/target/baedal-gateway-exec.jar
    [postgres]=standalone/target/baedal-standalone.jar
)
for name in "${!jar[@]}"; do
    if [[ ! -f "$root/${jar[$name]}" ]]; then
        echo "missing ${jar[$name]}: build first with ./mvnw -q -DskipTests package" >&2
        exit 2
    fi
done

# instance  service  port
instances=(
    "identity identity 8087"
    "kitchen kitchen 8083"
    "payment payment 8082"
    "delivery delivery 8084"
    "order-1 order 8081"
    "order-2 order 8091"
    "saga-1 saga 8085"
    "saga-2 saga 8095"
    "query-1 query 8086"
    "query-2 query 8096"
    "gateway gateway 8080"
)

mkdir -p "$run_dir/logs" "$run_dir/pids"
started=()

stop_all() {
    trap - INT TERM EXIT
    echo "stopping..."
    local pids=()
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        local pid
        pid=$(cat "$run_dir/pids/${started[$i]}.pid" 2>/dev/null || true)
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
    echo "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

launch() { # instance, then the command
    local instance=$1
    shift
    "$@" > "$run_dir/logs/$instance.log" 2>&1 &
    echo $! > "$run_dir/pids/$instance.pid"
    started+=("$instance")
}

if [[ -z "${SPRING_DATASOURCE_URL:-}" ]]; then
    pg_port=${BAEDAL_POSTGRES_PORT:-15432}
    launch postgres java -cp "$root/${jar[postgres]}" -Dloader.main=io.baedal.standalone.EmbeddedPostgresServer \
        org.springframework.boot.loader.launch.PropertiesLauncher "$run_dir/postgres" "$pg_port"
    for _ in $(seq 1 120); do
        grep -q "Embedded PostgreSQL on port" "$run_dir/logs/postgres.log" 2>/dev/null && break
        kill -0 "$(cat "$run_dir/pids/postgres.pid")" 2>/dev/null || { cat "$run_dir/logs/postgres.log" >&2; exit 1; }
        sleep 0.5
    done
    export SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$pg_port/postgres"
    export SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=""
    echo "PostgreSQL (embedded)   localhost:$pg_port   data in $run_dir/postgres"
fi

export AXON_AXONSERVER_SERVERS=$AXONSERVER_SERVERS AXONIQ_UPDATE_CHECKER_DISABLED=true
export SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=${SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE:-8}
# The gateway's view of the services: every instance of each.
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_IDENTITY_0_URI=http://localhost:8087
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_ORDER_0_URI=http://localhost:8081
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_ORDER_1_URI=http://localhost:8091
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_KITCHEN_0_URI=http://localhost:8083
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_DELIVERY_0_URI=http://localhost:8084
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_QUERY_0_URI=http://localhost:8086
export SPRING_CLOUD_DISCOVERY_CLIENT_SIMPLE_INSTANCES_QUERY_1_URI=http://localhost:8096

for entry in "${instances[@]}"; do
    read -r instance service port <<< "$entry"
    pool=$SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE
    # The payment service's processors hold a connection on each of their ten threads while the
    # gateway answers (payment-service.yml).
    [[ $service == payment ]] && pool=16
    # shellcheck disable=SC2086
    launch "$instance" env SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE="$pool" \
        java $java_opts -jar "$root/${jar[$service]}" --server.port="$port"
done

deadline=$((SECONDS + startup_timeout))
for entry in "${instances[@]}"; do
    read -r instance service port <<< "$entry"
    until curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
        if ! kill -0 "$(cat "$run_dir/pids/$instance.pid")" 2>/dev/null; then
            echo "$instance exited while starting; its log ($run_dir/logs/$instance.log) ends with:" >&2
            tail -n 20 "$run_dir/logs/$instance.log" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            echo "$instance not ready on :$port after ${startup_timeout}s; see $run_dir/logs/$instance.log" >&2
            exit 1
        fi
        sleep 1
    done
    printf '%-10s ready   http://localhost:%s   pid %s\n' "$instance" "$port" "$(cat "$run_dir/pids/$instance.pid")"
done
echo "Baedal is up: the gateway on http://localhost:8080 (Ctrl-C stops everything)"
echo "BAEDAL_DISTRIBUTED_READY"

while true; do
    sleep 1
done
