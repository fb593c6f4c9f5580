// User-level runtimes (SPEC §9): fibers multiplexed onto carriers (kernel
// threads) that the OS policy schedules. Every figure below was worked by hand
// from the rules in sim/runtime/*.cpp (Go's proc.go for mn, libuv for pool and
// event_loop); the working is in the comment above each case. All costs are 0
// unless a case names one.
#include <catch2/catch.hpp>

#include <map>

#include "sim/core/engine.h"
#include "sim/format/report.h"
#include "sim/format/chrome_trace.h"
#include "sim/format/result_json.h"

#include <nlohmann/json.hpp>
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

const RuntimeResult& runtime_named(const Results& r, const std::string& name) {
  for (const RuntimeResult& k : r.runtimes)
    if (k.name == name) return k;
  FAIL("no runtime " << name);
  throw std::logic_error("unreachable");
}

Time us(double v) { return static_cast<Time>(v * 1000.0 + 0.5); }

// n fibers named f1..fn of runtime `rt`, each with `program`, arriving at 0.
std::string fibers(int n, const std::string& rt, const std::string& program, const std::string& prefix = "f") {
  std::string out;
  for (int i = 1; i <= n; ++i) {
    if (i > 1) out += ",";
    out += R"({"name": ")" + prefix + std::to_string(i) + R"(", "runtime": ")" + rt + R"(", "program": )" + program + "}";
  }
  return out;
}

double mean_utilization(const Results& r) {
  double sum = 0;
  for (const CpuResult& c : r.cpus) sum += c.utilization;
  return sum / static_cast<double>(r.cpus.size());
}

}  // namespace

// 1. Four fibers of 100ms on 4 CPUs. green has one carrier: the fibers run one
// after another on one CPU (400ms, 25% of the machine). mn with 4 processors
// runs them in parallel (P0 takes f1, the spinning carriers steal the rest):
// 100ms; with 2 processors two at a time: 200ms.
TEST_CASE("runtimes: green threads never use a second core; mn uses its processors", "[runtimes]") {
  const auto run = [](const std::string& runtime) {
    return run_json(R"({"machine": {"cpus": 4}, "runtimes": [)" + runtime + R"(],
      "tasks": [)" + fibers(4, "rt", R"([{"cpu": 100}])") + "]}")
        .results;
  };
  const Results green = run(R"({"name": "rt", "model": "green"})");
  CHECK(green.summary.makespan == ms(400));
  CHECK(mean_utilization(green) == Approx(0.25));
  CHECK(runtime_named(green, "rt").peak_carriers == 1);
  CHECK(runtime_named(green, "rt").fiber_switches == 3);

  const Results mn4 = run(R"({"name": "rt", "model": "mn", "carriers": 4})");
  CHECK(mn4.summary.makespan == ms(100));
  const Results mn2 = run(R"({"name": "rt", "model": "mn", "carriers": 2})");
  CHECK(mn2.summary.makespan == ms(200));
  CHECK(runtime_named(mn2, "rt").peak_carriers == 2);
  CHECK(mean_utilization(mn2) == Approx(0.5));
}

// 2. An event loop: ticker computes 1ms every 10ms (cpu 1, sleep 9). bad
// arrives at 105ms, while ticker sleeps (101-110). A blocking syscall of 200ms
// blocks the loop's only thread until 305ms: ticker, ready at 110, waits 195ms.
// Pollable I/O instead parks bad and the loop runs ticker at 110: no wait.
TEST_CASE("runtimes: one blocking call stalls an event loop; pollable I/O does not", "[runtimes]") {
  const auto run = [](const std::string& bad) {
    return run_json(R"({"devices": [{"name": "disk"}], "runtimes": [{"name": "loop", "model": "event_loop"}],
      "tasks": [
        {"name": "ticker", "runtime": "loop", "program": [{"repeat": 30, "program": [{"cpu": 1}, {"sleep": 9}]}]},
        {"name": "bad", "runtime": "loop", "arrival": 105, "program": [)" + bad + "]}]}")
        .results;
  };
  const Results blocking = run(R"({"syscall": 200})");
  CHECK(task_named(blocking, "ticker").max_wait == ms(195));
  CHECK(*task_named(blocking, "bad").completion == ms(305));
  CHECK(runtime_named(blocking, "loop").syscalls == 1);

  const Results pollable = run(R"({"io": "disk", "duration": 200})");
  CHECK(task_named(pollable, "ticker").max_wait == 0);
  CHECK(*task_named(pollable, "bad").completion == ms(305));
  CHECK(*task_named(pollable, "ticker").completion == ms(300));
}

// 3. mn with one processor on 2 CPUs: G1 enters a 100ms syscall at 0, G2
// needs 50ms of CPU. handoff none: the processor waits with M0, G2 runs
// 100-150. immediate: M1 takes the processor at once, G2 runs 0-50. sysmon:
// the monitor first sees the syscall at 20us and retakes the processor on its
// second look, at 40us: G2 runs 40us-50.04ms, on a second carrier.
TEST_CASE("runtimes: mn syscall handoff none, immediate and by the monitor", "[runtimes]") {
  const auto run = [](const std::string& handoff) {
    return run_json(R"({"machine": {"cpus": 2},
      "runtimes": [{"name": "go", "model": "mn", "carriers": 1, "handoff": ")" + handoff + R"("}],
      "tasks": [{"name": "G1", "runtime": "go", "program": [{"syscall": 100}]},
                {"name": "G2", "runtime": "go", "burst": 50}]})")
        .results;
  };
  const Results none = run("none");
  CHECK(*task_named(none, "G2").completion == ms(150));
  CHECK(runtime_named(none, "go").peak_carriers == 1);
  CHECK(runtime_named(none, "go").handoffs == 0);

  const Results immediate = run("immediate");
  CHECK(*task_named(immediate, "G2").completion == ms(50));
  CHECK(runtime_named(immediate, "go").peak_carriers == 2);
  CHECK(runtime_named(immediate, "go").handoffs == 1);

  const Results sysmon = run("sysmon");
  CHECK(*task_named(sysmon, "G2").first_run == us(40));
  CHECK(*task_named(sysmon, "G2").completion == ms(50) + us(40));
  CHECK(runtime_named(sysmon, "go").peak_carriers == 2);
  CHECK(runtime_named(sysmon, "go").handoffs == 1);
  CHECK(*task_named(sysmon, "G1").completion == ms(100));
}

// 4. mn, one processor: hog needs 100ms from 0, short 1ms from 1ms. The
// monitor starts with P0 at 0 and looks every 20us for its first 51 looks
// (20us ... 1020us), then sleeps 40, 80, ... 5120us: looks at 1060, 1140,
// 1300, 1620, 2260, 3540, 6100 and 11220us. It first saw hog's schedtick at
// 20us, so hog has run preempt_after (10ms) once a look comes at or after
// 10.02ms: the one at 11.22ms preempts it (to the global queue) and short,
// in P0's local queue, runs 11.22-12.22ms. Without a monitor (Tokio, Loom)
// short waits for hog: 100-101ms.
TEST_CASE("runtimes: mn preemption by the monitor with Go's back-off", "[runtimes]") {
  const auto run = [](const std::string& preempt) {
    return run_json(R"({"runtimes": [{"name": "go", "model": "mn", "carriers": 1, "preempt_after": )" + preempt + R"(}],
      "tasks": [{"name": "hog", "runtime": "go", "burst": 100},
                {"name": "short", "runtime": "go", "arrival": 1, "burst": 1}]})")
        .results;
  };
  const Results go = run(R"("10ms")");
  CHECK(*task_named(go, "short").first_run == us(11220));
  CHECK(*task_named(go, "short").completion == us(12220));
  CHECK(*task_named(go, "hog").completion == ms(101));
  CHECK(runtime_named(go, "go").preemptions >= 1);

  const Results tokio = run("false");
  CHECK(*task_named(tokio, "short").first_run == ms(100));
  CHECK(runtime_named(tokio, "go").preemptions == 0);
}

// 5. 100 fibers of 1ms arrive at 0 in P0's queue; 4 processors on 4 CPUs. P0
// runs the first; each spinning carrier steals half of a busy queue and
// starts the next: the work spreads over the 4 processors and ends at 25ms.
// Without stealing the other processors find nothing: 100ms on P0.
TEST_CASE("runtimes: mn work stealing spreads a burst of fibers", "[runtimes]") {
  const auto run = [](bool steal) {
    return run_json(R"({"machine": {"cpus": 4},
      "runtimes": [{"name": "go", "model": "mn", "carriers": 4, "steal": )" + std::string(steal ? "true" : "false") + R"(}],
      "tasks": [)" + fibers(100, "go", R"([{"cpu": 1}])", "g") + "]}")
        .results;
  };
  const Results stealing = run(true);
  CHECK(stealing.summary.makespan == ms(25));
  CHECK(runtime_named(stealing, "go").steals >= 3);
  const Results alone = run(false);
  CHECK(alone.summary.makespan == ms(100));
  CHECK(runtime_named(alone, "go").steals == 0);
}

// 6. Pollable I/O needs no carrier: 1,000 fibers waiting 100ms on the network
// share one. Blocking syscalls pin one each: with the monitor handing the
// processor on every 40us, 200 fibers in 100ms syscalls use 200 carriers, and
// once the last is in its syscall the monitor retakes the processor for a
// spinning carrier (nothing else is idle or spinning): 201.
TEST_CASE("runtimes: pollable I/O shares a carrier, blocking syscalls pin one each", "[runtimes]") {
  const Results io = run_json(R"({"devices": [{"name": "net", "channels": 1000}],
      "runtimes": [{"name": "go", "model": "mn", "carriers": 1}],
      "tasks": [)" + fibers(1000, "go", R"([{"io": "net", "duration": 100}])") + "]}")
                         .results;
  CHECK(runtime_named(io, "go").peak_carriers == 1);
  CHECK(io.summary.makespan == ms(100));
  CHECK(io.summary.completed == 1000);

  const Results sys = run_json(R"({"runtimes": [{"name": "go", "model": "mn", "carriers": 1, "handoff": "sysmon"}],
      "tasks": [)" + fibers(200, "go", R"([{"syscall": 100}])") + "]}")
                          .results;
  CHECK(runtime_named(sys, "go").peak_carriers == 201);
  CHECK(runtime_named(sys, "go").handoffs == 200);
}

// 7. A pool of 4 worker threads on 8 CPUs takes 8 jobs of 100ms first come
// first served: four finish at 100ms, four at 200ms. With 8 workers all finish
// at 100ms.
TEST_CASE("runtimes: a worker pool runs as many jobs at once as it has threads", "[runtimes]") {
  const auto completions = [](int workers) {
    const Results r = run_json(R"({"machine": {"cpus": 8},
      "runtimes": [{"name": "uv", "model": "pool", "carriers": )" + std::to_string(workers) + R"(}],
      "tasks": [)" + fibers(8, "uv", R"([{"cpu": 100}])", "job") + "]}")
                          .results;
    std::map<Time, int> at;
    for (const TaskResult& t : r.tasks)
      if (t.role == TaskRole::Fiber) ++at[*t.completion];
    return at;
  };
  CHECK(completions(4) == std::map<Time, int>{{ms(100), 4}, {ms(200), 4}});
  CHECK(completions(8) == std::map<Time, int>{{ms(100), 8}});
}

// 8. Ping-pong over two rendezvous channels on one carrier, fiber_switch
// 0.2us. Each round trip switches twice (ping parks A and runs B; pong parks
// B and runs A, which B's send woke). In the last round A's receive completes
// B's last send, which leaves B nothing to do: it ends without running again,
// and so does A. 2,000 switches, 400us, and the kernel switches nothing (one
// carrier, alone on its CPU).
TEST_CASE("runtimes: channel ping-pong costs fiber switches only", "[runtimes]") {
  const Results r = run_json(R"({"time_unit": "us",
      "channels": [{"name": "ping"}, {"name": "pong"}],
      "runtimes": [{"name": "rt", "model": "green", "costs": {"fiber_switch": "200ns"}}],
      "tasks": [
        {"name": "A", "runtime": "rt", "program": [{"repeat": 1000, "program": [{"send": "ping"}, {"recv": "pong"}]}]},
        {"name": "B", "runtime": "rt", "program": [{"repeat": 1000, "program": [{"recv": "ping"}, {"send": "pong"}]}]}]})")
                         .results;
  CHECK(r.summary.makespan == us(400));
  CHECK(runtime_named(r, "rt").fiber_switches == 2000);
  CHECK(runtime_named(r, "rt").fiber_switch_time == us(400));
  CHECK(r.summary.context_switches == 0);
}

// Buffered channel: capacity 2 lets the producer run ahead by two values.
// P: 4 x (cpu 1, send q); C: 4 x (recv q, cpu 2); green, P first. P sends at 1
// and 2 into the buffer and parks at its third send at 3. C receives at 3 (P's
// value takes the freed place; P is ready), computes 3-5, receives the
// buffered values at 5 and 7, and parks on its fourth recv at 9. P runs 9-10,
// hands its last value straight to C and ends at 10; C runs 10-12.
TEST_CASE("runtimes: a buffered channel lets the sender run ahead", "[runtimes]") {
  const Results r = run_json(R"({"channels": [{"name": "q", "capacity": 2}],
      "runtimes": [{"name": "rt", "model": "green"}],
      "tasks": [
        {"name": "P", "runtime": "rt", "program": [{"repeat": 4, "program": [{"cpu": 1}, {"send": "q"}]}]},
        {"name": "C", "runtime": "rt", "program": [{"repeat": 4, "program": [{"recv": "q"}, {"cpu": 2}]}]}]})")
                         .results;
  CHECK(*task_named(r, "P").completion == ms(10));
  CHECK(*task_named(r, "C").completion == ms(12));
}

TEST_CASE("runtimes: a channel nobody serves is a deadlock report", "[runtimes]") {
  const Workload w = workload_from_json(R"({"channels": [{"name": "jobs"}, {"name": "done"}],
      "runtimes": [{"name": "rt", "model": "green"}],
      "tasks": [{"name": "A", "runtime": "rt", "program": [{"recv": "jobs"}, {"send": "done"}]},
                {"name": "B", "runtime": "rt", "program": [{"recv": "done"}, {"send": "jobs"}]}]})");
  CHECK_THROWS_WITH(run_checked(w), Catch::Contains("deadlock") && Catch::Contains("A waits to receive from jobs") &&
                                        Catch::Contains("B waits to receive from done"));
}

TEST_CASE("runtimes: bad runtime input names the place", "[runtimes]") {
  CHECK_THAT(workload_error(R"({"runtimes": [{"name": "go", "model": "mn"}], "tasks": [{"name": "a", "runtime": "og", "burst": 1}]})"),
             Catch::Contains("tasks[0].runtime") && Catch::Contains("\"go\""));
  CHECK_THAT(workload_error(R"({"tasks": [{"name": "a", "program": [{"syscall": 1}]}]})"),
             Catch::Contains("tasks[0].program[0].syscall") && Catch::Contains("only a fiber"));
  CHECK_THAT(workload_error(R"({"channels": [{"name": "c"}], "runtimes": [{"name": "g", "model": "green"}],
                       "tasks": [{"name": "a", "runtime": "g", "program": [{"send": "c"}]}]})"),
             Catch::Contains("tasks[0].program[0].send") && Catch::Contains("no fiber ever receives"));
  CHECK_THAT(workload_error(R"({"runtimes": [{"name": "g", "model": "green", "steal": true}], "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("runtimes[0].steal") && Catch::Contains("only an \"mn\" runtime"));
  CHECK_THAT(workload_error(R"({"runtimes": [{"name": "g", "model": "mm"}], "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("runtimes[0].model") && Catch::Contains("did you mean"));
  CHECK_THAT(workload_error(R"({"runtimes": [{"name": "g", "model": "green"}],
                       "tasks": [{"name": "a", "runtime": "g", "priority": 2, "burst": 1}]})"),
             Catch::Contains("tasks[0].priority") && Catch::Contains("fiber"));
  CHECK_THAT(workload_error(R"({"runtimes": [{"name": "g", "model": "green"}],
                       "tasks": [{"name": "g/thread", "burst": 1}]})"),
             Catch::Contains("tasks[0].name") && Catch::Contains("carrier"));
}

// Carriers are ordinary tasks to the OS policy: a CPU hog beside a green
// runtime on one CPU under rr (quantum 10ms) shares the CPU with the carrier,
// so the fiber's 20ms of work takes 40ms (it waits while the carrier waits),
// and every fiber slice lies inside its carrier's CPU time.
TEST_CASE("runtimes: the OS policy schedules carriers like any task", "[runtimes]") {
  const Results r = run_json(R"({"scheduler": {"policy": "rr", "quantum": 10},
      "runtimes": [{"name": "rt", "model": "green"}],
      "tasks": [{"name": "hog", "burst": 20}, {"name": "f", "runtime": "rt", "burst": 20}]})")
                         .results;
  CHECK(*task_named(r, "hog").completion == ms(30));
  CHECK(*task_named(r, "f").completion == ms(40));
  CHECK(task_named(r, "f").cpu == ms(20));
  CHECK(task_named(r, "f").waiting == ms(20));
  CHECK(task_named(r, "rt/thread").cpu == ms(20));
}

// Every runtime model under every policy and topology, with the two-level
// invariants checked (run_checked): fibers only on running carriers, fiber
// time + switches == carrier CPU time, nothing lost.
TEST_CASE("runtimes: every model under every policy and topology keeps the invariants", "[runtimes]") {
  const std::vector<std::string> models = {"green", "event_loop", "mn", "pool"};
  const std::vector<std::string> policies = {"fcfs", "sjf", "srtf", "rr", "priority", "mlfq", "cfs",
                                             "eevdf", "lottery", "stride", "edf", "rms", "cooperative"};
  const std::vector<std::string> topologies = {R"("queues": "global")", R"("queues": "per_cpu")",
                                               R"("queues": "per_cpu", "placement": "capacity")",
                                               R"("amp": {"master": 0})"};
  for (const std::string& model : models)
    for (const std::string& policy : policies)
      for (const std::string& topology : topologies) {
        INFO(model << " under " << policy << ", " << topology);
        const std::string json = R"({"machine": {"cpus": [{"name": "big0", "speed": 2, "class": "big"}, {"name": "little0", "speed": 0.5, "class": "little"}, {"name": "little1", "speed": 0.5, "class": "little"}],
            "costs": {"thread_switch": "5us", "scheduler": "1us", "ipi": "2us"}},
          "devices": [{"name": "disk", "channels": 2}],
          "channels": [{"name": "c", "capacity": 1}],
          "scheduler": {"policy": ")" + policy + R"(", )" + topology + R"(},
          "runtimes": [{"name": "rt", "model": ")" + model + R"(", "costs": {"fiber_switch": "3us"}}],
          "tasks": [
            {"name": "k", "program": [{"cpu": 3}, {"io": "disk", "duration": 2}, {"cpu": 4}]},
            {"name": "a", "runtime": "rt", "program": [{"cpu": 2}, {"send": "c"}, {"io": "disk", "duration": 3}, {"cpu": 2}, {"send": "c"}]},
            {"name": "b", "runtime": "rt", "arrival": 1, "program": [{"recv": "c"}, {"syscall": 2}, {"cpu": 3}, {"yield": true}, {"recv": "c"}, {"sleep": 1}, {"cpu": 1}]},
            {"name": "c", "runtime": "rt", "arrival": 2, "program": [{"cpu": 7}, {"yield": true}, {"cpu": 5}]}]})";
        const Results r = run_json(json).results;
        CHECK(r.summary.completed == 4);
        CHECK(runtime_named(r, "rt").fibers_completed == 3);
      }
}

TEST_CASE("runtimes: results name runtimes in text, JSON and CSV", "[runtimes]") {
  const std::string json = R"({"runtimes": [{"name": "go", "model": "mn", "carriers": 1}],
      "tasks": [{"name": "g1", "runtime": "go", "burst": 2}, {"name": "t", "burst": 1}]})";
  const RunOutput out = run_json(json);
  const std::string text = text_report(out.results);
  CHECK_THAT(text, Catch::Contains("peak carriers") && Catch::Contains("go carrier"));
  const std::string j = result_json(out.results, kNever).dump();
  CHECK_THAT(j, Catch::Contains(R"("role":"fiber")") && Catch::Contains(R"("peak_carriers":1)"));
  CHECK_THAT(runtimes_csv(out.results), Catch::Contains("go,mn,1,1,1,2000000"));
  CHECK(out.results.summary.tasks == 2);  // the carrier is machinery, not a task of the workload
}

TEST_CASE("runtimes: the Chrome trace has a track per carrier holding its fibers' slices", "[runtimes]") {
  const Workload w = workload_from_json(R"({"machine": {"cpus": 2},
      "runtimes": [{"name": "go", "model": "mn", "carriers": 2, "costs": {"fiber_switch": "1us"}}],
      "tasks": [{"name": "g1", "runtime": "go", "burst": 3}, {"name": "g2", "runtime": "go", "burst": 2},
                {"name": "g3", "runtime": "go", "burst": 1}]})");
  const RunOutput out = run_checked(w);
  const nlohmann::json j = nlohmann::json::parse(chrome_trace_json(w, out.results, out.trace));
  std::map<std::int64_t, std::string> processes;
  std::map<std::int64_t, std::string> threads;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "process_name") processes[e["pid"]] = e["args"]["name"];
    if (e["ph"] == "M" && e["name"] == "thread_name") threads[e["tid"]] = e["args"]["name"];
  }
  std::int64_t pid = -1;
  for (const auto& [p, name] : processes)
    if (name == "Runtime go (mn)") pid = p;
  REQUIRE(pid >= 0);
  Time fiber_ns = 0, switch_ns = 0;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] != "X" || e["pid"] != pid) continue;
    CHECK_THAT(threads.at(e["tid"]), Catch::StartsWith("go/M"));
    const Time d = e["args"]["duration_ns"];
    (e["cat"] == "fiber" ? fiber_ns : switch_ns) += d;
  }
  CHECK(fiber_ns == ms(6));
  CHECK(switch_ns == static_cast<Time>(runtime_named(out.results, "go").fiber_switches) * 1000);
}

// fiber_create is paid on a carrier before a fiber first runs, fiber_switch
// when a carrier changes fibers: 3 fibers of 1ms on one green thread, create
// 0.3us, switch 0.2us: 3 creations + 2 switches = 1.3us, makespan 3.0013ms.
TEST_CASE("runtimes: fiber creation and switch costs", "[runtimes]") {
  const Results r = run_json(R"({"runtimes": [{"name": "rt", "model": "green",
      "costs": {"fiber_switch": "200ns", "fiber_create": "300ns"}}],
      "tasks": [)" + fibers(3, "rt", R"([{"cpu": 1}])") + "]}")
                         .results;
  CHECK(r.summary.makespan == ms(3) + 1300);
  CHECK(runtime_named(r, "rt").fiber_switches == 2);
  CHECK(runtime_named(r, "rt").fiber_switch_time == 1300);
}
