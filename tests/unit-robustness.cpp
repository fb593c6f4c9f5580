// The CLI under failure: a run that would never end is refused before it
// starts, and a run that fails or is killed while writing its outputs leaves
// neither a half-written file nor a temporary one (-o, --trace, --svg and
// --csv-dir all write a temporary file and rename it).
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice::test;

namespace {

// run_cli() through `sh -c '<shell_prefix> exec timeslice <args>'`, so the
// prefix can set limits and signal dispositions; status is the exit code, or
// minus the signal that killed the run.
CliResult run_cli_in_shell(const std::string& args, const std::string& shell_prefix) {
  const fs::path out = temp_dir() / "stdout.txt";
  const fs::path err = temp_dir() / "stderr.txt";
  const std::string inner = shell_prefix + " exec " + quote(TIMESLICE_CLI) + " " + args;
  const std::string command = "sh -c " + quote(inner) + " >" + quote(out.string()) + " 2>" +
                              quote(err.string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  CliResult r;
  if (WIFEXITED(raw))  // sh reports a child killed by signal N as 128 + N
    r.status = WEXITSTATUS(raw) > 128 ? -(WEXITSTATUS(raw) - 128) : WEXITSTATUS(raw);
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

bool one_error_line(const std::string& err) {
  return err.rfind("timeslice: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every file under `dir` whose name has ".tmp." in it.
std::vector<std::string> temp_files(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (contains(e.path().filename().string(), ".tmp.")) found.push_back(e.path().string());
  return found;
}

// A fresh empty directory for one test's outputs.
fs::path out_dir(const std::string& name) {
  const fs::path d = temp_dir() / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

const char* kPeriodic = R"({
  "name": "forever",
  "scheduler": { "policy": "edf" },
  "tasks": [ { "name": "once", "burst": 1 },
             { "name": "ctl", "period": 10, "wcet": 3 } ]
})";

// Enough tasks that every output is well over 1 KiB.
std::string big_workload() {
  std::string tasks;
  for (int i = 0; i < 40; ++i)
    tasks += std::string(i ? "," : "") + R"({ "name": "task)" + std::to_string(i) +
             R"(", "arrival": )" + std::to_string(i) + R"(, "burst": 7 })";
  return R"({ "name": "big", "scheduler": { "policy": "rr", "quantum": 2 }, "tasks": [ )" + tasks + " ] }";
}

}  // namespace

TEST_CASE("robustness: a periodic task without jobs needs --until, refused before running") {
  const std::string file = write_file("periodic.json", kPeriodic);
  for (const std::string& command :
       {"run " + quote(file), "run " + quote(file) + " --format json -o " + quote((temp_dir() / "p.json").string()),
        "compare " + quote(file) + " --policies edf,rms",
        "sweep " + quote(file) + " --set policy=edf,rms"}) {
    INFO(command);
    const CliResult r = run_cli(command);
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(contains(r.err, file + ": tasks[1]: \"ctl\" is periodic without \"jobs\""));
    CHECK(contains(r.err, "--until"));
    CHECK(r.out.empty());
  }
  CHECK_FALSE(fs::exists(temp_dir() / "p.json"));
  // With a horizon it runs; so does `sweep --set until=...`.
  CHECK(run_cli("run " + quote(file) + " --until 50ms").status == 0);
  CHECK(run_cli("compare " + quote(file) + " --policies edf,rms --until 50ms").status == 0);
  CHECK(run_cli("sweep " + quote(file) + " --set until=20ms,50ms").status == 0);
}

TEST_CASE("robustness: successful runs leave every output whole and no temporary file") {
  const std::string file = write_file("big.json", big_workload());
  const fs::path dir = out_dir("ok");
  const CliResult r = run_cli("run " + quote(file) + " --format json -o " + quote((dir / "out.json").string()) +
                              " --trace " + quote((dir / "t.json").string()) + " --svg " +
                              quote((dir / "g.svg").string()) + " --csv-dir " + quote((dir / "csv").string()));
  REQUIRE(r.status == 0);
  CHECK(temp_files(dir).empty());
  CHECK_NOTHROW(nlohmann::json::parse(read_text(dir / "out.json")));
  CHECK_NOTHROW(nlohmann::json::parse(read_text(dir / "t.json")));
  CHECK(contains(read_text(dir / "g.svg"), "</svg>"));
  for (const char* csv : {"tasks.csv", "cpus.csv", "slices.csv", "summary.csv"}) CHECK(fs::exists(dir / "csv" / csv));
}

TEST_CASE("robustness: a run whose export cannot be written fails with no temporary file") {
  const std::string file = write_file("big.json", big_workload());
  const fs::path dir = out_dir("bad-export");
  std::ofstream(dir / "afile") << "x";
  for (const std::string& bad : {"--svg " + quote((dir / "missing" / "g.svg").string()),
                                 "--trace " + quote((dir / "missing" / "t.json").string()),
                                 "--trace " + quote(dir.string()),
                                 "--csv-dir " + quote((dir / "afile" / "csv").string())}) {
    INFO(bad);
    const CliResult r = run_cli("run " + quote(file) + " --format json -o " + quote((dir / "out.json").string()) + " " + bad);
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(temp_files(dir).empty());
  }
}

TEST_CASE("robustness: a write that fails half-way (file size limit) leaves no output and no temporary file") {
  const std::string file = write_file("big.json", big_workload());
  // `ulimit -f 1`: writes past 1 KiB fail. With SIGXFSZ ignored the write
  // returns an error and the run exits 1; by default the signal kills the run
  // while it writes, and the handler still removes the temporary file.
  for (const std::string option : {"-o", "--trace", "--svg", "--csv-dir"}) {
    const fs::path dir = out_dir("limit");
    const std::string target = (dir / (option == "--csv-dir" ? "csv" : "out")).string();
    const std::string args = "run " + quote(file) + " --format json " + option + " " + quote(target) +
                             (option == "-o" ? "" : " -o " + quote((dir / "main.json").string()));
    {
      INFO(option << " with SIGXFSZ ignored");
      const CliResult r = run_cli_in_shell(args, "ulimit -f 1; trap '' XFSZ;");
      CHECK(r.status == 1);
      CHECK(one_error_line(r.err));
      CHECK(contains(r.err, "cannot write"));
      CHECK(temp_files(dir).empty());
      if (option != "--csv-dir") CHECK_FALSE(fs::exists(target));
    }
    {
      INFO(option << " killed by SIGXFSZ");
      const fs::path dir2 = out_dir("limit");
      const CliResult r = run_cli_in_shell(args, "ulimit -f 1;");
      CHECK(r.status == -SIGXFSZ);
      CHECK(temp_files(dir2).empty());
      if (option != "--csv-dir") CHECK_FALSE(fs::exists(target));
    }
  }
}
