// Locks (SPEC §4): priority inversion and its two fixes, a convoy, a GIL,
// deadlock detection, FIFO and priority handoff, validation and results.
// Each schedule was worked by hand; the timeline is in the comment above it.
// Lock and unlock phases take no time; a lock phase reached off-CPU (at
// arrival, after I/O) is taken at that moment.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/core/engine.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

struct Expected {
  std::string task;
  double completion, response, lock_wait;
};

void check_schedule(const Results& r, const std::vector<Expected>& expected) {
  for (const Expected& e : expected) {
    INFO("task " << e.task);
    const TaskResult& t = task_named(r, e.task);
    REQUIRE(t.completion.has_value());
    CHECK(*t.completion == ms(e.completion));
    CHECK(*t.response == ms(e.response));
    CHECK(t.lock_wait == ms(e.lock_wait));
    CHECK(t.lock_wait <= t.blocked);
  }
}

// One CPU, preemptive priority. L (priority 3) takes the bus at 0 and needs
// 4ms inside it; H (1) arrives at 1, computes 1ms and wants the bus; M (2)
// arrives at 3 with 10ms of work and no lock.
std::string inversion(const std::string& protocol, const std::string& policy = "priority") {
  return R"({"time_unit": "ms", "locks": [{"name": "bus"}],
    "scheduler": {"policy": ")" + policy + R"(", "locks": ")" + protocol + R"("},
    "tasks": [
      {"name": "L", "priority": 3, "program": [{"lock": "bus"}, {"cpu": 4}, {"unlock": "bus"}, {"cpu": 1}]},
      {"name": "H", "priority": 1, "arrival": 1, "program": [{"cpu": 1}, {"lock": "bus"}, {"cpu": 1}, {"unlock": "bus"}]},
      {"name": "M", "priority": 2, "arrival": 3, "burst": 10}]})";
}

const LockResult& lock_named(const Results& r, const std::string& name) {
  for (const LockResult& l : r.locks)
    if (l.name == name) return l;
  FAIL("no lock " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("locks: priority inversion without a protocol") {
  // 0-1 L takes bus, runs; 1 H preempts L (3 left); 1-2 H; 2 H blocks on bus,
  // L resumes; 3 M preempts L (2 left); 3-13 M; 13-15 L, unlocks: H gets the
  // bus and preempts L; 15-16 H done; 16-17 L's last 1ms.
  // H, the most urgent task, waited 13ms (2-15) behind M, which holds nothing.
  const Results r = run_json(inversion("none")).results;
  check_schedule(r, {{"H", 16, 0, 13}, {"M", 13, 0, 0}, {"L", 17, 0, 0}});
  const LockResult& bus = lock_named(r, "bus");
  CHECK(bus.acquisitions == 2);
  CHECK(bus.contended == 1);
  CHECK(bus.max_wait == ms(13));
  CHECK(bus.hold == ms(15 + 1));  // L 0-15, H 15-16
}

TEST_CASE("locks: priority inheritance") {
  // 0-1 L; 1 H preempts; 1-2 H; 2 H blocks on bus and L inherits priority 1;
  // 3 M arrives but 2 is not more urgent than 1: L keeps running; 2-5 L ends
  // its 3ms, unlocks: H gets the bus, L drops back to 3 and H preempts it;
  // 5-6 H done; 6-16 M; 16-17 L.
  const Results r = run_json(inversion("inheritance")).results;
  check_schedule(r, {{"H", 6, 0, 3}, {"M", 16, 3, 0}, {"L", 17, 0, 0}});
  const LockResult& bus = lock_named(r, "bus");
  CHECK(bus.contended == 1);
  CHECK(bus.max_wait == ms(3));
  CHECK(bus.hold == ms(5 + 1));
}

TEST_CASE("locks: immediate priority ceiling") {
  // The bus's ceiling is 1 (H uses it). 0 L takes the bus and runs at 1;
  // 1 H arrives but is not more urgent: it waits in the queue; 3 M queues;
  // 0-4 L, unlocks and drops to 3: H preempts it; 4-6 H takes the free bus
  // (no contention at all); 6-16 M; 16-17 L.
  const Results r = run_json(inversion("ceiling")).results;
  check_schedule(r, {{"H", 6, 3, 0}, {"M", 16, 3, 0}, {"L", 17, 0, 0}});
  const LockResult& bus = lock_named(r, "bus");
  CHECK(bus.acquisitions == 2);
  CHECK(bus.contended == 0);
  CHECK(bus.max_wait == 0);
  CHECK(bus.hold == ms(4 + 1));
}

TEST_CASE("locks: inheritance and ceiling work for cooperative priority order too") {
  // Cooperative never preempts, so there is no inversion to fix on one CPU:
  // 0-4 L (H arrives at 1, M at 3: both queue), unlock, 4-5 L's last 1ms;
  // then by priority H 5-7, M 7-17. The protocols change nothing here.
  for (const char* protocol : {"none", "inheritance", "ceiling"}) {
    INFO(protocol);
    Workload w = workload_from_json(inversion(protocol, "cooperative"));
    w.scheduler.params["order"] = std::string("priority");
    check_schedule(run_checked(w).results, {{"L", 5, 0, 0}, {"H", 7, 4, 0}, {"M", 17, 4, 0}});
  }
}

TEST_CASE("locks: inheritance is transitive along a chain of holders") {
  // One CPU, priority. C (5) takes b at 0; B (3, at 1) takes a, then wants b:
  // blocks, C inherits 3; A (1, at 2) wants a: blocks, B (blocked) inherits
  // 1 and passes it on to C. M (2, at 3, 10ms) cannot preempt C.
  // 0-1 C; 1 B preempts (a is free: B holds it); 1-2 B blocks on b; 2 C runs
  // at 3; A arrives, preempts C (1 < 3), wants a at 2: blocks, C runs at 1;
  // 2-4 C ends its 3ms (1 before, 2 now), unlocks b: B gets it (priority 1
  // inherited from A) and preempts C (back to 5); 4-5 B unlocks a: A gets it
  // and preempts B (back to 3); 5-6 A done; 6-16 M; 16-17 B; 17-18 C.
  const std::string json = R"({"time_unit": "ms", "locks": [{"name": "a"}, {"name": "b"}],
    "scheduler": {"policy": "priority", "locks": "inheritance"},
    "tasks": [
      {"name": "C", "priority": 5, "program": [{"lock": "b"}, {"cpu": 3}, {"unlock": "b"}, {"cpu": 1}]},
      {"name": "B", "priority": 3, "arrival": 1, "program": [{"lock": "a"}, {"cpu": 1}, {"lock": "b"}, {"cpu": 1}, {"unlock": "b"}, {"unlock": "a"}, {"cpu": 1}]},
      {"name": "A", "priority": 1, "arrival": 2, "program": [{"lock": "a"}, {"cpu": 1}, {"unlock": "a"}]},
      {"name": "M", "priority": 2, "arrival": 3, "burst": 10}]})";
  const Results r = run_json(json).results;
  check_schedule(r, {{"A", 6, 3, 3}, {"B", 17, 0, 2}, {"C", 18, 0, 0}, {"M", 16, 3, 0}});
}

TEST_CASE("locks: a convoy under round robin") {
  // rr, quantum 2ms; A, B, C arrive at 0, each: 1ms, lock m, 2ms, unlock, 1ms.
  // 0-1 A, takes m; 1-2 A in m, quantum expires holding it (1ms left);
  // 2-3 B, blocks on m at 3; 3-4 C, blocks on m at 4; 4-5 A, unlocks: B gets
  // m; 5-6 A done; 6-8 B in m, unlocks at 8: C gets m; B's quantum is over;
  // 8-10 C in m, unlocks, quantum over; 10-11 B done; 11-12 C done.
  const std::string task = R"("program": [{"cpu": 1}, {"lock": "m"}, {"cpu": 2}, {"unlock": "m"}, {"cpu": 1}])";
  const std::string json = R"({"time_unit": "ms", "locks": [{"name": "m"}],
    "scheduler": {"policy": "rr", "quantum": 2},
    "tasks": [{"name": "A", )" + task + R"(}, {"name": "B", )" + task + R"(}, {"name": "C", )" + task + "}]}";
  const Results r = run_json(json).results;
  check_schedule(r, {{"A", 6, 0, 0}, {"B", 11, 2, 2}, {"C", 12, 3, 4}});
  const LockResult& m = lock_named(r, "m");
  CHECK(m.acquisitions == 3);
  CHECK(m.contended == 2);
  CHECK(m.max_wait == ms(4));            // C: 4-8
  CHECK(m.hold == ms(4 + 3 + 2));        // A 1-5, B 5-8, C 8-10
}

TEST_CASE("locks: a GIL serialises four threads on four CPUs") {
  // Each thread: 10 x (lock gil, 5ms, unlock). Without the lock the four run
  // in parallel and finish at 50ms; with it one computes at a time: 200ms,
  // handed round FIFO, and each CPU is busy a quarter of the time.
  auto json = [](bool gil) {
    const std::string step = gil ? R"({"lock": "gil"}, {"cpu": 5}, {"unlock": "gil"})" : R"({"cpu": 5})";
    std::string tasks;
    for (int i = 0; i < 4; ++i)
      tasks += std::string(i ? ", " : "") + R"({"name": "t)" + std::to_string(i) + R"(", "affinity": [)" +
               std::to_string(i) + R"(], "program": [{"repeat": 10, "program": [)" + step + "]}]}";
    return R"({"time_unit": "ms", "machine": {"cpus": 4}, "locks": [{"name": "gil"}],
      "scheduler": {"policy": "rr", "quantum": 10}, "tasks": [)" + tasks + "]}";
  };
  const Results free = run_json(json(false)).results;
  const Results locked = run_json(json(true)).results;
  CHECK(free.summary.makespan == ms(50));
  CHECK(locked.summary.makespan == ms(200));
  CHECK(locked.summary.makespan == 4 * free.summary.makespan);
  for (const CpuResult& c : locked.cpus) CHECK(c.utilization == Approx(0.25));
  // t0 takes it first and finishes first: its last step runs 180-185.
  CHECK(*task_named(locked, "t0").completion == ms(185));
  CHECK(task_named(locked, "t0").lock_wait == ms(135));  // 9 waits of 15ms
  const LockResult& gil = lock_named(locked, "gil");
  CHECK(gil.acquisitions == 40);
  CHECK(gil.contended == 39);  // all but t0's first
  CHECK(gil.hold == ms(200));
  CHECK(gil.max_wait == ms(15));
}

TEST_CASE("locks: a deadlock stops the run with the cycle named") {
  // Two CPUs. A takes m1 and B takes m2 at 0; B wants m1 at 5 (A does not
  // wait: no cycle yet); A wants m2 at 12: A waits for B, which waits for A.
  const std::string json = R"({"time_unit": "ms", "machine": {"cpus": 2},
    "locks": [{"name": "m1"}, {"name": "m2"}], "scheduler": {"policy": "fcfs"},
    "tasks": [
      {"name": "A", "program": [{"lock": "m1"}, {"cpu": 12}, {"lock": "m2"}, {"cpu": 1}, {"unlock": "m2"}, {"unlock": "m1"}]},
      {"name": "B", "program": [{"lock": "m2"}, {"cpu": 5}, {"lock": "m1"}, {"cpu": 1}, {"unlock": "m1"}, {"unlock": "m2"}]}]})";
  CHECK_THROWS_MATCHES(run_json(json), Deadlock,
                       Catch::Message("deadlock at 12ms: A holds m1 and waits for m2; B holds m2 and waits for m1"));
}

TEST_CASE("locks: the CLI reports a deadlock and exits 1") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("timeslice-locks-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "dead.json") << R"({"time_unit": "ms", "machine": {"cpus": 2},
      "locks": [{"name": "m1"}, {"name": "m2"}],
      "tasks": [
        {"name": "A", "program": [{"lock": "m1"}, {"cpu": 12}, {"lock": "m2"}, {"unlock": "m2"}, {"unlock": "m1"}]},
        {"name": "B", "program": [{"lock": "m2"}, {"cpu": 5}, {"lock": "m1"}, {"unlock": "m1"}, {"unlock": "m2"}]}]})";
  }
  const std::string command = std::string("'") + TIMESLICE_CLI + "' run '" + (dir / "dead.json").string() +
                              "' >/dev/null 2>'" + (dir / "err.txt").string() + "' </dev/null";
  const int raw = std::system(command.c_str());
  REQUIRE(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) == 1);
  std::stringstream err;
  err << std::ifstream(dir / "err.txt").rdbuf();
  CHECK(err.str() == "timeslice: deadlock at 12ms: A holds m1 and waits for m2; B holds m2 and waits for m1\n");
  fs::remove_all(dir);
}

TEST_CASE("locks: a three-task deadlock names the whole cycle") {
  // One CPU, fcfs: each takes its own lock at arrival (0, 1, 2); A 0-3 wants
  // b (held by B), B 3-6 wants c, C 6-9 wants a: the cycle closes at 9.
  const std::string json = R"({"time_unit": "ms", "locks": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
    "scheduler": {"policy": "fcfs"},
    "tasks": [
      {"name": "A", "program": [{"lock": "a"}, {"cpu": 3}, {"lock": "b"}, {"unlock": "b"}, {"unlock": "a"}]},
      {"name": "B", "arrival": 1, "program": [{"lock": "b"}, {"cpu": 3}, {"lock": "c"}, {"unlock": "c"}, {"unlock": "b"}]},
      {"name": "C", "arrival": 2, "program": [{"lock": "c"}, {"cpu": 3}, {"lock": "a"}, {"unlock": "a"}, {"unlock": "c"}]}]})";
  CHECK_THROWS_MATCHES(run_json(json), Deadlock,
                       Catch::Message("deadlock at 9ms: C holds c and waits for a; A holds a and waits for b; "
                                      "B holds b and waits for c"));
}

TEST_CASE("locks: waiters are woken FIFO or by priority") {
  // Three CPUs, fcfs. H holds m 0-5; W1 (priority 5) blocks on it at 1, W2
  // (priority 1) at 2. FIFO: W1 gets m at 5 and runs 5-6, then W2 6-7.
  // Priority: W2 first, 5-6, then W1 6-7.
  auto json = [](const std::string& wakeup) {
    return R"({"time_unit": "ms", "machine": {"cpus": 3}, "locks": [{"name": "m"}],
      "scheduler": {"policy": "fcfs", "lock_wakeup": ")" + wakeup + R"("},
      "tasks": [
        {"name": "H", "program": [{"lock": "m"}, {"cpu": 5}, {"unlock": "m"}, {"cpu": 1}]},
        {"name": "W1", "priority": 5, "arrival": 1, "program": [{"lock": "m"}, {"cpu": 1}, {"unlock": "m"}]},
        {"name": "W2", "priority": 1, "arrival": 2, "program": [{"lock": "m"}, {"cpu": 1}, {"unlock": "m"}]}]})";
  };
  check_schedule(run_json(json("fifo")).results, {{"H", 6, 0, 0}, {"W1", 6, 4, 4}, {"W2", 7, 4, 4}});
  check_schedule(run_json(json("priority")).results, {{"H", 6, 0, 0}, {"W1", 7, 5, 5}, {"W2", 6, 3, 3}});
}

TEST_CASE("locks: a lock held across I/O, and taken right after it, off the CPU") {
  // One CPU, fcfs. A: lock m at 0, 1ms, 5ms disk I/O holding m, unlock, 1ms.
  // B (at 0): 2ms, then wants m at 3 (A is on the disk): blocks. A's I/O ends
  // at 6: it unlocks off-CPU, B gets m and becomes ready (before A, which
  // queues behind it): 6-7 B... B's program is only the lock, 1ms, unlock.
  const std::string json = R"({"time_unit": "ms", "locks": [{"name": "m"}], "devices": [{"name": "disk"}],
    "scheduler": {"policy": "fcfs"},
    "tasks": [
      {"name": "A", "program": [{"lock": "m"}, {"cpu": 1}, {"io": "disk", "duration": 5}, {"unlock": "m"}, {"cpu": 1}]},
      {"name": "B", "program": [{"cpu": 2}, {"lock": "m"}, {"cpu": 1}, {"unlock": "m"}]}]})";
  // 0-1 A; 1-3 B, blocks on m; idle 3-6; 6 A unlocks: B ready first, then A;
  // 6-7 B done; 7-8 A done.
  check_schedule(run_json(json).results, {{"A", 8, 0, 0}, {"B", 7, 1, 3}});
}

TEST_CASE("locks: every validation error names its path") {
  const std::string locks = R"("locks": [{"name": "bus"}], )";
  auto program = [&](const std::string& phases) {
    return "{" + locks + R"("tasks": [{"name": "A", "program": )" + phases + "}]}";
  };
  struct Case {
    std::string json, message;
  };
  const std::vector<Case> cases = {
      {program(R"([{"lock": "bsu"}, {"cpu": 1}, {"unlock": "bus"}])"),
       R"(w.json: tasks[0].program[0].lock: unknown lock "bsu" (did you mean "bus"? locks: bus))"},
      {R"({"tasks": [{"name": "A", "program": [{"lock": "m"}, {"cpu": 1}]}]})",
       R"(w.json: tasks[0].program[0].lock: unknown lock "m" (no locks are declared))"},
      {program(R"([{"cpu": 1}, {"unlock": "bus"}])"),
       R"(w.json: tasks[0].program[1].unlock: unlocks "bus", which the task does not hold at this point)"},
      {program(R"([{"lock": "bus"}, {"cpu": 1}, {"lock": "bus"}, {"unlock": "bus"}])"),
       R"(w.json: tasks[0].program[2].lock: locks "bus" again while holding it (the task would wait for itself forever))"},
      {program(R"([{"repeat": 3, "program": [{"lock": "bus"}, {"cpu": 1}]}, {"unlock": "bus"}])"),
       R"(w.json: tasks[0].program[0].program[0].lock: locks "bus" again while holding it (the task would wait for itself forever))"},
      {program(R"([{"lock": "bus"}, {"repeat": 2, "program": [{"cpu": 1}, {"unlock": "bus"}]}])"),
       R"(w.json: tasks[0].program[1].program[1].unlock: unlocks "bus", which the task does not hold at this point)"},
      {program(R"([{"lock": "bus"}, {"cpu": 1}])"),
       R"(w.json: tasks[0].program: the program ends holding lock "bus"; add {"unlock": "bus"} before its end)"},
      {program(R"([{"repeat": 1, "program": [{"lock": "bus"}, {"cpu": 1}]}])"),
       R"(w.json: tasks[0].program: the program ends holding lock "bus"; add {"unlock": "bus"} before its end)"},
      {program(R"([{"lock": 5}, {"cpu": 1}])"), "w.json: tasks[0].program[0].lock: expected a string, got 5"},
      {R"({"locks": [{"name": "m"}, {"name": "m"}], "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: locks[1].name: duplicate lock name "m" (also locks[0]))"},
      {R"({"locks": {}, "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: locks: expected an array of lock objects such as {"name": "m"}, got {})"},
      {R"({"locks": [{}], "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: locks[0]: missing required field "name")"},
      {R"({"locks": [{"name": "m", "nmae": 1}], "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: locks[0].nmae: unknown field (did you mean "name"?))"},
      {R"({"scheduler": {"locks": "inheritence"}, "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: scheduler.locks: expected "none", "inheritance" or "ceiling", got "inheritence" (did you mean "inheritance"?))"},
      {R"({"scheduler": {"lock_wakeup": "lifo"}, "tasks": [{"name": "A", "burst": 1}]})",
       R"(w.json: scheduler.lock_wakeup: expected "fifo" or "priority", got "lifo" (did you mean "fifo"?))"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    CHECK(workload_error(c.json) == c.message);
  }
  // Balanced programs are fine, however repeated and nested.
  CHECK(workload_error(program(R"([{"repeat": 3, "program": [{"lock": "bus"}, {"cpu": 1}, {"unlock": "bus"}]}])")) ==
        "(accepted)");
  CHECK(workload_error(program(R"([{"lock": "bus"}, {"repeat": 2, "program": [{"cpu": 1}, {"yield": true}]}, {"unlock": "bus"}])")) ==
        "(accepted)");
}

TEST_CASE("locks: results in JSON and text") {
  const RunOutput out = run_json(inversion("none"));
  const std::string json = result_json(out.results).dump();
  CHECK(json.find(R"("lock_wait_ns":13000000)") != std::string::npos);
  CHECK(json.find(R"("locks":[{"name":"bus","hold_ns":16000000,"acquisitions":2,"contended":1,"max_wait_ns":13000000}])") !=
        std::string::npos);
  const std::string text = text_report(out.results, false);
  CHECK(text.find("lock wait") != std::string::npos);
  CHECK(text.find("lock  held  acquisitions  contended  longest wait") != std::string::npos);
  CHECK(text.find("bus   16ms             2          1          13ms") != std::string::npos);

  // No locks: no lock column and no lock table.
  const RunOutput plain = run_json(R"({"tasks": [{"name": "A", "burst": 1}]})");
  CHECK(text_report(plain.results, false).find("lock wait") == std::string::npos);
  CHECK(text_report(plain.results, false).find("acquisitions") == std::string::npos);
  CHECK(result_json(plain.results).dump().find(R"("locks")") == std::string::npos);
}

TEST_CASE("locks: the decision log explains lock events") {
  Workload w = workload_from_json(inversion("inheritance"));
  RunOptions options;
  options.record = RecordLevel::Decisions;
  const RunOutput out = simulate(w, options);
  std::vector<std::string> lines;
  for (const Decision& d : out.trace.decisions)
    if (d.kind >= DecisionKind::LockWait) lines.push_back(format_duration(d.time) + " " + explain(d, w));
  CHECK(lines == std::vector<std::string>{
                     "0ns L takes lock bus",
                     "2ms H finds lock bus held by L and blocks on it",
                     "2ms L runs at priority 1 (its own is 3) while it holds a lock",
                     "5ms L releases lock bus; it is handed to H",
                     "5ms H gets lock bus after waiting 3ms and becomes ready",
                     "5ms L drops back to its own priority (3)",
                     "6ms H releases lock bus",
                 });
}

TEST_CASE("locks: rate-monotonic inverts and inherits by period") {
  // The inversion above with periods for priorities (H 10ms, M 20ms, L 40ms,
  // one job each): the same timelines, 16/6/6ms for H.
  auto json = [](const std::string& protocol) {
    return R"({"time_unit": "ms", "locks": [{"name": "bus"}],
      "scheduler": {"policy": "rms", "locks": ")" + protocol + R"("},
      "tasks": [
        {"name": "L", "period": 40, "jobs": 1, "program": [{"lock": "bus"}, {"cpu": 4}, {"unlock": "bus"}, {"cpu": 1}]},
        {"name": "H", "period": 10, "jobs": 1, "arrival": 1, "program": [{"cpu": 1}, {"lock": "bus"}, {"cpu": 1}, {"unlock": "bus"}]},
        {"name": "M", "period": 20, "jobs": 1, "arrival": 3, "wcet": 10}]})";
  };
  check_schedule(run_json(json("none")).results, {{"H", 16, 0, 13}, {"M", 13, 0, 0}, {"L", 17, 0, 0}});
  check_schedule(run_json(json("inheritance")).results, {{"H", 6, 0, 3}, {"M", 16, 3, 0}, {"L", 17, 0, 0}});
  check_schedule(run_json(json("ceiling")).results, {{"H", 6, 3, 0}, {"M", 16, 3, 0}, {"L", 17, 0, 0}});
}

TEST_CASE("locks: fair-share policies ignore the lock protocols") {
  // cfs ranks by vruntime, not priority: inheritance and ceiling change nothing.
  for (const char* policy : {"cfs", "eevdf", "stride", "rr"}) {
    INFO(policy);
    const Results none = run_json(inversion("none", policy)).results;
    for (const char* protocol : {"inheritance", "ceiling"}) {
      const Results r = run_json(inversion(protocol, policy)).results;
      for (const TaskResult& t : r.tasks) CHECK(t.completion == task_named(none, t.name).completion);
    }
  }
}

TEST_CASE("locks: the shipped lock lessons show what their descriptions promise") {
  SECTION("mars-pathfinder: inheritance or a ceiling rescue the bus manager") {
    Workload w = load_workload(source_path("workloads/mars-pathfinder.json"));
    const Results none = run_checked(w).results;
    CHECK(*task_named(none, "bus_manager").completion == ms(27));
    CHECK(task_named(none, "bus_manager").lock_wait == ms(23));
    for (LockProtocol p : {LockProtocol::Inheritance, LockProtocol::Ceiling}) {
      w.scheduler.locks = p;
      CHECK(*task_named(run_checked(w).results, "bus_manager").completion == ms(7));
    }
  }
  SECTION("lock-convoy: a quantum that ends inside the section makes nearly every acquisition wait") {
    Workload w = load_workload(source_path("workloads/lock-convoy.json"));
    const Results convoy = run_checked(w).results;
    CHECK(convoy.locks[0].acquisitions == 40);
    CHECK(convoy.locks[0].contended >= 35);
    w.scheduler.params["quantum"] = ms(3);
    CHECK(run_checked(w).results.locks[0].contended == 0);
  }
  SECTION("gil: four CPUs run like one") {
    const Results r = run_checked(load_workload(source_path("workloads/gil.json"))).results;
    CHECK(r.summary.makespan == ms(400));
    for (const CpuResult& c : r.cpus) CHECK(c.utilization == Approx(0.25));
    for (const TaskResult& t : r.tasks) CHECK(t.lock_wait >= ms(285));
  }
}
