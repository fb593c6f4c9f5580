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
