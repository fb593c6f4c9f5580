// The trace: an append-only record of a run, kept by TraceRecorder (an engine
// observer) at a chosen level of detail, so huge batch runs pay only for what
// they keep.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "sim/core/observer.h"

namespace timeslice {

enum class RecordLevel : std::uint8_t {
  Metrics,    // nothing: statistics only
  Slices,     // CPU and device slices, task state changes
  Decisions,  // slices plus every decision (for --explain and the GUI log)
};

// "metrics", "slices", "decisions" (as --record spells them), and back.
const char* record_level_name(RecordLevel level);
std::optional<RecordLevel> parse_record_level(const std::string& name);

// Memory in use from `time` on (Observer::on_memory): one per change, so
// several may share a time (a task exits and another is created at once).
struct MemoryChange {
  Time time = 0;
  MemoryUse use;
};

struct TaskStateChange {
  Time time = 0;
  TaskId task = kNoTask;
  TaskState state = TaskState::Ready;
  std::uint32_t aux = 0;  // device for Blocked
};

// Records grow in fixed-size blocks (std::deque) rather than by doubling a
// vector: no copy of the whole log on growth, no 2x slack, so a run's peak
// memory is what it keeps. Random access and iteration are as for a vector.
template <class T>
using TraceLog = std::deque<T>;

struct Trace {
  TraceLog<CpuSlice> cpu_slices;        // in the order they ended
  TraceLog<DeviceSlice> device_slices;  // in the order they ended
  TraceLog<FiberSlice> fiber_slices;    // runtimes (SPEC §9), in the order they ended
  TraceLog<TaskStateChange> task_states;
  TraceLog<Decision> decisions;
  TraceLog<MemoryChange> memory;  // runs that keep it (records_memory()), in order
  Time end = 0;
};

// Whether a run of `workload` keeps its memory over time in the trace (at
// the slices level and above): it creates tasks or has a memory or thread
// limit, the runs whose reports show memory (results.h shows_memory()).
// Other runs keep none, so a million-task run pays nothing for it.
bool records_memory(const Workload& workload);

class TraceRecorder final : public Observer {
 public:
  explicit TraceRecorder(RecordLevel level, bool memory = false) : level_(level), memory_(memory) {}
  void on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) override;
  void on_cpu_slice(const CpuSlice& slice) override;
  void on_device_slice(const DeviceSlice& slice) override;
  void on_fiber_slice(const FiberSlice& slice) override;
  void on_decision(const Decision& d) override;
  void on_memory(Time t, const MemoryUse& use) override;
  DecisionKinds decision_kinds() const override {
    return level_ >= RecordLevel::Decisions ? kAllDecisions : 0;
  }
  void on_finish(Time end, std::uint64_t events) override;

  const Trace& trace() const { return trace_; }
  Trace take() { return std::move(trace_); }

 private:
  RecordLevel level_;
  bool memory_;
  Trace trace_;
};

}  // namespace timeslice
