#!/bin/bash
# A million fibers on 64 carriers: the same generated load (1-20ms of CPU in
# 4ms pieces between 2ms waits on a 64-channel device) run as kernel tasks on
# 64 CPUs with per-CPU queues, and as fibers of a Go-like runtime ("mn", 64
# processors, pollable I/O) on the same machine. Prints wall time, peak memory
# and engine events of the whole process, and the wall time per event, from
# 10,000 to 1,000,000 tasks/fibers.
#
#   bench/fibers.sh [BIN] [--counts 10000,100000]
#
# "ns/event" compares the cost of a runtime event (a fiber switch, park or
# wakeup, handled by the runtime layer) with a kernel one; machines here are
# shared: compare rows of one run, not runs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/timeslice
counts=10000,100000,1000000
while [ $# -gt 0 ]; do
  case $1 in
    --counts) counts=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) bin=$1; shift ;;
  esac
done
[ -x "$bin" ] || { echo "$0: $bin: not built (run ./setup.sh --no-run)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }

printf '%-8s %9s %7s %9s %11s %9s\n' level count wall_s peak_MiB events ns/event
for n in ${counts//,/ }; do
  for level in kernel fibers; do
    file=$tmp/w-$level-$n.json
    if [ "$level" = kernel ]; then who='"process": "server"'; runtimes='[]'
    else who='"runtime": "go"'; runtimes='[ { "name": "go", "model": "mn", "carriers": 64 } ]'; fi
    cat > "$file" <<EOF
{ "name": "fibers-$level-$n", "seed": 1,
  "machine": { "cpus": 64 },
  "scheduler": { "policy": "rr", "quantum": "4ms", "queues": "per_cpu" },
  "devices": [ { "name": "disk", "channels": 64 } ],
  "runtimes": $runtimes,
  "generate": [ { "count": $n, "name": "job", $who, "arrival": { "dist": "exponential", "mean": "0.18ms" },
                  "burst": { "dist": "uniform", "min": 1, "max": 20 },
                  "io": { "device": "disk", "every": 4, "duration": 2 } } ] }
EOF
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" run "$file" --summary > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err"; exit 1; }
    end=$(date +%s%N)
    wall=$(calc "($end - $start) / 1e9")
    events=$(grep -o '[0-9]* events' "$tmp/out" | cut -d' ' -f1)
    printf '%-8s %9d %7.2f %9.0f %11d %9.0f\n' "$level" "$n" "$wall" "$(calc "$(cat "$tmp/rss") / 1024")" \
      "$events" "$(calc "($end - $start) / $events")"
  done
done
