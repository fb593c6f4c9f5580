#!/bin/bash
# The "million tasks" benchmark: generated tasks with CPU and I/O phases on
# 64 CPUs with per-CPU run queues, `timeslice run --summary`, from 10,000 to
# 1,000,000 tasks under rr and cfs. Prints wall time and peak memory of the
# whole process (parsing and reporting included) and the cost per task.
#
#   bench/million.sh [BIN] [--counts 10000,100000] [--policies rr]
#
# How to read it: "us/task" is wall time per task; "vs n log n" divides the
# time by n log2 n and normalises it to 1.00 at the smallest count, so a
# figure that stays at or below 1.00 means the cost grows no faster than
# n log n. Machines here are shared: compare rows of one run, not runs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/timeslice
counts=10000,30000,100000,300000,1000000
policies=rr,cfs
while [ $# -gt 0 ]; do
  case $1 in
    --counts) counts=$2; shift 2 ;;
    --policies) policies=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) bin=$1; shift ;;
  esac
done
[ -x "$bin" ] || { echo "$0: $bin: not built (run ./setup.sh --no-run)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Wall seconds (best of 3 below 300,000 tasks, where a run is short and
# timing noise large) and peak RSS (KiB, by GNU time: Debian package "time",
# installed by setup.sh) of one command.
measure() {  # output file, command...
  local out=$1 n=$2
  shift 2
  local best="" tries=1 start end wall
  [ "$n" -ge 300000 ] || tries=3
  for _ in $(seq "$tries"); do
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$tmp/rss" "$@" > "$out" 2> /dev/null
    end=$(date +%s%N)
    wall=$(( (end - start) / 1000 ))  # microseconds
    [ -n "$best" ] && [ "$best" -le "$wall" ] || best=$wall
  done
  echo "$(calc "$best / 1000000") $(cat "$tmp/rss")"
}
calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }

printf '%-8s %9s %7s %9s %9s %8s %11s\n' policy tasks wall_s peak_MiB us/task 'vs nlogn' events
for policy in ${policies//,/ }; do
  base=""
  for n in ${counts//,/ }; do
    file=$tmp/w-$policy-$n.json
    cat > "$file" <<EOF
{ "name": "million-$policy-$n", "seed": 1,
  "machine": { "cpus": 64, "costs": { "process_switch": "2us", "scheduler": "1us", "migration": "5us" } },
  "scheduler": { "policy": "$policy", "quantum": "4ms", "queues": "per_cpu" },
  "devices": [ { "name": "disk", "channels": 64 } ],
  "generate": [ { "count": $n, "name": "job", "arrival": { "dist": "exponential", "mean": "0.18ms" },
                  "burst": { "dist": "uniform", "min": 1, "max": 20 },
                  "io": { "device": "disk", "every": 4, "duration": 2 } } ] }
EOF
    read -r wall rss < <(measure "$tmp/out" "$n" "$bin" run "$file" --summary)
    events=$(grep -o '[0-9]* events' "$tmp/out" | cut -d' ' -f1)
    per_nlogn=$(calc "$wall / ($n * log($n) / log(2))")
    [ -n "$base" ] || base=$per_nlogn
    printf '%-8s %9d %7.2f %9.0f %9.2f %8.2f %11d\n' "$policy" "$n" "$wall" "$(calc "$rss / 1024")" \
      "$(calc "$wall * 1000000 / $n")" "$(calc "$per_nlogn / $base")" "$events"
  done
done
