// The second level in the view model (gui/model/view_model.h): a lane per
// carrier holding its fiber slices, the rows reports show, and the live
// carriers and fibers over time. Window-free: the timeline draws exactly
// these lanes, folded by fold_lane().
#include <catch2/catch.hpp>

#include "gui/model/lod.h"
#include "gui/model/view_model.h"
#include "run_fixture.h"
#include "sim/core/run.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

constexpr Time ms = kMillisecond;

using Fixture = RunFixture;

std::string lesson(const std::string& name) {
  return read_workload_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name);
}

// A carrier's time on the CPU lanes: its Run slices.
Time carrier_cpu(const Fixture& f, TaskId carrier) {
  Time total = 0;
  for (std::uint32_t i : f.model.task_slices(carrier)) {
    const CpuSlice& s = f.out.trace.cpu_slices[i];
    if (s.kind == SliceKind::Run && s.task == carrier) total += s.end - s.start;
  }
  return total;
}

// What the timeline draws for a lane at a zoom: the items its blocks cover.
Time drawn_time(const Lane& lane, const RunModel& m, double width_px) {
  std::vector<DrawBlock> blocks;
  const VisibleRange view{0, static_cast<double>(m.end()) / width_px, width_px};
  fold_lane(lane.starts(), lane.ends(), view, 3, blocks);
  Time total = 0;
  for (const DrawBlock& b : blocks)
    for (std::uint32_t k = b.first; k < b.first + b.count; ++k) total += lane.end[k] - lane.start[k];
  return total;
}

}  // namespace

// By hand: one CPU, a green runtime with 1ms fiber switches. The carrier
// starts at 0 and takes A (its first fiber: no switch): A runs 0-2 and
// yields behind B; switch to B 2-3, B runs 3-6 and ends; switch to A 6-7,
// A runs 7-8 and ends; the carrier exits at 8.
TEST_CASE("carrier view: green runtime by hand", "[gui][runtimes]") {
  Fixture f(R"({ "name": "by hand", "machine": { "cpus": 1 },
    "runtimes": [ { "name": "g", "model": "green", "costs": { "fiber_switch": 1 } } ],
    "tasks": [ { "name": "A", "runtime": "g", "program": [ { "cpu": 2 }, { "yield": true }, { "cpu": 1 } ] },
               { "name": "B", "runtime": "g", "burst": 3 } ] })");
  const RunModel& m = f.model;
  REQUIRE(m.carrier_lanes().size() == 1);
  const CarrierLane& cl = m.carrier_lanes()[0];
  CHECK(f.workload.tasks[cl.carrier].role == TaskRole::Carrier);
  struct Expected {
    Time start, end;
    const char* fiber;
    FiberSliceKind kind;
  };
  const std::vector<Expected> expected = {
      {0, 2 * ms, "A", FiberSliceKind::Run},      {2 * ms, 3 * ms, "B", FiberSliceKind::Switch},
      {3 * ms, 6 * ms, "B", FiberSliceKind::Run}, {6 * ms, 7 * ms, "A", FiberSliceKind::Switch},
      {7 * ms, 8 * ms, "A", FiberSliceKind::Run},
  };
  REQUIRE(cl.fibers.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("fiber slice " << k);
    const FiberSlice& s = f.out.trace.fiber_slices[cl.fibers.item[k]];
    CHECK(cl.fibers.start[k] == expected[k].start);
    CHECK(cl.fibers.end[k] == expected[k].end);
    CHECK(f.workload.tasks[s.fiber].name == expected[k].fiber);
    CHECK(s.kind == expected[k].kind);
  }
  CHECK(carrier_cpu(f, cl.carrier) == 8 * ms);
  // Two fibers, one carrier: the carrier is not a task in the figures.
  CHECK(m.counted_tasks() == 2);
  CHECK(m.completed_by(8 * ms) == 2);
  CHECK(m.max_live_fibers() == 2);
  CHECK(m.live_fibers_at(6 * ms) == 1);
  CHECK(m.live_fibers_at(8 * ms) == 0);
  CHECK(m.max_live_carriers() == 1);
  CHECK(m.live_carriers_at(4 * ms) == 1);
  CHECK(m.live_carriers_at(8 * ms) == 0);
}

// The issue's check, on every two-level lesson: per carrier, the fiber
// slices the timeline draws add up to the carrier's time on the CPU lanes,
// exactly, at every zoom; and each fiber slice lies inside one of its
// carrier's Run slices on the same CPU.
TEST_CASE("carrier view: fiber slices add up to each carrier's CPU time", "[gui][runtimes]") {
  for (const char* name : {"green-threads.json", "event-loop-blocking.json", "go-syscall-handoff.json",
                           "goroutine-preemption.json", "work-stealing.json", "thread-vs-goroutine.json"}) {
    INFO(name);
    Fixture f(lesson(name), RecordLevel::Decisions, name);
    const RunModel& m = f.model;
    REQUIRE(!m.carrier_lanes().empty());
    for (const CarrierLane& cl : m.carrier_lanes()) {
      INFO(f.workload.tasks[cl.carrier].name);
      const Time cpu = carrier_cpu(f, cl.carrier);
      CHECK(cpu > 0);
      Time fibers = 0;
      for (std::size_t k = 0; k < cl.fibers.size(); ++k) fibers += cl.fibers.end[k] - cl.fibers.start[k];
      CHECK(fibers == cpu);
      for (double width : {1600.0, 200.0, 7.0}) CHECK(drawn_time(cl.fibers, m, width) == cpu);
      for (std::size_t k = 0; k < cl.fibers.size(); ++k) {
        const FiberSlice& s = f.out.trace.fiber_slices[cl.fibers.item[k]];
        const std::int64_t i = m.cpu_slice_at(s.cpu, s.start);
        REQUIRE(i >= 0);
        const CpuSlice& c = f.out.trace.cpu_slices[static_cast<std::size_t>(i)];
        CHECK(c.task == cl.carrier);
        CHECK(c.kind == SliceKind::Run);
        CHECK(c.end >= s.end);
      }
    }
    // Carriers are not tasks in whole-run figures, as in the CLI; spare
    // carriers that never ran are no rows.
    const Results& r = f.out.results;
    CHECK(m.counted_tasks() == r.summary.tasks);
    CHECK(m.completed_by(m.end()) == r.summary.completed);
    std::size_t reported_rows = 0;
    for (const TaskResult& t : r.tasks) reported_rows += reported(t);
    CHECK(m.shown_tasks().size() == reported_rows);
    for (TaskId t : m.shown_tasks()) CHECK(reported(r.tasks[t]));
    // The most carriers alive at once is the sum of the runtimes' peaks when
    // there is one runtime (several peak at different times).
    if (r.runtimes.size() == 1) CHECK(m.max_live_carriers() == static_cast<int>(r.runtimes[0].peak_carriers));
  }
}

// mn's handoffs are marked on the lane of the carrier in the syscall.
TEST_CASE("carrier view: handoffs on the lane of the carrier in a syscall", "[gui][runtimes]") {
  Fixture f(lesson("go-syscall-handoff.json"), RecordLevel::Decisions, "go-syscall-handoff.json");
  std::size_t handoffs = 0;
  for (const CarrierLane& cl : f.model.carrier_lanes()) {
    handoffs += cl.handoffs.size();
    for (const CarrierLane::Handoff& h : cl.handoffs) {
      INFO("handoff at " << h.time);
      // The carrier was in a syscall then: a Sleeping (blocking call) state.
      CHECK(f.model.state_at(cl.carrier, h.time) == TaskState::Sleeping);
      CHECK(h.monitor);
    }
  }
  CHECK(handoffs == f.out.results.runtimes[0].handoffs);
}

// Steals are on the lane of the carrier that stole: in work-stealing.json
// three steals spread P0's burst (docs/teaching.md, section 25).
TEST_CASE("carrier view: steals on the stealing carrier's lane", "[gui][runtimes]") {
  Fixture f(lesson("work-stealing.json"), RecordLevel::Decisions, "work-stealing.json");
  const RuntimeResult& r = f.out.results.runtimes[0];
  std::uint64_t steals = 0, stolen = 0;
  for (const CarrierLane& cl : f.model.carrier_lanes())
    for (const CarrierLane::Steal& s : cl.steals) {
      ++steals;
      stolen += static_cast<std::uint64_t>(s.fibers);
      CHECK(s.fibers > 0);
    }
  CHECK(steals == r.steals);
  CHECK(stolen == r.stolen);
  CHECK(steals >= 3);
}

// So are the monitor's preemptions, on the lane of the carrier whose fiber
// it preempted: the first at 11.22ms (docs/teaching.md, section 24).
TEST_CASE("carrier view: monitor preemptions on the carrier's lane", "[gui][runtimes]") {
  Fixture f(lesson("goroutine-preemption.json"), RecordLevel::Decisions, "goroutine-preemption.json");
  REQUIRE(f.model.carrier_lanes().size() == 1);
  const CarrierLane& cl = f.model.carrier_lanes()[0];
  REQUIRE(!cl.preemptions.empty());
  CHECK(cl.preemptions.size() == f.out.results.runtimes[0].preemptions);
  CHECK(cl.preemptions[0] == 11'220'000);
  // A fiber slice of hog ends there.
  const std::int64_t k = item_at(cl.fibers.starts(), cl.fibers.ends(), cl.preemptions[0] - 1);
  REQUIRE(k >= 0);
  CHECK(cl.fibers.end[static_cast<std::size_t>(k)] == cl.preemptions[0]);
  CHECK(f.workload.tasks[f.out.trace.fiber_slices[cl.fibers.item[static_cast<std::size_t>(k)]].fiber].name == "hog");
}
