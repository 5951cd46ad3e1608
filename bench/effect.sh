#!/usr/bin/env bash
# The engagement effect benchmark (issue 17): $engagement-effect over 100,000 patients with 12 months of portal
# activity on PostgreSQL, over real HTTP with an analyst token. Must hold: outcome no-show with AIPW and
# influence-function intervals in at most 5 s, the event study (method did) in at most 10 s.
#
#   bench/effect.sh [--patients 100000] [--seed 42] [--effect -0.04] [--runs 5] [--patients-via sql|fhir]
#                   [--jar PATH] [--jfr] [--note TEXT] [--results FILE] [--no-results] [--keep-db] [--db NAME]
#
# 1. A fresh PostgreSQL database on 127.0.0.1:5432 (user postgres, trust) and the server built by `mvn package`
#    (hapi-server/target/hapi-server.jar, built when missing; a copy is run) started on it, profile postgres.
# 2. The patients: straight into their projection table, portal_engagement_patient (--patients-via sql, the
#    default), or through FHIR transactions of 1,000 PUTs, which the server's own projection records
#    (--patients-via fhir: about 40 Patients/s on the shared 2-core machine, so 40 minutes for 100,000; use it
#    with fewer patients).
# 3. SET-UP BY SQL (bench/src/effect-load.sql), not through the API: 12 months of portal activity (about 10 million
#    audit records: sign-ins, tokens, reads and searches), the portal accounts, and about 840,000 appointments in
#    the projection the operation reads (portal_effect_appointment). No API writes audit records, and that many
#    appointments through FHIR would take hours on this machine; the issue measures the operation, not ingestion.
#    The data are confounded (older patients use the portal less and miss more appointments) with a planted
#    effect of portal use on the no-show probability (--effect). Then VACUUM ANALYZE.
# 4. With an analyst token (client_credentials, system/AuditEvent.rs), each call once to warm up, then --runs
#    times: $engagement-effect outcome=no-show method=aipw (ATT, influence-function interval), method=did (event
#    study), and $engagement over the 12 months for reference. Median and max per call.
# 5. Checks that the answers make sense: the AIPW estimate within 0.015 of the planted effect and nearer to it than
#    the naive difference; the DiD's post-adoption average within half to one and a half times the planted effect
#    per patient-month (effect x due appointments per patient-month).
# 6. Prints the table and appends it to bench/RESULTS.md under "Engagement effect". Exits 1 when a target is missed
#    or an answer is off.
#
# --keep-db leaves the loaded database in place (its name is printed); --db NAME runs steps 1 and 4-6 on such a
# database (the same jar or another: --jar), without loading anything. --jfr records the server with Java Flight
# Recorder (profile settings) into the run directory.
# Environment: BENCH_SERVER_OPTS (server JVM options, default -Xmx4g), BENCH_STARTUP_TIMEOUT (s, default 900),
# BENCH_PG_HOST/BENCH_PG_PORT/BENCH_PG_USER.
# Takes about 15 minutes on the 2-core project machine, most of it the SQL set-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PATIENTS=100000
SEED=42
EFFECT=-0.04
RUNS=5
VIA=sql
REUSE_DB=""
JAR=""
JFR=false
NOTE=""
RESULTS="$BENCH_DIR/RESULTS.md"
RECORD=true
KEEP_DB=false
SERVER_OPTS="${BENCH_SERVER_OPTS:--Xmx4g}"
STARTUP_TIMEOUT="${BENCH_STARTUP_TIMEOUT:-900}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
AIPW_LIMIT_MS=5000
DID_LIMIT_MS=10000
COMMAND="bench/effect.sh$(printf ' %q' "$@")"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --patients) PATIENTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --effect) EFFECT="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --patients-via) VIA="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --jfr) JFR=true; shift ;;
    --note) NOTE="$2"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    --no-results) RECORD=false; shift ;;
    --keep-db) KEEP_DB=true; shift ;;
    --db) REUSE_DB="$2"; KEEP_DB=true; shift 2 ;;
    -h|--help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done
[[ "$PATIENTS" =~ ^[1-9][0-9]*$ ]] || die "--patients wants a positive whole number, got '$PATIENTS'"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed wants a whole number, got '$SEED'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive whole number, got '$RUNS'"
[[ "$EFFECT" =~ ^-?0?\.[0-9]+$|^0$ ]] || die "--effect wants a decimal such as -0.04, got '$EFFECT'"
[[ "$VIA" == fhir || "$VIA" == sql ]] || die "--patients-via wants fhir or sql, got '$VIA'"
for tool in java javac curl psql; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc 'select 1' >/dev/null \
  || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT as $PG_USER"

T_START=$SECONDS
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$WORK_DIR/runs/effect-$STAMP"
mkdir -p "$RUN_DIR"
log "run directory $RUN_DIR"
LOAD_START="$(loadavg)"
ADMIN_SECRET="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PGDB="${REUSE_DB:-bench_effect_${STAMP,,}_$$}"
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if ! $KEEP_DB; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "drop database if exists $PGDB with (force)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PGDB" -v ON_ERROR_STOP=1 -Atq "$@"; }
secs_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# --------------------------------------------------------------------------------------------- jar, client

copy_server_jar "$JAR" "$RUN_DIR/hapi-server.jar"
mkdir -p "$WORK_DIR/classes"
if [[ ! -f "$WORK_DIR/classes/EffectBench.class" || "$BENCH_DIR/src/EffectBench.java" -nt "$WORK_DIR/classes/EffectBench.class" ]]; then
  javac -nowarn -d "$WORK_DIR/classes" "$BENCH_DIR/src/EffectBench.java" || die "javac EffectBench.java failed"
fi
effectbench() { java -cp "$WORK_DIR/classes" EffectBench "$@"; }

# --------------------------------------------------------------------------------------------- server

# The 12 months of activity end with the last whole month, so that the operation's default period (the six months
# before the current one, after six baseline months) is exactly the data's second half.
THIS_MONTH="$(date -u +%Y-%m-01)"
FIRST="$(date -u -d "$THIS_MONTH -12 months" +%Y-%m-%d)"
PERIOD_START="$(date -u -d "$THIS_MONTH -6 months" +%Y-%m-%d)"
LAST_DAY="$(date -u -d "$THIS_MONTH -1 day" +%Y-%m-%d)"

if [[ -z "$REUSE_DB" ]]; then
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "create database $PGDB" >/dev/null || die "could not create database $PGDB"
fi
PORT=$(free_port)
JVM_OPTS=($SERVER_OPTS)
if $JFR; then
  JVM_OPTS+=("-XX:StartFlightRecording=filename=$RUN_DIR/server.jfr,settings=profile,dumponexit=true")
fi
log "starting the server on port $PORT, database $PGDB"
SMART_AUTH_ADMIN_CLIENT_SECRET="$ADMIN_SECRET" java "${JVM_OPTS[@]}" -jar "$RUN_DIR/hapi-server.jar" \
  --server.port="$PORT" --server.address=127.0.0.1 --portal.data-dir="$RUN_DIR/data" --smart.auth.access-token-ttl=PT1H \
  --spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PGDB" \
  --spring.datasource.username="$PG_USER" > "$RUN_DIR/server.log" 2>&1 &
SERVER_PID=$!
wait_healthy "$PORT" "$SERVER_PID" "$RUN_DIR/server.log" $((SECONDS + STARTUP_TIMEOUT))
BASE="http://127.0.0.1:$PORT"
log "server healthy"

token() {
  local t
  t=$(curl -fs -u "portal-admin:$ADMIN_SECRET" -d grant_type=client_credentials --data-urlencode "scope=$1" "$BASE/oauth2/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [[ -n "$t" ]] || die "no token for scope $1"
  printf '%s\n' "$t"
}

# --------------------------------------------------------------------------------------------- data

PREFIX=eb
PATIENTS_S=0
SQL_S="-"
VACUUM_S="-"
PATIENTS_NOTE="straight into portal_engagement_patient by SQL"
if [[ -n "$REUSE_DB" ]]; then
  PATIENTS_NOTE="loaded by an earlier run into database $REUSE_DB"
  log "reusing database $REUSE_DB: nothing loaded"
fi
t0=$(date +%s%N)
if [[ -n "$REUSE_DB" ]]; then
  sql -c "ANALYZE" >/dev/null  # a migration of the new server may have filled a table since the last ANALYZE
elif [[ "$VIA" == fhir ]]; then
  log "loading $PATIENTS patients through FHIR transactions"
  effectbench patients --base "$BASE/fhir" --token "$(token 'system/*.cruds')" --prefix "$PREFIX" --count "$PATIENTS" \
    --seed "$SEED" --organizations 20 --practitioners 200 --threads 2 > "$RUN_DIR/patients.properties" || die "loading patients failed"
  PATIENTS_NOTE="through FHIR transactions ($(sed -n 's/resources_per_s=//p' "$RUN_DIR/patients.properties") resources/s)"
fi
if [[ -z "$REUSE_DB" ]]; then
PATIENTS_S=$(secs_since "$t0")
log "patients in $PATIENTS_S s"

t0=$(date +%s%N)
log "set-up by SQL: 12 months of portal activity and appointments from $FIRST (a few minutes for 100,000 patients)"
sql -v prefix="$PREFIX" -v patients="$PATIENTS" -v seed="$SEED" -v first="$FIRST" -v months=12 -v effect="$EFFECT" \
  -v organizations=20 -v sql_patients="$([[ "$VIA" == sql ]] && echo true || echo false)" \
  -f "$BENCH_DIR/src/effect-load.sql" > "$RUN_DIR/load.out" 2>&1 || { tail -20 "$RUN_DIR/load.out" >&2; die "the SQL set-up failed"; }
SQL_S=$(secs_since "$t0")
t0=$(date +%s%N)
sql -c "VACUUM ANALYZE" >/dev/null
VACUUM_S=$(secs_since "$t0")
fi
# What the set-up loaded (kept in the database, so that --db can report it too), as key=value lines.
sql -c "SELECT key || '=' || value FROM bench_effect_data d, jsonb_each_text(to_jsonb(d))" > "$RUN_DIR/data.properties" \
  || die "no bench_effect_data table in $PGDB: was it loaded by bench/effect.sh?"
prop() { sed -n "s/^$1=//p" "$RUN_DIR/data.properties"; }
log "SQL set-up $SQL_S s, VACUUM ANALYZE $VACUUM_S s: $(tr '\n' ' ' < "$RUN_DIR/data.properties")"
if [[ -n "$REUSE_DB" ]]; then
  PATIENTS=$(prop patients); EFFECT=$(prop effect); SEED=$(prop seed)
  [[ "$(prop first_month)" == "$FIRST" ]] || die "database $REUSE_DB holds activity from $(prop first_month), this month wants $FIRST"
fi
[[ "$(prop patients)" == "$PATIENTS" ]] || die "expected $PATIENTS patients in the projection, found $(prop patients)"

# --------------------------------------------------------------------------------------------- timings

ANALYST=$(token 'system/AuditEvent.rs')
PERIOD="start=$PERIOD_START&end=$LAST_DAY&baseline-months=6"
declare -A MEDIAN MAX ALL
measure() {
  local name="$1" query="$2"
  log "timing $name: GET /fhir/$query"
  effectbench time --url "$BASE/fhir/$query" --token "$ANALYST" --runs "$RUNS" --warmup 1 --out "$RUN_DIR/$name.json" \
    > "$RUN_DIR/$name.properties" || die "$name failed (server log: $RUN_DIR/server.log)"
  MEDIAN[$name]=$(sed -n 's/^median_ms=//p' "$RUN_DIR/$name.properties")
  MAX[$name]=$(sed -n 's/^max_ms=//p' "$RUN_DIR/$name.properties")
  ALL[$name]=$(sed -n 's/^all_ms=//p' "$RUN_DIR/$name.properties")
  log "$name: median ${MEDIAN[$name]} ms, max ${MAX[$name]} ms"
}
measure aipw "\$engagement-effect?outcome=no-show&method=aipw&estimand=att&$PERIOD"
measure did "\$engagement-effect?outcome=no-show&method=did&$PERIOD"
measure engagement "\$engagement?start=$FIRST&end=$LAST_DAY"

# --------------------------------------------------------------------------------------------- checks

v() { effectbench value --file "$RUN_DIR/$1.json" --name "$2" ${3:+--within "$3"}; }
AIPW_EST=$(v aipw estimate); AIPW_LO=$(v aipw ci-lower); AIPW_HI=$(v aipw ci-upper); AIPW_NAIVE=$(v aipw naive-difference)
EXPOSED=$(v aipw exposed-patients); UNEXPOSED=$(v aipw unexposed-patients); SMD_AFTER=$(v aipw max-abs-smd-after)
DID_EST=$(v did estimate overall); DID_LO=$(v did ci-lower overall); DID_HI=$(v did ci-upper overall)
ADOPTERS=$(v did adopters); NEVER=$(v did never-adopters)
DID_TRUTH=$(awk -v e="$EFFECT" -v d="$(prop due_per_patient_month)" 'BEGIN { printf "%.4f", e * d }')
verdicts=()
check() { if awk "BEGIN { exit !($2) }"; then verdicts+=("$1: yes"); else verdicts+=("$1: NO"); FAILED=true; fi; }
FAILED=false
check "AIPW estimate within 0.015 of the planted $EFFECT" "($AIPW_EST) - ($EFFECT) <= 0.015 && ($EFFECT) - ($AIPW_EST) <= 0.015"
check "AIPW nearer the planted effect than the naive difference" \
  "(($AIPW_EST) - ($EFFECT))^2 < (($AIPW_NAIVE) - ($EFFECT))^2"
check "DiD post-adoption average within 0.5-1.5 x the planted $DID_TRUTH per patient-month" \
  "($DID_EST) / ($DID_TRUTH) >= 0.5 && ($DID_EST) / ($DID_TRUTH) <= 1.5"
check "AIPW median <= $AIPW_LIMIT_MS ms" "${MEDIAN[aipw]} <= $AIPW_LIMIT_MS"
check "event study median <= $DID_LIMIT_MS ms" "${MEDIAN[did]} <= $DID_LIMIT_MS"

# --------------------------------------------------------------------------------------------- report

OUT="$RUN_DIR/report.md"
{
  echo "### Engagement effect, run of $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| command | \`$COMMAND\` |"
  commit="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [[ -z "$(git -C "$REPO_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ]] || commit="$commit (with uncommitted changes)"
  echo "| git commit | $commit |"
  echo "| server jar | $JAR_INFO; $SERVER_OPTS, \`java -jar\`, profile postgres |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB; PostgreSQL $(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc 'SHOW server_version' | cut -d' ' -f1); $(java -version 2>&1 | head -1) |"
  echo "| load average (1/5/15 min) | at start $LOAD_START; at end $(loadavg) |"
  [[ -z "$NOTE" ]] || echo "| note | $NOTE |"
  echo "| data | $(prop patients) patients ($PATIENTS_NOTE, $PATIENTS_S s), $(prop portal_users) portal users; 12 months from $FIRST: $(prop sessions) sessions, $(prop audit_records) audit records, $(prop appointments) appointments ($(prop due_per_patient_month) due per patient-month); planted no-show effect $EFFECT |"
  echo "| set-up | activity and appointments by SQL (bench/src/effect-load.sql) $SQL_S s, VACUUM ANALYZE $VACUUM_S s |"
  echo "| requests | \`$PERIOD\` (baseline $FIRST to $(date -u -d "$PERIOD_START -1 day" +%Y-%m-%d)); \`\$engagement\` over the 12 months; analyst token (system/AuditEvent.rs); 1 warm-up, then $RUNS runs each, one after the other |"
  echo "| wall time | $((SECONDS - T_START)) s |"
  echo
  echo "| call | target | median ms | max ms | runs (ms) |"
  echo "| --- | ---: | ---: | ---: | --- |"
  echo "| \`\$engagement-effect\` no-show, AIPW (ATT, influence function) | $AIPW_LIMIT_MS | ${MEDIAN[aipw]} | ${MAX[aipw]} | ${ALL[aipw]} |"
  echo "| \`\$engagement-effect\` no-show, DiD event study | $DID_LIMIT_MS | ${MEDIAN[did]} | ${MAX[did]} | ${ALL[did]} |"
  echo "| \`\$engagement\` (reference) | | ${MEDIAN[engagement]} | ${MAX[engagement]} | ${ALL[engagement]} |"
  echo
  echo "Answers: AIPW ATT $AIPW_EST [$AIPW_LO, $AIPW_HI] (planted $EFFECT), naive difference $AIPW_NAIVE, $EXPOSED exposed and $UNEXPOSED unexposed patients, largest |SMD| after weighting $SMD_AFTER; DiD post-adoption average $DID_EST [$DID_LO, $DID_HI] no-shows per patient-month (planted $DID_TRUTH), $ADOPTERS adopters, $NEVER never adopted."
  echo
  echo "Checks: $(IFS=';'; echo "${verdicts[*]}" | sed 's/;/; /g')."
} > "$OUT"
cat "$OUT"
if $RECORD; then
  if ! grep -q '^## Engagement effect' "$RESULTS"; then
    printf '\n## Engagement effect\n\nWritten by `bench/effect.sh` (see `bench/README.md`): `$engagement-effect` on PostgreSQL over 100,000 patients with\n12 months of portal activity (issue 17: AIPW at most 5 s, event study at most 10 s), newest run last.\n' >> "$RESULTS"
  fi
  { echo; cat "$OUT"; } >> "$RESULTS"
  log "appended to $RESULTS"
fi
$KEEP_DB && log "database kept: $PGDB (bench/effect.sh --db $PGDB reuses it; drop it with: psql -h $PG_HOST -U $PG_USER -c 'drop database $PGDB')"
log "done in $((SECONDS - T_START)) s"
$FAILED && exit 1
exit 0
