#!/bin/sh
# Regenerates the visualizer's screenshots of the two-level lessons in
# docs/teaching.md (sections 21-26) and of C10k, each server and compared
# (section 28), headless under Xvfb:
#   docs/make-gui-images.sh [path/to/timeslice-gui]   (default: build/gui/timeslice-gui)
# Fonts and the software renderer may differ between machines, so unlike the
# SVGs of make-images.sh these are not byte-for-byte reproducible.
set -eu
cd "$(dirname "$0")/.."
G=${1:-build/gui/timeslice-gui}
out=docs/img
mkdir -p "$out"

shot() {  # shot NAME WORKLOAD [options...]   (1280x800 unless --size is given)
  name=$1 file=$2
  shift 2
  xvfb-run -a "$G" "workloads/$file.json" --size 1280x800 --screenshot "$out/$name.png" "$@"
  echo "$out/$name.png"
}

shot gui-green-threads green-threads --cursor 50ms --size 1280x1000  # 8 CPU lanes, then the carriers
shot gui-event-loop-blocking event-loop-blocking --zoom 95ms,320ms --cursor 150ms
shot gui-go-syscall-handoff go-syscall-handoff --zoom 0,30ms --cursor 10.5ms
shot gui-goroutine-preemption goroutine-preemption --zoom 0,40ms --cursor 12ms
shot gui-work-stealing work-stealing --cursor 2ms
shot gui-thread-vs-goroutine thread-vs-goroutine --zoom 96ms,112ms --cursor 100ms
# C10k: thread per connection (A) vs goroutine per connection (B) on one axis.
shot gui-c10k-compare c10k-threads --compare workloads/c10k-goroutines.json --tab compare \
  --cursor 600ms --size 1280x1000
# C10k, each server: memory, creations and refusals.
shot gui-c10k-threads c10k-threads --cursor 1.52s  # memory at the limit, refusals in bursts
shot gui-c10k-threads-refused c10k-threads --zoom 335.8ms,337.2ms --cursor 337.2ms  # creations, then refusals
shot gui-c10k-processes c10k-processes --zoom 1s,1.004s --cursor 1.004s  # cpu0 forking
shot gui-c10k-goroutines c10k-goroutines --cursor 1.2s
