// `timeslice run --trace/--svg/--csv-dir` end to end: the files appear, are
// the library's exports byte for byte, are deterministic, and errors name the
// option that wrote them.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/format/chrome_trace.h"
#include "sim/format/csv_export.h"
#include "sim/format/svg_gantt.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice::test;
using namespace timeslice;

namespace {

std::string path(const std::string& name) { return (temp_dir() / name).string(); }

const std::string kFile = test::source_path("workloads/convoy.json");

}  // namespace

TEST_CASE("export cli: --trace, --svg and --csv-dir write the library's exports") {
  const CliResult r = run_cli("run " + quote(kFile) + " --summary --trace " + quote(path("t.json")) +
                              " --svg " + quote(path("t.svg")) + " --csv-dir " + quote(path("csv/deeper")));
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Makespan") != std::string::npos);  // the report still goes to stdout

  const Workload w = load_workload(kFile);
  RunOptions options;
  options.record = RecordLevel::Slices;
  const RunOutput out = simulate(w, options);
  CHECK(read_text(path("t.json")) == chrome_trace_json(w, out.results, out.trace));
  CHECK(read_text(path("t.svg")) == svg_gantt(w, out.results, out.trace));
  for (const auto& [name, text] : csv_files(w, out.results, out.trace)) {
    INFO(name);
    CHECK(read_text(fs::path(path("csv/deeper")) / name) == text);
  }
  // Only the four tables and provenance.json: the temporary files were renamed.
  CHECK(std::distance(fs::directory_iterator(path("csv/deeper")), fs::directory_iterator()) == 5);

  // Byte-identical on a second run.
  const std::string first = read_text(path("t.json"));
  REQUIRE(run_cli("run " + quote(kFile) + " --summary --trace " + quote(path("t.json"))).status == 0);
  CHECK(read_text(path("t.json")) == first);
  CHECK(nlohmann::json::parse(first)["traceEvents"].size() > 100);
}

TEST_CASE("export cli: exports work with --format json, --until and overrides") {
  const CliResult r = run_cli("run " + quote(kFile) + " --format json --policy rr --quantum 5ms --until 50ms --svg " +
                              quote(path("u.svg")) + " --trace " + quote(path("u.json")));
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["policy"] == "rr");
  const nlohmann::json trace = nlohmann::json::parse(read_text(path("u.json")));
  CHECK(trace["otherData"]["policy"] == "rr");
  CHECK(trace["otherData"]["end_ns"] == 50'000'000);
  CHECK(read_text(path("u.svg")).find(">rr on 1 CPU") != std::string::npos);
}

TEST_CASE("export cli: write errors name the option; -o DIR with csv points to --csv-dir") {
  const std::string nowhere = path("no/such/dir/x");
  for (const std::string option : {"--trace", "--svg"}) {
    const CliResult r = run_cli("run " + quote(kFile) + " --summary " + option + " " + quote(nowhere));
    CHECK(r.status == 1);
    CHECK(r.err.find("timeslice: " + option + " " + nowhere + ": cannot write") != std::string::npos);
  }
  fs::create_directories(path("outdir"));
  const CliResult dir = run_cli("run " + quote(kFile) + " --format csv -o " + quote(path("outdir")));
  CHECK(dir.status == 1);
  CHECK(dir.err.find("is a directory") != std::string::npos);
  CHECK(dir.err.find("--csv-dir") != std::string::npos);

  std::ofstream(path("afile")) << "x";
  const CliResult file = run_cli("run " + quote(kFile) + " --csv-dir " + quote(path("afile")));
  CHECK(file.status == 1);
  CHECK(file.err.find("timeslice: --csv-dir " + path("afile") + ": cannot create") != std::string::npos);

  CHECK(run_cli("run " + quote(kFile) + " --trace").status == 2);  // needs a value
  CHECK(run_cli("run " + quote(kFile) + " --svg-tasks").status == 2);  // needs --svg
  const CliResult help = run_cli("run --help");
  for (const char* option : {"--trace OUT.json", "--svg OUT.svg", "--svg-tasks", "--csv-dir DIR", "slices.csv"})
    CHECK(help.out.find(option) != std::string::npos);
}
