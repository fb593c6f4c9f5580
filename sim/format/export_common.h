// Pieces shared by the exports (Chrome trace, SVG Gantt chart, CSV): names for
// slice kinds, end reasons and task states, exact decimal microseconds, and
// the trace's slices in drawing order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

// "run", "scheduler", "switch", "migration", "interrupt".
std::string slice_kind_name(SliceKind kind);

// Why a Run slice ended, as one lowercase word: "exited", "blocked", "slept",
// "yielded", "expired", "preempted", "interrupted", "continued", "horizon"...
std::string slice_end_name(SliceEnd reason);

// A decision's kind as one lowercase word: "dispatch", "preempt", "expire",
// "lock_wait"...
std::string decision_kind_name(DecisionKind kind);

// The same for people, with its argument: "blocked on disk", "preempted by B",
// "quantum expired".
std::string slice_end_text(const CpuSlice& slice, const Workload& workload);

// "ready", "running", "blocked", "sleeping", "done", "not arrived".
std::string task_state_name(TaskState state);

// A task's name, or "-" for kNoTask / an id out of range.
const std::string& task_name(const Workload& workload, TaskId task);

// Nanoseconds as exact decimal microseconds, the Trace Event Format's unit:
// 1234567 -> "1234.567", 1234000 -> "1234", 5 -> "0.005". No floating point,
// so nothing is lost at any magnitude.
std::string exact_micros(Time ns);

// ---- SVG pieces (the Gantt chart and the sweep/compare charts) ----

// A coordinate with at most two decimals, no trailing zeros: 12.5, 3, 0.25.
std::string svg_number(double v);
// Text and attribute values escaped for XML.
std::string xml_escape(const std::string& text);
// Human units rounded to what a reader can use: three decimals of the largest
// unit, never the "~" that format_duration adds when it must cut digits.
std::string readable(Time t);
// A 1-2-5 step giving at most `max_ticks` intervals over `span`.
Time tick_step(Time span, int max_ticks);

// CPU slices sorted by (cpu, start) and device slices by (device, channel,
// start): the trace records them in the order they ended.
std::vector<CpuSlice> cpu_slices_by_lane(const Trace& trace);
std::vector<DeviceSlice> device_slices_by_lane(const Trace& trace);

// The device channels that served at least one request, sorted, and the
// label of each: the device's name, with "[channel]" only when more than one
// channel of that device was used.
std::vector<std::pair<DeviceId, std::uint32_t>> used_channels(const Trace& trace, const Workload& workload);
std::string channel_label(const Workload& workload,
                          const std::vector<std::pair<DeviceId, std::uint32_t>>& used,
                          DeviceId device, std::uint32_t channel);

// A stretch of time a task spent in one state, until its next change to
// another state or the end of the timeline. States that lasted no time (a
// task requeued and picked again at the same instant) are dropped first, so
// the stretches around them join; a change to the state the task is already
// in continues the stretch. NotArrived and Done are left out. In task order,
// then time order.
struct StateStretch {
  TaskId task = kNoTask;
  TaskState state = TaskState::Ready;
  std::uint32_t aux = 0;  // device, for Blocked
  Time start = 0, end = 0;
};
std::vector<StateStretch> task_state_stretches(const Trace& trace, std::size_t tasks);

// The end of the timeline: the run's end or the last slice, whichever is later.
Time timeline_end(const Trace& trace);

}  // namespace timeslice
