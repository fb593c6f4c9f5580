// Who created whom (SPEC §10), for the timeline: each task created at run
// time linked from where its spawner paid for it (the end of the Spawn
// slice on the spawning CPU, or the moment of a free fiber creation) to the
// created task's first slice (on a CPU lane for a process or thread, on a
// carrier lane for a fiber); and the refused spawns per CPU. Built once per
// run from the recorded decisions (empty without them). Pure; unit-tested.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/model/view_model.h"

namespace timeslice::gui {

struct SpawnLink {
  Time created = 0;         // the Spawn decision: the child exists from now on
  CpuId cpu = kNoCpu;       // the spawning CPU (kNoCpu for a fiber spawner)
  // A fiber spawner: the lane (index into RunModel::carrier_lanes()) of the
  // carrier running it when it made the child (its last FiberRun).
  std::int64_t from_carrier = -1;
  TaskId parent = kNoTask, child = kNoTask;
  std::int64_t as = 0;      // SpawnAs
  // The Spawn slice (index into Trace::cpu_slices) that paid for it:
  // start < created <= end (one slice pays for consecutive children, the
  // last of them created at its end). -1 when the creation cost no CPU time
  // (fibers).
  std::int64_t spawn_slice = -1;
  // The child's first slice: it starts at `first` on CPU `first_cpu` (a
  // process or thread) or on carrier lane `first_carrier` (a fiber: index
  // into RunModel::carrier_lanes()). first == kNever: it never ran.
  Time first = kNever;
  CpuId first_cpu = kNoCpu;
  std::int64_t first_carrier = -1;
};

struct SpawnLinks {
  std::vector<SpawnLink> links;  // by `created`
  // Per CPU, indices into Trace::decisions of the spawns refused there, by
  // time (refused arrivals have no CPU and are left out).
  std::vector<std::vector<std::uint32_t>> refused_on_cpu;
  std::vector<std::vector<Time>> refused_times;  // the same, their times

  // The links (indices into `links`) a Spawn slice paid for.
  std::vector<std::size_t> paid_by(const CpuSlice& spawn_slice) const;
};

SpawnLinks find_spawn_links(const Workload& workload, const Trace& trace, const RunModel& model);

}  // namespace timeslice::gui
