#!/bin/bash
# Engine overhead in instructions: bench_engine's workload under callgrind,
# counting the instructions spent in Engine::run and in the bare 4-ary heap
# loop doing the same number of pushes and pops. Unlike wall-clock ratios,
# which drift by 20% or more on a shared machine, these counts repeat exactly
# for the same build and workload, so they show what a change to the engine
# or a policy did.
#
#   bench/instructions.sh [--tasks N] [--cpus N] [--queues global|per_cpu] [POLICY ...]
#   (defaults: 30000 tasks, 16 CPUs, global queue, rr cfs eevdf)
#
# Needs valgrind (Debian package "valgrind"). Takes about 20 s per policy.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/bench/bench_engine
tasks=30000 cpus=16 queues=global policies=()
while [ $# -gt 0 ]; do
  case $1 in
    --tasks) tasks=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --queues) queues=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "$0: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) policies+=("$1"); shift ;;
  esac
done
[ ${#policies[@]} -gt 0 ] || policies=(rr cfs eevdf)
[ -x "$bin" ] || { echo "$0: $bin: not built (run ./setup.sh --no-run)" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "$0: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Inclusive instruction count of the first function whose name matches.
inclusive() {  # callgrind output, pattern
  callgrind_annotate --inclusive=yes "$1" 2> /dev/null | grep -m1 -E "$2" | awk '{gsub(",", "", $1); print $1}'
}

echo "$tasks tasks, $cpus CPUs, $queues queue(s); instructions per event (callgrind):"
printf '%-8s %10s %12s %12s %8s\n' policy events engine bare_loop ratio
for policy in "${policies[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" \
    "$bin" "$tasks" "$cpus" "$policy" 1 "$queues" --engine-only > "$tmp/stdout" 2> "$tmp/stderr" ||
    { cat "$tmp/stderr" >&2; exit 1; }
  events=$(awk '/^engine:/ {print $2}' "$tmp/stdout")
  engine=$(inclusive "$tmp/out" 'Engine::run\(\)')
  bare=$(inclusive "$tmp/out" 'bare_loop_seconds')
  awk -v p="$policy" -v n="$events" -v e="$engine" -v b="$bare" \
    'BEGIN { printf "%-8s %10d %12.0f %12.0f %7.2fx\n", p, n, e / n, b / n, e / b }'
done
