# Shared by bench/synthea.sh and bench/run.sh (sourced, not run).
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK_DIR="$BENCH_DIR/work"   # git-ignored: Synthea, generated data, compiled client, server logs

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '%s [bench] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Compiles bench/src/FhirBench.java into bench/work/classes when the source is newer than the class.
compile_client() {
  local src="$BENCH_DIR/src/FhirBench.java" classes="$WORK_DIR/classes"
  if [[ ! -f "$classes/FhirBench.class" || "$src" -nt "$classes/FhirBench.class" ]]; then
    mkdir -p "$classes"
    javac -nowarn -d "$classes" "$src" || die "javac $src failed"
  fi
}

fhirbench() { java -cp "$WORK_DIR/classes" FhirBench "$@"; }
