// libFuzzer target: workload JSON -> parse_workload -> a short, checked
// simulation -> every export. See fuzz/run.sh and fuzz/fuzz_harness.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  timeslice::fuzz::run_input(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
