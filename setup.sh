#!/usr/bin/env bash
# Install what timeslice needs (Debian 12 packages), build it, and run the
# default workload. Re-running is cheap: installed packages and an existing
# build are reused.
#   ./setup.sh            install, build, then open the GUI on
#                         workloads/textbook.json when there is a display
#                         ($DISPLAY or $WAYLAND_DISPLAY), else run it in the CLI
#   ./setup.sh --no-run   install and build only
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake ninja-build g++ nlohmann-json3-dev catch2
          # the desktop visualizer, and its headless tests (Xvfb + Mesa)
          libimgui-dev libglfw3-dev libstb-dev fonts-dejavu-core
          xvfb xauth libgl1-mesa-dri
          # bench/*.sh: wall time and peak memory of a run
          time
          # the installed-prefix test: man pages from --help, bash completion,
          # the .deb (cpack); the workload schema's test
          help2man man-db bash-completion dpkg-dev desktop-file-utils python3-jsonschema)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

if [ "${1:-}" != "--no-run" ]; then
  echo
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/gui/timeslice-gui ]; then
    echo "setup: opening the visualizer (build/gui/timeslice-gui workloads/textbook.json)"
    exec ./build/gui/timeslice-gui workloads/textbook.json
  fi
  ./build/timeslice run workloads/textbook.json --gantt
fi
