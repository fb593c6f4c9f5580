// Creating tasks at run time and memory (SPEC §10). Every figure was worked
// by hand from the rules in sim/core/engine.cpp (spawn_step, spawn_child) and
// sim/core/memory.cpp; the working is in the comment above each case. Costs
// are 0 unless a case names one.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

Time us(double v) { return static_cast<Time>(v * 1000.0 + 0.5); }

const SpawnResult& spawn_row(const Results& r, const std::string& name) {
  for (const SpawnResult& s : r.spawns)
    if (s.template_name == name) return s;
  FAIL("no spawn row for template " << name);
  throw std::logic_error("unreachable");
}

std::string listener(const std::string& costs, const std::string& spawn, const std::string& extra = "") {
  return R"({"machine": {"cpus": 1, "costs": )" + costs + R"(}, "scheduler": {"policy": "fcfs"}, )" + extra +
         R"("templates": [{"name": "handler", "burst": 1}],
            "tasks": [{"name": "listener", "program": [)" + spawn + "]}]}";
}

}  // namespace

// 1. One CPU; a listener creates 100 handlers of 1ms each, FCFS. The listener
// pays each creation on its CPU, one after the other (the i-th handler arrives
// after i creations), then the handlers run: makespan = 100 x cost + 100ms.
//   fork 223us:          22.3ms + 100ms = 122.3ms
//   thread_create 30us:   3ms  + 100ms = 103ms
//   fiber_create 0.3us:  the runtime's carrier pays it before each fiber's
//                        first run: 100 x (0.3us + 1ms) = 100.03ms
TEST_CASE("spawn: creating 100 handlers as processes, threads and fibers", "[spawn]") {
  struct Row {
    const char* what;
    std::string json;
    Time makespan, creation;
  };
  const Row rows[] = {
      {"fork", listener(R"({"fork": "223us"})", R"({"spawn": "handler", "count": 100, "as": "process"})"),
       us(122300), us(22300)},
      {"thread", listener(R"({"thread_create": "30us"})", R"({"spawn": "handler", "count": 100, "as": "thread"})"),
       us(103000), us(3000)},
      {"fiber",
       listener("{}", R"({"spawn": "handler", "count": 100, "as": "fiber", "runtime": "rt"})",
                R"("runtimes": [{"name": "rt", "model": "green", "costs": {"fiber_create": "0.3us"}}],)"),
       us(100030), 0},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    const Results r = run_json(row.json).results;
    CHECK(r.summary.makespan == row.makespan);
    CHECK(r.summary.tasks == 101);
    CHECK(r.summary.completed == 101);
    const SpawnResult& s = spawn_row(r, "handler");
    CHECK(s.spawned == 100);
    CHECK(s.refused == 0);
    CHECK(s.cpu == row.creation);
    CHECK(task_named(r, "listener").spawning == row.creation);
  }
}

// The first handler is created after one fork (223us), arrives then, and
// under FCFS waits for the listener's other 99 forks: it starts at 22.3ms.
TEST_CASE("spawn: a created task arrives when its creation is paid", "[spawn]") {
  const Results r = run_json(listener(R"({"fork": "223us"})", R"({"spawn": "handler", "count": 100})")).results;
  const TaskResult& first = task_named(r, "handler#1");
  CHECK(first.arrival == us(223));
  CHECK(first.first_run == us(22300));
  CHECK(task_named(r, "handler#100").arrival == us(22300));
  CHECK(task_named(r, "handler#100").completion == us(122300));
  // Each handler is a process of its own (fork); the listener's CPU went to creating them.
  CHECK(task_named(r, "handler#7").process == "handler#7");
  CHECK(task_named(r, "listener").cpu == us(22300));
}

// fork copies the parent's page tables: costs.fork_per_mib x the parent's
// memory. The listener's process holds its resident memory (process_rss
// 4MiB) and its thread (overcommit: 8KiB resident), i.e. 4MiB + 8KiB, which
// counts as 4 whole MiB: fork 100us + 4 x 50us = 300us; exec adds 1ms.
TEST_CASE("spawn: fork cost grows with the parent's memory; exec adds its own", "[spawn]") {
  const std::string machine = R"({"cpus": 1, "sizes": {"process_rss": "4MiB"}, "costs": {"fork": "100us", "fork_per_mib": "50us", "exec": "1ms"}})";
  const auto run = [&](const std::string& spawn) {
    return run_json(R"({"machine": )" + machine + R"(, "templates": [{"name": "child", "burst": 1}],
                       "tasks": [{"name": "parent", "program": [)" + spawn + "]}]}")
        .results;
  };
  CHECK(spawn_row(run(R"({"spawn": "child"})"), "child").cpu == us(300));
  CHECK(spawn_row(run(R"({"spawn": "child", "exec": true})"), "child").cpu == us(1300));
  // A thread shares the address space: no copy.
  CHECK(spawn_row(run(R"({"spawn": "child", "as": "thread"})"), "child").cpu == 0);
}

// 2. 1GiB, no overcommit (a thread counts its whole 8MiB stack), no process
// memory: 1GiB / 8MiB = 128 threads. The spawner is one of them, so its
// 128th child — the 129th thread — is the first refused; with
// "on_refused": "continue" the other 72 are refused too.
TEST_CASE("memory: the 129th thread does not fit in 1GiB of 8MiB stacks", "[spawn][memory]") {
  const Results r = run_json(R"({
      "machine": {"cpus": 2, "memory": "1GiB", "overcommit": false, "sizes": {"process_rss": 0, "thread_stack": "8MiB"}},
      "templates": [{"name": "worker", "program": [{"sleep": 100}, {"cpu": 1}]}],
      "tasks": [{"name": "main", "program": [{"spawn": "worker", "count": 200, "as": "thread"}, {"cpu": 1}]}]})")
                          .results;
  const SpawnResult& s = spawn_row(r, "worker");
  CHECK(s.spawned == 127);
  CHECK(s.refused == 73);
  CHECK(r.memory.peak == std::int64_t{1} << 30);
  CHECK(r.memory.peak_by_kind.threads == 128);
  CHECK(r.memory.refused == 73);
  CHECK(task_named(r, "worker#127").completion.has_value());
  CHECK(task_named(r, "worker#128").refused);
  CHECK_FALSE(task_named(r, "worker#128").first_run.has_value());
  CHECK(task_named(r, "main").completion == ms(1));  // it went on after the refusals
  CHECK(r.summary.tasks == 201);                     // refused tasks are reported, as refused
  CHECK(r.summary.completed == 128);
}

// max_threads counts kernel threads alive: main + 9 workers = 10.
TEST_CASE("memory: machine.max_threads refuses the eleventh thread", "[spawn][memory]") {
  const Results r = run_json(R"({"machine": {"cpus": 1, "max_threads": 10},
      "templates": [{"name": "worker", "program": [{"sleep": 5}]}],
      "tasks": [{"name": "main", "program": [{"spawn": "worker", "count": 20, "as": "thread"}]}]})")
                          .results;
  CHECK(spawn_row(r, "worker").spawned == 9);
  CHECK(spawn_row(r, "worker").refused == 11);
  CHECK(r.memory.peak_by_kind.threads == 10);
}

// "on_refused": "exit" ends the spawner at the first refusal: its later
// spawns never happen (and the run still ends).
TEST_CASE("memory: a refusal can end the spawner", "[spawn][memory]") {
  const Results r = run_json(R"({"machine": {"cpus": 1, "max_threads": 3},
      "templates": [{"name": "worker", "program": [{"sleep": 5}]}, {"name": "late", "burst": 1}],
      "tasks": [{"name": "main", "program": [{"spawn": "worker", "count": 5, "as": "thread", "on_refused": "exit"},
                                             {"cpu": 1}, {"spawn": "late", "count": 4}]}]})")
                          .results;
  CHECK(spawn_row(r, "worker").spawned == 2);
  CHECK(spawn_row(r, "worker").refused == 1);
  CHECK(spawn_row(r, "late").spawned == 0);
  CHECK(task_named(r, "main").completion == 0);  // it exited at the refusal, at time 0
  CHECK(task_named(r, "main").cpu == 0);
  CHECK(r.summary.makespan == ms(5));
}

// 2 (fibers). 2KiB goroutine stacks: 1GiB holds 2^30 / 2^11 = 524,288 of
// them. The file's two threads (the spawner and the runtime's carrier, 8MiB
// each without overcommit) get 16MiB on top, so the machine has 1GiB + 16MiB.
// Creating a fiber costs its spawner nothing, so all 600,000 are asked for at
// once, before any runs.
TEST_CASE("memory: 524,288 fibers of 2KiB fit in 1GiB", "[spawn][memory]") {
  // Without the invariant checker, whose queue check visits every task per event.
  RunOptions options;
  options.record = RecordLevel::Metrics;
  options.task_rows = false;
  const Results r = simulate(workload_from_json(R"({
      "machine": {"cpus": 1, "memory": "1040MiB", "overcommit": false, "sizes": {"process_rss": 0}},
      "runtimes": [{"name": "go", "model": "green"}],
      "templates": [{"name": "g", "burst": "1ns"}],
      "tasks": [{"name": "main", "program": [{"spawn": "g", "count": 600000, "as": "fiber", "runtime": "go"}]}]})"),
                             options)
                        .results;
  CHECK(spawn_row(r, "g").spawned == 524288);
  CHECK(spawn_row(r, "g").refused == 600000 - 524288);
  CHECK(r.memory.peak_by_kind.fiber == std::int64_t{1} << 30);
  CHECK(r.runtimes[0].fibers_completed == 524288);
}

// Fibers spawn fibers of their own runtime; a template spawning another
// template is expanded for each created task.
TEST_CASE("spawn: fibers spawn fibers; templates spawn templates", "[spawn]") {
  const Results r = run_json(R"({"machine": {"cpus": 2},
      "runtimes": [{"name": "go", "model": "mn", "carriers": 2}],
      "templates": [{"name": "parent", "program": [{"cpu": 1}, {"spawn": "leaf", "count": 3}]},
                    {"name": "leaf", "burst": 2}],
      "tasks": [{"name": "main", "runtime": "go", "program": [{"spawn": "parent", "count": 2}]}]})")
                          .results;
  CHECK(spawn_row(r, "parent").spawned == 2);
  CHECK(spawn_row(r, "leaf").spawned == 6);
  CHECK(spawn_row(r, "leaf").as == "fiber");
  CHECK(r.runtimes[0].fibers == 9);
  CHECK(r.runtimes[0].fibers_completed == 9);
  // 2 parents run 1ms in parallel, then 6 leaves of 2ms on 2 processors: 1 + 3 x 2 = 7ms.
  CHECK(r.summary.makespan == ms(7));
}

TEST_CASE("spawn: reports and explain", "[spawn]") {
  const std::string json = R"({"machine": {"cpus": 1, "max_threads": 2, "costs": {"thread_create": "20us"}},
      "templates": [{"name": "worker", "burst": 1}],
      "tasks": [{"name": "main", "program": [{"spawn": "worker", "count": 2, "as": "thread"}]}]})";
  const RunOutput out = run_json(json);
  const std::string text = text_report(out.results);
  CHECK_THAT(text, Catch::Contains("Memory      peak"));
  CHECK_THAT(text, Catch::Contains("Refused     1 task did not fit and never ran"));
  CHECK_THAT(text, Catch::Contains("worker#2"));
  CHECK_THAT(text, Catch::Contains("refused"));
  const nlohmann::json j = nlohmann::json::parse(result_json(out.results).dump());
  CHECK(j["spawns"][0]["template"] == "worker");
  CHECK(j["spawns"][0]["spawned"] == 1);
  CHECK(j["spawns"][0]["refused"] == 1);
  CHECK(j["memory"]["peak_threads"] == 2);
  bool created = false, refused = false;
  for (const Decision& d : out.trace.decisions) {
    const std::string line = explain(d, workload_from_json(json));
    if (d.kind == DecisionKind::Spawn) {
      created = true;
      CHECK(line == "main creates worker#1 (a thread), which took 20us of its CPU");
    }
    if (d.kind == DecisionKind::SpawnRefused) {
      refused = true;
      CHECK(line == "main cannot create worker#2: machine.max_threads kernel threads are alive");
    }
  }
  CHECK(created);
  CHECK(refused);
  // Creating is its own kind of slice on the spawner's CPU: 20us for the
  // worker made and 20us for the one refused (the attempt costs as much).
  Time spawning = 0;
  for (const CpuSlice& s : out.trace.cpu_slices)
    if (s.kind == SliceKind::Spawn) spawning += s.end - s.start;
  CHECK(spawning == us(40));
  CHECK(task_named(out.results, "main").spawning == us(40));
  // Same input, same output.
  CHECK(result_json(run_json(json).results).dump() == result_json(out.results).dump());
}

TEST_CASE("spawn: bad input is refused with the path", "[spawn]") {
  const std::string tmpl = R"("templates": [{"name": "h", "burst": 1}])";
  const auto with = [&](const std::string& phase, const std::string& extra = "") {
    return R"({)" + extra + tmpl + R"(, "tasks": [{"name": "a", "program": [)" + phase + "]}]}";
  };
  CHECK_THAT(workload_error(with(R"({"spawn": "x"})")), Catch::Contains("tasks[0].program[0].spawn") && Catch::Contains("unknown template"));
  CHECK_THAT(workload_error(with(R"({"spawn": "h", "count": 0})")), Catch::Contains("tasks[0].program[0].count"));
  CHECK_THAT(workload_error(with(R"({"spawn": "h", "count": 20000000})")), Catch::Contains("count"));
  CHECK_THAT(workload_error(with(R"({"spawn": "h", "as": "thread", "exec": true})")), Catch::Contains("exec"));
  CHECK_THAT(workload_error(with(R"({"spawn": "h", "as": "fiber"})")), Catch::Contains("fibers need a runtime"));
  CHECK_THAT(workload_error(with(R"({"cpu": 1, "count": 3})")), Catch::Contains("only a \"spawn\" phase has this"));
  // Counts that multiply past the task limit are refused before anything is made.
  CHECK_THAT(workload_error(R"({"templates": [{"name": "h", "program": [{"spawn": "leaf", "count": 5000}]}, {"name": "leaf", "burst": 1}],
                          "tasks": [{"name": "a", "program": [{"spawn": "h", "count": 5000}]}]})"),
             Catch::Contains("too many tasks"));
  // A template that spawns itself, directly or not, would never end.
  CHECK_THAT(workload_error(R"({"templates": [{"name": "h", "program": [{"cpu": 1}, {"spawn": "k"}]},
                                        {"name": "k", "program": [{"spawn": "h"}]}],
                          "tasks": [{"name": "a", "program": [{"spawn": "h"}]}]})"),
             Catch::Contains("spawns itself") && Catch::Contains("templates["));
  CHECK_THAT(workload_error(R"({"machine": {"memory": -5}, "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("machine.memory") && Catch::Contains("expected a size"));
  CHECK_THAT(workload_error(R"({"machine": {"sizes": {"thread_stack": "8XB"}}, "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("machine.sizes.thread_stack"));
  CHECK_THAT(workload_error(R"({"machine": {"memory": "99999999TiB"}, "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("at most 1 PiB"));
  CHECK_THAT(workload_error(R"({"templates": [{"name": "h", "priority": 3, "burst": 1}], "runtimes": [{"name": "rt", "model": "green"}],
                          "tasks": [{"name": "a", "program": [{"spawn": "h", "as": "fiber", "runtime": "rt"}]}]})"),
             Catch::Contains("kernel fields"));
  CHECK_THAT(workload_error(R"({"templates": [{"name": "h", "burst": 1}], "tasks": [{"name": "a", "period": 10, "program": [{"spawn": "h"}]}]})"),
             Catch::Contains("a periodic task cannot spawn"));
}

// A generated stream can spawn: each connection is accepted (its own 0.1ms of
// work) and then creates its handler as a thread of the server. Each handler
// arrives as its connection's accept ends.
TEST_CASE("spawn: generated connections each create a handler", "[spawn]") {
  const Results r = run_json(R"({"machine": {"cpus": 2, "costs": {"thread_create": "20us"}},
      "templates": [{"name": "handler", "burst": 2}],
      "generate": [{"name": "conn", "count": 10, "process": "server", "arrival": {"dist": "exponential", "mean": 1},
                    "burst": 0.1, "spawn": {"template": "handler", "as": "thread"}}]})")
                          .results;
  CHECK(spawn_row(r, "handler").spawned == 10);
  CHECK(spawn_row(r, "handler").cpu == 10 * us(20));
  for (int i = 1; i <= 10; ++i) {
    const TaskResult& conn = task_named(r, "conn" + std::to_string(i));
    CHECK(conn.cpu == us(120));  // accept + thread creation
    CHECK(conn.process == "server");
  }
  CHECK(task_named(r, "handler#1").process == "server");
  CHECK(r.summary.completed == 20);
}
