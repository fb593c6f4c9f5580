#!/bin/bash
# Checks that an optimisation changed no result: runs two timeslice binaries
# (e.g. one built from main before the change, one after) on every shipped
# workload under every policy, on its own queues and on per-CPU queues, and
# compares the JSON results byte for byte. Extra workload files (a fuzzing
# corpus, say) can be added as arguments; each is run under rr, cfs, eevdf
# and mlfq.
#
#   bench/same-results.sh OLD_BIN NEW_BIN [EXTRA.json ...]
#
# Prints each differing case and exits 1 if any differ.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 OLD_BIN NEW_BIN [EXTRA.json ...]" >&2
  exit 2
fi
old=$1 new=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
# Every registered policy: the lines of 'timeslice policies' indented by two.
policies=$("$new" policies | grep -E '^  [a-z]+ {2,}' | awk '{print $1}')

cases=0 differ=0
compare() {  # file, then timeslice run options
  local a b
  a=$(timeout 60 "$old" run "$@" --format json 2>&1)
  b=$(timeout 60 "$new" run "$@" --format json 2>&1)
  cases=$((cases + 1))
  if [ "$a" != "$b" ]; then
    differ=$((differ + 1))
    echo "differs: $*"
  fi
}

for file in "$root"/workloads/*.json; do
  for policy in $policies; do
    compare "$file" --policy "$policy" --until 2s
    compare "$file" --policy "$policy" --until 2s --set queues=per_cpu
  done
done
for file in "$@"; do
  for policy in rr cfs eevdf mlfq; do
    compare "$file" --policy "$policy" --until 1s
  done
done
echo "$cases cases, $differ differ"
[ "$differ" -eq 0 ]
