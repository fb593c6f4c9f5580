// A lock's switch interval (CPython's GIL, issue 16 scenario 5): once a
// waiter has waited `switch_interval` without the lock changing hands, the
// holder drops it at its next step (at once if it is running, else when it
// next runs), the waiter gets it, and the dropper queues for it again and
// later resumes its burst where it left off. Every schedule below was worked
// by hand; the timeline is in the comment above it. Costs are 0.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/policy.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "sim/format/workload_json.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

const LockResult& gil_of(const Results& r) {
  REQUIRE(r.locks.size() == 1);
  return r.locks[0];
}

// When `task` released lock 0, in order: for T1, the end of each iteration.
std::vector<Time> releases(const RunOutput& out, const Workload& w, const std::string& task) {
  std::vector<Time> times;
  for (const Decision& d : out.trace.decisions)
    if (d.kind == DecisionKind::LockRelease && w.tasks[d.task].name == task) times.push_back(d.time);
  return times;
}

// Scenario 5: two CPUs, FCFS. T1 repeats 3 times (sleep 1ms, lock the GIL,
// cpu 0.05ms, unlock); T2 takes the GIL at 0 and computes 30ms under it.
std::string scenario5(const std::string& switch_interval, bool with_t2 = true, const std::string& scheduler = "") {
  const std::string t2 = R"(, {"name": "T2", "process": "python", "priority": 0,
      "program": [{"lock": "gil"}, {"cpu": 30}, {"unlock": "gil"}]})";
  return R"({"time_unit": "ms", "machine": {"cpus": 2},
    "scheduler": {"policy": "fcfs")" + scheduler + R"(},
    "locks": [{"name": "gil", "switch_interval": )" + switch_interval + R"(}],
    "tasks": [
      {"name": "T1", "process": "python", "priority": 5,
       "program": [{"repeat": 3, "program": [{"sleep": 1}, {"lock": "gil"}, {"cpu": 0.05}, {"unlock": "gil"}]}]})" +
         (with_t2 ? t2 : "") + "]}";
}

}  // namespace

TEST_CASE("gil: a waiter gets the GIL after the switch interval, not after the holder's burst") {
  struct Case {
    std::string name, json;
    std::vector<double> t1_iterations_end;  // ms: each of T1's unlocks
    double t2_completion;                   // ms (0: no T2)
    std::uint64_t drops;
  };
  const std::vector<Case> cases = {
      // 5ms. 0-1 T1 sleeps; 1 T1 waits (T2 holds since 0); 6 = 1 + 5 T1 asks,
      // T2 (running) drops at once: T1 takes it, runs 6-6.05, unlocks to T2
      // (which resumes with 24ms left) and sleeps until 7.05; waits 7.05-12.05,
      // runs to 12.1; sleeps to 13.1, waits to 18.1, runs to 18.15.
      // Each iteration: 1 + 5 + 0.05 = 6.05ms. T2 loses 0.05ms three times.
      {"5ms", scenario5("5"), {6.05, 12.1, 18.15}, 30.15, 3},
      // 2ms: 1 + 2 + 0.05 = 3.05ms per iteration (ends 3.05, 6.1, 9.15).
      {"2ms", scenario5(R"("2ms")"), {3.05, 6.1, 9.15}, 30.15, 3},
      // Off (0, the default): T1 waits for the whole burst: 1-30 the first
      // time, runs 30-30.05; then the GIL is free: 31.05-31.1, 32.1-32.15.
      {"off", scenario5("0"), {30.05, 31.1, 32.15}, 30, 0},
      // 50ms, longer than T2 holds it: never fires; the same as off.
      {"50ms", scenario5("50"), {30.05, 31.1, 32.15}, 30, 0},
      // T1 alone: 1 + 0.05 = 1.05ms per iteration.
      {"T1 alone", scenario5("5", false), {1.05, 2.1, 3.15}, 0, 0},
      // Waiters by priority, and T2 the more urgent: the waiter still gets
      // it first (FORCE_SWITCHING: the dropper does not take it back), and
      // nothing else changes.
      {"priority wakeup", scenario5("5", true, R"(, "lock_wakeup": "priority", "locks": "inheritance")"),
       {6.05, 12.1, 18.15}, 30.15, 3},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const Workload w = workload_from_json(c.json);
    const RunOutput out = run_checked(w);
    std::vector<Time> expected;
    for (double t : c.t1_iterations_end) expected.push_back(ms(t));
    CHECK(releases(out, w, "T1") == expected);
    if (c.t2_completion > 0) CHECK(*task_named(out.results, "T2").completion == ms(c.t2_completion));
    CHECK(gil_of(out.results).forced_drops == c.drops);
    // Work is never lost or repeated: T2 computes exactly its 30ms.
    if (c.t2_completion > 0) CHECK(task_named(out.results, "T2").cpu == ms(30));
  }
}

TEST_CASE("gil: a holder off its CPU when asked drops the GIL when it next runs") {
  // One CPU, RR with a 4ms quantum. `holder` takes the GIL at 0 and needs
  // 20ms under it; `other` computes 20ms without it; `waiter` sleeps 1ms,
  // then wants the GIL for 0.05ms.
  //   0-4 holder; 1 waiter waits; 4-8 other (holder queued);
  //   6 = 1 + 5: waiter asks, holder is not running: it drops when it next runs;
  //   8 holder dispatched, drops at once (it ran nothing), queues for the GIL;
  //     waiter gets it (ready behind other); 8-12 other;
  //   12-12.05 waiter, unlocks: holder gets it back (ready), waiter done;
  //   12.05-16.05 other, 16.05-20.05 holder (4 of 20), 20.05-24.05 other,
  //   24.05-28.05 holder (8), 28.05-32.05 other (done, 20), 32.05-40.05 holder.
  const std::string json = R"({"time_unit": "ms", "machine": {"cpus": 1},
    "scheduler": {"policy": "rr", "quantum": 4},
    "locks": [{"name": "gil", "switch_interval": 5}],
    "tasks": [
      {"name": "holder", "program": [{"lock": "gil"}, {"cpu": 20}, {"unlock": "gil"}]},
      {"name": "other", "program": [{"cpu": 20}]},
      {"name": "waiter", "program": [{"sleep": 1}, {"lock": "gil"}, {"cpu": 0.05}, {"unlock": "gil"}]}]})";
  const Workload w = workload_from_json(json);
  const RunOutput out = run_checked(w);
  const Results& r = out.results;
  CHECK(*task_named(r, "waiter").completion == ms(12.05));
  CHECK(task_named(r, "waiter").lock_wait == ms(7));
  CHECK(*task_named(r, "other").completion == ms(32.05));
  CHECK(*task_named(r, "holder").completion == ms(40.05));
  CHECK(task_named(r, "holder").lock_wait == ms(4.05));
  CHECK(task_named(r, "holder").cpu == ms(20));
  CHECK(gil_of(r).forced_drops == 1);

  std::vector<std::string> lines;
  for (const Decision& d : out.trace.decisions)
    if (d.kind == DecisionKind::LockDropAsk || d.kind == DecisionKind::LockDrop)
      lines.push_back(format_duration(d.time) + " " + explain(d, w));
  CHECK(lines == std::vector<std::string>{
                     "6ms waiter has waited 5ms for lock gil, which has not changed hands for its switch "
                     "interval (5ms): it asks the holder, holder, to drop it; holder is not running and will "
                     "drop it when it next runs",
                     "8ms holder runs again and drops lock gil, as asked 2ms ago, leaving the rest of its burst "
                     "for when it gets the lock back; waiter gets it first and holder queues for it again",
                 });
}

TEST_CASE("gil: two CPU-bound threads take turns every switch interval") {
  // Two CPUs, A and B each compute 20ms under the GIL. A takes it at 0, B
  // waits. Every 5ms the waiter asks and the holder drops: A runs 0-5,
  // 10-15, 20-25, 30-35 (done: it unlocks to B, no drop), B 5-10, 15-20,
  // 25-30, 35-40. Drops at 5, 10, 15, 20, 25, 30.
  const std::string json = R"({"time_unit": "ms", "machine": {"cpus": 2},
    "scheduler": {"policy": "rr", "quantum": 100},
    "locks": [{"name": "gil", "switch_interval": 5}],
    "tasks": [
      {"name": "A", "process": "python", "program": [{"lock": "gil"}, {"cpu": 20}, {"unlock": "gil"}]},
      {"name": "B", "process": "python", "program": [{"lock": "gil"}, {"cpu": 20}, {"unlock": "gil"}]}]})";
  const Workload w = workload_from_json(json);
  const RunOutput out = run_checked(w);
  CHECK(*task_named(out.results, "A").completion == ms(35));
  CHECK(*task_named(out.results, "B").completion == ms(40));
  CHECK(task_named(out.results, "A").lock_wait == ms(15));
  CHECK(task_named(out.results, "B").lock_wait == ms(20));
  const LockResult& gil = gil_of(out.results);
  CHECK(gil.forced_drops == 6);
  CHECK(gil.acquisitions == 8);  // 2 first takes + 6 hand-overs after a drop
  CHECK(gil.contended == 7);
  CHECK(gil.hold == ms(40));
  CHECK(gil.max_wait == ms(5));
  std::vector<Time> drops;
  for (const Decision& d : out.trace.decisions)
    if (d.kind == DecisionKind::LockDrop) drops.push_back(d.time);
  CHECK(drops == std::vector<Time>{ms(5), ms(10), ms(15), ms(20), ms(25), ms(30)});
}

TEST_CASE("gil: every policy and topology keeps the invariants with a switch interval") {
  // Three CPU-bound threads and an I/O-bound one share a 1ms-switching GIL
  // on two CPUs: run under the invariant checker; every task finishes with
  // exactly its work done, and the run is deterministic.
  for (const PolicyInfo& p : policy_registry()) {
    for (const std::string queues : {"global", "per_cpu"}) {
      for (const std::string wakeup : {"fifo", "priority"}) {
        INFO(p.name << " " << queues << " " << wakeup);
        const std::string json = R"({"time_unit": "ms", "machine": {"cpus": 2},
          "devices": [{"name": "disk"}],
          "scheduler": {"policy": ")" + p.name + R"(", "queues": ")" + queues +
                                 R"(", "lock_wakeup": ")" + wakeup + R"(", "locks": "inheritance"},
          "locks": [{"name": "gil", "switch_interval": "1ms"}],
          "tasks": [
            {"name": "a", "priority": 2, "program": [{"lock": "gil"}, {"cpu": 7}, {"unlock": "gil"}]},
            {"name": "b", "priority": 1, "arrival": 0.5, "program": [{"lock": "gil"}, {"cpu": 6}, {"unlock": "gil"}]},
            {"name": "c", "priority": 3, "program": [{"cpu": 2}, {"lock": "gil"}, {"cpu": 5}, {"unlock": "gil"}]},
            {"name": "io", "priority": 0, "program": [{"repeat": 4, "program": [
              {"io": "disk", "duration": 0.7}, {"lock": "gil"}, {"cpu": 0.2}, {"unlock": "gil"}]}]}]})";
        const Workload w = workload_from_json(json);
        const RunOutput first = run_checked(w);
        for (const TaskResult& t : first.results.tasks) {
          INFO(t.name);
          CHECK(t.completion.has_value());
          CHECK(t.cpu == total_cpu_work(w, w.tasks[&t - first.results.tasks.data()]));
        }
        CHECK(gil_of(first.results).forced_drops > 0);
        const RunOutput second = run_checked(w);
        CHECK(result_json(first.results).dump() == result_json(second.results).dump());
      }
    }
  }
}

TEST_CASE("gil: the lock table and the JSON show the switch interval and the forced drops") {
  const RunOutput with = run_json(scenario5("5"));
  const std::string text = text_report(with.results, false);
  CHECK(text.find("lock     held  acquisitions  contended  longest wait  switch interval  forced drops") !=
        std::string::npos);
  CHECK(text.find("gil   30.15ms             7          6           5ms              5ms             3") !=
        std::string::npos);
  const auto json = result_json(with.results);
  CHECK(json["locks"][0]["switch_interval_ns"] == ms(5));
  CHECK(json["locks"][0]["forced_drops"] == 3);

  // Without a switch interval: neither column nor key (results unchanged).
  const RunOutput without = run_json(scenario5("0"));
  CHECK(text_report(without.results, false).find("forced drops") == std::string::npos);
  CHECK(result_json(without.results)["locks"][0].contains("forced_drops") == false);
}

TEST_CASE("gil: bad switch intervals are refused with their JSON path") {
  auto error_of = [](const std::string& value) {
    return workload_error(R"({"locks": [{"name": "gil"}, {"name": "io", "switch_interval": )" + value +
                          R"(}], "tasks": [{"name": "A", "burst": 1}]})");
  };
  struct Case {
    std::string value, message;
  };
  const std::vector<Case> cases = {
      {"-1", "w.json: locks[1].switch_interval: expected a non-negative duration, got -1"},
      {R"("-5ms")", R"(w.json: locks[1].switch_interval: expected a non-negative duration, got "-5ms")"},
      {"true", R"(w.json: locks[1].switch_interval: expected a duration (a number of ms or a string such as "250us"), got true)"},
      {R"("5 parsecs")", R"(w.json: locks[1].switch_interval: expected a duration such as 250us, 1.5ms or 2s, got "5 parsecs")"},
      {"1e300", "w.json: locks[1].switch_interval: 1e+300 exceeds the limit of 1000000s"},
      // Below CPython's 1us floor a run would be all drops.
      {R"("999ns")", R"(w.json: locks[1].switch_interval: expected 0 (off) or at least 1us, CPython's shortest switch interval, got "999ns")"},
      {R"("1us")", "(accepted)"},
      // A lock nobody takes may have one; 0 turns it off.
      {"5", "(accepted)"},
      {"0", "(accepted)"},
  };
  for (const Case& c : cases) {
    INFO(c.value);
    CHECK(error_of(c.value) == c.message);
  }
  try {
    parse_workload(R"({"locks": [{"name": "gil", "switch_intervall": 5}], "tasks": [{"name": "A", "burst": 1}]})",
                   "w.json");
    FAIL("accepted a misspelt field");
  } catch (const WorkloadError& e) {
    CHECK(std::string(e.what()) == R"(w.json: locks[0].switch_intervall: unknown field (did you mean "switch_interval"?))");
  }
}

TEST_CASE("gil: --set locks.NAME.switch_interval changes one lock, by name") {
  const std::string file = quote(source_path("workloads/gil-switch-interval.json"));
  // The shipped lesson: 6.05ms per request at 5ms (done at 121ms), 2.05ms at
  // 1ms (41ms); 0: the first request waits for the whole 200ms (220ms).
  struct Case {
    std::string set, io_thread_done;
  };
  const std::vector<Case> cases = {
      {"", "121000000"}, {" --set locks.gil.switch_interval=1ms", "41000000"},
      {" --set locks.gil.switch_interval=0", "220000000"}};
  for (const Case& c : cases) {
    INFO(c.set);
    const CliResult r = run_cli("run " + file + c.set + " --format json");
    REQUIRE(r.status == 0);
    const auto json = nlohmann::json::parse(r.out);
    CHECK(json["tasks"][0]["name"] == "io_thread");
    CHECK(std::to_string(json["tasks"][0]["completion_ns"].get<long long>()) == c.io_thread_done);
  }
  const CliResult none = run_cli("run " + file + " --set locks.gli.switch_interval=1ms");
  CHECK(none.status != 0);
  CHECK(none.err.find(R"(--set locks.gli.switch_interval=1ms: the workload has no lock named "gli")") !=
        std::string::npos);
  const CliResult bad = run_cli("run " + file + " --set locks.gil.switch_interval=-1ms");
  CHECK(bad.status == 1);
  CHECK(bad.err.find("switch_interval") != std::string::npos);
}
