#include "gui/model/spawn_links.h"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>

namespace timeslice::gui {

SpawnLinks find_spawn_links(const Workload& w, const Trace& trace, const RunModel& model) {
  SpawnLinks out;
  const std::size_t ncpu = model.cpu_lanes().size();
  out.refused_on_cpu.resize(ncpu);
  out.refused_times.resize(ncpu);
  bool fibers = false;
  // Fiber spawners: the carrier each last ran on (FiberRun), as a lane.
  std::unordered_map<TaskId, std::int64_t> spawner_lane;
  for (const Decision& d : trace.decisions)
    if (d.kind == DecisionKind::Spawn && d.task < w.tasks.size() && w.tasks[d.task].role == TaskRole::Fiber)
      spawner_lane[d.task] = -1;
  std::unordered_map<TaskId, std::int64_t> lane_of_carrier;
  if (!spawner_lane.empty())
    for (std::size_t c = 0; c < model.carrier_lanes().size(); ++c)
      lane_of_carrier[model.carrier_lanes()[c].carrier] = static_cast<std::int64_t>(c);
  for (std::uint32_t i = 0; i < trace.decisions.size(); ++i) {
    const Decision& d = trace.decisions[i];
    if (d.kind == DecisionKind::FiberRun && !spawner_lane.empty()) {
      auto it = spawner_lane.find(d.task);
      auto lane = lane_of_carrier.find(d.other);
      if (it != spawner_lane.end() && lane != lane_of_carrier.end()) it->second = lane->second;
    }
    if (d.kind == DecisionKind::SpawnRefused && d.cpu < ncpu) {
      out.refused_on_cpu[d.cpu].push_back(i);
      out.refused_times[d.cpu].push_back(d.time);
    }
    if (d.kind != DecisionKind::Spawn || d.other >= model.task_count()) continue;
    SpawnLink link;
    link.created = d.time;
    link.cpu = d.cpu;
    link.parent = d.task;
    link.child = d.other;
    link.as = d.arg;
    if (auto it = spawner_lane.find(d.task); it != spawner_lane.end()) link.from_carrier = it->second;
    // The spawner's Spawn slice on that CPU covering the creation (start <
    // created <= end; one slice pays for consecutive children), if it cost any.
    if (d.cpu < ncpu) {
      const Lane& lane = model.cpu_lanes()[d.cpu];
      const auto k = std::lower_bound(lane.start.begin(), lane.start.end(), d.time) - lane.start.begin();
      if (k > 0 && lane.end[static_cast<std::size_t>(k) - 1] >= d.time) {
        const std::uint32_t slice = lane.item[static_cast<std::size_t>(k) - 1];
        const CpuSlice& s = trace.cpu_slices[slice];
        if (s.kind == SliceKind::Spawn && s.task == d.task) link.spawn_slice = slice;
      }
    }
    if (w.tasks[d.other].role == TaskRole::Fiber) {
      fibers = true;
    } else {
      for (std::uint32_t k : model.task_slices(d.other)) {
        const CpuSlice& s = trace.cpu_slices[k];
        if (s.task != d.other || !task_time(s.kind)) continue;
        link.first = s.start;
        link.first_cpu = s.cpu;
        break;
      }
    }
    out.links.push_back(link);
  }
  if (fibers) {
    // Each fiber's first slice on a carrier lane.
    std::vector<std::pair<Time, std::int64_t>> first(model.task_count(), {kNever, -1});
    const auto& carriers = model.carrier_lanes();
    for (std::size_t c = 0; c < carriers.size(); ++c)
      for (std::size_t k = 0; k < carriers[c].fibers.size(); ++k) {
        const FiberSlice& fs = trace.fiber_slices[carriers[c].fibers.item[k]];
        if (fs.fiber < first.size() && fs.start < first[fs.fiber].first)
          first[fs.fiber] = {fs.start, static_cast<std::int64_t>(c)};
      }
    for (SpawnLink& link : out.links)
      if (w.tasks[link.child].role == TaskRole::Fiber) std::tie(link.first, link.first_carrier) = first[link.child];
  }
  std::stable_sort(out.links.begin(), out.links.end(),
                   [](const SpawnLink& a, const SpawnLink& b) { return a.created < b.created; });
  return out;
}

std::vector<std::size_t> SpawnLinks::paid_by(const CpuSlice& s) const {
  // Links created in (start, end] on its CPU by its task.
  auto lo = std::partition_point(links.begin(), links.end(), [&](const SpawnLink& l) { return l.created <= s.start; });
  std::vector<std::size_t> out;
  for (auto it = lo; it != links.end() && it->created <= s.end; ++it)
    if (it->cpu == s.cpu && it->parent == s.task) out.push_back(static_cast<std::size_t>(it - links.begin()));
  return out;
}

}  // namespace timeslice::gui
