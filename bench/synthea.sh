#!/usr/bin/env bash
# Synthea test data for the load harness.
#
#   bench/synthea.sh generate N SEED OUTDIR     N living patients (plus those who died) of Massachusetts,
#                                               as FHIR R4 bundles in OUTDIR/fhir; reused when OUTDIR already
#                                               holds the output of the same N, SEED and Synthea version
#   bench/synthea.sh load OUTDIR FHIR_BASE [FhirBench options, e.g. --header "Authorization: Bearer X"]
#                                               POST hospitalInformation*.json and practitionerInformation*.json
#                                               (batch bundles) first, then every patient transaction bundle;
#                                               prints resources/s; exits non-zero on any non-2xx
#
# Synthea 3.3.0 and its dependencies are gathered once from the Maven repository into bench/work/synthea/lib
# (bench/synthea/pom.xml). The simulation's reference and end date are pinned (SYNTHEA_DATE, default
# 20240101), so the same N and SEED give byte-identical bundles on every machine and every day.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SYNTHEA_VERSION=3.3.0
SYNTHEA_DATE="${SYNTHEA_DATE:-20240101}"
SYNTHEA_HEAP="${SYNTHEA_HEAP:--Xmx6g}"
SYNTHEA_LIB="$WORK_DIR/synthea/lib"

gather_synthea() {
  if [[ -f "$SYNTHEA_LIB/synthea-$SYNTHEA_VERSION.jar" ]]; then
    return
  fi
  log "gathering Synthea $SYNTHEA_VERSION and its dependencies into $SYNTHEA_LIB"
  mkdir -p "$SYNTHEA_LIB"
  (cd "$BENCH_DIR/synthea" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$SYNTHEA_LIB") \
    || die "mvn dependency:copy-dependencies failed (bench/synthea/pom.xml)"
  [[ -f "$SYNTHEA_LIB/synthea-$SYNTHEA_VERSION.jar" ]] || die "synthea-$SYNTHEA_VERSION.jar missing after copy-dependencies"
}

generate() {
  local n="$1" seed="$2" out="$3"
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive whole number, got '$n'"
  [[ "$seed" =~ ^[0-9]+$ ]] || die "SEED must be a whole number, got '$seed'"
  local stamp="synthea=$SYNTHEA_VERSION patients=$n seed=$seed date=$SYNTHEA_DATE state=Massachusetts"
  if [[ -f "$out/.bench-synthea" && "$(cat "$out/.bench-synthea")" == "$stamp" ]] \
      && compgen -G "$out/fhir/*.json" >/dev/null; then
    log "reusing $out ($stamp)"
    return
  fi
  if [[ -e "$out" ]] && [[ ! -f "$out/.bench-synthea" ]] && [[ -n "$(ls -A "$out")" ]]; then
    die "$out exists, is not empty and was not made by this script: choose another OUTDIR"
  fi
  gather_synthea
  rm -rf "$out"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  log "generating $n patients with seed $seed into $out (Synthea $SYNTHEA_VERSION, takes a minute or two)"
  local t0=$SECONDS
  # Synthea's working directory gets nothing but is its own, in case a version writes relative files.
  (cd "$out" && java $SYNTHEA_HEAP -cp "$SYNTHEA_LIB/*" App \
      -s "$seed" -cs "$seed" -p "$n" -r "$SYNTHEA_DATE" -e "$SYNTHEA_DATE" \
      --exporter.baseDirectory="$out" \
      --exporter.fhir.export=true --exporter.hospital.fhir.export=true \
      --exporter.practitioner.fhir.export=true \
      --exporter.ccda.export=false --exporter.csv.export=false \
      Massachusetts) > "$out/synthea.log" 2>&1 \
    || { tail -20 "$out/synthea.log" >&2; die "Synthea failed (log: $out/synthea.log)"; }
  compgen -G "$out/fhir/hospitalInformation*.json" >/dev/null || die "Synthea wrote no hospitalInformation*.json"
  compgen -G "$out/fhir/practitionerInformation*.json" >/dev/null || die "Synthea wrote no practitionerInformation*.json"
  echo "$stamp" > "$out/.bench-synthea"
  log "generated $(ls "$out"/fhir/*.json | wc -l) bundles, $(du -sh "$out/fhir" | cut -f1), in $((SECONDS - t0)) s ($(grep -E '^Records:' "$out/synthea.log" || true))"
}

load() {
  local out="$1" base="$2"
  shift 2
  [[ -d "$out/fhir" ]] || die "no $out/fhir: run '$0 generate N SEED $out' first"
  compile_client
  fhirbench ingest --base "$base" --dir "$out/fhir" "$@"
}

case "${1:-}" in
  generate) [[ $# -eq 4 ]] || die "usage: $0 generate N SEED OUTDIR"; generate "$2" "$3" "$4" ;;
  load) [[ $# -ge 3 ]] || die "usage: $0 load OUTDIR FHIR_BASE [--header 'Name: value' ...]"; shift; load "$@" ;;
  *) echo "usage: $0 generate N SEED OUTDIR | load OUTDIR FHIR_BASE [FhirBench ingest options]" >&2; exit 2 ;;
esac
