#include "sim/format/export_common.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace timeslice {

std::string slice_kind_name(SliceKind kind) {
  switch (kind) {
    case SliceKind::Run: return "run";
    case SliceKind::Scheduler: return "scheduler";
    case SliceKind::Switch: return "switch";
    case SliceKind::Migration: return "migration";
    case SliceKind::Interrupt: return "interrupt";
    case SliceKind::Spawn: return "spawn";
    case SliceKind::Spin: return "spin";
    case SliceKind::Poll: return "poll";
  }
  return "other";
}

// A default instead of listing every value: reasons are added as the engine
// grows (periodic jobs, locks), and an export must keep compiling and working.
std::string slice_end_name(SliceEnd reason) {
  switch (reason) {
    case SliceEnd::Exited: return "exited";
    case SliceEnd::Blocked: return "blocked";
    case SliceEnd::Slept: return "slept";
    case SliceEnd::Yielded: return "yielded";
    case SliceEnd::Expired: return "expired";
    case SliceEnd::Preempted: return "preempted";
    case SliceEnd::Interrupted: return "interrupted";
    case SliceEnd::Continued: return "continued";
    case SliceEnd::Horizon: return "horizon";
    case SliceEnd::JobDone: return "job_done";
    case SliceEnd::LockWait: return "lock_wait";
    case SliceEnd::Changed: return "changed";
    default: break;
  }
  return "other";
}

std::string decision_kind_name(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::Arrive: return "arrive";
    case DecisionKind::Wake: return "wake";
    case DecisionKind::Block: return "block";
    case DecisionKind::Exit: return "exit";
    case DecisionKind::Yield: return "yield";
    case DecisionKind::Expire: return "expire";
    case DecisionKind::Preempt: return "preempt";
    case DecisionKind::Dispatch: return "dispatch";
    case DecisionKind::Continue: return "continue";
    case DecisionKind::Idle: return "idle";
    case DecisionKind::Demote: return "demote";
    case DecisionKind::Boost: return "boost";
    case DecisionKind::Release: return "release";
    case DecisionKind::Move: return "move";
    case DecisionKind::LockWait: return "lock_wait";
    case DecisionKind::LockAcquire: return "lock_acquire";
    case DecisionKind::LockRelease: return "lock_release";
    case DecisionKind::LockDropAsk: return "lock_drop_ask";
    case DecisionKind::LockDrop: return "lock_drop";
    case DecisionKind::Priority: return "priority";
    case DecisionKind::Steal: return "steal";
    case DecisionKind::DeadlineMiss: return "deadline_miss";
    case DecisionKind::FiberRun: return "fiber_run";
    case DecisionKind::FiberPark: return "fiber_park";
    case DecisionKind::FiberSteal: return "fiber_steal";
    case DecisionKind::SyscallEnter: return "syscall_enter";
    case DecisionKind::SyscallExit: return "syscall_exit";
    case DecisionKind::Handoff: return "handoff";
    case DecisionKind::MonitorPreempt: return "monitor_preempt";
    case DecisionKind::CarrierPark: return "carrier_park";
    case DecisionKind::CarrierStart: return "carrier_start";
    case DecisionKind::Spawn: return "spawn";
    case DecisionKind::SpawnRefused: return "spawn_refused";
  }
  return "other";
}

std::string slice_end_text(const CpuSlice& s, const Workload& w) {
  switch (s.reason) {
    case SliceEnd::Exited: return "exited";
    case SliceEnd::Blocked:
      return s.aux < w.devices.size() ? "blocked on " + w.devices[s.aux].name : "blocked on I/O";
    case SliceEnd::Slept: return "went to sleep";
    case SliceEnd::Yielded: return "yielded";
    case SliceEnd::Expired: return "quantum expired";
    case SliceEnd::Preempted: return "preempted by " + task_name(w, s.aux);
    case SliceEnd::Interrupted: return "interrupted";
    case SliceEnd::Continued: return "quantum expired, kept the CPU";
    case SliceEnd::Horizon: return "run stopped (--until)";
    case SliceEnd::JobDone: return "job done";
    case SliceEnd::LockWait:
      return s.aux < w.locks.size() ? "blocked on lock " + w.locks[s.aux].name : "blocked on a lock";
    case SliceEnd::Changed: return "went on to other work";
    default: break;
  }
  return slice_end_name(s.reason);
}

std::string task_state_name(TaskState state) {
  switch (state) {
    case TaskState::NotArrived: return "not arrived";
    case TaskState::Ready: return "ready";
    case TaskState::Running: return "running";
    case TaskState::Blocked: return "blocked";
    case TaskState::Sleeping: return "sleeping";
    case TaskState::Done: return "done";
  }
  return "other";
}

const std::string& task_name(const Workload& w, TaskId task) {
  static const std::string none = "-";
  return task < w.tasks.size() ? w.tasks[task].name : none;
}

std::string exact_micros(Time ns) {
  const bool negative = ns < 0;
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(ns) + 1 : static_cast<std::uint64_t>(ns);
  std::string text = std::to_string(magnitude / 1000);
  if (const std::uint64_t frac = magnitude % 1000; frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 3 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    text += '.' + digits;
  }
  return negative ? '-' + text : text;
}

std::vector<CpuSlice> cpu_slices_by_lane(const Trace& trace) {
  std::vector<CpuSlice> slices(trace.cpu_slices.begin(), trace.cpu_slices.end());
  std::stable_sort(slices.begin(), slices.end(), [](const CpuSlice& a, const CpuSlice& b) {
    return std::tie(a.cpu, a.start) < std::tie(b.cpu, b.start);
  });
  return slices;
}

std::vector<DeviceSlice> device_slices_by_lane(const Trace& trace) {
  std::vector<DeviceSlice> slices(trace.device_slices.begin(), trace.device_slices.end());
  std::stable_sort(slices.begin(), slices.end(), [](const DeviceSlice& a, const DeviceSlice& b) {
    return std::tie(a.device, a.channel, a.start) < std::tie(b.device, b.channel, b.start);
  });
  return slices;
}

std::vector<std::pair<DeviceId, std::uint32_t>> used_channels(const Trace& trace, const Workload& w) {
  std::vector<std::pair<DeviceId, std::uint32_t>> used;
  for (const DeviceSlice& s : trace.device_slices)
    if (s.device < w.devices.size()) used.emplace_back(s.device, s.channel);
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  return used;
}

std::string channel_label(const Workload& w, const std::vector<std::pair<DeviceId, std::uint32_t>>& used,
                          DeviceId device, std::uint32_t channel) {
  const auto first = std::lower_bound(used.begin(), used.end(), std::make_pair(device, std::uint32_t{0}));
  const bool several = first != used.end() && first->first == device && first + 1 != used.end() &&
                       (first + 1)->first == device;
  const std::string& name = w.devices.at(device).name;
  return several ? name + "[" + std::to_string(channel) + "]" : name;
}

std::vector<StateStretch> task_state_stretches(const Trace& trace, std::size_t tasks) {
  // Per task, the states that lasted: a state followed by another change at
  // the same time (requeued and picked again at once) never showed.
  std::vector<std::vector<const TaskStateChange*>> lasting(tasks);
  for (const TaskStateChange& c : trace.task_states) {
    if (c.task >= tasks) continue;
    auto& list = lasting[c.task];
    if (!list.empty() && list.back()->time == c.time) list.pop_back();
    list.push_back(&c);
  }
  const Time end = timeline_end(trace);
  std::vector<StateStretch> out;
  for (TaskId t = 0; t < tasks; ++t) {
    const auto& list = lasting[t];
    for (std::size_t i = 0; i < list.size();) {
      const TaskStateChange& c = *list[i];
      std::size_t j = i + 1;
      while (j < list.size() && list[j]->state == c.state && list[j]->aux == c.aux) ++j;
      const Time until = j < list.size() ? list[j]->time : end;
      const bool shown = c.state == TaskState::Ready || c.state == TaskState::Running ||
                         c.state == TaskState::Blocked || c.state == TaskState::Sleeping;
      if (shown && until > c.time) out.push_back({t, c.state, c.aux, c.time, until});
      i = j;
    }
  }
  return out;
}

Time timeline_end(const Trace& trace) {
  Time end = trace.end;
  for (const CpuSlice& s : trace.cpu_slices) end = std::max(end, s.end);
  for (const DeviceSlice& s : trace.device_slices) end = std::max(end, s.end);
  return end;
}

std::string svg_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        out += static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' ? ' ' : c;
    }
  }
  return out;
}

std::string readable(Time t) {
  if (t == 0) return "0";
  const Time step = t >= kSecond ? kMillisecond : t >= kMillisecond ? kMicrosecond : 1;
  if (t > kNever - step) return format_duration(t);
  return format_duration((t + step / 2) / step * step);
}

Time tick_step(Time span, int max_ticks) {
  for (Time magnitude = 1;; magnitude *= 10) {
    for (Time f : {1, 2, 5}) {
      const Time step = f * magnitude;
      if (span / step <= max_ticks) return step;
    }
    if (magnitude > kNever / 100) return std::max<Time>(span, 1);
  }
}

}  // namespace timeslice
