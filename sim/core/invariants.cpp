#include "sim/core/invariants.h"

#include <algorithm>

namespace timeslice {

InvariantChecker::InvariantChecker(const Workload& workload, Time horizon)
    : workload_(workload),
      horizon_(horizon),
      cpu_free_at_(workload.machine.cpus.size(), 0),
      task_free_at_(workload.tasks.size(), 0),
      state_(workload.tasks.size(), TaskState::NotArrived),
      work_done_(workload.tasks.size(), 0) {}

void InvariantChecker::fail(const std::string& what) const {
  throw InvariantViolation("invariant broken in \"" + workload_.name + "\": " + what);
}

void InvariantChecker::on_task_state(Time t, TaskId task, TaskState state, std::uint32_t) {
  const std::string name = workload_.tasks[task].name;
  if (state_[task] == TaskState::Done) fail(name + " changed state after finishing");
  if (state == TaskState::Running && state_[task] != TaskState::Ready)
    fail(name + " started running at " + format_duration(t) + " without being ready");
  if (state_[task] == TaskState::NotArrived && t < workload_.tasks[task].arrival)
    fail(name + " appeared before its arrival");
  state_[task] = state;
}

void InvariantChecker::on_cpu_slice(const CpuSlice& s) {
  if (s.cpu >= cpu_free_at_.size()) fail("slice on a CPU that does not exist");
  if (s.end <= s.start) fail("empty or reversed slice on cpu" + std::to_string(s.cpu));
  if (s.start < cpu_free_at_[s.cpu])
    fail("slices overlap on " + workload_.machine.cpus[s.cpu].name + " at " +
         format_duration(s.start));
  cpu_free_at_[s.cpu] = s.end;
  if (s.kind != SliceKind::Run) return;
  if (s.start < task_free_at_[s.task])
    fail(workload_.tasks[s.task].name + " runs on two CPUs at " + format_duration(s.start));
  task_free_at_[s.task] = s.end;
  work_done_[s.task] += (s.end - s.start) * workload_.machine.cpus[s.cpu].speed;
}

void InvariantChecker::on_finish(Time end, std::uint64_t) {
  std::int64_t max_speed = 0;
  for (const CpuSpec& c : workload_.machine.cpus) max_speed = std::max(max_speed, c.speed);
  for (TaskId id = 0; id < workload_.tasks.size(); ++id) {
    const TaskSpec& spec = workload_.tasks[id];
    if (state_[id] != TaskState::Done) {
      if (horizon_ == kNever || end < horizon_)
        fail(spec.name + " never finished although the run ended at " + format_duration(end));
      continue;
    }
    std::int64_t cpu_phases = 0;
    for (std::uint32_t i = 0; i < spec.phase_count; ++i)
      if (workload_.phases[spec.first_phase + i].kind == PhaseKind::Cpu) ++cpu_phases;
    // A periodic task runs its program once per job.
    const std::int64_t runs = spec.period > 0 ? spec.jobs : 1;
    cpu_phases *= runs;
    const std::int64_t work = total_cpu_work(workload_, spec) * kSpeedUnit * runs;
    const std::int64_t done = work_done_[id];
    // Each CPU phase may overshoot by less than one nanosecond of the fastest CPU.
    if (done < work || done >= work + std::max<std::int64_t>(1, cpu_phases * max_speed))
      fail(spec.name + " did " + std::to_string(done) + " milli-work for " +
           std::to_string(work) + " of work");
  }
}

}  // namespace timeslice
