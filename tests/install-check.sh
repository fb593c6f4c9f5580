#!/usr/bin/env bash
# Installs the build into a temporary prefix and uses it from somewhere else,
# as a user would: both binaries, the workloads, man pages, bash completion,
# the desktop entry, and find_package(timeslice) from a small consumer project.
#   install-check.sh BUILD_DIR PNG_CHECK|-
# PNG_CHECK (when the GUI is built) checks that its screenshot is not blank.
set -euo pipefail
# Checks read whole outputs (grep PATTERN >/dev/null, never grep -q): grep -q
# leaves at the first match, and under pipefail the writer's SIGPIPE would fail
# a check that passed, whenever the writer is slower than grep.
build=$(cd "$1" && pwd)
png_check=${2:--}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install-check: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }
# The prefix is all a user gets: run it from an unrelated directory, and move
# it first, so no path of the build or the source tree can be relied on.
mv "$prefix" "$work/moved"
prefix=$work/moved
mkdir "$work/elsewhere"
cd "$work/elsewhere"

# The CLI on an installed workload, and on standard input.
"$prefix/bin/timeslice" --version | grep -x "timeslice [0-9.]*" >/dev/null || fail "--version"
data=$prefix/share/timeslice
"$prefix/bin/timeslice" run "$data/workloads/textbook.json" --summary | grep "^Makespan *30ms" >/dev/null ||
  fail "run on the installed textbook.json"
"$prefix/bin/timeslice" validate - < "$data/workloads/mlfq.json" | grep -x "stdin: ok" >/dev/null || fail "validate -"
n=$(ls "$data/workloads"/*.json | wc -l)
[ "$n" -ge 20 ] || fail "only $n workloads installed"
"$prefix/bin/timeslice" validate "$data"/workloads/*.json >/dev/null || fail "installed workloads do not validate"
[ -s "$data/workload.schema.json" ] || fail "no workload.schema.json"
for doc in README.md teaching.md workload.schema.json; do
  [ -s "$prefix/share/doc/timeslice/$doc" ] || fail "no share/doc/timeslice/$doc"
done

# Man pages, made from --help, with each subcommand.
if command -v help2man >/dev/null; then
  man1=$prefix/share/man/man1
  [ -s "$man1/timeslice.1" ] || fail "no timeslice.1"
  for section in '^\.SH NAME' '^timeslice \\- preemptive' '^\.SH "COMMAND: RUN"' '^\.SH "COMMAND: SWEEP"' '\\-\\-policy'; do
    grep -q "$section" "$man1/timeslice.1" || fail "timeslice.1 has no $section"
  done
  if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$man1/timeslice.1" 2>"$work/man.err" | grep "timeslice run FILE" >/dev/null || fail "man -l timeslice.1"
    ! grep -q "warning" "$work/man.err" || { cat "$work/man.err"; fail "man warns"; }
  fi
fi

# Bash completion: commands, options, policies from 'timeslice policies'.
completion=$prefix/share/bash-completion/completions/timeslice
[ -s "$completion" ] || fail "no bash completion"
if [ -f /usr/share/bash-completion/bash_completion ]; then
  complete_words() {  # the words after the command, the last one being completed
    PATH="$prefix/bin:$PATH" bash -c '
      source /usr/share/bash-completion/bash_completion
      source "$1"; shift
      COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      _${1//-/_}
      printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
  }
  complete_words timeslice r | grep -x run >/dev/null || fail "completion: commands"
  complete_words timeslice run --sv | grep -x -- --svg-tasks >/dev/null || fail "completion: run options"
  complete_words timeslice run x.json --policy ee | grep -x eevdf >/dev/null || fail "completion: policies"
  complete_words timeslice compare x.json --policies fcfs,s | grep -x fcfs,srtf >/dev/null || fail "completion: --policies list"
fi

# The visualizer: opens the installed textbook.json (no FILE) in its own font.
if [ -x "$prefix/bin/timeslice-gui" ]; then
  [ -s "$prefix/share/applications/timeslice-gui.desktop" ] || fail "no .desktop entry"
  grep -qx "Exec=timeslice-gui %f" "$prefix/share/applications/timeslice-gui.desktop" || fail ".desktop Exec"
  [ -s "$prefix/share/icons/hicolor/scalable/apps/timeslice.svg" ] || fail "no icon"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$prefix/share/applications/timeslice-gui.desktop" || fail ".desktop does not validate"
  fi
  [ -L "$prefix/share/bash-completion/completions/timeslice-gui" ] || fail "no completion for timeslice-gui"
  if command -v xvfb-run >/dev/null && command -v xauth >/dev/null; then
    xvfb-run -a -s "-screen 0 1280x800x24" "$prefix/bin/timeslice-gui" --size 1000x700 \
      --screenshot "$work/gui.png" >"$work/gui.log" 2>&1 || { cat "$work/gui.log"; fail "timeslice-gui --screenshot"; }
    [ -s "$work/gui.png" ] || fail "no screenshot"
    if [ "$png_check" != - ]; then "$png_check" "$work/gui.png" >/dev/null || fail "blank screenshot"; fi
    ! grep -qi "cannot" "$work/gui.log" || { cat "$work/gui.log"; fail "timeslice-gui could not open something"; }
  fi
fi

# find_package(timeslice): a small program that runs a workload.
mkdir "$work/consumer"
cat > "$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES CXX)
find_package(timeslice 0.1 REQUIRED)
add_executable(consumer main.cpp)
target_link_libraries(consumer PRIVATE timeslice::format)
target_compile_features(consumer PRIVATE cxx_std_20)
CMAKE
cat > "$work/consumer/main.cpp" <<'CPP'
#include <iostream>
#include "sim/core/run.h"
#include "sim/format/provenance.h"
#include "sim/format/result_json.h"
#include "sim/format/workload_json.h"
int main(int argc, char** argv) {
  const timeslice::Workload w = timeslice::load_workload(argv[1]);
  const timeslice::RunOutput out = timeslice::simulate(w, {});
  std::cout << timeslice::result_json(out.results)["summary"]["makespan_ns"] << ' '
            << timeslice::timeslice_version() << '\n';
  return argc == 2 ? 0 : 1;
}
CPP
cmake -S "$work/consumer" -B "$work/consumer/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "consumer: configure"; }
cmake --build "$work/consumer/build" >>"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "consumer: build"; }
version=$("$prefix/bin/timeslice" --version | cut -d' ' -f2)
[ "$("$work/consumer/build/consumer" "$data/workloads/textbook.json")" = "30000000 $version" ] ||
  fail "consumer: wrong result"
# The .deb (cpack), where Debian's packaging tools are installed.
if command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null; then
  (cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
  deb=$(ls "$work"/deb/timeslice_*.deb)
  dpkg-deb -f "$deb" Depends | grep "libc6" >/dev/null || fail ".deb: no Depends on libc6"
  dpkg-deb -c "$deb" > "$work/deb.list"
  for f in ./usr/bin/timeslice ./usr/share/timeslice/workloads/textbook.json ./usr/share/man/man1/timeslice.1 \
           ./usr/share/bash-completion/completions/timeslice ./usr/lib/cmake/timeslice/timesliceConfig.cmake; do
    grep -q " $f\( \|$\)" "$work/deb.list" || fail ".deb has no $f"
  done
fi
echo "install-check: ok ($prefix)"
