#!/usr/bin/env bash
# The engagement analytics benchmark: $engagement over about a million audit records of 10,000 patients on
# PostgreSQL (issue 5: at most 2 s). Runs hapi-server's EngagementBenchmark (a test skipped unless
# -Dengagement.bench=true) against a throw-away database on 127.0.0.1:5432, prints its table and appends it to
# bench/RESULTS.md under "Engagement analytics".
#
#   bench/engagement.sh                       # 10,000 patients, 12 months
#   bench/engagement.sh --patients 2000       # smaller
#   bench/engagement.sh --note "what changed" # recorded with the run
#   bench/engagement.sh --no-results          # print only
set -euo pipefail
source "$(dirname "$0")/common.sh"

patients=10000
sessions=3.8
note=""
record=true
results="$BENCH_DIR/RESULTS.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;;
    --sessions) sessions="$2"; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --no-results) record=false; shift ;;
    *) die "unknown option $1 (see the comment at the top of $0)" ;;
  esac
done

command -v mvn >/dev/null || die "mvn is needed"
mkdir -p "$WORK_DIR"
out="$WORK_DIR/engagement-$(date -u +%Y%m%dT%H%M%SZ).md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
log "building and running EngagementBenchmark ($patients patients); the build alone takes a few minutes"
(cd "$REPO_DIR" && mvn -o -B -q -pl hapi-server -am test \
    -Dtest=EngagementBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dengagement.bench=true -Dengagement.bench.patients="$patients" -Dengagement.bench.sessions="$sessions" \
    -Dengagement.bench.out="$out") || die "the benchmark failed (see the surefire report in hapi-server/target/surefire-reports)"
[[ -s "$out" ]] || die "the benchmark wrote no figures to $out"
cat "$out"

if $record; then
  {
    echo
    echo "### Engagement analytics, run of $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| command | \`bench/engagement.sh --patients $patients --sessions $sessions\` |"
    echo "| git commit | $(cd "$REPO_DIR" && git rev-parse --short HEAD) |"
    echo "| machine | $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; PostgreSQL $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version' 2>/dev/null || echo '?') |"
    echo "| load average (1/5/15 min) | at start $load_start; at end $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo "| wall time (with the build) | $(( $(date +%s) - started )) s |"
    [[ -n "$note" ]] && echo "| note | $note |"
    cat "$out"
  } >> "$results"
  log "appended to $results"
fi
