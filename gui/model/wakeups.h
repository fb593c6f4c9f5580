// Who woke whom: each wakeup the timeline draws as an arrow, from what woke
// the task (a device finishing its I/O, or a task handing it a lock) to
// where the task next ran, so the wakeup latency can be read off the chart
// (as Perfetto and Tracy draw it). Built once per run from the recorded
// decisions (empty without them). Pure; unit-tested.
#pragma once

#include <vector>

#include "gui/model/view_model.h"

namespace timeslice::gui {

struct Wakeup {
  enum class From : std::uint8_t { Device, Lock };
  Time woken = 0;        // when the task became ready
  TaskId task = kNoTask;
  From from = From::Device;
  std::uint32_t from_lane = 0;  // Device: index into RunModel::device_lanes();
                                // Lock: the CPU the holder released it on
  CpuId cpu = kNoCpu;           // where the task next ran (kNoCpu: never again)
  Time ran = kNever;            // when that run began: ran - woken is the latency
};

// Every wakeup by a device or a lock hand-over, sorted by `woken`.
std::vector<Wakeup> find_wakeups(const Trace& trace, const RunModel& model);

}  // namespace timeslice::gui
