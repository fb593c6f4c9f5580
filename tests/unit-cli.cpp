// The `timeslice` binary end to end: exit codes, error lines, help, output
// formats, determinism and -o. Each test writes its own small workload files
// to a temporary directory, so nothing here depends on the shipped workloads.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/policy.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice::test;

namespace {

// One error line on stderr, in the "timeslice: ..." form.
bool one_error_line(const std::string& err) {
  return err.rfind("timeslice: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kGoodWorkload = R"({
  "name": "cli test",
  "machine": { "cpus": 1, "costs": { "process_switch": "100us" } },
  "scheduler": { "policy": "rr", "quantum": 4 },
  "devices": [ { "name": "disk" } ],
  "tasks": [
    { "name": "A", "arrival": 0, "burst": 10 },
    { "name": "B", "arrival": 1, "program": [ { "cpu": 3 }, { "io": "disk", "duration": 5 }, { "cpu": 2 } ] },
    { "name": "C", "arrival": 2, "burst": 6 }
  ]
})";

std::string good_file() { return quote(write_file("good.json", kGoodWorkload)); }

}  // namespace

TEST_CASE("cli: run a good file exits 0 with a summary, a task table and a CPU table") {
  const CliResult r = run_cli("run " + good_file());
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(contains(r.out, "Makespan"));
  CHECK(contains(r.out, "turnaround"));
  CHECK(contains(r.out, "\nA "));
  CHECK(contains(r.out, "\ncpu0 "));
}

TEST_CASE("cli: a bad workload exits 1 naming the place in the file") {
  const std::string bad = write_file("bad.json", R"({"tasks": [ {"name": "A", "brust": 3} ]})");
  const CliResult r = run_cli("run " + quote(bad));
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(one_error_line(r.err));
  CHECK(contains(r.err, bad + ": tasks[0].brust"));
}

TEST_CASE("cli: a file that is not JSON exits 1 with the parser's message") {
  const std::string bad = write_file("syntax.json", "{\"tasks\": [ {\"name\": \"A\", \"burst\": 3,} ]}");
  for (const std::string extra : {"", " --quantum 5ms"}) {
    const CliResult r = run_cli("run " + quote(bad) + extra);
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(contains(r.err, "syntax.json"));
    CHECK(contains(r.err, "line 1"));
  }
}

TEST_CASE("cli: a missing file exits 1") {
  const CliResult r = run_cli("run " + quote((temp_dir() / "nowhere.json").string()));
  CHECK(r.status == 1);
  CHECK(one_error_line(r.err));
  CHECK(contains(r.err, "nowhere.json"));
}

TEST_CASE("cli: a bad option value exits 1 and is reported as the option") {
  const std::string file = good_file();
  const CliResult zero = run_cli("run " + file + " --quantum 0");
  CHECK(zero.status == 1);
  CHECK(zero.err == "timeslice: --quantum 0: must be greater than 0\n");

  for (const std::string args : {"--quantum abc", "--quantum -1ms", "--cpus 0", "--cpus two",
                                 "--until never", "--until 0", "--seed x", "--format xml",
                                 "--width 3", "--policy nosuch"}) {
    INFO(args);
    const CliResult r = run_cli("run " + file + " " + args);
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.err.rfind("timeslice: " + args.substr(0, args.find(' ')) + " ", 0) == 0);
    CHECK(r.out.empty());
  }
  // An unknown policy lists the known ones.
  const CliResult policy = run_cli("run " + file + " --policy nosuch");
  for (const timeslice::PolicyInfo& p : timeslice::policy_registry()) CHECK(contains(policy.err, p.name));
}

TEST_CASE("cli: usage errors exit 2") {
  const std::string file = good_file();
  for (const std::string& args : std::vector<std::string>{"", "frobnicate", "--frobnicate", "run", "run " + file + " --quantom 4", "run " + file + " --quantum",
        "run " + file + " " + file, "run " + file + " --format json --gantt",
        "run " + file + " --format csv --explain", "compare", "validate", "help nosuch",
        "policies extra", "run " + file + " --summary=yes"}) {
    INFO(args);
    const CliResult r = run_cli(args);
    CHECK(r.status == 2);
    CHECK(one_error_line(r.err));
  }
  CHECK(contains(run_cli("run " + file + " --quantom 4").err, "did you mean --quantum?"));
}

TEST_CASE("cli: --help of every command exits 0 and the run help lists policies with defaults") {
  for (const std::string args : {"--help", "-h", "help", "run --help", "compare --help",
                                 "validate --help", "policies --help", "help run", "run -h x y"}) {
    INFO(args);
    const CliResult r = run_cli(args);
    CHECK(r.status == 0);
    CHECK(contains(r.out, "Usage: timeslice"));
    CHECK(r.err.empty());
  }
  for (const std::string args : {"--help", "run --help", "compare --help", "policies"}) {
    INFO(args);
    const CliResult r = run_cli(args);
    CHECK(r.status == 0);
    for (const timeslice::PolicyInfo& p : timeslice::policy_registry()) CHECK(contains(r.out, p.name));
  }
  const CliResult run = run_cli("run --help");
  for (const timeslice::PolicyInfo& p : timeslice::policy_registry())
    for (const timeslice::ParamSpec& param : p.params) {
      CHECK(contains(run.out, param.name + ": "));
      CHECK(contains(run.out, "default " + param.default_text));
    }
  CHECK(run_cli("--version").status == 0);
  CHECK(contains(run_cli("--version").out, "timeslice "));
}

TEST_CASE("cli: json output is the SPEC result and identical on every run") {
  const std::string file = good_file();
  const CliResult first = run_cli("run " + file + " --format json");
  const CliResult second = run_cli("run " + file + " --format json");
  REQUIRE(first.status == 0);
  CHECK(first.out == second.out);
  const nlohmann::json j = nlohmann::json::parse(first.out);
  CHECK(j["workload"] == "cli test");
  CHECK(j["policy"] == "rr");
  CHECK(j["tasks"].size() == 3);
  CHECK(j["cpus"].size() == 1);
  CHECK(j["summary"]["tasks"] == 3);
  CHECK(j["summary"]["makespan_ns"].is_number_integer());
  CHECK_FALSE(j.contains("until_ns"));
}

TEST_CASE("cli: overrides replace the file's policy, quantum, cpus and seed") {
  const CliResult r =
      run_cli("run " + good_file() + " --policy fcfs --cpus 3 --seed 9 --until 5ms --format json");
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["policy"] == "fcfs");
  CHECK(j["cpus"].size() == 3);
  CHECK(j["until_ns"] == 5'000'000);
  // The file sets a quantum fcfs has no use for: a note, not a failure.
  CHECK(r.err == "timeslice: note: scheduler.quantum is not used by fcfs\n");
  // At a 5ms horizon A (10ms of work) cannot have finished.
  CHECK(j["tasks"][0]["completion_ns"].is_null());
  CHECK(j["tasks"][0]["turnaround_ns"].is_null());

  // A quantum override changes the run; a bare number is milliseconds.
  const CliResult q = run_cli("run " + good_file() + " --quantum 2 --format json");
  const CliResult q2 = run_cli("run " + good_file() + " --quantum 2ms --format json");
  REQUIRE(q.status == 0);
  CHECK(q.out == q2.out);
  CHECK(q.out != run_cli("run " + good_file() + " --format json").out);
}

TEST_CASE("cli: csv output is a header and a row per task, or one summary row") {
  const CliResult r = run_cli("run " + good_file() + " --format csv");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("name,process,arrival_ns,", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 4);
  const CliResult s = run_cli("run " + good_file() + " --format csv --summary");
  REQUIRE(s.status == 0);
  CHECK(s.out.rfind("workload,policy,makespan_ns,", 0) == 0);
  CHECK(std::count(s.out.begin(), s.out.end(), '\n') == 2);
}

TEST_CASE("cli: --summary, --gantt and --explain") {
  const std::string file = good_file();
  const CliResult summary = run_cli("run " + file + " --summary");
  REQUIRE(summary.status == 0);
  CHECK(contains(summary.out, "Makespan"));
  CHECK_FALSE(contains(summary.out, "\nA "));

  const CliResult gantt = run_cli("run " + file + " --gantt --width 40");
  REQUIRE(gantt.status == 0);
  CHECK(contains(gantt.out, "\ncpu0 |"));
  CHECK(contains(gantt.out, "\ndisk |"));
  CHECK(contains(gantt.out, "A=A"));

  const CliResult explain = run_cli("run " + file + " --explain");
  REQUIRE(explain.status == 0);
  CHECK(explain.out.rfind("t=0", 0) == 0);
  CHECK(contains(explain.out, " cpu0: "));
}

TEST_CASE("cli: -o writes the whole output to the file and nothing to stdout") {
  const std::string file = good_file();
  const fs::path out = temp_dir() / "out" / "result.json";
  fs::create_directories(out.parent_path());
  std::ofstream(out) << "old contents";
  const CliResult r = run_cli("run " + file + " --format json -o " + quote(out.string()));
  CHECK(r.status == 0);
  CHECK(r.out.empty());
  CHECK(read_text(out) == run_cli("run " + file + " --format json").out);
  // Only the result is left in the directory: the temporary file was renamed.
  CHECK(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()) == 1);

  const CliResult nowhere =
      run_cli("run " + file + " -o " + quote((temp_dir() / "no" / "such" / "dir.txt").string()));
  CHECK(nowhere.status == 1);
  CHECK(one_error_line(nowhere.err));
}

TEST_CASE("cli: validate prints ok per good file and exits 1 if any is bad") {
  const std::string good = write_file("v-good.json", kGoodWorkload);
  const std::string bad = write_file("v-bad.json", R"({"tasks": [ {"name": "A", "burst": 0} ]})");
  const CliResult ok = run_cli("validate " + quote(good));
  CHECK(ok.status == 0);
  CHECK(ok.out == good + ": ok\n");

  const CliResult mixed = run_cli("validate " + quote(good) + " " + quote(bad));
  CHECK(mixed.status == 1);
  CHECK(mixed.out == good + ": ok\n");
  CHECK(one_error_line(mixed.err));
  CHECK(contains(mixed.err, bad + ": tasks[0]"));
}

TEST_CASE("cli: compare prints a row per policy") {
  const std::string file = good_file();
  const CliResult r = run_cli("compare " + file + " --policies fcfs,rr,srtf");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("policy ", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 4);
  CHECK(contains(r.out, "\nfcfs "));
  CHECK(contains(r.out, "\nsrtf "));

  const CliResult all = run_cli("compare " + file + " --format json");
  REQUIRE(all.status == 0);
  const nlohmann::json j = nlohmann::json::parse(all.out);
  CHECK(j["workload"] == "cli test");
  CHECK(j["runs"].size() == timeslice::policy_registry().size());
  CHECK(j["runs"][0]["summary"].contains("mean_turnaround_ns"));

  const CliResult unknown = run_cli("compare " + file + " --policies fcfs,nosuch");
  CHECK(unknown.status == 1);
  CHECK(one_error_line(unknown.err));
  CHECK(contains(unknown.err, "nosuch"));
  CHECK(contains(unknown.err, "srtf"));
}

TEST_CASE("cli: a parameter the policy does not use is a note, named as it was given") {
  const std::string fcfs = write_file("fcfs.json", R"({"scheduler": {"policy": "fcfs"},
      "tasks": [ {"name": "A", "burst": 3} ]})");
  const CliResult option = run_cli("run " + quote(fcfs) + " --quantum 5ms --summary");
  CHECK(option.status == 0);
  CHECK(option.err == "timeslice: note: --quantum is not used by fcfs\n");
  const CliResult file = run_cli("run " + good_file() + " --policy fcfs --summary");
  CHECK(file.status == 0);
  CHECK(file.err == "timeslice: note: scheduler.quantum is not used by fcfs\n");
  const CliResult quiet = run_cli("run " + good_file() + " --summary");
  CHECK(quiet.err.empty());
}

TEST_CASE("cli: json with --summary leaves out the task rows") {
  const CliResult r = run_cli("run " + good_file() + " --format json --summary");
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK_FALSE(j.contains("tasks"));
  CHECK(j["summary"]["tasks"] == 3);
  CHECK(j.contains("cpus"));
}
