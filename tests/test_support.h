// Helpers shared by the tests: every simulation a test runs goes through
// run_checked(), which turns the invariant checker on.
#pragma once

#include <filesystem>
#include <string>

#include "sim/core/run.h"
#include "sim/format/workload_json.h"

namespace timeslice::test {

// Builds a Workload in code, for engine tests that should not depend on the
// JSON reader. Durations are in milliseconds unless given as Time.
class WorkloadBuilder {
 public:
  WorkloadBuilder(const std::string& policy, int cpus = 1);
  WorkloadBuilder& param(const std::string& name, ParamValue value);
  WorkloadBuilder& same_time(SameTime order);
  WorkloadBuilder& costs(const Costs& costs);
  WorkloadBuilder& device(const std::string& name, std::uint32_t channels = 1);
  // A task with one CPU burst (ms).
  WorkloadBuilder& task(const std::string& name, double arrival_ms, double burst_ms,
                        int priority = 0);
  // A task with a program: phases built with cpu(), io(), sleep_for(), yield().
  WorkloadBuilder& task(const std::string& name, double arrival_ms, std::vector<Phase> program,
                        int priority = 0, const std::string& process = "");
  Workload build() const { return w_; }

 private:
  Workload w_;
};
Phase cpu(double ms);
Phase io(DeviceId device, double ms);
Phase sleep_for(double ms);
Phase yield();
Time ms(double value);

// Parse a workload from JSON text (throws WorkloadError on bad input).
Workload workload_from_json(const std::string& json);

// The message a workload document (read as "w.json") is refused with, or
// "(accepted)".
std::string workload_error(const std::string& json);

// Simulate with invariant checking and full recording.
RunOutput run_checked(const Workload& workload, Time until = kNever);

// Parse and simulate.
RunOutput run_json(const std::string& json, Time until = kNever);

// The result row of the task with this name (fails the test if absent).
const TaskResult& task_named(const Results& results, const std::string& name);

// Path of a file in the source tree.
std::string source_path(const std::string& relative);

// ---- Running the `timeslice` binary (CLI tests) ------------------------------

// A fresh directory for the running test case (one per test case, all under
// one directory for this test process, removed at exit).
const std::filesystem::path& temp_dir();
// Single-quoted for /bin/sh.
std::string quote(const std::string& s);
std::string read_text(const std::filesystem::path& path);
// Writes `text` to temp_dir()/name and returns the path.
std::string write_file(const std::string& name, const std::string& text);

struct CliResult {
  int status = -1;  // exit code
  std::string out, err;
};
// Runs `timeslice <args>` (args already shell-quoted where needed), no stdin.
CliResult run_cli(const std::string& args);

}  // namespace timeslice::test
