#!/bin/bash
# The scaling matrix: every policy x topology x load, from 10,000 tasks up,
# to show that the cost of an event does not grow with the number of tasks
# (or queued tasks). Each cell is one `timeslice run --summary` of generated
# tasks on 64 CPUs, timed as a whole process (generation and report
# included).
#
#   bench/overload.sh [BIN] [--counts 10000,30000,100000] [--policies rr,cfs]
#                     [--topologies global,per_cpu,capacity] [--loads under,over,io]
#                     [--timeout SECONDS] [--set KEY=VALUE ...]
#
# Defaults: every registered policy, every topology and load, 10k/30k/100k
# tasks, 300 s per cell. The large end is an argument so the matrix can be
# run in pieces (e.g. --counts 300000,1000000 --loads over --policies rr,cfs).
# --set passes a setting to every run (`timeslice run --set`), for a policy's
# options: --policies priority --set aging=10ms, or --policies mlfq --set
# conventions=ostep.
#
# Topologies: global (one queue, 64 CPUs), per_cpu (a queue per CPU, 64),
# capacity (per-CPU queues with capacity-aware placement on big.LITTLE:
# 16 CPUs of speed 2 and 48 of speed 1).
# Loads (bursts uniform 1-20 ms unless said):
#   under  about 90% busy, queues short: arrivals exp. mean 0.18 ms, 2 ms
#          disk I/O every 4 ms of CPU on 64 channels (bench/million.sh's).
#   over   the overloaded server: arrivals exp. mean 0.02 ms (about 8x what
#          64 CPUs serve), I/O every 2-8 ms of CPU, exp. 3 ms on 16
#          channels; the queues end up holding most of the tasks.
#   io     I/O-bound: bursts 1-4 ms, I/O every 0.5 ms of CPU, exp. 5 ms on
#          256 channels, arrivals mean 0.05 ms: the disk is the bottleneck
#          (it serves about half the I/O asked of it) and most tasks wait for
#          it. About 11 phases a task, so a million stays under the
#          workload limit of 20,000,000 phases.
# Columns: wall seconds, CPU seconds (user + system: on a machine shared with
# other work this moves far less than the wall time), peak RSS, engine
# events, CPU ns per event, and "growth": ns/event over that of the smallest
# count of the same cell (1.00 means flat; log2(n) growth from 10k to 1M
# would be 1.5x). Compare rows of one run, not runs.
set -eu
TIMEFORMAT='%3U %3S'
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/build/timeslice
counts=10000,30000,100000
policies=""
topologies=global,per_cpu,capacity
loads=under,over,io
limit=300
sets=()
while [ $# -gt 0 ]; do
  case $1 in
    --counts) counts=$2; shift 2 ;;
    --policies) policies=$2; shift 2 ;;
    --topologies) topologies=$2; shift 2 ;;
    --loads) loads=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    -*) echo "$0: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) bin=$1; shift ;;
  esac
done
[ -x "$bin" ] || { echo "$0: $bin: not built (run ./setup.sh --no-run)" >&2; exit 1; }
# Every registered policy: the lines of 'timeslice policies' indented by two,
# up to its list of runtime models (which are not kernel policies).
[ -n "$policies" ] || policies=$("$bin" policies | sed '/^Runtime models/,$d' | grep -E '^  [a-z]+ {2,}' |
                                 awk '{print $1}' | paste -sd,)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }

machine() {  # topology
  local costs='"costs": { "process_switch": "2us", "scheduler": "1us", "migration": "5us" }'
  if [ "$1" = capacity ]; then
    local cpus="" i
    for i in $(seq 0 63); do
      if [ "$i" -lt 16 ]; then cpus+="{ \"name\": \"big$i\", \"speed\": 2.0, \"class\": \"big\" }"
      else cpus+="{ \"name\": \"little$i\", \"speed\": 1.0, \"class\": \"little\" }"; fi
      [ "$i" -eq 63 ] || cpus+=", "
    done
    echo "{ \"cpus\": [ $cpus ], $costs }"
  else
    echo "{ \"cpus\": 64, $costs }"
  fi
}
scheduler() {  # policy, topology
  local s="\"policy\": \"$1\""
  case $2 in
    per_cpu) s+=', "queues": "per_cpu"' ;;
    capacity) s+=', "queues": "per_cpu", "placement": "capacity"' ;;
  esac
  # Policies with a quantum get bench/million.sh's 4 ms.
  case $1 in rr|lottery|stride) s+=', "quantum": "4ms"' ;; esac
  echo "{ $s }"
}
generator() {  # load, count
  case $1 in
    under) echo "\"devices\": [ { \"name\": \"disk\", \"channels\": 64 } ],
  \"generate\": [ { \"count\": $2, \"name\": \"job\", \"arrival\": { \"dist\": \"exponential\", \"mean\": \"0.18ms\" },
    \"burst\": { \"dist\": \"uniform\", \"min\": 1, \"max\": 20 },
    \"io\": { \"device\": \"disk\", \"every\": 4, \"duration\": 2 } } ]" ;;
    over) echo "\"devices\": [ { \"name\": \"disk\", \"channels\": 16 } ],
  \"generate\": [ { \"count\": $2, \"name\": \"job\", \"arrival\": { \"dist\": \"exponential\", \"mean\": \"0.02ms\" },
    \"burst\": { \"dist\": \"uniform\", \"min\": 1, \"max\": 20 },
    \"io\": { \"device\": \"disk\", \"every\": { \"dist\": \"uniform\", \"min\": 2, \"max\": 8 },
            \"duration\": { \"dist\": \"exponential\", \"mean\": 3 } } } ]" ;;
    io) echo "\"devices\": [ { \"name\": \"disk\", \"channels\": 256 } ],
  \"generate\": [ { \"count\": $2, \"name\": \"job\", \"arrival\": { \"dist\": \"exponential\", \"mean\": \"0.05ms\" },
    \"burst\": { \"dist\": \"uniform\", \"min\": 1, \"max\": 4 },
    \"io\": { \"device\": \"disk\", \"every\": 0.5, \"duration\": { \"dist\": \"exponential\", \"mean\": 5 } } } ]" ;;
    *) echo "$0: unknown load $1 (under, over, io)" >&2; exit 2 ;;
  esac
}

printf '%-11s %-9s %-5s %8s %8s %8s %8s %10s %8s %7s\n' \
  policy topology load tasks wall_s cpu_s peak_MiB events ns/event growth
for policy in ${policies//,/ }; do
  for topology in ${topologies//,/ }; do
    for load in ${loads//,/ }; do
      base=""
      for n in ${counts//,/ }; do
        file=$tmp/w.json
        cat > "$file" <<EOF
{ "name": "$policy-$topology-$load-$n", "seed": 1,
  "machine": $(machine "$topology"),
  "scheduler": $(scheduler "$policy" "$topology"),
  $(generator "$load" "$n") }
EOF
        start=$(date +%s%N)
        # CPU seconds to the millisecond from bash's `time` (GNU time rounds
        # to 10 ms), peak RSS from GNU time.
        if ! { time timeout "$limit" /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" run "$file" --summary "${sets[@]}" \
               > "$tmp/out" 2> "$tmp/err"; } 2> "$tmp/cpu"; then
          printf '%-11s %-9s %-5s %8d %8s\n' "$policy" "$topology" "$load" "$n" \
            "failed or over ${limit}s: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
          break  # a bigger count would take longer still
        fi
        end=$(date +%s%N)
        wall=$(calc "($end - $start) / 1e9")
        rss=$(cat "$tmp/rss")
        read -r user system < "$tmp/cpu"
        cpu=$(calc "$user + $system")
        events=$(grep -o '[0-9]* events' "$tmp/out" | cut -d' ' -f1)
        per_event=$(calc "$cpu * 1e9 / $events")
        [ -n "$base" ] || base=$per_event
        printf '%-11s %-9s %-5s %8d %8.2f %8.2f %8.0f %10d %8.0f %7.2f\n' "$policy" "$topology" "$load" "$n" \
          "$wall" "$cpu" "$(calc "$rss / 1024")" "$events" "$per_event" "$(calc "$per_event / $base")"
      done
    done
  done
done
