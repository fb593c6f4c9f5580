// The view model (gui/model/view_model.h), the queue probe and playback,
// checked against hand-worked runs and against the engine's own results.
#include <catch2/catch.hpp>

#include <filesystem>

#include "gui/model/playback.h"
#include "gui/model/queue_probe.h"
#include "gui/model/view_model.h"
#include "run_fixture.h"
#include "sim/core/policy.h"
#include "sim/core/run.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

constexpr Time ms = kMillisecond;

// Silberschatz 5.3 under rr with q = 4ms, no costs. By hand:
//   P1 runs 0-4, P2 4-7, P3 7-10, P1 10-30.
//   Queue after the events at 0: [P2 P3]; at 4 (P1 expired, P2 picked): [P3 P1];
//   at 7: [P1]; from 10 on: empty.
const char* kTextbook = R"({
  "name": "textbook", "scheduler": { "policy": "rr", "quantum": 4 },
  "tasks": [ { "name": "P1", "burst": 24 }, { "name": "P2", "burst": 3 },
             { "name": "P3", "burst": 3 } ] })";

using Fixture = RunFixture;

std::vector<TaskId> ids(std::initializer_list<TaskId> l) { return l; }

}  // namespace

TEST_CASE("view model: rr textbook, queues at a time (engine replay)") {
  Fixture f(kTextbook);
  QueueProbe probe(f.workload);
  struct Case {
    Time t;
    TaskId running;
    std::vector<TaskId> queue;
  };
  const std::vector<Case> cases = {
      {0, 0, {1, 2}},   {2 * ms, 0, {1, 2}}, {4 * ms, 1, {2, 0}}, {5 * ms, 1, {2, 0}},
      {7 * ms, 2, {0}}, {9 * ms, 2, {0}},    {10 * ms, 0, {}},    {29 * ms, 0, {}},
  };
  for (const Case& c : cases) {
    INFO("t = " << c.t);
    const QueueSnapshot& s = probe.at(c.t);
    REQUIRE(s.queues.size() == 1);
    CHECK(s.queues[0] == c.queue);
    CHECK(s.current == ids({c.running}));
  }
  // Going back restarts the replay and gives the same answer.
  CHECK(probe.at(5 * ms).queues[0] == ids({2, 0}));
  CHECK(probe.at(30 * ms).done == 3);
  CHECK(probe.at(30 * ms).current == ids({kNoTask}));
}

TEST_CASE("view model: rr textbook, state and metrics at a time") {
  Fixture f(kTextbook);
  const RunModel& m = f.model;
  CHECK(m.end() == 30 * ms);

  TaskAt p1 = m.task_at(0, 5 * ms);
  CHECK(p1.state == TaskState::Ready);
  CHECK(p1.cpu == 4 * ms);
  CHECK(p1.waiting == 1 * ms);
  CHECK(p1.first_run == Time{0});
  CHECK(p1.preemptions == 1);
  CHECK_FALSE(p1.completion);

  TaskAt p2 = m.task_at(1, 5 * ms);
  CHECK(p2.state == TaskState::Running);
  CHECK(p2.cpu == 1 * ms);
  CHECK(p2.waiting == 4 * ms);
  CHECK(p2.first_run == 4 * ms);

  CHECK(m.state_at(2, 3 * ms) == TaskState::Ready);
  CHECK(m.state_at(2, 8 * ms) == TaskState::Running);
  CHECK(m.state_at(2, 10 * ms) == TaskState::Done);
  CHECK(m.task_at(2, 10 * ms).completion == 10 * ms);
  CHECK(m.completed_by(9 * ms) == 1);
  CHECK(m.completed_by(30 * ms) == 3);

  // At the end, the textbook's waiting times: 6, 4 and 7ms.
  CHECK(m.task_at(0, 30 * ms).waiting == 6 * ms);
  CHECK(m.task_at(1, 30 * ms).waiting == 4 * ms);
  CHECK(m.task_at(2, 30 * ms).waiting == 7 * ms);

  // What cpu0 does at a time.
  auto task_on_cpu = [&](Time t) {
    const std::int64_t i = m.cpu_slice_at(0, t);
    return i < 0 ? kNoTask : f.out.trace.cpu_slices[static_cast<std::size_t>(i)].task;
  };
  CHECK(task_on_cpu(0) == 0);
  CHECK(task_on_cpu(4 * ms) == 1);
  CHECK(task_on_cpu(7 * ms - 1) == 1);
  CHECK(task_on_cpu(7 * ms) == 2);
  CHECK(task_on_cpu(20 * ms) == 0);
  CHECK(task_on_cpu(30 * ms) == kNoTask);
}

TEST_CASE("view model: stepping through events and decisions") {
  Fixture f(kTextbook);
  const RunModel& m = f.model;
  CHECK(m.next_event(0) == 4 * ms);
  CHECK(m.next_event(4 * ms) == 7 * ms);
  CHECK(m.next_event(5 * ms) == 7 * ms);
  CHECK(m.prev_event(7 * ms) == 4 * ms);
  CHECK(m.prev_event(0) == 0);
  CHECK(m.next_event(30 * ms) == 30 * ms);
  CHECK(m.next_decision(0) == 4 * ms);
  CHECK(m.next_decision(7 * ms) == 10 * ms);
  CHECK(m.prev_decision(10 * ms) == 7 * ms);
  // The log at a time: every decision made at or before it.
  const auto& d = f.out.trace.decisions;
  const std::size_t at4 = m.decisions_until(4 * ms);
  REQUIRE(at4 > 0);
  REQUIRE(at4 < d.size());
  CHECK(d[at4 - 1].time == 4 * ms);
  CHECK(d[at4].time > 4 * ms);
}

TEST_CASE("view model: playback advances, stops at the end, steps") {
  Fixture f(kTextbook);
  Playback p;
  p.speed = Playback::speed_for(f.model.end(), 10);
  CHECK(p.speed == 5e6);  // 30ms in ~10s: 3ms/s rounds up to 5ms/s
  p.playing = true;
  p.advance(1.0, f.model.end());
  CHECK(p.cursor == 5 * ms);
  p.advance(100.0, f.model.end());
  CHECK(p.cursor == 30 * ms);
  CHECK_FALSE(p.playing);
  p.restart();
  CHECK(p.cursor == 0);
  p.step_event(f.model);
  CHECK(p.cursor == 4 * ms);
  p.step_decision(f.model);
  CHECK(p.cursor == 7 * ms);
  p.back_event(f.model);
  CHECK(p.cursor == 4 * ms);
  p.to_end(f.model.end());
  CHECK(p.cursor == 30 * ms);
}

TEST_CASE("view model: lanes are sorted, and charts average over bins") {
  Fixture f(kTextbook);
  const RunModel& m = f.model;
  REQUIRE(m.cpu_lanes().size() == 1);
  const Lane& lane = m.cpu_lanes()[0];
  for (std::size_t i = 1; i < lane.size(); ++i) CHECK(lane.start[i] >= lane.end[i - 1]);
  // Ready tasks: 2 during [0,7), 1 during [7,10), 0 after.
  const auto ready = m.ready_series(0, 10 * ms, 10);
  const std::vector<float> expected = {2, 2, 2, 2, 2, 2, 2, 1, 1, 1};
  CHECK(ready == expected);
  CHECK(m.max_ready() == 2);
  CHECK(m.ready_series(10 * ms, 30 * ms, 4) == std::vector<float>(4, 0.0f));
  // Half a bin of ready-count 2 and half of 1: an average of 1.5.
  CHECK(m.ready_series(6 * ms, 8 * ms, 1)[0] == Approx(1.5));
  // The CPU is always busy, never on overhead.
  for (float u : m.utilization_series(0, 0, 30 * ms, 7)) CHECK(u == Approx(1.0));
  for (float o : m.overhead_series(0, 0, 30 * ms, 7)) CHECK(o == Approx(0.0));
  // Per-task lanes: P2 ready [0,4), running [4,7).
  const TaskLane& p2 = m.task_lanes()[1];
  REQUIRE(p2.lane.size() == 2);
  CHECK(p2.state[0] == TaskState::Ready);
  CHECK(p2.lane.end[0] == 4 * ms);
  CHECK(p2.state[1] == TaskState::Running);
}

TEST_CASE("view model: costs, I/O and devices") {
  Fixture f(R"({
    "name": "io", "machine": { "costs": { "process_switch": "1ms", "scheduler": "1ms" } },
    "scheduler": { "policy": "fcfs" }, "devices": [ { "name": "disk", "channels": 2 } ],
    "tasks": [ { "name": "A", "program": [ { "cpu": 2 }, { "io": "disk", "duration": 5 }, { "cpu": 1 } ] },
               { "name": "B", "burst": 4 } ] })");
  const RunModel& m = f.model;
  // Overhead shows in the overhead series, not in utilisation.
  double busy = 0, overhead = 0;
  for (float u : m.utilization_series(0, 0, static_cast<double>(m.end()), 1)) busy = u;
  for (float o : m.overhead_series(0, 0, static_cast<double>(m.end()), 1)) overhead = o;
  CHECK(busy > 0);
  CHECK(overhead > 0);
  CHECK(busy + overhead <= 1.0 + 1e-9);
  REQUIRE(m.device_lanes().size() == 1);
  CHECK(m.device_lanes()[0].lane.size() == 1);
  // A is blocked on the disk while its request is served.
  const Time io_mid = (m.device_lanes()[0].lane.start[0] + m.device_lanes()[0].lane.end[0]) / 2;
  const TaskAt a = m.task_at(0, io_mid);
  CHECK(a.state == TaskState::Blocked);
  CHECK(a.aux == 0);
  QueueProbe probe(f.workload);
  const QueueSnapshot& s = probe.at(io_mid);
  REQUIRE(s.blocked.size() == 1);
  CHECK(s.blocked[0] == ids({0}));
}

TEST_CASE(
    "view model: metrics at the end equal the run's results, for every shipped workload and "
    "policy") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(TIMESLICE_SOURCE_DIR) / "workloads";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    for (const PolicyInfo& policy : policy_registry()) {
      Workload w = load_workload(entry.path().string());
      w.scheduler.policy = policy.name;
      RunOptions o;
      o.record = RecordLevel::Decisions;
      RunOutput out;
      try {
        out = simulate(w, o);
      } catch (const std::exception&) {
        continue;  // a policy this workload cannot run (e.g. needs periodic tasks)
      }
      const RunModel m(w, out.trace);
      INFO(entry.path().filename().string() << " under " << policy.name);
      for (TaskId t = 0; t < w.tasks.size(); ++t) {
        const TaskAt a = m.task_at(t, m.end());
        const TaskResult& r = out.results.tasks[t];
        REQUIRE(a.cpu == r.cpu);
        REQUIRE(a.waiting == r.waiting);
        REQUIRE(a.blocked == r.blocked);
        REQUIRE(a.switches == r.context_switches);
        REQUIRE(a.preemptions == r.preemptions);
        REQUIRE(a.migrations == r.migrations);
        REQUIRE(a.first_run == r.first_run);
        REQUIRE(a.completion == r.completion);
      }
      for (CpuId c = 0; c < w.machine.cpus.size(); ++c) {
        const auto u = m.utilization_series(c, 0, static_cast<double>(m.end()), 1);
        REQUIRE(u[0] == Approx(out.results.cpus[c].utilization).epsilon(1e-6));
      }
      ++checked;
    }
  }
  CHECK(checked >= 7 * 7);
}
