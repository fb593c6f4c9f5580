// The trace: an append-only record of a run, kept by TraceRecorder (an engine
// observer) at a chosen level of detail, so huge batch runs pay only for what
// they keep.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/observer.h"

namespace timeslice {

enum class RecordLevel : std::uint8_t {
  Metrics,    // nothing: statistics only
  Slices,     // CPU and device slices, task state changes
  Decisions,  // slices plus every decision (for --explain and the GUI log)
};

struct TaskStateChange {
  Time time = 0;
  TaskId task = kNoTask;
  TaskState state = TaskState::Ready;
  std::uint32_t aux = 0;  // device for Blocked
};

struct Trace {
  std::vector<CpuSlice> cpu_slices;        // in the order they ended
  std::vector<DeviceSlice> device_slices;  // in the order they ended
  std::vector<TaskStateChange> task_states;
  std::vector<Decision> decisions;
  Time end = 0;
};

class TraceRecorder final : public Observer {
 public:
  explicit TraceRecorder(RecordLevel level) : level_(level) {}
  void on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) override;
  void on_cpu_slice(const CpuSlice& slice) override;
  void on_device_slice(const DeviceSlice& slice) override;
  void on_decision(const Decision& d) override;
  void on_finish(Time end, std::uint64_t events) override;

  const Trace& trace() const { return trace_; }
  Trace take() { return std::move(trace_); }

 private:
  RecordLevel level_;
  Trace trace_;
};

}  // namespace timeslice
