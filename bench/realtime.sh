#!/bin/bash
# The real-time benchmark, against SimSo (the Python real-time scheduling
# simulator): global EDF on 16 CPUs, 100 periodic tasks, 20 s simulated
# (bench/edf-16cpu-100tasks.json, made by bench/gen-edf-workload.py). SimSo
# takes about 31 s for that on these machines; the target is 500x faster,
# process start-up included (< 62 ms).
#
#   bench/realtime.sh [BIN] [RUNS]     (default build/timeslice, 20 runs)
#
# Prints the best and median wall time of the whole `timeslice run` process
# over RUNS runs, the run's events and deadline figures, and the speed-up.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/timeslice}
runs=${2:-20}
workload=$root/bench/edf-16cpu-100tasks.json
simso_ms=31000
[ -x "$bin" ] || { echo "$0: $bin: not built (run ./setup.sh --no-run)" >&2; exit 1; }

out=$("$bin" run "$workload" --until 20s --summary)
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" run "$workload" --until 20s --summary > /dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))  # microseconds
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
best=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")

echo "workload: $(basename "$workload"), global edf on 16 CPUs, 100 periodic tasks, 20s simulated"
echo "$out" | grep -E '^(Counters|Deadlines)'
awk -v best="$best" -v median="$median" -v simso="$simso_ms" -v runs="$runs" 'BEGIN {
  printf "timeslice, whole process: best %.1f ms, median %.1f ms (%d runs)\n", best / 1000, median / 1000, runs
  printf "SimSo ~%d ms: timeslice is %.0fx faster (median; target >= 500x, i.e. < %.0f ms)\n",
         simso, simso * 1000 / median, simso / 500
}'
