// `timeslice` in pipelines: "-" for the workload (standard input) and for an
// output (standard output), and outputs that are not regular files -- devices,
// named pipes, symlinks -- written in place, never replaced by a file.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "sim/format/chrome_trace.h"
#include "sim/format/svg_gantt.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice;
using namespace timeslice::test;

namespace {

const std::string kFile = source_path("workloads/convoy.json");

std::string in_temp(const std::string& name) { return (temp_dir() / name).string(); }

// Runs a /bin/sh command line in temp_dir(); `$T` is the timeslice binary.
// Returns the exit code; stdout and stderr land in out.txt and err.txt there.
int sh(const std::string& line) {
  const std::string command = "cd " + quote(temp_dir().string()) + " && T=" + quote(TIMESLICE_CLI) +
                              " && { " + line + " ; } >out.txt 2>err.txt";
  const int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}
std::string out() { return read_text(temp_dir() / "out.txt"); }
std::string err() { return read_text(temp_dir() / "err.txt"); }

struct Exports {
  std::string trace, svg;
};
Exports library_exports() {
  const Workload w = load_workload(kFile);
  RunOptions options;
  options.record = RecordLevel::Slices;
  const RunOutput run = simulate(w, options);
  return {chrome_trace_json(w, run.results, run.trace), svg_gantt(w, run.results, run.trace)};
}

}  // namespace

TEST_CASE("pipes: - reads the workload from standard input") {
  REQUIRE(sh("$T run " + quote(kFile) + " --format json > file.json") == 0);
  REQUIRE(sh("cat " + quote(kFile) + " | $T run - --format json") == 0);
  CHECK(out() == read_text(temp_dir() / "file.json"));

  // Overrides re-read the text kept from standard input.
  REQUIRE(sh("$T run - --policy fcfs --quantum 2ms --summary < " + quote(kFile)) == 0);
  CHECK(out().find("fcfs") != std::string::npos);
  REQUIRE(sh("$T compare - --policies fcfs,rr < " + quote(kFile)) == 0);
  CHECK(out().find("rr") != std::string::npos);
  REQUIRE(sh("$T sweep - --set quantum=1ms,2ms < " + quote(kFile)) == 0);
  CHECK(out().find("quantum_ns") != std::string::npos);

  REQUIRE(sh("$T validate - < " + quote(kFile)) == 0);
  CHECK(out() == "stdin: ok\n");
  // Errors name standard input as "stdin".
  CHECK(sh("echo '{\"tasks\": [{\"name\": \"A\", \"brust\": 3}]}' | $T run -") == 1);
  CHECK(err() == "timeslice: stdin: tasks[0].brust: unknown field (did you mean \"burst\"?)\n");
  CHECK(sh("$T run - < /dev/null") == 1);
  CHECK(err().rfind("timeslice: stdin: ", 0) == 0);
}

TEST_CASE("pipes: - and /dev/stdout write an output to standard output") {
  const Exports expected = library_exports();
  fs::remove(in_temp("-"));
  REQUIRE(sh("$T run " + quote(kFile) + " --format json -o -") == 0);
  CHECK(nlohmann::json::parse(out())["policy"] == "fcfs");
  CHECK_FALSE(fs::exists(in_temp("-")));  // no file named "-"

  REQUIRE(sh("$T run " + quote(kFile) + " -o report.txt --trace -") == 0);
  CHECK(out() == expected.trace);
  REQUIRE(sh("$T run " + quote(kFile) + " -o report.txt --svg - | cat") == 0);
  CHECK(out() == expected.svg);
  REQUIRE(sh("$T run " + quote(kFile) + " -o report.txt --svg /dev/stdout") == 0);
  CHECK(out() == expected.svg);
  // /dev/stdout is written through, not replaced (it would be, running as root).
  CHECK(fs::is_symlink("/dev/stdout"));

  // Two outputs cannot share standard output.
  CHECK(sh("$T run " + quote(kFile) + " --svg -") == 2);
  CHECK(err() == "timeslice: --svg -: standard output already carries the report; "
                 "write one of them to a file\n");
  CHECK(sh("$T run " + quote(kFile) + " -o - --trace /dev/stdout") == 2);
  CHECK(err().find("--trace /dev/stdout: standard output already carries -o -") != std::string::npos);
  // --csv-dir writes several files: it takes a directory, never "-".
  CHECK(sh("$T run " + quote(kFile) + " -o report.txt --csv-dir -") == 2);
  CHECK(err().find("--csv-dir -: writes several files") != std::string::npos);
  CHECK_FALSE(fs::exists(in_temp("-")));
}

TEST_CASE("pipes: devices, named pipes and symlinks are written in place, never replaced") {
  const Exports expected = library_exports();

  SECTION("/dev/null stays a device") {
    REQUIRE(sh("$T run " + quote(kFile) + " --trace /dev/null --svg /dev/null -o /dev/null") == 0);
    CHECK(out().empty());
    CHECK(fs::is_character_file("/dev/null"));
  }

  SECTION("a named pipe is written, not replaced") {
    fs::remove(in_temp("fifo"));
    REQUIRE(::mkfifo(in_temp("fifo").c_str(), 0600) == 0);
    REQUIRE(sh("cat fifo > got.svg & $T run " + quote(kFile) + " --svg fifo; s=$?; wait; exit $s") == 0);
    CHECK(read_text(temp_dir() / "got.svg") == expected.svg);
    CHECK(fs::is_fifo(in_temp("fifo")));
    CHECK_FALSE(fs::exists(in_temp("fifo.tmp")));
  }

  SECTION("process substitution: a pipe behind /dev/fd") {
    REQUIRE(sh("bash -c '\"$0\" run " + quote(kFile) + " --trace >(cat > got.json) -o /dev/null; s=$?; "
               "wait $!; exit $s' \"$T\"") == 0);
    CHECK(read_text(temp_dir() / "got.json") == expected.trace);
  }

  SECTION("a symlink to a file keeps the link and replaces its target") {
    fs::create_directories(in_temp("real"));
    std::ofstream(in_temp("real/out.svg")) << "old";
    fs::remove(in_temp("link.svg"));
    fs::create_symlink(in_temp("real/out.svg"), in_temp("link.svg"));
    REQUIRE(sh("$T run " + quote(kFile) + " --summary --svg link.svg") == 0);
    CHECK(fs::is_symlink(in_temp("link.svg")));
    CHECK(read_text(temp_dir() / "real/out.svg") == expected.svg);
    CHECK(std::distance(fs::directory_iterator(in_temp("real")), fs::directory_iterator()) == 1);
  }
}

TEST_CASE("pipes: progress is drawn on stderr only when it is a terminal") {
  const std::string big = write_file("big.json", R"({"machine": {"cpus": 4}, "scheduler": {"policy": "rr", "quantum": 1},
      "generate": [{"count": 100000, "name": "j", "arrival": 0.01, "burst": 2}]})");
  // Not a terminal (a file here): nothing but what the run has to say.
  CliResult r = run_cli("run " + quote(big) + " --summary");
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  r = run_cli("compare " + quote(kFile) + " --policies rr,stride");  // both use convoy's quantum: no note
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  // A terminal (script(1) gives the command a pseudo-terminal): a bar,
  // cleared at the end. script needs a standard input (CI may have none).
  REQUIRE(sh("script -qec \"$T run " + quote(big) + " --summary -o /dev/null\" /dev/null </dev/null") == 0);
  CHECK(out().find("run  [") != std::string::npos);
  CHECK(out().find("\r\033[K") != std::string::npos);
  REQUIRE(sh("script -qec \"$T compare " + quote(kFile) + " --policies fcfs,rr -o /dev/null\" /dev/null </dev/null") == 0);
  CHECK(out().find("compare  [") != std::string::npos);
}
