#!/bin/sh
# Regenerates the pictures of docs/teaching.md with the CLI:
#   docs/make-images.sh [path/to/timeslice]     (default: build/timeslice)
# Every picture is a plain `timeslice run ... --svg`, so the same command
# typed by a student gives the same picture, byte for byte.
set -eu
cd "$(dirname "$0")/.."
T=${1:-build/timeslice}
out=docs/img
mkdir -p "$out"

svg() {  # svg NAME WORKLOAD [options...]
  name=$1 file=$2
  shift 2
  "$T" run "workloads/$file.json" --summary --svg "$out/$name.svg" "$@" >/dev/null
  echo "$out/$name.svg"
}

svg textbook-fcfs textbook --policy fcfs --svg-tasks
svg textbook-sjf textbook --policy sjf --svg-tasks
svg textbook-rr textbook --svg-tasks
svg convoy-fcfs convoy --svg-tasks
svg convoy-rr convoy --policy rr --svg-tasks
svg io-vs-cpu-rr io-vs-cpu --svg-tasks
svg io-vs-cpu-mlfq io-vs-cpu --policy mlfq --svg-tasks
svg mlfq mlfq --svg-tasks
svg web-threads web-threads --until 1ms
svg web-processes web-processes --until 1ms
svg cooperative cooperative --svg-tasks
svg cooperative-rr cooperative --policy rr --quantum 5ms --svg-tasks
svg quantum-1ms quantum --quantum 1ms --until 40ms --svg-tasks
svg quantum-10ms quantum --quantum 10ms --until 40ms --svg-tasks
svg mlfq-gaming mlfq-gaming --svg-tasks
svg mlfq-gaming-fixed mlfq-gaming --set reset_on_block=false --svg-tasks
svg mlfq-boost mlfq-boost --svg-tasks
svg mlfq-boost-50ms mlfq-boost --set boost=50ms --svg-tasks
svg polling polling --svg-tasks
svg priority-aging priority-aging
svg priority-aging-20ms priority-aging --set aging=20ms
svg fair-share-cfs fair-share-nice --until 60ms --svg-tasks
svg fair-share-cfs-all fair-share-nice --svg-tasks
svg fair-share-rr fair-share-nice --policy rr --svg-tasks
svg smp-balance smp-balance --svg-tasks
svg smp-balance-steal smp-balance --set balance_interval=10s --svg-tasks
svg smp-balance-global smp-balance --set queues=global --svg-tasks
svg big-little big-little --until 60ms --svg-tasks
svg big-little-balanced big-little --set placement=balanced --until 60ms --svg-tasks
svg amp-master amp-master --until 12ms
svg amp-master-10us amp-master --set costs.scheduler=10us --until 12ms
svg rms rm-vs-edf --svg-tasks
svg edf rm-vs-edf --policy edf --svg-tasks
svg dhall-global dhall --until 33ms --svg-tasks
svg mars-none mars-pathfinder --svg-tasks
svg mars-inheritance mars-pathfinder --set scheduler.locks=inheritance --svg-tasks
svg mars-ceiling mars-pathfinder --set scheduler.locks=ceiling --svg-tasks
svg lock-convoy-2.5ms lock-convoy --until 25ms --svg-tasks
svg lock-convoy-3ms lock-convoy --set scheduler.quantum=3 --until 25ms --svg-tasks
svg gil gil --until 60ms --svg-tasks
svg gil-switch-interval gil-switch-interval --until 20ms --svg-tasks

# Partitioned EDF needs per-task affinity, which --set cannot change: the
# edited copy is made with jq (apt-get install jq), exactly as
# docs/teaching.md (lesson 17) shows.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jq '.name = "Partitioned EDF on two CPUs" | .scheduler.queues = "per_cpu"
    | (.tasks[] | select(.name | startswith("light")) | .affinity) = [0]
    | (.tasks[] | select(.name == "heavy") | .affinity) = [1]' \
  workloads/dhall.json > "$tmp/dhall-partitioned.json"
"$T" run "$tmp/dhall-partitioned.json" --summary --svg "$out/dhall-partitioned.svg" --until 33ms --svg-tasks >/dev/null
echo "$out/dhall-partitioned.svg"

# The sweep chart in the README.
"$T" sweep workloads/quantum.json --set quantum=500us,1ms,2ms,5ms,10ms,20ms,50ms,100ms \
  --set costs.process_switch=0,20us,100us --y overhead_share -o /dev/null --svg "$out/sweep-quantum.svg"
echo "$out/sweep-quantum.svg"
