// Hostile input, family by family: every case ends in one clear
// "timeslice: ..." line with exit code 1 (2 for usage), or in a bounded run;
// never a crash, a run without end, or a result that is silently wrong.
//   1. crashes: deep nesting anywhere in the file, with every command;
//   2. runaway runs: refused up front naming the field, or stopped by the
//      event or records budget saying how far they got;
//   3. input size: devices and special files, size and count limits;
//   4. silently wrong: failed writes, clashing outputs, dropped options,
//      trailing garbage, control characters, sub-nanosecond numbers;
//   5. messages: -0, --set blamed for what it set, long paths and names.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/run.h"
#include "sim/format/report.h"
#include "sim/format/workload_json.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace timeslice;
using namespace timeslice::test;

namespace {

bool one_error_line(const std::string& err) {
  return err.rfind("timeslice: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// {"a":{"a":...1...}} nested `depth` objects deep.
std::string deep_objects(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += R"({"a":)";
  text += "1";
  text += std::string(static_cast<std::size_t>(depth), '}');
  return text;
}

const char* kSmall = R"({"tasks": [{"name": "A", "burst": 5}, {"name": "B", "burst": 3}],
                        "scheduler": {"policy": "rr", "quantum": 2}})";

std::string small_file() { return quote(write_file("small.json", kSmall)); }

// `timeslice <args>` with stdout sent to `stdout_target` (e.g. /dev/full).
CliResult run_cli_to(const std::string& args, const std::string& stdout_target) {
  const fs::path err = temp_dir() / "stderr-to.txt";
  const std::string command = quote(TIMESLICE_CLI) + " " + args + " >" + stdout_target + " 2>" +
                              quote(err.string()) + " </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, "", read_text(err)};
}

}  // namespace

// ---- 1. Crashes: deep nesting ----------------------------------------------------

TEST_CASE("hostile 1: nesting deeper than 64 is refused where it starts, with its path") {
  // 64 levels in all (the document is the first) pass; 65 do not.
  CHECK_NOTHROW(check_json_text(std::string(64, '[') + std::string(64, ']'), "w.json"));
  CHECK_THROWS_WITH(check_json_text(std::string(65, '[') + std::string(65, ']'), "w.json"),
                    Catch::Contains("an array nested more than 64 deep (the limit)"));
  // Deep in places that are read, only shown, or never looked at.
  for (const std::string& where : {"scheduler", "description", "machine", "tasks"}) {
    INFO(where);
    const std::string text = R"({"tasks": [{"name": "A", "burst": 1}], ")" + (where == "tasks" ? "x" : where) +
                             R"(": )" + deep_objects(100000) + "}";
    const std::string e = workload_error(text);
    CHECK(contains(e, "an object nested more than 64 deep (the limit)"));
    CHECK(e.size() < 400);  // the path is 63 short keys
  }
  // Syntax errors are left to the parser, which places them.
  CHECK_NOTHROW(check_json_text("{\"tasks\": [", "w.json"));
}

TEST_CASE("hostile 1: every command refuses a deeply nested file cleanly") {
  const std::string deep = quote(write_file(
      "deep.json", R"({"tasks": [{"name": "A", "burst": 5}], "scheduler": )" + deep_objects(100000) + "}"));
  for (const std::string& args :
       {"run " + deep, "run " + deep + " --policy fcfs", "run " + deep + " --set quantum=1ms",
        "run " + deep + " --set scheduler.a=1", "compare " + deep + " --policies fcfs,rr",
        "sweep " + deep + " --set quantum=1ms,2ms", "validate " + deep}) {
    INFO(args);
    const CliResult r = run_cli(args);
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(contains(r.err, "scheduler.a.a.a"));
    CHECK(contains(r.err, "nested more than 64 deep (the limit)"));
  }
  // Two deep subtrees: an option replacing one must not reach the other.
  const std::string two = quote(write_file("two-deep.json", R"({"tasks": [{"name": "A", "burst": 5}], "machine": )" +
                                                                deep_objects(100000) + R"(, "description": )" +
                                                                deep_objects(100000) + "}"));
  const CliResult r = run_cli("run " + two + " --set machine.a=1");
  CHECK(r.status == 1);
  CHECK(one_error_line(r.err));
}

// ---- 2. Runaway runs ---------------------------------------------------------------

TEST_CASE("hostile 2: estimate_events is a lower bound named by its field (hand-worked)") {
  struct Case {
    const char* json;
    Time until;
    double events;
    const char* field;
  };
  const std::vector<Case> cases = {
      // 2 tasks x 5s of work, 1ns quantum: 10s / 1ns = 1e10 slices.
      {R"({"time_unit": "ns", "scheduler": {"policy": "rr", "quantum": 1},
           "tasks": [{"name": "A", "burst": "5s"}, {"name": "B", "burst": "5s"}]})",
       kNever, 1e10, "scheduler.quantum"},
      // The same work on one CPU of speed 0.001 with a 1us quantum: 10,000s / 1us.
      {R"({"machine": {"cpus": [{"speed": 0.001}]}, "scheduler": {"policy": "rr", "quantum": "1us"},
           "tasks": [{"name": "A", "burst": "5s"}, {"name": "B", "burst": "5s"}]})",
       kNever, 1e10, "scheduler.quantum"},
      // A 100ns tick over 1s of work (quantum 100ms: 10 slices).
      {R"({"machine": {"tick": "100ns"}, "tasks": [{"name": "A", "burst": "1s"}]})", kNever, 1e7, "machine.tick"},
      // A 1us job period until 1s: 1,000,001 releases (at 0, 1us, ..., 1s).
      {R"({"scheduler": {"policy": "edf"}, "tasks": [{"name": "P", "period": "1us", "wcet": "100ns"}]})",
       kSecond, 1000001, "tasks[0].period"},
      // mlfq boost every 10ns over at least 2s (4s of work on 2 CPUs).
      {R"({"machine": {"cpus": 2}, "scheduler": {"policy": "mlfq", "boost": "10ns", "quanta": ["1s", "1s", "1s"]},
           "tasks": [{"name": "A", "burst": "2s"}, {"name": "B", "burst": "2s"}]})",
       kNever, 2e8, "scheduler.boost"},
      // Balancing every 1ns on per-CPU queues over 1s.
      {R"({"machine": {"cpus": 2}, "scheduler": {"queues": "per_cpu", "balance_interval": "1ns"},
           "tasks": [{"name": "A", "burst": "1s"}, {"name": "B", "burst": "1s"}]})",
       kNever, 1e9, "scheduler.balance_interval"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const EventEstimate e = estimate_events(workload_from_json(c.json), c.until);
    CHECK(e.events == Approx(c.events));
    CHECK(e.field == c.field);
    CHECK_THROWS_AS(check_event_budget(workload_from_json(c.json), c.until, 1000), EventBudgetExceeded);
  }
  // A lower bound: the real runs take at least that many events.
  const Workload w = workload_from_json(R"({"time_unit": "us", "scheduler": {"policy": "rr", "quantum": 10},
      "tasks": [{"name": "A", "burst": 1000}, {"name": "B", "burst": 500}]})");
  const RunOutput out = run_checked(w);
  CHECK(estimate_events(w, kNever).events == 150);
  CHECK(static_cast<double>(out.results.summary.events) >= 150);
}

TEST_CASE("hostile 2: the event budget stops a run and says how far it got") {
  const Workload w = workload_from_json(R"({"time_unit": "us", "scheduler": {"policy": "rr", "quantum": 1},
      "tasks": [{"name": "A", "burst": 100000}, {"name": "B", "burst": 100}]})");
  RunOptions options;
  options.max_events = 50000;
  try {
    simulate(w, options);
    FAIL("not stopped");
  } catch (const EventBudgetExceeded& e) {
    const std::string what = e.what();
    CHECK(contains(what, "the run was stopped by the event budget (50,000 events) at "));
    CHECK(contains(what, "of simulated time, with 1 of 2 tasks finished"));
    CHECK(e.field().empty());
  }
  // A budget the run fits in changes nothing.
  options.max_events = 10'000'000;
  RunOptions none;
  CHECK(simulate(w, options).results.summary.events == simulate(w, none).results.summary.events);
}

TEST_CASE("hostile 2: the records budget stops a run that keeps too much, saying how far it got") {
  // 100,100 slices of 1us: B finishes at about 200us, A much later.
  const Workload w = workload_from_json(R"({"time_unit": "us", "scheduler": {"policy": "rr", "quantum": 1},
      "tasks": [{"name": "A", "burst": 100000}, {"name": "B", "burst": 100}]})");
  for (const RecordLevel level : {RecordLevel::Slices, RecordLevel::Decisions}) {
    INFO(record_level_name(level));
    RunOptions options;
    options.record = level;
    options.max_records = 5000;
    try {
      simulate(w, options);
      FAIL("not stopped");
    } catch (const RecordBudgetExceeded& e) {
      const std::string what = e.what();
      CHECK(contains(what, "the run was stopped by the records budget (5,000 slices, state changes and decisions "
                           "kept) at "));
      CHECK(contains(what, "of simulated time, with 1 of 2 tasks finished"));
    }
  }
  // Metrics keep no records, so the budget never stops them.
  RunOptions metrics;
  metrics.record = RecordLevel::Metrics;
  metrics.max_records = 5000;
  CHECK(simulate(w, metrics).results.summary.events > 100000);
  // A budget the run fits in changes nothing.
  RunOptions fits, none;
  fits.max_records = 10'000'000;
  const RunOutput a = simulate(w, fits), b = simulate(w, none);
  CHECK(a.results.summary.events == b.results.summary.events);
  CHECK(record_count(a.trace) == record_count(b.trace));
  CHECK(record_count(a.trace) > 200000);
}

TEST_CASE("hostile 2: the CLI stops a run keeping more than --max-records, naming what to change") {
  const std::string many = quote(write_file("many-records.json", R"({"generate": [{"count": 2000, "name": "j",
      "arrival": 0, "burst": 1}]})"));
  const std::string trace = (temp_dir() / "t.json").string();
  const CliResult stopped = run_cli("run " + many + " --trace " + quote(trace) + " --max-records 1000");
  CHECK(stopped.status == 1);
  CHECK(one_error_line(stopped.err));
  CHECK(contains(stopped.err, "timeslice: the run was stopped by the records budget (1,000 slices, state changes "
                              "and decisions kept) at "));
  CHECK(contains(stopped.err, "keep less with --record metrics (no --trace, --svg, --csv-dir or --gantt), raise it "
                              "with --max-records N (0: none) or stop earlier with --until"));
  CHECK_FALSE(fs::exists(trace));
  // The report alone keeps metrics, which the budget does not count; 0 is
  // no budget; a bad value is refused.
  CHECK(run_cli("run " + many + " --summary --max-records 1000").status == 0);
  CHECK(run_cli("run " + many + " --trace " + quote(trace) + " --max-records 0").status == 0);
  CHECK(fs::exists(trace));
  const CliResult bad = run_cli("run " + many + " --max-records -1");
  CHECK(bad.status == 1);
  CHECK(bad.err == "timeslice: --max-records -1: expected a whole number of records (0: no budget)\n");
}

TEST_CASE("hostile 2: the CLI refuses a runaway run naming the field or the option") {
  const std::string tiny = quote(write_file("tiny-quantum.json", R"({"time_unit": "ns",
      "scheduler": {"policy": "rr", "quantum": 1},
      "tasks": [{"name": "A", "burst": "5s"}, {"name": "B", "burst": "5s"}]})"));
  const CliResult file = run_cli("run " + tiny);
  CHECK(file.status == 1);
  CHECK(one_error_line(file.err));
  CHECK(contains(file.err, "tiny-quantum.json: scheduler.quantum: a 1ns quantum over 10s of CPU work takes at least "
                           "10,000,000,000 events, more than the event budget (200,000,000); change it, or raise "
                           "the budget with --max-events N (0: none)"));
  const CliResult option = run_cli("run " + small_file() + " --quantum 1ns --until 10s --max-events 1000");
  CHECK(option.status == 1);
  CHECK(option.err.rfind("timeslice: --quantum 1ns: a 1ns quantum over 8ms of CPU work", 0) == 0);
  const CliResult set = run_cli("compare " + small_file() + " --policies rr --set quantum=1ns --max-events 1000");
  CHECK(set.status == 1);
  CHECK(set.err.rfind("timeslice: --set quantum=1ns: a 1ns quantum", 0) == 0);
  const CliResult sweep = run_cli("sweep " + small_file() + " --set quantum=1ms,1ns --max-events 1000");
  CHECK(sweep.status == 1);
  CHECK(sweep.err.rfind("timeslice: --set quantum=1ns: a 1ns quantum", 0) == 0);
  // Stopped in the middle: 2,000 short tasks need about 6,000 events; the
  // estimate (20 slices of 100ms) lets them start.
  const std::string many = quote(write_file("many.json", R"({"generate": [{"count": 2000, "name": "j",
      "arrival": 0, "burst": 1}]})"));
  const CliResult stopped = run_cli("run " + many + " --max-events 3000");
  CHECK(stopped.status == 1);
  CHECK(one_error_line(stopped.err));
  CHECK(contains(stopped.err, "the run was stopped by the event budget (3,000 events) at "));
  CHECK(contains(stopped.err, "raise it with --max-events N (0: none) or stop earlier with --until"));
  // 0: no budget; a bad value is refused.
  CHECK(run_cli("run " + small_file() + " --quantum 1us --max-events 0").status == 0);
  const CliResult bad = run_cli("run " + small_file() + " --max-events lots");
  CHECK(bad.status == 1);
  CHECK(bad.err == "timeslice: --max-events lots: expected a whole number of events (0: no budget)\n");
}

TEST_CASE("hostile 2: --explain is streamed, the same text as when written with -o") {
  const std::string file = quote(source_path("workloads/mlfq.json"));
  const CliResult streamed = run_cli("run " + file + " --explain --gantt");
  CHECK(streamed.status == 0);
  const std::string out = (temp_dir() / "explain.txt").string();
  CHECK(run_cli("run " + file + " --explain --gantt -o " + quote(out)).status == 0);
  CHECK(read_text(out) == streamed.out);
  CHECK(contains(streamed.out, "t=0 cpu0: "));
}

// ---- 3. Input size ------------------------------------------------------------------

TEST_CASE("hostile 3: only regular files of at most 64 MiB are read") {
  for (const std::string dev : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    const CliResult r = run_cli("validate " + dev);
    CHECK(r.status == 1);
    CHECK(r.err == "timeslice: " + dev + ": not a regular file (a device, pipe or socket); a workload is read from a file, or from standard input as -\n");
  }
  // A named pipe with no writer: refused at once, no wait.
  const std::string fifo = (temp_dir() / "fifo.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(run_cli("run " + quote(fifo)).status == 1);
  // 65 MiB (sparse: no disk used) is refused before it is read.
  const std::string big = (temp_dir() / "big.json").string();
  { std::ofstream(big) << "{}"; }
  fs::resize_file(big, (std::uintmax_t{65} << 20));
  const CliResult r = run_cli("run " + quote(big));
  CHECK(r.status == 1);
  CHECK(r.err == "timeslice: " + big + ": the file is 65 MiB, larger than the limit of 64 MiB (use \"generate\" for many tasks)\n");
  CHECK_THROWS_WITH(read_workload_file(big), Catch::Contains("larger than the limit of 64 MiB"));
}

TEST_CASE("hostile 3: counts are checked against their limits before anything is built") {
  std::string devices = R"({"tasks": [{"name": "A", "burst": 1}], "devices": [)";
  for (int i = 0; i <= 10000; ++i) devices += (i ? "," : "") + std::string(R"({"name": "d)") + std::to_string(i) + "\"}";
  CHECK(workload_error(devices + "]}") == "w.json: devices: too many devices (10001; the limit is 10000)");
  std::string locks = R"({"tasks": [{"name": "A", "burst": 1}], "locks": [)";
  for (int i = 0; i <= 100000; ++i) locks += (i ? "," : "") + std::string(R"({"name": "m)") + std::to_string(i) + "\"}";
  CHECK(workload_error(locks + "]}") == "w.json: locks: too many locks (100001; the limit is 100000)");
  // A sweep grid of 1,000,001 points is refused before a point is made.
  std::string values = "1ms";
  for (int i = 2; i <= 1001; ++i) values += "," + std::to_string(i) + "ms";
  const CliResult grid = run_cli("sweep " + small_file() + " --set quantum=" + values + " --set seed=" +
                                 [] {
                                   std::string s = "1";
                                   for (int i = 2; i <= 1000; ++i) s += "," + std::to_string(i);
                                   return s;
                                 }() + ",1001");
  CHECK(grid.status == 1);
  CHECK(grid.err == "timeslice: sweep: the grid has more than 1000000 points (the limit); split it into several sweeps\n");
}

// ---- 4. Silently wrong ----------------------------------------------------------------

TEST_CASE("hostile 4: a failed write to standard output is an error") {
  const CliResult full = run_cli_to("run " + small_file(), "/dev/full");
  CHECK(full.status == 1);
  CHECK(full.err == "timeslice: cannot write to standard output: No space left on device\n");
  CHECK(run_cli_to("run " + small_file() + " --explain", "/dev/full").status == 1);
  CHECK(run_cli_to("validate " + small_file(), "/dev/full").status == 1);
  CHECK(run_cli_to("run " + small_file(), "/dev/null").status == 0);
}

TEST_CASE("hostile 4: two outputs given one file are refused before the run") {
  const std::string dir = (temp_dir() / "same").string();
  fs::create_directories(dir);
  const std::string a = quote(dir + "/a.out");
  for (const std::string& outputs : {"-o " + a + " --trace " + a, "--svg " + a + " --trace " + quote(dir + "/./a.out"),
                                     "-o " + quote(dir + "/tasks.csv") + " --csv-dir " + quote(dir)}) {
    INFO(outputs);
    const CliResult r = run_cli("run " + small_file() + " " + outputs);
    CHECK(r.status == 2);
    CHECK(one_error_line(r.err));
    CHECK(contains(r.err, ": the same file as "));
  }
  CHECK_FALSE(fs::exists(dir + "/a.out"));
}

TEST_CASE("hostile 4: an export failing after -o says what was written") {
  const std::string dir = (temp_dir() / "half").string();
  fs::create_directories(dir);
  const std::string out = dir + "/report.txt";
  const std::string blocker = dir + "/not-a-dir";
  { std::ofstream(blocker) << "x"; }
  const CliResult r = run_cli("run " + small_file() + " -o " + quote(out) + " --trace " + quote(dir + "/t.json") +
                              " --csv-dir " + quote(blocker));
  CHECK(r.status == 1);
  CHECK(one_error_line(r.err));
  CHECK(contains(r.err, "(already written: -o " + out + ", --trace " + dir + "/t.json)"));
}

TEST_CASE("hostile 4: an option that cannot apply is an error, never dropped with the others") {
  const CliResult r = run_cli("run " + small_file() + " --set scheduler.quantum.x=3 --policy fcfs --cpus 2");
  CHECK(r.status == 1);
  CHECK(r.err == "timeslice: --set scheduler.quantum.x=3: scheduler.quantum is a number, not an object with fields\n");
  const CliResult c = run_cli("compare " + small_file() + " --set scheduler.policy.x=1");
  CHECK(c.status == 1);
  CHECK(contains(c.err, "scheduler.policy is a string, not an object with fields"));
}

TEST_CASE("hostile 4: a NUL byte and whatever follows it are refused") {
  const std::string text = std::string(kSmall) + std::string("\0garbage", 8);
  CHECK(workload_error(text) == "w.json: invalid JSON at line 2, column 69: a NUL byte (a workload file is text)");
  CHECK(workload_error(std::string("{\"tasks\": [{\"name\": \"A\0\", \"burst\": 1}]}", 38)) ==
        "w.json: invalid JSON at line 1, column 23: a NUL byte (a workload file is text)");
}

TEST_CASE("hostile 4: control characters in names are escaped in text output") {
  CHECK(printable("A\x1b[31mB") == "A\\x1b[31mB");
  CHECK(printable(std::string("x\0y\n\x7f", 5)) == "x\\x00y\\x0a\\x7f");
  CHECK(printable("naïve\ttab") == "naïve\\x09tab");
  const std::string file = quote(write_file("ctrl.json", R"({"name": "w\u001b]0;title\u0007",
      "tasks": [{"name": "A\u001b[2J\u0000", "burst": 2}], "devices": [{"name": "d\r"}]})"));
  const CliResult r = run_cli("run " + file + " --explain --gantt");
  CHECK(r.status == 0);
  for (char c : r.out) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
  CHECK(contains(r.out, "A\\x1b[2J\\x00 dispatched"));
  CHECK(contains(r.out, "Workload    w\\x1b]0;title\\x07"));
  // Error messages too: one line, escaped.
  const std::string bad = quote(write_file("ctrl-bad.json", R"({"tasks": [{"name": "A\n\u001b", "burst": 2}],
      "locks": [{"name": "m"}], "x": 1})"));
  CHECK(one_error_line(run_cli("run " + bad).err));
}

TEST_CASE("hostile 4: one rule for numbers and strings: whole nanoseconds only") {
  const auto burst = [](const std::string& unit, const std::string& value) {
    return workload_error(R"({"time_unit": ")" + unit + R"(", "tasks": [{"name": "A", "burst": )" + value + "}]}");
  };
  CHECK(burst("ns", "2.5") == "w.json: tasks[0].burst: 2.5ns is not a whole number of nanoseconds");
  CHECK(burst("ns", "\"2.5ns\"") == "w.json: tasks[0].burst: \"2.5ns\" is not a whole number of nanoseconds");
  CHECK(burst("us", "0.0005") == "w.json: tasks[0].burst: 0.0005us is not a whole number of nanoseconds");
  CHECK(burst("ms", "1e-7") == "w.json: tasks[0].burst: 1e-07ms is not a whole number of nanoseconds");
  // Exact decimals in any unit are read exactly.
  CHECK(workload_from_json(R"({"time_unit": "us", "tasks": [{"name": "A", "burst": 2.5}]})").phases[0].duration == 2500);
  CHECK(workload_from_json(R"({"tasks": [{"name": "A", "burst": 0.1}]})").phases[0].duration == 100000);
  CHECK(workload_from_json(R"({"tasks": [{"name": "A", "burst": 0.000001}]})").phases[0].duration == 1);
  CHECK(workload_from_json(R"({"time_unit": "s", "tasks": [{"name": "A", "burst": 1.000000001}]})").phases[0].duration ==
        1000000001);
}

// ---- 5. Messages ------------------------------------------------------------------------

TEST_CASE("hostile 5: -0 is zero, and shown as -0") {
  CHECK(workload_error(R"({"tasks": [{"name": "A", "burst": -0}]})") ==
        "w.json: tasks[0].burst: expected a duration greater than 0, got -0");
  const Workload w = workload_from_json(R"({"seed": -0, "tasks": [{"name": "A", "arrival": -0, "burst": 1}]})");
  CHECK(w.seed == 0);
  CHECK(w.tasks[0].arrival == 0);
  CHECK(run_cli("run " + small_file() + " --seed -0").status == 0);
}

TEST_CASE("hostile 5: --set is blamed for the fields it set, also from above") {
  const CliResult r = run_cli("run " + small_file() + " --set scheduler.amp.master=5");
  CHECK(r.status == 1);
  CHECK(r.err == "timeslice: --set scheduler.amp.master=5: scheduler.amp: a master/slave machine needs at least 2 CPUs\n");
}

TEST_CASE("hostile 5: long paths and names are shortened in messages") {
  // 70 levels of 40-character keys: too deep at a 2,600-character path.
  const std::string key(40, 'k');
  std::string text = R"({"tasks": [{"name": "A", "burst": 1}], "scheduler": )";
  for (int i = 0; i < 70; ++i) text += "{\"" + key + "\": ";
  text += "1" + std::string(70, '}') + "}";
  const std::string e = workload_error(text);
  CHECK(e.rfind("w.json: scheduler." + key + "." + key, 0) == 0);
  CHECK(contains(e, "k ... k"));
  CHECK(contains(e, key + ": an object nested more than 64 deep (the limit)"));
  CHECK(e.size() < 500);
  // An output name longer than the file system allows.
  const CliResult r = run_cli("run " + small_file() + " -o " + std::string(300, 'x'));
  CHECK(r.status == 1);
  CHECK(one_error_line(r.err));
  CHECK(contains(r.err, "File name too long"));
  CHECK(r.err.size() < 200);
}
