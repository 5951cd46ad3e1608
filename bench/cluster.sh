#!/usr/bin/env bash
# Scale-out benchmark: read and patient-search throughput of 1, 2 and 3 server nodes on one PostgreSQL database,
# each behind HAProxy run with deploy/haproxy/haproxy.cfg (round-robin, no stickiness), in one run.
#
#   bench/cluster.sh [--patients N] [--seed S] [--duration SEC] [--warmup SEC] [--threads N] [--rounds N]
#                    [--rounds-warmup SEC] [--jar PATH] [--results FILE] [--note TEXT]
#
# Three nodes of the same jar start on one fresh PostgreSQL database and the Synthea bundles are ingested through
# the first. Three HAProxy processes are then started from the deployment's configuration, where only the lines
# marked "cluster-test: replaced" change: the bind address, and the server lines, which list the first node, the
# first two, and all three. Every balancer is warmed up, then read and search are measured through each in N
# interleaved rounds (a rotating order, so that a slow minute of the shared machine falls on all alike), after a
# warm-up that gives every node the same load. The nodes'
# CPU is summed from /proc. The table (medians, and the medians of the per-round ratios to one node) goes into
# bench/RESULTS.md under "Scale-out". On a 2-core machine more nodes cannot add throughput; the figure to watch is
# that two or three nodes lose nothing to the coordination between them (ratio >= 0.9).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PATIENTS=10
SEED=42
DURATION=20
WARMUP=5
THREADS=8
ROUNDS=5
ROUNDS_WARMUP=60
JAR=""
RESULTS="$BENCH_DIR/RESULTS.md"
NOTE=""
NODES=3
SERVER_OPTS="${BENCH_SERVER_OPTS:--Xmx2g}"
STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-300}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
HAPROXY="${BENCH_HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
COMMAND="bench/cluster.sh $*"

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --patients) PATIENTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --rounds-warmup) ROUNDS_WARMUP="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --note) NOTE="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option $1" >&2; usage 2 ;;
  esac
done
for v in PATIENTS DURATION THREADS ROUNDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--${v,,} wants a positive whole number, got '${!v}'"
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup wants a whole number, got '$WARMUP'"
[[ "$ROUNDS_WARMUP" =~ ^[0-9]+$ ]] || die "--rounds-warmup wants a whole number, got '$ROUNDS_WARMUP'"
for tool in java javac curl psql; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x "$HAPROXY" ]] || die "haproxy not found (Debian's package haproxy; or set BENCH_HAPROXY)"
psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'select 1' >/dev/null \
  || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT as $PG_USER"

T_START=$SECONDS
BENCH_ADMIN_SECRET="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK_DIR/runs/cluster-$STAMP"
PGDB="bench_cluster_${STAMP,,}_$$"
mkdir -p "$RUN_DIR"
log "run directory $RUN_DIR"
LOAD_START="$(loadavg)"

NODE_PIDS=()
NODE_PORTS=()
LB_PIDS=()
LB_PORTS=()
cleanup() {
  local pid
  for pid in "${LB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "drop database if exists $PGDB with (force)" \
    >/dev/null 2>&1 || log "could not drop PostgreSQL database $PGDB"
  rm -rf -- "$RUN_DIR"/node*-data
}
trap cleanup EXIT
trap 'exit 130' INT TERM

copy_server_jar "$JAR" "$WORK_DIR/cluster-server.jar"
RUN_JAR="$WORK_DIR/cluster-server.jar"
DATA="$WORK_DIR/synthea/p${PATIENTS}-s${SEED}"
"$BENCH_DIR/synthea.sh" generate "$PATIENTS" "$SEED" "$DATA"
compile_client

# --------------------------------------------------------------------------------------------- nodes

psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $PGDB" >/dev/null \
  || die "could not create PostgreSQL database $PGDB"

# One public issuer for every node, as behind a real balancer (README: "Several nodes"), so that a token is valid
# through any of the three balancers; a reserved name (RFC 2606), never resolved: clients use the ports.
ISSUER="http://fhir-portal.invalid"

# start_node I: node I (1-based) on a free port, healthy before the next starts (the first one migrates the schema).
start_node() {
  local i="$1" port pid logf="$RUN_DIR/node$1.log"
  port=$(free_port)
  mkdir -p "$RUN_DIR/node$i-data"
  # shellcheck disable=SC2086
  SMART_AUTH_ADMIN_CLIENT_SECRET="$BENCH_ADMIN_SECRET" java $SERVER_OPTS -jar "$RUN_JAR" \
    --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PGDB" --spring.datasource.username="$PG_USER" \
    --server.port="$port" --server.address=127.0.0.1 --portal.data-dir="$RUN_DIR/node$i-data" \
    --smart.auth.access-token-ttl=PT1H --smart.auth.issuer="$ISSUER" \
    --portal.fhir.limits.max-request-size=256MB --portal.fhir.limits.max-bundle-entries=100000 \
    >"$logf" 2>&1 &
  pid=$!
  NODE_PIDS+=("$pid")
  NODE_PORTS+=("$port")
  log "node$i: starting on port $port"
  wait_healthy "$port" "$pid" "$logf" $((SECONDS + STARTUP_TIMEOUT))
  log "node$i: healthy"
}
for i in $(seq 1 "$NODES"); do
  start_node "$i"
done

# A backend-services token, issued by node 1 and valid on every node (the nodes share their keys in the database).
TOKEN=$(curl -fs -u "portal-admin:$BENCH_ADMIN_SECRET" -d grant_type=client_credentials \
  --data-urlencode 'scope=system/*.cruds' "http://127.0.0.1:${NODE_PORTS[0]}/oauth2/token" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n "$TOKEN" ]] || die "could not obtain an access token"
AUTH=(--header "Authorization: Bearer $TOKEN")

log "ingesting $DATA through node1"
fhirbench ingest --base "http://127.0.0.1:${NODE_PORTS[0]}/fhir" --dir "$DATA/fhir" --out "$RUN_DIR/ingest.properties" \
  --label ingest "${AUTH[@]}" >/dev/null || die "ingestion failed (log: $RUN_DIR/node1.log)"

# --------------------------------------------------------------------------------------------- balancers

# start_balancer N: HAProxy with deploy/haproxy/haproxy.cfg in front of the first N nodes.
start_balancer() {
  local n="$1" port cfg="$RUN_DIR/haproxy-$1.cfg" opts written=""
  port=$(free_port)
  opts=$(grep -m1 -E '^[[:space:]]*server .*cluster-test: replaced' "$REPO_DIR/deploy/haproxy/haproxy.cfg" \
    | sed -E 's/#.*//; s/^[[:space:]]*server[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]]+//')
  while IFS= read -r line; do
    if [[ "$line" == *"cluster-test: replaced"* && "$line" =~ ^[[:space:]]*bind ]]; then
      echo "    bind 127.0.0.1:$port"
    elif [[ "$line" == *"cluster-test: replaced"* && "$line" =~ ^[[:space:]]*server ]]; then
      if [[ -z "$written" ]]; then
        for j in $(seq 1 "$n"); do
          echo "    server node$j 127.0.0.1:${NODE_PORTS[$((j - 1))]}$opts"
        done
        written=yes
      fi
    else
      printf '%s\n' "$line"
    fi
  done < "$REPO_DIR/deploy/haproxy/haproxy.cfg" > "$cfg"
  "$HAPROXY" -c -q -f "$cfg" || die "haproxy rejects $cfg"
  "$HAPROXY" -db -f "$cfg" >"$RUN_DIR/haproxy-$n.log" 2>&1 &
  LB_PIDS+=($!)
  LB_PORTS[$n]=$port
  # ready once every node of this balancer passed its health check (rise 2, inter 1s)
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/actuator/health/readiness" && break
    sleep 0.5
  done
  sleep 3
  log "balancer for $n node(s) on port $port"
}
for n in $(seq 1 "$NODES"); do
  start_balancer "$n"
done

nodes_cpu_ticks() {
  local t=0 pid v
  for pid in "${NODE_PIDS[@]}"; do
    v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    t=$((t + v))
  done
  echo "$t"
}

# phase N PHASE OUT [WARMUP DURATION]: one fhirbench phase through the balancer of N nodes, node CPU appended to OUT.
phase() {
  local n="$1" what="$2" out="$3" warm="${4:-$WARMUP}" dur="${5:-$DURATION}" c0 c1 req
  c0=$(nodes_cpu_ticks)
  fhirbench "$what" --base "http://127.0.0.1:${LB_PORTS[$n]}/fhir" --out "$out" --label "$n-node" \
    --threads "$THREADS" --warmup "$warm" --duration "$dur" "${AUTH[@]}" \
    || die "$n node(s): $what failed (logs in $RUN_DIR)"
  c1=$(nodes_cpu_ticks)
  req=$(sed -n "s/^$what\.requests=//p" "$out" | tail -1)
  # CPU of all nodes over warm-up and measurement, per measured request (a relative figure between configurations)
  awk -v a="$c0" -v b="$c1" -v hz="$CLK_TCK" -v r="$req" -v w="$what" \
    'BEGIN { if (r > 0) printf "%s.nodes_cpu_ms_per_request=%.3f\n", w, (b - a) * 1000 / hz / r }' >> "$out"
}

# Every node gets the same warm-up: the balancer of all nodes spreads NODES x SEC s of read and NODES x SEC/2 s of
# search load over them; then each balancer gets a short run of its own (connections, not measured).
log "warming up every node through the balancer of $NODES (read $((NODES * ROUNDS_WARMUP)) s, search $((NODES * ROUNDS_WARMUP / 2)) s, not measured)"
phase "$NODES" read "$RUN_DIR/warm-up.properties" $((NODES * ROUNDS_WARMUP)) 1
phase "$NODES" search "$RUN_DIR/warm-up.properties" $((NODES * ROUNDS_WARMUP / 2)) 1
for n in $(seq 1 "$NODES"); do
  phase "$n" read "$RUN_DIR/warm-up-$n.properties" 5 1
  phase "$n" search "$RUN_DIR/warm-up-$n.properties" 5 1
done
ROUND_LOADS=()
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round of $ROUNDS (load average $(loadavg))"
  ROUND_LOADS+=("$(loadavg | cut -d' ' -f1)")
  for ((i = 0; i < NODES; i++)); do
    n=$(( (i + round - 1) % NODES + 1 ))
    phase "$n" read "$RUN_DIR/$n-r$round.properties"
    phase "$n" search "$RUN_DIR/$n-r$round.properties"
  done
done
LOAD_END="$(loadavg)"

# --------------------------------------------------------------------------------------------- the table

value() { sed -n "s/^$2=//p" "$1" | tail -1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fig() {  # fig N KEY: median over rounds of KEY for N nodes
  for ((r = 1; r <= ROUNDS; r++)); do value "$RUN_DIR/$1-r$r.properties" "$2"; done | median
}
ratio() {  # ratio N KEY: median over rounds of KEY(N nodes) / KEY(1 node) within each round
  for ((r = 1; r <= ROUNDS; r++)); do
    awk -v a="$(value "$RUN_DIR/$1-r$r.properties" "$2")" -v b="$(value "$RUN_DIR/1-r$r.properties" "$2")" \
      'BEGIN { if (b > 0) printf "%.3f\n", a / b }'
  done | median
}
per_round() {  # per_round N KEY: the values of every round
  for ((r = 1; r <= ROUNDS; r++)); do value "$RUN_DIR/$1-r$r.properties" "$2"; done | paste -sd' ' | sed 's/ /, /g'
}

TABLE="$RUN_DIR/table.md"
{
  echo "### Scale-out run of $(date -u +'%Y-%m-%d %H:%M:%S UTC')"
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| command | \`$COMMAND\` |"
  echo "| git commit | $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown) |"
  echo "| server jar | $JAR_INFO |"
  echo "| machine | $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB memory; nodes, PostgreSQL, HAProxy and client share it |"
  echo "| java | $(java -version 2>&1 | head -2 | tail -1) |"
  echo "| load average (1/5/15 min) | at start $LOAD_START; at the start of each round $(printf '%s ' "${ROUND_LOADS[@]}"); at end $LOAD_END |"
  [[ -z "$NOTE" ]] || echo "| note | $NOTE |"
  echo "| data | Synthea, $PATIENTS patients, seed $SEED, ingested through node 1: $(value "$RUN_DIR/ingest.properties" ingest.resources) resources |"
  echo "| load settings | $THREADS client threads, backend token (system/*.cruds); warm-up $WARMUP s, measured $DURATION s per test, $ROUNDS interleaved rounds after $ROUNDS_WARMUP s of read and $((ROUNDS_WARMUP / 2)) s of search warm-up per node; nodes $SERVER_OPTS |"
  echo "| wall time | $((SECONDS - T_START)) s |"
  echo
  echo "| figure | 1 node | 2 nodes | 3 nodes |"
  echo "| --- | ---: | ---: | ---: |"
  for key in read.requests_per_s search.requests_per_s read.p99_ms search.p99_ms read.nodes_cpu_ms_per_request search.nodes_cpu_ms_per_request; do
    echo "| $key (median) | $(fig 1 $key) | $(fig 2 $key) | $(fig 3 $key) |"
  done
  echo "| read throughput / 1 node (median of per-round ratios) | 1 | $(ratio 2 read.requests_per_s) | $(ratio 3 read.requests_per_s) |"
  echo "| search throughput / 1 node (median of per-round ratios) | 1 | $(ratio 2 search.requests_per_s) | $(ratio 3 search.requests_per_s) |"
  echo
  echo "Per round (req/s):"
  echo
  for n in $(seq 1 "$NODES"); do
    echo "- $n node(s): read $(per_round "$n" read.requests_per_s); search $(per_round "$n" search.requests_per_s)"
  done
  echo
} > "$TABLE"
cat "$TABLE"

# Into RESULTS.md: the section "## Scale-out" gets this run first; earlier runs of the section stay below it.
if [[ -f "$RESULTS" ]]; then
  awk -v table="$TABLE" '
    function emit() { while ((getline l < table) > 0) print l; close(table) }
    /^## Scale-out/ { print; print ""; emit(); found = 1; skip_blank = 1; next }
    skip_blank && /^$/ { skip_blank = 0; next }
    { skip_blank = 0; print }
    END { if (!found) { print ""; print "## Scale-out (1, 2 and 3 nodes on PostgreSQL, bench/cluster.sh)"; print ""; emit() } }
  ' "$RESULTS" > "$RUN_DIR/RESULTS.md.new"
  cp "$RUN_DIR/RESULTS.md.new" "$RESULTS"
fi
log "done in $((SECONDS - T_START)) s; figures in $RUN_DIR, table in $RESULTS"
