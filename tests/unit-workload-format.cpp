// The workload file reader (SPEC §3): durations, a full workload field by
// field, every validation error with its exact message, and generated tasks.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "sim/core/policy.h"
#include "sim/format/workload_json.h"
#include "test_support.h"

using namespace timeslice;
using timeslice::test::workload_error;

namespace {

constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

// A document with `fields` at the top level and one valid task.
std::string doc(const std::string& fields) {
  return "{" + fields + R"(, "tasks": [{"name": "A", "burst": 1}]})";
}

// A document whose only task has `fields` after its name.
std::string task(const std::string& fields) {
  return R"({"devices": [{"name": "disk"}, {"name": "net"}], "tasks": [{"name": "A", )" + fields + "}]}";
}

// A document whose only task runs `phases`.
std::string program(const std::string& phases) { return task(R"("program": )" + phases); }

// A document with one generate entry with `fields` after count and name.
std::string gen(const std::string& fields) {
  return R"({"devices": [{"name": "disk"}], "generate": [{"count": 3, "name": "g", )" + fields + "}]}";
}

struct ErrorCase {
  std::string json;
  std::string message;
};

void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    INFO(c.json);
    CHECK(workload_error(c.json) == c.message);
  }
}

std::vector<Time> durations(const Workload& w, const TaskSpec& t) {
  std::vector<Time> out;
  for (std::uint32_t i = 0; i < t.phase_count; ++i) out.push_back(w.phases[t.first_phase + i].duration);
  return out;
}

std::vector<PhaseKind> kinds(const Workload& w, const TaskSpec& t) {
  std::vector<PhaseKind> out;
  for (std::uint32_t i = 0; i < t.phase_count; ++i) out.push_back(w.phases[t.first_phase + i].kind);
  return out;
}

}  // namespace

TEST_CASE("format: parse_duration accepts exact decimal durations") {
  struct Good {
    const char* text;
    TimeUnit unit;
    Time ns;
  };
  const Good good[] = {
      {"0", TimeUnit::Milliseconds, 0},
      {"250us", TimeUnit::Milliseconds, 250 * us},
      {"1.5ms", TimeUnit::Seconds, 1'500'000},
      {"2s", TimeUnit::Nanoseconds, 2 * kSecond},
      {"40ns", TimeUnit::Seconds, 40},
      {"15", TimeUnit::Milliseconds, 15 * ms},
      {"15", TimeUnit::Microseconds, 15 * us},
      {"15", TimeUnit::Nanoseconds, 15},
      {"0.5", TimeUnit::Microseconds, 500},
      {"0.000001ms", TimeUnit::Milliseconds, 1},
      {"1.500000000000ms", TimeUnit::Milliseconds, 1'500'000},
      {"0.123456789s", TimeUnit::Milliseconds, 123'456'789},
      {"007ms", TimeUnit::Milliseconds, 7 * ms},
      {"1000000s", TimeUnit::Milliseconds, 1'000'000'000'000'000},
      {"999999.999999999s", TimeUnit::Milliseconds, 999'999'999'999'999},
      {"1000000000000000ns", TimeUnit::Milliseconds, 1'000'000'000'000'000},
      {"250\xC2\xB5s", TimeUnit::Milliseconds, 250 * us},  // micro sign, as the docs write it
      {"2.5\xCE\xBCs", TimeUnit::Seconds, 2'500},          // Greek mu
  };
  for (const Good& g : good) {
    INFO(g.text);
    CHECK(parse_duration(g.text, g.unit) == g.ns);
  }
}

TEST_CASE("format: parse_duration rejects bad text with what was expected") {
  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad bad[] = {
      {"", R"(expected a duration such as 250us, 1.5ms or 2s, got "")"},
      {"abc", R"(expected a duration such as 250us, 1.5ms or 2s, got "abc")"},
      {"-5ms", R"(expected a non-negative duration, got "-5ms")"},
      {"+5ms", R"(expected a duration such as 250us, 1.5ms or 2s, got "+5ms")"},
      {"5min", R"(unknown time unit "min" in "5min" (expected ns, us, ms or s))"},
      {"5MS", R"(unknown time unit "MS" in "5MS" (expected ns, us, ms or s))"},
      {"5 ms", R"(expected a duration such as 250us, 1.5ms or 2s, got "5 ms")"},
      {".5ms", R"(expected a duration such as 250us, 1.5ms or 2s, got ".5ms")"},
      {"5.ms", R"(expected a duration such as 250us, 1.5ms or 2s, got "5.ms")"},
      {"1e3ms", R"(expected a duration such as 250us, 1.5ms or 2s, got "1e3ms")"},
      {"0.5ns", R"("0.5ns" is not a whole number of nanoseconds)"},
      {"0.0000001ms", R"("0.0000001ms" is not a whole number of nanoseconds)"},
      {"1000001s", R"("1000001s" exceeds the limit of 1000000s)"},
      {"1000000.000000001s", R"("1000000.000000001s" exceeds the limit of 1000000s)"},
      {"99999999999999999999999999s", R"("99999999999999999999999999s" exceeds the limit of 1000000s)"},
      {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       R"(expected a duration such as 250us, 1.5ms or 2s, got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...")"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    try {
      parse_duration(b.text, TimeUnit::Milliseconds);
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()) == b.message);
    }
  }
}

TEST_CASE("format: a full workload is read field by field") {
  const std::string json = R"({
    "name": "Web server",
    "description": "one thread per connection",
    "time_unit": "ms",
    "seed": 7,
    "machine": {
      "cpus": [ { "name": "big0", "speed": 2.5, "class": "big" }, { "speed": 1 }, {} ],
      "costs": { "process_switch": "20us", "thread_switch": "5us", "scheduler": "1us",
                 "scheduler_per_task": 0.5, "migration": "50us", "interrupt": "2us", "ipi": "3us" },
      "tick": "4ms"
    },
    "scheduler": { "policy": "mlfq", "levels": 2, "quanta": [5, "10ms"], "allotment": 20,
                   "boost": "1s", "reset_on_block": true, "same_time": "requeue_first",
                   "quantum": 7, "order": "priority", "alpha": 0.25 },
    "devices": [ { "name": "disk", "channels": 1 }, { "name": "net", "channels": 4 } ],
    "tasks": [
      { "name": "A", "arrival": 0, "burst": 30 },
      { "name": "worker", "process": "httpd", "arrival": 2, "priority": 1, "nice": -5,
        "tickets": 50, "affinity": [0, "cpu1"],
        "program": [ { "cpu": 3 }, { "io": "net", "duration": 12 },
                     { "repeat": 2, "program": [ { "cpu": 1 }, { "io": "disk", "duration": "4ms" },
                                                 { "repeat": 2, "program": [ { "yield": true } ] } ] },
                     { "sleep": 10 }, { "yield": true }, { "cpu": "2.5ms" } ] },
      { "name": "worker2", "process": "httpd", "burst": "1us", "affinity": ["big0", 1, 2, 0] },
      { "name": "pinned", "burst": 1, "affinity": [1, 0, 0] },
      { "name": "pinned2", "burst": 1, "affinity": ["cpu1", "big0"] }
    ]
  })";
  const Workload w = parse_workload(json, "dir/web.json");

  CHECK(w.name == "Web server");
  CHECK(w.description == "one thread per connection");
  CHECK(w.seed == 7);

  REQUIRE(w.machine.cpus.size() == 3);
  CHECK(w.machine.cpus[0].name == "big0");
  CHECK(w.machine.cpus[0].speed == 2500);
  CHECK(w.machine.cpus[0].cpu_class == "big");
  CHECK(w.machine.cpus[1].name == "cpu1");
  CHECK(w.machine.cpus[1].speed == 1000);
  CHECK(w.machine.cpus[2].name == "cpu2");
  CHECK(w.machine.cpus[2].cpu_class.empty());
  const Costs& c = w.machine.costs;
  CHECK(c.process_switch == 20 * us);
  CHECK(c.thread_switch == 5 * us);
  CHECK(c.scheduler == 1 * us);
  CHECK(c.scheduler_per_task == 500 * us);
  CHECK(c.migration == 50 * us);
  CHECK(c.interrupt == 2 * us);
  CHECK(c.ipi == 3 * us);
  CHECK(w.machine.tick == 4 * ms);

  CHECK(w.scheduler.policy == "mlfq");
  CHECK(w.scheduler.same_time == SameTime::RequeueFirst);
  const PolicyParams& p = w.scheduler.params;
  CHECK(std::get<std::int64_t>(p.at("levels")) == 2);
  CHECK(std::get<std::vector<Time>>(p.at("quanta")) == std::vector<Time>{5 * ms, 10 * ms});
  CHECK(std::get<std::vector<Time>>(p.at("allotment")) == std::vector<Time>{20 * ms});
  CHECK(std::get<std::int64_t>(p.at("boost")) == kSecond);
  CHECK(std::get<bool>(p.at("reset_on_block")) == true);
  // Parameters of other policies are kept, so one file runs under any policy.
  CHECK(std::get<std::int64_t>(p.at("quantum")) == 7 * ms);
  CHECK(std::get<std::string>(p.at("order")) == "priority");
  CHECK(std::get<double>(p.at("alpha")) == 0.25);

  REQUIRE(w.devices.size() == 2);
  CHECK(w.devices[1].name == "net");
  CHECK(w.devices[1].channels == 4);
  CHECK(w.devices[0].channels == 1);

  REQUIRE(w.tasks.size() == 5);
  const TaskSpec& a = w.tasks[0];
  CHECK(a.name == "A");
  CHECK(a.arrival == 0);
  CHECK(a.priority == 0);
  CHECK(a.nice == 0);
  CHECK(a.tickets == 100);
  CHECK(a.affinity == 0);
  CHECK(kinds(w, a) == std::vector<PhaseKind>{PhaseKind::Cpu});
  CHECK(durations(w, a) == std::vector<Time>{30 * ms});

  const TaskSpec& worker = w.tasks[1];
  CHECK(worker.arrival == 2 * ms);
  CHECK(worker.priority == 1);
  CHECK(worker.nice == -5);
  CHECK(worker.tickets == 50);
  using K = PhaseKind;
  CHECK(kinds(w, worker) == std::vector<K>{K::Cpu, K::Io, K::Cpu, K::Io, K::Yield, K::Yield, K::Cpu, K::Io,
                                           K::Yield, K::Yield, K::Sleep, K::Yield, K::Cpu});
  CHECK(durations(w, worker) ==
        std::vector<Time>{3 * ms, 12 * ms, 1 * ms, 4 * ms, 0, 0, 1 * ms, 4 * ms, 0, 0, 10 * ms, 0, 2500 * us});
  CHECK(w.phases[worker.first_phase + 1].device == 1);  // net
  CHECK(w.phases[worker.first_phase + 3].device == 0);  // disk
  CHECK(worker.first_phase == a.first_phase + a.phase_count);
  CHECK(total_cpu_work(w, worker) == 7500 * us);

  // Processes: a lone task is its own process; "httpd" is shared.
  CHECK(w.processes == std::vector<std::string>{"A", "httpd", "pinned", "pinned2"});
  CHECK(a.process == 0);
  CHECK(worker.process == 1);
  CHECK(w.tasks[2].process == 1);
  CHECK(w.tasks[3].process == 2);
  CHECK(w.tasks[4].process == 3);

  // Affinity: masks are deduplicated; every CPU is index 0.
  REQUIRE(w.affinities.size() == 2);
  CHECK(w.affinities[0].all());
  CHECK(worker.affinity == 1);
  CHECK(w.affinities[1].count() == 2);
  CHECK(w.affinities[1].test(0));
  CHECK(w.affinities[1].test(1));
  CHECK(w.tasks[2].affinity == 0);
  CHECK(w.tasks[3].affinity == 1);
  CHECK(w.tasks[4].affinity == 1);
}

TEST_CASE("format: defaults for an almost empty workload") {
  const Workload w = parse_workload(R"({"tasks": [{"name": "T", "burst": 2}]})", "some/dir/convoy.json");
  CHECK(w.name == "convoy");
  CHECK(w.description.empty());
  CHECK(w.seed == 1);
  REQUIRE(w.machine.cpus.size() == 1);
  CHECK(w.machine.cpus[0].name == "cpu0");
  CHECK(w.machine.tick == 0);
  CHECK(w.machine.costs.process_switch == 0);
  CHECK(w.scheduler.policy == "rr");
  CHECK(w.scheduler.params.empty());
  CHECK(w.scheduler.same_time == SameTime::ArrivalsFirst);
  CHECK(w.devices.empty());
  CHECK(w.affinities.size() == 1);
  CHECK(durations(w, w.tasks[0]) == std::vector<Time>{2 * ms});

  // Durations as numbers follow time_unit; exact to the ns (a fraction of a
  // ns is refused, as in "2.5ns": see "format: sub-nanosecond durations").
  const Workload u = parse_workload(
      R"({"time_unit": "us", "machine": {"cpus": 2, "tick": 0.002},
          "tasks": [{"name": "T", "burst": 1.5, "arrival": 1e3}]})", "x");
  CHECK(u.machine.cpus.size() == 2);
  CHECK(u.machine.tick == 2);
  CHECK(u.tasks[0].arrival == 1 * ms);
  CHECK(durations(u, u.tasks[0]) == std::vector<Time>{1500});
  CHECK(parse_workload(R"({"time_unit": "s", "tasks": [{"name": "T", "burst": 2}]})", "x").phases[0].duration ==
        2 * kSecond);
  CHECK(parse_workload(R"({"time_unit": "ns", "tasks": [{"name": "T", "burst": 2}]})", "x").phases[0].duration == 2);
  CHECK(parse_workload(R"({"seed": 18446744073709551615, "tasks": [{"name": "T", "burst": 2}]})", "x").seed ==
        18446744073709551615ull);
}

// "fcfs, sjf, ...": the list unknown-policy errors show, from the registry.
std::string registered_policies() {
  std::string list;
  for (const PolicyInfo& p : policy_registry()) list += (list.empty() ? "" : ", ") + p.name;
  return list;
}

TEST_CASE("format: every validation error names its path and what was expected") {
  check_errors({
      // Whole document.
      {"[1, 2]", "w.json: expected a JSON object at the top level, got [1,2]"},
      {"{}", R"(w.json: expected at least one task in "tasks" or "generate")"},
      {R"({"tasks": []})", R"(w.json: expected at least one task in "tasks" or "generate")"},
      {doc(R"("nmae": "x")"), R"(w.json: nmae: unknown field (did you mean "name"?))"},
      {doc(R"("zzz": 1)"),
       "w.json: zzz: unknown field (known fields: name, description, time_unit, seed, machine, scheduler, "
       "devices, locks, runtimes, channels, templates, tasks, generate, $schema)"},
      {doc(R"("a b": 1)"), R"(w.json: ["a b"]: unknown field (known fields: name, description, time_unit, seed, )"
                           "machine, scheduler, devices, locks, runtimes, channels, templates, tasks, generate, $schema)"},
      {doc(R"("name": 5)"), "w.json: name: expected a string, got 5"},
      {doc(R"("description": null)"), "w.json: description: expected a string, got null"},
      {doc(R"("time_unit": "sec")"), R"(w.json: time_unit: expected "ns", "us", "ms" or "s", got "sec")"},
      {doc(R"("time_unit": "mS")"),
       R"(w.json: time_unit: expected "ns", "us", "ms" or "s", got "mS" (did you mean "ms"?))"},
      {doc(R"("seed": -1)"), "w.json: seed: expected a non-negative integer, got -1"},
      {doc(R"("seed": 1.5)"), "w.json: seed: expected a non-negative integer, got 1.5"},
      {doc(R"("seed": "7")"), R"(w.json: seed: expected a non-negative integer, got "7")"},

      // machine
      {doc(R"("machine": 2)"), "w.json: machine: expected an object, got 2"},
      {doc(R"("machine": {"cpu": 2})"), R"(w.json: machine.cpu: unknown field (did you mean "cpus"?))"},
      {doc(R"("machine": {"cpus": "two"})"),
       R"(w.json: machine.cpus: expected a positive integer or an array of CPU objects, got "two")"},
      {doc(R"("machine": {"cpus": 2.5})"),
       "w.json: machine.cpus: expected a positive integer or an array of CPU objects, got 2.5"},
      {doc(R"("machine": {"cpus": 0})"), "w.json: machine.cpus: expected 1 to 1024 CPUs, got 0"},
      {doc(R"("machine": {"cpus": 1025})"), "w.json: machine.cpus: expected 1 to 1024 CPUs, got 1025"},
      {doc(R"("machine": {"cpus": []})"), "w.json: machine.cpus: expected 1 to 1024 CPUs, got 0"},
      {doc(R"("machine": {"cpus": [1]})"), "w.json: machine.cpus[0]: expected an object, got 1"},
      {doc(R"("machine": {"cpus": [{"speeed": 2}]})"),
       R"(w.json: machine.cpus[0].speeed: unknown field (did you mean "speed"?))"},
      {doc(R"("machine": {"cpus": [{"speed": 0}]})"),
       "w.json: machine.cpus[0].speed: expected a number greater than 0 and at most 1000, with at most 3 "
       "decimals, got 0"},
      {doc(R"("machine": {"cpus": [{"speed": 1000.5}]})"),
       "w.json: machine.cpus[0].speed: expected a number greater than 0 and at most 1000, with at most 3 "
       "decimals, got 1000.5"},
      {doc(R"("machine": {"cpus": [{"speed": 1.0005}]})"),
       "w.json: machine.cpus[0].speed: expected a number greater than 0 and at most 1000, with at most 3 "
       "decimals, got 1.0005"},
      {doc(R"("machine": {"cpus": [{"speed": "fast"}]})"),
       "w.json: machine.cpus[0].speed: expected a number greater than 0 and at most 1000, with at most 3 "
       R"(decimals, got "fast")"},
      {doc(R"("machine": {"cpus": [{"name": ""}]})"),
       R"(w.json: machine.cpus[0].name: expected a non-empty string, got "")"},
      {doc(R"("machine": {"cpus": [{"class": 1}]})"), "w.json: machine.cpus[0].class: expected a string, got 1"},
      {doc(R"("machine": {"cpus": [{"name": "x"}, {"name": "x"}]})"),
       R"(w.json: machine.cpus[1].name: duplicate CPU name "x" (also machine.cpus[0]))"},
      {doc(R"("machine": {"cpus": [{"name": "cpu1"}, {}]})"),
       R"(w.json: machine.cpus[1]: duplicate CPU name "cpu1" (also machine.cpus[0]))"},
      {doc(R"("machine": {"costs": {"switch": 1}})"),
       "w.json: machine.costs.switch: unknown field (known fields: process_switch, thread_switch, scheduler, "
       "scheduler_per_task, migration, interrupt, ipi, fork, fork_per_mib, exec, thread_create, poll)"},
      {doc(R"("machine": {"costs": {"ipi": -1}})"),
       "w.json: machine.costs.ipi: expected a non-negative duration, got -1"},
      {doc(R"("machine": {"costs": {"migration": true}})"),
       R"(w.json: machine.costs.migration: expected a duration (a number of ms or a string such as "250us"), got true)"},
      {doc(R"("machine": {"costs": []})"), "w.json: machine.costs: expected an object, got []"},
      {doc(R"("machine": {"tick": "1 ms"})"),
       R"(w.json: machine.tick: expected a duration such as 250us, 1.5ms or 2s, got "1 ms")"},
      {doc(R"("machine": {"tick": 2e9})"), "w.json: machine.tick: 2000000000.0 exceeds the limit of 1000000s"},
      {doc(R"("machine": {"tick": 1000000001})"), "w.json: machine.tick: 1000000001 exceeds the limit of 1000000s"},
      {doc(R"("machine": {"tick": -0.5})"), "w.json: machine.tick: expected a non-negative duration, got -0.5"},

      // scheduler
      {doc(R"("scheduler": "rr")"), R"(w.json: scheduler: expected an object, got "rr")"},
      {doc(R"("scheduler": {"policy": "rrr"})"),
       R"(w.json: scheduler.policy: unknown policy "rrr" (did you mean "rr"? policies: )" + registered_policies() +
           ")"},
      {doc(R"("scheduler": {"policy": "bogus"})"),
       R"(w.json: scheduler.policy: unknown policy "bogus" (policies: )" + registered_policies() + ")"},
      {doc(R"("scheduler": {"policy": 3})"), "w.json: scheduler.policy: expected a string, got 3"},
      {doc(R"("scheduler": {"quantun": 3})"), R"(w.json: scheduler.quantun: unknown field (did you mean "quantum"?))"},
      {doc(R"("scheduler": {"same_time": "requeue"})"),
       R"(w.json: scheduler.same_time: expected "arrivals_first" or "requeue_first", got "requeue")"},
      {doc(R"("scheduler": {"quantum": "fast"})"),
       R"(w.json: scheduler.quantum: expected a duration such as 250us, 1.5ms or 2s, got "fast")"},
      {doc(R"("scheduler": {"quantum": 0})"), "w.json: scheduler.quantum: must be greater than 0"},
      {doc(R"("scheduler": {"policy": "mlfq", "levels": 2.5})"), "w.json: scheduler.levels: expected an integer, got 2.5"},
      {doc(R"("scheduler": {"policy": "mlfq", "levels": 0})"),
       "w.json: scheduler.levels: expected 1 to 64 levels, got 0"},
      {doc(R"("scheduler": {"policy": "mlfq", "quanta": [1, 2]})"),
       "w.json: scheduler.quanta: expected one value or 3 (one per level), got 2"},
      {doc(R"("scheduler": {"policy": "mlfq", "quanta": {"a": 1}})"),
       R"(w.json: scheduler.quanta: expected a duration or an array of durations, got {"a":1})"},
      {doc(R"("scheduler": {"policy": "mlfq", "quanta": [1, -2, 3]})"),
       "w.json: scheduler.quanta[1]: expected a non-negative duration, got -2"},
      {doc(R"("scheduler": {"reset_on_block": 1})"), "w.json: scheduler.reset_on_block: expected true or false, got 1"},
      {doc(R"("scheduler": {"alpha": "half"})"), R"(w.json: scheduler.alpha: expected a number, got "half")"},
      {doc(R"("scheduler": {"policy": "sjf", "alpha": 2})"), "w.json: scheduler.alpha: expected a number from 0 to 1"},
      {doc(R"("scheduler": {"order": "fifi"})"),
       R"(w.json: scheduler.order: expected "fifo" or "priority", got "fifi" (did you mean "fifo"?))"},
      {doc(R"("scheduler": {"order": 1})"), R"(w.json: scheduler.order: expected "fifo" or "priority", got 1)"},

      // devices
      {doc(R"("devices": {"name": "disk"})"),
       R"(w.json: devices: expected an array of device objects, got {"name":"disk"})"},
      {doc(R"("devices": [{"channels": 2}])"), R"(w.json: devices[0]: missing required field "name")"},
      {doc(R"("devices": [{"name": "d"}, {"name": "d"}])"),
       R"(w.json: devices[1].name: duplicate device name "d" (also devices[0]))"},
      {doc(R"("devices": [{"name": "d", "channels": 0}])"),
       "w.json: devices[0].channels: expected an integer from 1 to 1024, got 0"},
      {doc(R"("devices": [{"name": "d", "chanels": 2}])"),
       R"(w.json: devices[0].chanels: unknown field (did you mean "channels"?))"},

      // tasks
      {R"({"tasks": {}})", "w.json: tasks: expected an array of task objects, got {}"},
      {R"({"tasks": ["A"]})", R"(w.json: tasks[0]: expected an object, got "A")"},
      {task(R"("brust": 1)"), R"(w.json: tasks[0].brust: unknown field (did you mean "burst"?))"},
      {task(R"("burst": 1, "colour": 1)"),
       "w.json: tasks[0].colour: unknown field (known fields: name, process, arrival, priority, nice, tickets, "
       "affinity, burst, program, period, wcet, deadline, jobs, runtime)"},
      {R"({"tasks": [{"burst": 1}]})", R"(w.json: tasks[0]: missing required field "name")"},
      {R"({"tasks": [{"name": 1, "burst": 1}]})", "w.json: tasks[0].name: expected a non-empty string, got 1"},
      {R"({"tasks": [{"name": "A", "burst": 1}, {"name": "A", "burst": 1}]})",
       R"(w.json: tasks[1].name: duplicate task name "A" (also tasks[0]))"},
      {task(R"("arrival": 1)"), R"(w.json: tasks[0]: expected a "burst" or a "program")"},
      {task(R"("burst": 1, "program": [{"cpu": 1}])"),
       R"(w.json: tasks[0]: expected a "burst" or a "program", not both)"},
      {task(R"("burst": 0)"), "w.json: tasks[0].burst: expected a duration greater than 0, got 0"},
      {task(R"("burst": "0ms")"), R"(w.json: tasks[0].burst: expected a duration greater than 0, got "0ms")"},
      {task(R"("burst": -3)"), "w.json: tasks[0].burst: expected a non-negative duration, got -3"},
      {task(R"("burst": 1, "arrival": "soon")"),
       R"(w.json: tasks[0].arrival: expected a duration such as 250us, 1.5ms or 2s, got "soon")"},
      {task(R"("burst": 1, "priority": -1)"),
       "w.json: tasks[0].priority: expected an integer from 0 to 1000000, got -1"},
      {task(R"("burst": 1, "priority": 1.5)"),
       "w.json: tasks[0].priority: expected an integer from 0 to 1000000, got 1.5"},
      {task(R"("burst": 1, "priority": 1e30)"),
       "w.json: tasks[0].priority: expected an integer from 0 to 1000000, got 1e+30"},
      {task(R"("burst": 1, "nice": 20)"), "w.json: tasks[0].nice: expected an integer from -20 to 19, got 20"},
      {task(R"("burst": 1, "tickets": 0)"), "w.json: tasks[0].tickets: expected an integer from 1 to 1000000, got 0"},
      {task(R"("burst": 1, "process": "")"), R"(w.json: tasks[0].process: expected a non-empty string, got "")"},
      {task(R"("burst": 1, "affinity": [])"),
       "w.json: tasks[0].affinity: expected a non-empty array of CPU indices or names, got []"},
      {task(R"("burst": 1, "affinity": 0)"),
       "w.json: tasks[0].affinity: expected a non-empty array of CPU indices or names, got 0"},
      {task(R"("burst": 1, "affinity": [0, 1])"),
       "w.json: tasks[0].affinity[1]: expected a CPU index from 0 to 0 or a CPU name, got 1"},
      {task(R"("burst": 1, "affinity": [true])"),
       "w.json: tasks[0].affinity[0]: expected a CPU index from 0 to 0 or a CPU name, got true"},
      {task(R"("burst": 1, "affinity": ["cpu"])"),
       R"(w.json: tasks[0].affinity[0]: unknown CPU "cpu" (did you mean "cpu0"? CPUs: cpu0))"},
      // Periodic tasks.
      {task(R"("period": 10)"), R"(w.json: tasks[0]: expected a "wcet" (or a "burst" or "program") for each job)"},
      {task(R"("period": 10, "wcet": 3, "burst": 3)"),
       R"(w.json: tasks[0]: expected one of "wcet", "burst" or "program", not several)"},
      {task(R"("burst": 1, "jobs": 3)"), R"(w.json: tasks[0].jobs: only a periodic task (one with a "period") has this)"},
      {task(R"("wcet": 1)"), R"(w.json: tasks[0].wcet: only a periodic task (one with a "period") has this)"},
      {task(R"("period": 0, "wcet": 1)"), "w.json: tasks[0].period: expected a duration greater than 0, got 0"},
      {task(R"("period": 10, "wcet": 1, "jobs": 0)"),
       "w.json: tasks[0].jobs: expected an integer from 1 to 100000000, got 0"},
      {task(R"("burst": 1, "deadline": 0)"), "w.json: tasks[0].deadline: expected a duration greater than 0, got 0"},
      // Topologies.
      {doc(R"("scheduler": {"queues": "percpu"})"),
       R"(w.json: scheduler.queues: expected "global" or "per_cpu", got "percpu" (did you mean "per_cpu"?))"},
      {doc(R"("scheduler": {"queues": "global", "placement": "capacity"})"),
       R"(w.json: scheduler.placement: capacity placement needs per-CPU queues ("queues": "per_cpu"))"},
      {doc(R"("scheduler": {"balance_interval": 0})"),
       "w.json: scheduler.balance_interval: expected a duration greater than 0, got 0"},
      {doc(R"("machine": {"cpus": 2}, "scheduler": {"amp": {"master": 2}})"),
       "w.json: scheduler.amp.master: expected a CPU index from 0 to 1 or a CPU name, got 2"},
      {doc(R"("scheduler": {"amp": {"master": 0}})"),
       "w.json: scheduler.amp: a master/slave machine needs at least 2 CPUs"},
      {doc(R"("machine": {"cpus": 2}, "scheduler": {"queues": "per_cpu", "amp": {"master": 0}})"),
       R"(w.json: scheduler.amp: the master/slave arrangement decides for every CPU from one global queue; )"
       R"(remove "queues": "per_cpu")"},
      {doc(R"("machine": {"cpus": 2}, "scheduler": {"amp": {"mastr": 0}})"),
       R"(w.json: scheduler.amp.mastr: unknown field (did you mean "master"?))"},

      // programs
      {program("[]"), "w.json: tasks[0].program: expected a non-empty array of phases, got []"},
      {program(R"({"cpu": 1})"), R"(w.json: tasks[0].program: expected a non-empty array of phases, got {"cpu":1})"},
      {program("[5]"), R"(w.json: tasks[0].program[0]: expected a phase object such as {"cpu": 5}, got 5)"},
      {program("[{}]"),
       R"(w.json: tasks[0].program[0]: expected one of "cpu", "io", "sleep", "yield", "lock", "unlock", "repeat", "syscall", "send", "recv" or "spawn", got {})"},
      {program(R"([{"cpus": 1}])"), R"(w.json: tasks[0].program[0].cpus: unknown field (did you mean "cpu"?))"},
      {program(R"([{"cpu": 1, "sleep": 2}])"),
       R"(w.json: tasks[0].program[0]: expected only one of "cpu", "io", "sleep", "yield", "lock", "unlock", "repeat", "syscall", "send", "recv" or "spawn", got "cpu" and "sleep")"},
      {program(R"([{"cpu": 1, "duration": 2}])"),
       R"(w.json: tasks[0].program[0].duration: only an "io" phase has a duration)"},
      {program(R"([{"cpu": 1, "program": []}])"),
       R"(w.json: tasks[0].program[0].program: only a "repeat" phase has a program)"},
      {program(R"([{"cpu": 0}])"), "w.json: tasks[0].program[0].cpu: expected a duration greater than 0, got 0"},
      {program(R"([{"sleep": "0s"}])"),
       R"(w.json: tasks[0].program[0].sleep: expected a duration greater than 0, got "0s")"},
      {program(R"([{"yield": false}])"), "w.json: tasks[0].program[0].yield: expected true, got false"},
      {program(R"([{"cpu": 1}, {"io": "dsk", "duration": 4}])"),
       R"(w.json: tasks[0].program[1].io: unknown device "dsk" (did you mean "disk"? devices: disk, net))"},
      {program(R"([{"io": "tape", "duration": 4}])"),
       R"(w.json: tasks[0].program[0].io: unknown device "tape" (devices: disk, net))"},
      {R"({"tasks": [{"name": "A", "program": [{"io": "disk", "duration": 4}]}]})",
       R"(w.json: tasks[0].program[0].io: unknown device "disk" (no devices are declared))"},
      {program(R"([{"io": 1, "duration": 4}])"), "w.json: tasks[0].program[0].io: expected a string, got 1"},
      {program(R"([{"io": "disk"}])"), R"(w.json: tasks[0].program[0]: missing required field "duration")"},
      {program(R"([{"io": "disk", "duration": 0}])"),
       "w.json: tasks[0].program[0].duration: expected a duration greater than 0, got 0"},
      {program(R"([{"repeat": 2}])"), R"(w.json: tasks[0].program[0]: missing required field "program")"},
      {program(R"([{"repeat": 0, "program": [{"cpu": 1}]}])"),
       "w.json: tasks[0].program[0].repeat: expected an integer from 1 to 1000000, got 0"},
      {program(R"([{"repeat": 2, "program": [{"cpu": 1}, {"yield": 1}]}])"),
       "w.json: tasks[0].program[0].program[1].yield: expected true, got 1"},
      {program(R"([{"repeat": 1000, "program": [{"repeat": 1001, "program": [{"cpu": 1}]}]}])"),
       "w.json: tasks[0].program: expands to more than 1000000 phases (the limit per task)"},
      {program(R"([{"repeat": 1000000, "program": [{"repeat": 1000000, "program": [{"repeat": 1000000,
                    "program": [{"repeat": 1000000, "program": [{"cpu": 1}]}]}]}]}])"),
       "w.json: tasks[0].program: expands to more than 1000000 phases (the limit per task)"},
      {program(R"([{"repeat": 5000, "program": [{"cpu": "1000000s"}]}])"),
       "w.json: tasks[0]: the durations of all tasks plus the latest arrival add up to 2^62 ns (about 146 years) "
       "or more, the limit"},

      // generate
      {R"({"generate": {}})", "w.json: generate: expected an array of generator objects, got {}"},
      {R"({"generate": [{"name": "g", "burst": 1}]})", R"(w.json: generate[0]: missing required field "count")"},
      {R"({"generate": [{"count": 1, "burst": 1}]})", R"(w.json: generate[0]: missing required field "name")"},
      {gen(R"("arrival": 1)"), R"(w.json: generate[0]: missing required field "burst")"},
      {R"({"generate": [{"count": 0, "name": "g", "burst": 1}]})",
       "w.json: generate[0].count: expected an integer from 1 to 10000000, got 0"},
      {R"({"generate": [{"count": 10000001, "name": "g", "burst": 1}]})",
       "w.json: generate[0].count: expected an integer from 1 to 10000000, got 10000001"},
      {R"({"generate": [{"count": 6000000, "name": "g", "burst": 1}, {"count": 5000000, "name": "h", "burst": 1}]})",
       "w.json: generate[1].count: too many tasks (11000000; the limit is 10000000)"},
      {gen(R"("burst": 1, "coutn": 1)"), R"(w.json: generate[0].coutn: unknown field (did you mean "count"?))"},
      {gen(R"("burst": {"mean": 1})"), R"(w.json: generate[0].burst: missing required field "dist")"},
      {gen(R"("burst": {"dsit": "uniform"})"), R"(w.json: generate[0].burst.dsit: unknown field (did you mean "dist"?))"},
      {gen(R"("burst": {"dist": "poisson", "mean": 1})"),
       R"(w.json: generate[0].burst.dist: expected "constant", "uniform", "exponential", "normal", "lognormal" or "pareto", got "poisson")"},
      {gen(R"("burst": {"dist": "uniform", "min": 1})"), R"(w.json: generate[0].burst: missing required field "max")"},
      {gen(R"("burst": {"dist": "uniform", "min": 2, "max": 1})"),
       "w.json: generate[0].burst.max: expected a value >= min (2), got 1"},
      {gen(R"("burst": {"dist": "exponential", "mean": 1, "stddev": 1})"),
       R"(w.json: generate[0].burst.stddev: unknown field (known fields: dist, mean))"},
      {gen(R"("burst": {"dist": "lognormal", "mean": 0, "stddev": 1})"),
       "w.json: generate[0].burst.mean: expected a value greater than 0, got 0"},
      {gen(R"("burst": {"dist": "pareto", "scale": 1, "shape": 0})"),
       "w.json: generate[0].burst.shape: expected a number greater than 0, got 0"},
      {gen(R"("burst": {"dist": "pareto", "scale": "1ms", "shape": "2"})"),
       R"(w.json: generate[0].burst.shape: expected a number, got "2")"},
      {gen(R"("burst": {"dist": "normal", "mean": 1, "stddev": -1})"),
       "w.json: generate[0].burst.stddev: expected a non-negative duration, got -1"},
      {gen(R"("burst": {"dist": "constant", "value": "x"})"),
       R"(w.json: generate[0].burst.value: expected a duration such as 250us, 1.5ms or 2s, got "x")"},
      {gen(R"("burst": [1])"),
       R"(w.json: generate[0].burst: expected a duration (a number of ms or a string such as "250us"), got [1])"},
      {gen(R"("burst": 1, "priority": "high")"),
       R"(w.json: generate[0].priority: expected an integer from 0 to 1000000, got "high")"},
      {gen(R"("burst": 1, "priority": {"dist": "normal", "mean": 5, "stddev": -1})"),
       "w.json: generate[0].priority.stddev: expected a value >= 0, got -1"},
      {gen(R"("burst": 1, "nice": -21)"), "w.json: generate[0].nice: expected an integer from -20 to 19, got -21"},
      {gen(R"("burst": 1, "start": -1)"), "w.json: generate[0].start: expected a non-negative duration, got -1"},
      {gen(R"("burst": 1, "process": 3)"), "w.json: generate[0].process: expected a non-empty string, got 3"},
      {gen(R"("burst": 1, "io": {"device": "disk", "every": 1})"),
       R"(w.json: generate[0].io: missing required field "duration")"},
      {gen(R"("burst": 1, "io": {"device": "dsk", "every": 1, "duration": 1})"),
       R"(w.json: generate[0].io.device: unknown device "dsk" (did you mean "disk"? devices: disk))"},
      {gen(R"("burst": 1, "io": {"device": "disk", "evry": 1, "duration": 1})"),
       R"(w.json: generate[0].io.evry: unknown field (did you mean "every"?))"},
      {gen(R"("burst": "1000000s", "io": {"device": "disk", "every": "1ns", "duration": 1})"),
       "w.json: generate[0]: a generated task would have more than 1000000 phases (the limit per task); make "
       "io.every larger"},
      {R"({"tasks": [{"name": "g2", "burst": 1}], "generate": [{"count": 3, "name": "g", "burst": 1}]})",
       R"(w.json: generate[0].name: duplicate task name "g2" (also tasks[0]))"},
      {R"({"tasks": [{"name": "g4", "burst": 1}, {"name": "g02", "burst": 1}],
           "generate": [{"count": 3, "name": "g", "burst": 1}]})",
       "(accepted)"},
      {R"({"generate": [{"count": 3, "name": "g", "burst": 1}, {"count": 3, "name": "g", "burst": 1}]})",
       R"(w.json: generate[1].name: duplicate task name "g1" (also generate[0]))"},
      {R"({"generate": [{"count": 11, "name": "g", "burst": 1}, {"count": 3, "name": "g1", "burst": 1}]})",
       R"(w.json: generate[1].name: duplicate task name "g11" (also generate[0]))"},
      {R"({"generate": [{"count": 3, "name": "g1", "burst": 1}, {"count": 11, "name": "g", "burst": 1}]})",
       R"(w.json: generate[1].name: duplicate task name "g11" (also generate[0]))"},
      {R"({"generate": [{"count": 10, "name": "g", "burst": 1}, {"count": 3, "name": "g1", "burst": 1},
                        {"count": 9, "name": "g0", "burst": 1}]})",
       "(accepted)"},
      {R"({"generate": [{"count": 10000, "name": "g", "arrival": "1000000s", "burst": "1000000s"}]})",
       "w.json: generate[0]: the durations of all tasks plus the latest arrival add up to 2^62 ns (about 146 "
       "years) or more, the limit"},
  });
}

TEST_CASE("format: invalid JSON reports line and column") {
  const std::string arrays_70 = std::string(70, '[') + std::string(70, ']');
  std::string arrays_70_too_deep = "a";  // where arrays_70 as "a" is too deep
  for (int i = 0; i < 63; ++i) arrays_70_too_deep += "[0]";
  check_errors({
      {"{\n  \"name\": \"x\",\n  \"seed\" 7}", "w.json: invalid JSON at line 3, column 10: unexpected number literal; expected ':'"},
      {"", "w.json: invalid JSON at line 1, column 1: unexpected end of input; expected '[', '{', or a literal"},
      {R"({"tasks": [1, 2)", "w.json: invalid JSON at line 1, column 16: unexpected end of input; expected ']'"},
      {"{\"seed\": 1e400}", "w.json: invalid JSON at line 1, column 10: number overflow parsing '1e400'"},
      {"{\"a\": \"\xff\"}", "w.json: invalid JSON at line 1, column 8: invalid string: ill-formed UTF-8 byte; last read: '\"?'"},
      {R"({"seed": 1, "seed": 2})", "w.json: seed: duplicate field"},
      {R"({"tasks": [{"name": "A", "burst": 1}, {"name": "B", "burst": 1, "burst": 2}]})",
       "w.json: tasks[1].burst: duplicate field"},
      {R"({"tasks": [{"name": "A", "program": [{"cpu": 1}, [], {"cpu": 1, "cpu": 1}]}]})",
       "w.json: tasks[0].program[2].cpu: duplicate field"},
      // parse_workload says a text is not JSON first, wherever that is: not
      // a duplicate key or too deep nesting before it (check_json_text finds
      // those, and the CLI asks it when a file does not parse).
      {R"({"seed": 1, "seed": 2, "name" 7})",
       "w.json: invalid JSON at line 1, column 31: unexpected number literal; expected ':'"},
      {"{\"a\": " + arrays_70 + ", \"b\": tru}",
       "w.json: invalid JSON at line 1, column 157: invalid literal; last read: '\"b\": tru}'"},
      // Of two such errors, the first in the text.
      {"{\"seed\": 1, \"seed\": 2, \"a\": " + arrays_70 + "}", "w.json: seed: duplicate field"},
      {"{\"a\": " + arrays_70 + ", \"seed\": 1, \"seed\": 2}",
       "w.json: " + arrays_70_too_deep + ": an array nested more than 64 deep (the limit)"},
  });
}

TEST_CASE("format: hostile input is rejected, not crashed on") {
  // Deep nesting is refused where it starts to be too deep, whatever the place.
  std::string deep_arrays(100000, '[');
  deep_arrays += std::string(100000, ']');
  std::string path_63 = "name";
  for (int i = 0; i < 63; ++i) path_63 += "[0]";
  CHECK(workload_error(doc(R"("name": )" + deep_arrays)) ==
        "w.json: " + path_63 + ": an array nested more than 64 deep (the limit)");
  // Nesting that is not too deep is shown in short.
  const std::string arrays_60 = std::string(60, '[') + std::string(60, ']');
  CHECK(workload_error(doc(R"("name": )" + arrays_60)) ==
        "w.json: name: expected a string, got " + std::string(40, '[') + "..." + std::string(40, ']'));
  std::string deep_repeat = R"({"cpu": 1})";
  for (int i = 0; i < 17; ++i) deep_repeat = R"({"repeat": 1, "program": [)" + deep_repeat + "]}";
  CHECK(workload_error(program("[" + deep_repeat + "]")) ==
        "w.json: tasks[0].program[0].program[0].program[0].program[0].program[0].program[0].program[0].program[0]"
        ".program[0].program[0].program[0].program[0].program[0].program[0].program[0].program[0].program[0]: "
        "repeats are nested more than 16 deep (the limit)");
  // Huge numbers where integers and durations are expected.
  CHECK(workload_error(task(R"("burst": 1e308)")) == "w.json: tasks[0].burst: 1e+308 exceeds the limit of 1000000s");
  CHECK(workload_error(task(R"("burst": 18446744073709551615)")) ==
        "w.json: tasks[0].burst: 18446744073709551615 exceeds the limit of 1000000s");
  CHECK(workload_error(task(R"("burst": -9223372036854775808)")) ==
        "w.json: tasks[0].burst: expected a non-negative duration, got -9223372036854775808");
  CHECK(workload_error(task(R"("burst": 1, "nice": 9223372036854775807)")) ==
        "w.json: tasks[0].nice: expected an integer from -20 to 19, got 9223372036854775807");
  // Long and odd names are shortened and escaped in messages.
  const std::string long_name(1000, 'x');
  CHECK(workload_error(program(R"([{"io": ")" + long_name + R"(", "duration": 1}])")) ==
        R"(w.json: tasks[0].program[0].io: unknown device "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." (devices: disk, net))");
  CHECK(workload_error(doc(R"("na\"me\n": 1)")) == R"(w.json: ["na\"me\n"]: unknown field (did you mean "name"?))");
  CHECK(workload_error(doc(R"("a.b": 1)")) ==
        R"(w.json: ["a.b"]: unknown field (known fields: name, description, time_unit, seed, machine, )"
        "scheduler, devices, locks, runtimes, channels, templates, tasks, generate, $schema)");
}

TEST_CASE("format: generated tasks are deterministic and follow their distributions") {
  const std::string json = R"({
    "seed": 42,
    "devices": [{"name": "disk"}],
    "tasks": [{"name": "first", "burst": 1}],
    "generate": [
      {"count": 50, "name": "job", "arrival": {"dist": "exponential", "mean": 5},
       "burst": {"dist": "uniform", "min": 1, "max": 20}, "priority": {"dist": "normal", "mean": 3, "stddev": 2}},
      {"count": 20, "name": "io", "arrival": {"dist": "lognormal", "mean": "2ms", "stddev": "1ms"},
       "burst": {"dist": "pareto", "scale": 1, "shape": 2.5}, "process": "pool", "nice": 5,
       "io": {"device": "disk", "every": {"dist": "normal", "mean": "300us", "stddev": "100us"}, "duration": 2}}
    ]
  })";
  const Workload a = parse_workload(json, "g.json");
  const Workload b = parse_workload(json, "g.json");
  REQUIRE(a.tasks.size() == 71);
  REQUIRE(b.tasks.size() == 71);
  CHECK(a.phases.size() == b.phases.size());
  for (std::size_t i = 0; i < a.tasks.size(); ++i) {
    INFO(i);
    CHECK(a.tasks[i].name == b.tasks[i].name);
    CHECK(a.tasks[i].arrival == b.tasks[i].arrival);
    CHECK(a.tasks[i].priority == b.tasks[i].priority);
    CHECK(durations(a, a.tasks[i]) == durations(b, b.tasks[i]));
  }

  CHECK(a.tasks[1].name == "job1");
  CHECK(a.tasks[50].name == "job50");
  CHECK(a.tasks[51].name == "io1");
  Time previous = 0;
  bool priorities_differ = false;
  for (std::size_t i = 1; i <= 50; ++i) {
    const TaskSpec& t = a.tasks[i];
    CHECK(t.arrival >= previous);  // arrivals are cumulative gaps
    previous = t.arrival;
    CHECK(t.phase_count == 1);
    const Time burst = a.phases[t.first_phase].duration;
    CHECK(burst >= 1 * ms);
    CHECK(burst <= 20 * ms);
    CHECK(t.priority >= 0);
    priorities_differ |= t.priority != a.tasks[1].priority;
    CHECK(a.processes[t.process] == t.name);  // each its own process
  }
  CHECK(priorities_differ);

  // io: cpu, io, cpu, ..., cpu; the cpu phases add up to the burst.
  const ProcessId pool = a.tasks[51].process;
  CHECK(a.processes[pool] == "pool");
  bool some_io = false;
  for (std::size_t i = 51; i < 71; ++i) {
    const TaskSpec& t = a.tasks[i];
    CHECK(t.process == pool);
    CHECK(t.nice == 5);
    const std::vector<PhaseKind> k = kinds(a, t);
    REQUIRE(k.size() % 2 == 1);
    for (std::size_t j = 0; j < k.size(); ++j) {
      CHECK(k[j] == (j % 2 == 0 ? PhaseKind::Cpu : PhaseKind::Io));
      if (j % 2 == 1) CHECK(a.phases[t.first_phase + j].duration == 2 * ms);
    }
    some_io |= k.size() > 1;
    CHECK(total_cpu_work(a, t) >= 1 * ms);  // pareto scale is the minimum
  }
  CHECK(some_io);

  // Another seed gives other tasks.
  std::string other = json;
  other.replace(other.find("42"), 2, "43");
  const Workload c = parse_workload(other, "g.json");
  bool differs = false;
  for (std::size_t i = 0; i < c.tasks.size(); ++i)
    differs |= c.tasks[i].arrival != a.tasks[i].arrival || durations(c, c.tasks[i]) != durations(a, a.tasks[i]);
  CHECK(differs);
}

TEST_CASE("format: constant distributions give exact values") {
  const Workload w = parse_workload(R"({
    "time_unit": "us",
    "devices": [{"name": "net"}],
    "generate": [
      {"count": 3, "name": "c", "arrival": "1.5ms", "burst": {"dist": "constant", "value": 1000},
       "start": 10, "priority": 7},
      {"count": 2, "name": "k", "burst": "10ms", "io": {"device": "net", "every": "4ms", "duration": 250},
       "priority": {"dist": "constant", "value": 2000000}}
    ]})", "c.json");
  REQUIRE(w.tasks.size() == 5);
  CHECK(w.tasks[0].arrival == 10 * us + 1500 * us);
  CHECK(w.tasks[1].arrival == 10 * us + 3000 * us);
  CHECK(w.tasks[2].arrival == 10 * us + 4500 * us);
  CHECK(w.tasks[2].priority == 7);
  CHECK(durations(w, w.tasks[0]) == std::vector<Time>{1 * ms});
  // No arrival: everything arrives at the start; priorities are clamped.
  CHECK(w.tasks[3].arrival == 0);
  CHECK(w.tasks[4].arrival == 0);
  CHECK(w.tasks[4].priority == 1'000'000);
  using K = PhaseKind;
  CHECK(kinds(w, w.tasks[3]) == std::vector<K>{K::Cpu, K::Io, K::Cpu, K::Io, K::Cpu});
  CHECK(durations(w, w.tasks[3]) == std::vector<Time>{4 * ms, 250 * us, 4 * ms, 250 * us, 2 * ms});
  CHECK(w.phases[w.tasks[3].first_phase + 1].device == 0);
  CHECK(w.tasks[4].first_phase == w.tasks[3].first_phase + 5);
}

TEST_CASE("format: distribution samples are clamped to valid durations") {
  // A normal distribution around 0 gives negative samples: gaps become 0,
  // bursts 1 ns.
  const Workload w = parse_workload(R"({"time_unit": "ns", "generate": [{"count": 200, "name": "n",
      "arrival": {"dist": "normal", "mean": 0, "stddev": 10},
      "burst": {"dist": "normal", "mean": 0, "stddev": 10}}]})", "n.json");
  bool some_minimum = false;
  for (std::size_t i = 1; i < w.tasks.size(); ++i) {
    CHECK(w.tasks[i].arrival >= w.tasks[i - 1].arrival);
    const Time burst = w.phases[w.tasks[i].first_phase].duration;
    CHECK(burst >= 1);
    some_minimum |= burst == 1;
  }
  CHECK(some_minimum);
}

TEST_CASE("format: load_workload reads files and reports unreadable ones") {
  const std::string path =
      timeslice::test::write_file("timeslice-unit-workload-format.json", R"({"tasks": [{"name": "A", "burst": "3ms"}]})");
  const Workload w = load_workload(path);
  CHECK(w.name == "timeslice-unit-workload-format");
  CHECK(w.phases.at(0).duration == 3 * ms);

  const auto error = [](const std::string& p) {
    try {
      load_workload(p);
    } catch (const WorkloadError& e) {
      CHECK(e.path().empty());
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  CHECK(error("/nonexistent/w.json") == "/nonexistent/w.json: cannot read file: No such file or directory");
  CHECK(error("/tmp") == "/tmp: cannot read file: Is a directory");
}

TEST_CASE("format: WorkloadError keeps the path and the detail apart") {
  const WorkloadError e("w.json", "tasks[0].burst", "expected a duration greater than 0, got 0");
  CHECK(std::string(e.what()) == "w.json: tasks[0].burst: expected a duration greater than 0, got 0");
  CHECK(e.path() == "tasks[0].burst");
  CHECK(e.detail() == "expected a duration greater than 0, got 0");
  CHECK(std::string(WorkloadError("w.json", "", "cannot read file: x").what()) == "w.json: cannot read file: x");
  try {
    parse_workload(R"({"tasks": [{"name": "A", "burst": 0}]})", "w.json");
    FAIL("accepted");
  } catch (const WorkloadError& err) {
    CHECK(err.path() == "tasks[0].burst");
    CHECK(err.detail() == "expected a duration greater than 0, got 0");
  }
}
