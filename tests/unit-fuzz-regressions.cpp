// Every input in fuzz/regressions/ (findings of the libFuzzer target, and
// hand-made edge cases) replayed through the fuzz harness: parse_workload, a
// short simulation with the invariant checker, then every export. Each must
// be refused cleanly (WorkloadError, std::invalid_argument, SimulationLimit)
// or run cleanly: never a crash, a hang or another exception type. The same
// code runs under ASan/UBSan in the sanitizer build (TIMESLICE_SANITIZE).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_harness.h"
#include "test_support.h"

namespace fs = std::filesystem;
using timeslice::fuzz::Outcome;

namespace {

std::vector<fs::path> regression_inputs() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(timeslice::test::source_path("fuzz/regressions")))
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::TooBig: return "too big";
    case Outcome::Rejected: return "rejected";
    case Outcome::Limit: return "simulation limit";
    case Outcome::ParsedOnly: return "parsed only";
    case Outcome::Capped: return "capped";
    case Outcome::Ran: return "ran";
  }
  return "?";
}

}  // namespace

TEST_CASE("fuzz regressions: every input is refused cleanly or runs cleanly") {
  const std::vector<fs::path> files = regression_inputs();
  REQUIRE_FALSE(files.empty());
  for (const fs::path& file : files) {
    INFO("fuzz/regressions/" << file.filename().string()
                             << " (replay: fuzz/run.sh --replay fuzz/regressions/"
                             << file.filename().string() << ")");
    const std::string text = read_bytes(file);
    Outcome outcome = Outcome::TooBig;
    REQUIRE_NOTHROW(outcome = timeslice::fuzz::run_input(text));
    INFO("outcome: " << outcome_name(outcome));
    CHECK(outcome != Outcome::TooBig);
  }
}

TEST_CASE("fuzz regressions: the shipped workloads run through the harness") {
  // The seed corpus of the fuzzer: each must parse and run to the end.
  for (const auto& entry : fs::directory_iterator(timeslice::test::source_path("workloads"))) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().filename().string());
    Outcome outcome = Outcome::TooBig;
    REQUIRE_NOTHROW(outcome = timeslice::fuzz::run_input(read_bytes(entry.path())));
    CHECK((outcome == Outcome::Ran || outcome == Outcome::Capped || outcome == Outcome::ParsedOnly));
  }
}
