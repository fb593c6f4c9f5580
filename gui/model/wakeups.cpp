#include "gui/model/wakeups.h"

#include <algorithm>

namespace timeslice::gui {

std::vector<Wakeup> find_wakeups(const Trace& trace, const RunModel& model) {
  // Each task's device slices as (end, lane), to find the one that woke it.
  std::vector<std::vector<std::pair<Time, std::uint32_t>>> io_ends(model.task_count());
  const auto& lanes = model.device_lanes();
  for (std::uint32_t l = 0; l < lanes.size(); ++l)
    for (std::size_t k = 0; k < lanes[l].lane.size(); ++k) {
      const DeviceSlice& ds = trace.device_slices[lanes[l].lane.item[k]];
      if (ds.task < io_ends.size()) io_ends[ds.task].emplace_back(ds.end, l);
    }
  for (auto& v : io_ends) std::sort(v.begin(), v.end());

  std::vector<Wakeup> out;
  for (const Decision& d : trace.decisions) {
    Wakeup w;
    if (d.kind == DecisionKind::Wake && d.arg > 0 && d.task < io_ends.size()) {
      // The device's last slice for this task ending by now (an interrupt
      // handler may have run between the I/O's end and the wakeup).
      const auto& ends = io_ends[d.task];
      auto it = std::upper_bound(ends.begin(), ends.end(), std::pair{d.time, ~0u});
      if (it == ends.begin()) continue;
      w.from = Wakeup::From::Device;
      w.from_lane = std::prev(it)->second;
      w.task = d.task;
    } else if (d.kind == DecisionKind::LockRelease && d.other != kNoTask && d.cpu != kNoCpu) {
      w.from = Wakeup::From::Lock;
      w.from_lane = d.cpu;
      w.task = d.other;
    } else {
      continue;
    }
    w.woken = d.time;
    // Its next run: the first Run slice starting at or after the wakeup.
    if (w.task < model.task_count()) {
      const auto& slices = model.task_slices(w.task);
      auto it = std::partition_point(slices.begin(), slices.end(), [&](std::uint32_t i) {
        return trace.cpu_slices[i].start < w.woken;
      });
      for (; it != slices.end(); ++it) {
        const CpuSlice& s = trace.cpu_slices[*it];
        if (s.kind != SliceKind::Run) continue;
        w.cpu = s.cpu;
        w.ran = s.start;
        break;
      }
    }
    out.push_back(w);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Wakeup& a, const Wakeup& b) { return a.woken < b.woken; });
  return out;
}

}  // namespace timeslice::gui
