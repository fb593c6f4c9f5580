// Spawning and memory in the view model (SPEC §10): the memory chart's
// series (gui/model/memory_view.h), its refusal marks, and the timeline's
// spawn links (gui/model/spawn_links.h). Window-free: the charts and the
// timeline draw exactly these.
#include <catch2/catch.hpp>

#include <algorithm>

#include "gui/model/memory_view.h"
#include "gui/model/spawn_links.h"
#include "gui/model/view_model.h"
#include "run_fixture.h"
#include "sim/core/run.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

constexpr Time ms = kMillisecond;
constexpr std::int64_t MiB = std::int64_t{1} << 20;

using Fixture = RunFixture;

std::string lesson(const std::string& name) {
  return read_workload_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name);
}

TaskId task_named(const Workload& w, const std::string& name) {
  for (TaskId t = 0; t < w.tasks.size(); ++t)
    if (w.tasks[t].name == name) return t;
  FAIL("no task " << name);
  return kNoTask;
}

// The time a task arrived (its first state change), or kNever.
Time arrival(const Fixture& f, TaskId task) {
  for (const TaskStateChange& c : f.out.trace.task_states)
    if (c.task == task) return c.time;
  return kNever;
}

}  // namespace

// By hand: one CPU (fcfs), 3MiB, no overcommit, 1MiB per process and per
// thread stack, thread creation 1ms. P arrives at 0 (its process's 1MiB and
// its stack: 2MiB), runs 0-1, then creates three threads of its process in
// one Spawn slice 1-4: the first is made at 2 (3MiB, the limit), the second
// (at 3) and the third (at 4) do not fit. P runs 4-5 and exits (its stack
// goes: 2MiB); the thread runs 5-7 and exits, and with it the process (0).
TEST_CASE("memory view: threads against a limit, by hand", "[gui][spawn]") {
  Fixture f(R"({ "name": "by hand", "scheduler": { "policy": "fcfs" },
    "machine": { "cpus": 1, "memory": "3MiB", "overcommit": false,
                 "sizes": { "process_rss": "1MiB", "thread_stack": "1MiB" }, "costs": { "thread_create": 1 } },
    "templates": [ { "name": "w", "burst": 2 } ],
    "tasks": [ { "name": "P", "program": [ { "cpu": 1 }, { "spawn": "w", "count": 3, "as": "thread" }, { "cpu": 1 } ] } ] })");
  const MemoryView& mem = f.model.memory();
  REQUIRE(mem.shown());
  CHECK(mem.limit() == 3 * MiB);
  struct Change {
    Time t;
    std::int64_t process, thread;
  };
  const std::vector<Change> expected = {{0, MiB, MiB}, {2 * ms, MiB, 2 * MiB}, {5 * ms, MiB, MiB}, {7 * ms, 0, 0}};
  REQUIRE(mem.times().size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("change " << k);
    CHECK(mem.times()[k] == expected[k].t);
    CHECK(mem.uses()[k].process == expected[k].process);
    CHECK(mem.uses()[k].thread == expected[k].thread);
    CHECK(mem.uses()[k].fiber == 0);
  }
  CHECK(mem.peak() == 3 * MiB);
  CHECK(mem.peak_by_kind().process == MiB);
  CHECK(mem.peak_by_kind().thread == 2 * MiB);
  CHECK(mem.peak_by_kind().threads == 2);
  CHECK(mem.at(1 * ms).total() == 2 * MiB);
  CHECK(mem.at(2 * ms).total() == 3 * MiB);
  CHECK(mem.at(7 * ms).total() == 0);

  // One bin per millisecond: the highest moment in each.
  const auto bins = mem.peaks(0, 8 * ms, 8);
  const std::int64_t totals[] = {2 * MiB, 2 * MiB, 3 * MiB, 3 * MiB, 3 * MiB, 2 * MiB, 2 * MiB, 0};
  for (std::size_t b = 0; b < 8; ++b) {
    INFO("bin " << b);
    CHECK(bins[b].total() == totals[b]);
  }
  // Zoomed out to one bin, the peak is still there; zoomed into 5-6, the
  // use in effect (not the 3MiB just before).
  CHECK(mem.peaks(0, 8 * ms, 1)[0].total() == 3 * MiB);
  CHECK(mem.peaks(5 * ms, 6 * ms, 1)[0].total() == 2 * MiB);
  CHECK(mem.peaks(4.5 * ms, 5.5 * ms, 1)[0].total() == 3 * MiB);

  // The CPU busy chart's part spent creating tasks: the Spawn slice 1-4.
  REQUIRE(f.model.has_cpu_parts());
  const auto spawning = f.model.part_series(0, SliceKind::Spawn, 0, 8 * ms, 8);
  const auto busy = f.model.utilization_series(0, 0, 8 * ms, 8);
  const float spawn_share[] = {0, 1, 1, 1, 0, 0, 0, 0};
  for (std::size_t b = 0; b < 8; ++b) {
    INFO("bin " << b);
    CHECK(spawning[b] == Approx(spawn_share[b]));
    CHECK(busy[b] >= spawning[b]);
  }
  CHECK(f.model.part_series(0, SliceKind::Spawn, 1.5 * ms, 4.5 * ms, 1)[0] == Approx(2.5 / 3));
  CHECK(f.model.part_series(0, SliceKind::Spin, 0, 8 * ms, 1)[0] == 0);

  // Two refusals, at 3 and 4, on CPU 0, explained.
  REQUIRE(mem.refusal_times() == std::vector<Time>{3 * ms, 4 * ms});
  const SpawnLinks links = find_spawn_links(f.workload, f.out.trace, f.model);
  REQUIRE(links.refused_on_cpu.size() == 1);
  REQUIRE(links.refused_on_cpu[0].size() == 2);
  CHECK(links.refused_times[0] == std::vector<Time>{3 * ms, 4 * ms});
  const Decision& refused = f.out.trace.decisions[links.refused_on_cpu[0][0]];
  CHECK(explain(refused, f.workload) == "P cannot create " + f.workload.tasks[refused.other].name +
                                            ": it does not fit in machine.memory (3MiB in use)");

  // One link: made at 2 inside the Spawn slice 1-4, first ran at 5 on CPU 0.
  REQUIRE(links.links.size() == 1);
  const SpawnLink& l = links.links[0];
  CHECK(l.parent == task_named(f.workload, "P"));
  CHECK(l.created == 2 * ms);
  CHECK(l.cpu == 0);
  REQUIRE(l.spawn_slice >= 0);
  const CpuSlice& s = f.out.trace.cpu_slices[static_cast<std::size_t>(l.spawn_slice)];
  CHECK(s.kind == SliceKind::Spawn);
  CHECK(s.start == 1 * ms);
  CHECK(s.end == 4 * ms);
  CHECK(links.paid_by(s) == std::vector<std::size_t>{0});
  CHECK(l.first == 5 * ms);
  CHECK(l.first_cpu == 0);
  CHECK(l.first_carrier == -1);
}

TEST_CASE("memory view: none for a run that neither creates tasks nor has limits", "[gui][spawn]") {
  Fixture f(R"({ "name": "plain", "machine": { "cpus": 1 }, "tasks": [ { "name": "A", "burst": 2 } ] })");
  CHECK(f.out.trace.memory.empty());
  CHECK_FALSE(f.model.memory().shown());
  CHECK_FALSE(f.model.has_cpu_parts());
  CHECK(find_spawn_links(f.workload, f.out.trace, f.model).links.empty());
}

// The C10k lessons: the chart's series reaches exactly the results' peaks,
// its marks are the results' refusals, and each link joins the spawner's
// Spawn slice (or, for a goroutine, the moment it was made) to the child's
// arrival and its first slice.
TEST_CASE("memory view: the C10k lessons' peaks, refusals and spawn links", "[gui][spawn]") {
  for (const char* name : {"c10k-threads.json", "c10k-goroutines.json"}) {
    INFO(name);
    Fixture f(lesson(name), RecordLevel::Decisions, name);
    const MemoryView& mem = f.model.memory();
    const MemoryResult& r = f.out.results.memory;
    REQUIRE(mem.shown());
    CHECK(mem.limit() == r.limit);
    CHECK(mem.peak() == r.peak);
    CHECK(mem.peak_by_kind().process == r.peak_by_kind.process);
    CHECK(mem.peak_by_kind().thread == r.peak_by_kind.thread);
    CHECK(mem.peak_by_kind().fiber == r.peak_by_kind.fiber);
    CHECK(mem.peak_by_kind().threads == r.peak_by_kind.threads);
    // As drawn, at three zooms: the highest bin is the peak.
    for (int bins : {1, 300, 1500}) {
      std::int64_t top = 0;
      for (const MemoryUse& u : mem.peaks(0, static_cast<double>(f.model.end()), bins)) top = std::max(top, u.total());
      CHECK(top == r.peak);
    }
    CHECK(mem.refusal_times().size() == r.refused);
    CHECK(std::is_sorted(mem.refusal_times().begin(), mem.refusal_times().end()));

    const SpawnLinks links = find_spawn_links(f.workload, f.out.trace, f.model);
    std::size_t on_cpus = 0;
    for (const auto& v : links.refused_on_cpu) on_cpus += v.size();
    CHECK(on_cpus == r.refused);  // every refusal is a spawn the acceptor made on a CPU
    std::uint64_t spawned = 0;
    for (const SpawnResult& sr : f.out.results.spawns) spawned += sr.spawned;
    REQUIRE(links.links.size() == spawned);
    std::vector<Decision> fiber_runs;  // which carrier ran which fiber, by time
    for (const Decision& d : f.out.trace.decisions)
      if (d.kind == DecisionKind::FiberRun) fiber_runs.push_back(d);
    std::size_t checked = 0;
    for (const SpawnLink& l : links.links) {
      INFO("child " << f.workload.tasks[l.child].name);
      CHECK(arrival(f, l.child) == l.created);
      const bool fiber = f.workload.tasks[l.child].role == TaskRole::Fiber;
      if (!fiber) {
        // One thread per spawn phase: its Spawn slice ends as it is made.
        REQUIRE(l.spawn_slice >= 0);
        const CpuSlice& s = f.out.trace.cpu_slices[static_cast<std::size_t>(l.spawn_slice)];
        CHECK(s.kind == SliceKind::Spawn);
        CHECK(s.task == l.parent);
        CHECK(s.cpu == l.cpu);
        CHECK(s.end == l.created);
        // Its first slice is its first run.
        CHECK(l.first == f.model.task_at(l.child, f.model.end()).first_run.value_or(kNever));
        CHECK(l.first_carrier == -1);
      } else {
        // A goroutine costs its spawner nothing; its spawner (the accept
        // goroutine) was on a carrier lane then, and its first slice is on one.
        CHECK(l.spawn_slice == -1);
        REQUIRE(l.from_carrier >= 0);
        // The carrier that ran the accept goroutine when it made this one:
        // its last FiberRun by then.
        auto run = std::upper_bound(fiber_runs.begin(), fiber_runs.end(), l.created,
                                    [](Time t, const Decision& d) { return t < d.time; });
        while (run != fiber_runs.begin() && std::prev(run)->task != l.parent) --run;
        REQUIRE(run != fiber_runs.begin());
        CHECK(f.model.carrier_lanes()[static_cast<std::size_t>(l.from_carrier)].carrier == std::prev(run)->other);
        REQUIRE(l.first_carrier >= 0);
        const Lane& lane = f.model.carrier_lanes()[static_cast<std::size_t>(l.first_carrier)].fibers;
        const auto k = std::lower_bound(lane.start.begin(), lane.start.end(), l.first) - lane.start.begin();
        bool found = false;
        for (auto i = static_cast<std::size_t>(k); i < lane.size() && lane.start[i] == l.first; ++i)
          found |= f.out.trace.fiber_slices[lane.item[i]].fiber == l.child;
        CHECK(found);
        CHECK(l.first <= f.model.task_at(l.child, f.model.end()).first_run.value_or(kNever));
      }
      CHECK(l.first >= l.created);
      ++checked;
    }
    CHECK(checked > 1000);
  }
}
