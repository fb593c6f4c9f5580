#include "test_support.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <functional>
#include <fstream>
#include <sstream>

namespace timeslice::test {

Time ms(double value) { return static_cast<Time>(value * 1e6 + 0.5); }
Phase cpu(double v) { return {PhaseKind::Cpu, 0, ms(v)}; }
Phase io(DeviceId device, double v) { return {PhaseKind::Io, device, ms(v)}; }
Phase sleep_for(double v) { return {PhaseKind::Sleep, 0, ms(v)}; }
Phase yield() { return {PhaseKind::Yield, 0, 0}; }

WorkloadBuilder::WorkloadBuilder(const std::string& policy, int cpus) {
  w_.name = "test";
  w_.scheduler.policy = policy;
  for (int i = 0; i < cpus; ++i) w_.machine.cpus.push_back({"cpu" + std::to_string(i), kSpeedUnit, ""});
}
WorkloadBuilder& WorkloadBuilder::param(const std::string& name, ParamValue value) {
  w_.scheduler.params[name] = std::move(value);
  return *this;
}
WorkloadBuilder& WorkloadBuilder::same_time(SameTime order) {
  w_.scheduler.same_time = order;
  return *this;
}
WorkloadBuilder& WorkloadBuilder::costs(const Costs& costs) {
  w_.machine.costs = costs;
  return *this;
}
WorkloadBuilder& WorkloadBuilder::device(const std::string& name, std::uint32_t channels) {
  w_.devices.push_back({name, channels});
  return *this;
}
WorkloadBuilder& WorkloadBuilder::task(const std::string& name, double arrival_ms, double burst_ms,
                                       int priority) {
  return task(name, arrival_ms, std::vector<Phase>{cpu(burst_ms)}, priority);
}
WorkloadBuilder& WorkloadBuilder::task(const std::string& name, double arrival_ms,
                                       std::vector<Phase> program, int priority,
                                       const std::string& process) {
  TaskSpec t;
  t.name = name;
  t.arrival = ms(arrival_ms);
  t.priority = priority;
  const std::string proc = process.empty() ? name : process;
  std::size_t p = 0;
  while (p < w_.processes.size() && w_.processes[p] != proc) ++p;
  if (p == w_.processes.size()) w_.processes.push_back(proc);
  t.process = static_cast<ProcessId>(p);
  t.first_phase = static_cast<std::uint32_t>(w_.phases.size());
  t.phase_count = static_cast<std::uint32_t>(program.size());
  w_.phases.insert(w_.phases.end(), program.begin(), program.end());
  w_.tasks.push_back(t);
  return *this;
}

Workload workload_from_json(const std::string& json) { return parse_workload(json, "test.json"); }

std::string workload_error(const std::string& json) {
  try {
    parse_workload(json, "w.json");
  } catch (const WorkloadError& e) {
    return e.what();
  }
  return "(accepted)";
}

RunOutput run_checked(const Workload& workload, Time until) {
  RunOptions options;
  options.until = until;
  options.record = RecordLevel::Decisions;
  options.check_invariants = true;
  return simulate(workload, options);
}

RunOutput run_json(const std::string& json, Time until) {
  return run_checked(workload_from_json(json), until);
}

const TaskResult& task_named(const Results& results, const std::string& name) {
  for (const TaskResult& t : results.tasks)
    if (t.name == name) return t;
  FAIL("no task named " << name);
  throw std::logic_error("unreachable");
}

std::string source_path(const std::string& relative) {
  return std::string(TIMESLICE_SOURCE_DIR) + "/" + relative;
}

namespace fs = std::filesystem;

namespace {

// The process's directory, removed at exit.
const fs::path& process_temp_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("timeslice-test-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  static const struct Cleanup {
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup;
  return dir;
}

// A directory name for a test case: its name's letters and digits, then a
// hash of the whole name so that two names never share a directory.
std::string directory_name(const std::string& test_name) {
  std::string name;
  for (char c : test_name.substr(0, 60)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  std::ostringstream hash;
  hash << std::hex << std::hash<std::string>{}(test_name);
  return name + "-" + hash.str();
}

}  // namespace

const fs::path& temp_dir() {
  // One directory per test case, so that test cases run in one process
  // (unit_tests with no filter) never see each other's files.
  static std::string current_test;
  static fs::path current_dir;
  const Catch::IResultCapture* capture = Catch::getCurrentContext().getResultCapture();
  const std::string test = capture ? capture->getCurrentTestName() : std::string();
  if (current_dir.empty() || test != current_test) {
    current_test = test;
    current_dir = test.empty() ? process_temp_dir() : process_temp_dir() / directory_name(test);
    fs::create_directories(current_dir);
  }
  return current_dir;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string write_file(const std::string& name, const std::string& text) {
  const fs::path path = temp_dir() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

CliResult run_cli(const std::string& args) {
  const fs::path out = temp_dir() / "stdout.txt";
  const fs::path err = temp_dir() / "stderr.txt";
  const std::string command = quote(TIMESLICE_CLI) + " " + args + " >" + quote(out.string()) +
                              " 2>" + quote(err.string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_text(out), read_text(err)};
}

}  // namespace timeslice::test
