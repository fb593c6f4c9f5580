#!/usr/bin/env bash
# Headless smoke test: render timeslice-gui under Xvfb with every panel on
# screen, write a PNG, and check it is not blank.
#   screenshot-smoke.sh GUI PNG_CHECK WORKLOAD OUT.png [gui options...]
# Exits 77 (CTest: skipped) when xvfb-run is not installed.
set -euo pipefail
gui=$1 check=$2 workload=$3 out=$4
shift 4
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIPPED: xvfb-run is not installed (apt-get install xvfb xauth libgl1-mesa-dri)"
  exit 77
fi
rm -f "$out"
xvfb-run -a -s "-screen 0 1600x1000x24" "$gui" "$workload" --screenshot "$out" --frames 5 "$@"
"$check" "$out"
