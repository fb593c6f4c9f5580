#include "sim/core/trace.h"

namespace timeslice {

const char* record_level_name(RecordLevel level) {
  switch (level) {
    case RecordLevel::Metrics: return "metrics";
    case RecordLevel::Slices: return "slices";
    case RecordLevel::Decisions: return "decisions";
  }
  return "?";
}

std::optional<RecordLevel> parse_record_level(const std::string& name) {
  for (RecordLevel l : {RecordLevel::Metrics, RecordLevel::Slices, RecordLevel::Decisions})
    if (name == record_level_name(l)) return l;
  return std::nullopt;
}

bool records_memory(const Workload& w) {
  const MemoryModel& m = w.machine.memory;
  return !w.spawns.empty() || m.limit > 0 || m.max_threads > 0;
}

void TraceRecorder::on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) {
  if (level_ >= RecordLevel::Slices) trace_.task_states.push_back({t, task, state, aux});
}
void TraceRecorder::on_cpu_slice(const CpuSlice& slice) {
  if (level_ >= RecordLevel::Slices) trace_.cpu_slices.push_back(slice);
}
void TraceRecorder::on_device_slice(const DeviceSlice& slice) {
  if (level_ >= RecordLevel::Slices) trace_.device_slices.push_back(slice);
}
void TraceRecorder::on_fiber_slice(const FiberSlice& slice) {
  if (level_ >= RecordLevel::Slices) trace_.fiber_slices.push_back(slice);
}
void TraceRecorder::on_decision(const Decision& d) {
  if (level_ >= RecordLevel::Decisions) trace_.decisions.push_back(d);
}
void TraceRecorder::on_memory(Time t, const MemoryUse& use) {
  if (memory_ && level_ >= RecordLevel::Slices) trace_.memory.push_back({t, use});
}
void TraceRecorder::on_finish(Time end, std::uint64_t) { trace_.end = end; }

}  // namespace timeslice
