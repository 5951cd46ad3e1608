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

# Copies the server jar JAR (default hapi-server/target/hapi-server.jar, built with `mvn package` when missing) to
# DEST, so that a rebuild during the run cannot change the server under test, and describes it in JAR_INFO.
copy_server_jar() {
  local jar="$1" dest="$2"
  if [[ -z "$jar" ]]; then
    jar="$REPO_DIR/hapi-server/target/hapi-server.jar"
    if [[ ! -f "$jar" ]]; then
      log "building $jar (mvn -q -B package -DskipTests)"
      (cd "$REPO_DIR" && mvn -q -B package -DskipTests) || die "build failed"
    fi
  fi
  [[ -f "$jar" ]] || die "no server jar at $jar"
  cp "$jar" "$dest"
  JAR_INFO="$(basename "$jar"), built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ), sha256 $(sha256sum "$dest" | cut -c1-12)"
}

fhirbench() { java -cp "$WORK_DIR/classes" FhirBench "$@"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# A port below the kernel's ephemeral range (so no outgoing connection holds it) that nothing uses now.
free_port() {
  local low p
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  (( low > 21000 )) || low=32768
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % (low - 20000)))
    if command -v ss >/dev/null; then
      [[ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]] || continue
    fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  die "no free loopback port found"
}

# Waits until the server answers healthy on 127.0.0.1:PORT; dies when its process PID exits first (showing the end
# of LOG) or when DEADLINE (a $SECONDS value) passes.
wait_healthy() {
  local port="$1" pid="$2" logf="$3" deadline="$4"
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/actuator/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$logf" >&2; die "the server exited during start-up; log: $logf"; }
    (( SECONDS < deadline )) || die "the server was not healthy in time; log: $logf"
    sleep 0.5
  done
}
