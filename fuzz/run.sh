#!/usr/bin/env bash
# Build the libFuzzer target (clang 14 + ASan + UBSan) into build-fuzz/ and
# fuzz the workload reader and a short simulation of what parses.
#
#   fuzz/run.sh                      # fuzz for 20 minutes on one core
#   fuzz/run.sh -max_total_time=60   # any libFuzzer flags replace the defaults
#   fuzz/run.sh --build-only
#   fuzz/run.sh --replay FILE...     # run single inputs (e.g. a crash-* file)
#
# Needs (Debian 12): apt-get install clang-14 libclang-rt-14-dev
# The working corpus is build-fuzz/corpus (seeded from workloads/*.json and
# fuzz/regressions/); crashes are written to build-fuzz/artifacts/. Copy each
# finding, once fixed, to fuzz/regressions/: tests/unit-fuzz-regressions.cpp
# replays that directory in the normal test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

CXX=${CXX_FUZZ:-clang++-14}
[ -f build-fuzz/build.ninja ] ||
  cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER="$CXX" >/dev/null
cmake --build build-fuzz -j"${FUZZ_BUILD_JOBS:-2}"

[ "${1:-}" = "--build-only" ] && exit 0
if [ "${1:-}" = "--replay" ]; then
  shift
  exec build-fuzz/fuzz_workload "$@"
fi

mkdir -p build-fuzz/corpus build-fuzz/artifacts
cp -n workloads/*.json build-fuzz/corpus/ 2>/dev/null || true

args=("$@")
((${#args[@]})) || args=(-max_total_time=1200)
# One worker on one core; -max_len fits the largest shipped workload.
exec build-fuzz/fuzz_workload \
  -dict=fuzz/workload.dict -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 \
  "${args[@]}" build-fuzz/corpus fuzz/regressions
