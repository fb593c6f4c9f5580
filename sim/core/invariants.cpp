#include "sim/core/invariants.h"

#include <algorithm>

namespace timeslice {

InvariantChecker::InvariantChecker(const Workload& workload, Time horizon)
    : workload_(workload),
      horizon_(horizon),
      cpu_free_at_(workload.machine.cpus.size(), 0),
      task_free_at_(workload.tasks.size(), 0),
      state_(workload.tasks.size(), TaskState::NotArrived),
      refused_(workload.tasks.size(), false),
      work_done_(workload.tasks.size(), 0) {
  if (!workload.runtimes.empty()) {
    carrier_cpu_.assign(workload.tasks.size(), 0);
    carrier_fibers_.assign(workload.tasks.size(), 0);
    carrier_free_at_.assign(workload.tasks.size(), 0);
  }
}

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
  if (!task_time(s.kind)) return;
  if (s.start < task_free_at_[s.task])
    fail(workload_.tasks[s.task].name + " runs on two CPUs at " + format_duration(s.start));
  task_free_at_[s.task] = s.end;
  if (s.kind != SliceKind::Run) return;  // spawning, spinning, polling: not the task's work
  work_done_[s.task] += (s.end - s.start) * workload_.machine.cpus[s.cpu].speed;
  if (!carrier_cpu_.empty()) carrier_cpu_[s.task] += s.end - s.start;
}

void InvariantChecker::on_fiber_slice(const FiberSlice& s) {
  if (s.end <= s.start) fail("empty or reversed fiber slice on " + workload_.tasks[s.carrier].name);
  if (workload_.tasks[s.carrier].role != TaskRole::Carrier || workload_.tasks[s.fiber].role != TaskRole::Fiber)
    fail("a fiber slice of " + workload_.tasks[s.fiber].name + " on " + workload_.tasks[s.carrier].name +
         ", which is not a carrier");
  if (s.start < carrier_free_at_[s.carrier])
    fail(workload_.tasks[s.carrier].name + " runs two fibers at " + format_duration(s.start));
  carrier_free_at_[s.carrier] = s.end;
  carrier_fibers_[s.carrier] += s.end - s.start;
  if (s.kind != FiberSliceKind::Run) return;
  if (s.start < task_free_at_[s.fiber])
    fail(workload_.tasks[s.fiber].name + " runs on two carriers at " + format_duration(s.start));
  task_free_at_[s.fiber] = s.end;
  work_done_[s.fiber] += (s.end - s.start) * workload_.machine.cpus[s.cpu].speed;
}

void InvariantChecker::on_finish(Time end, std::uint64_t) {
  std::int64_t max_speed = 0;
  for (const CpuSpec& c : workload_.machine.cpus) max_speed = std::max(max_speed, c.speed);
  for (TaskId id = 0; id < workload_.tasks.size(); ++id) {
    const TaskSpec& spec = workload_.tasks[id];
    if (spec.role == TaskRole::Carrier) {
      if (carrier_fibers_[id] != carrier_cpu_[id])
        fail(spec.name + " ran " + format_duration(carrier_cpu_[id]) + " on CPUs but its fibers account for " +
             format_duration(carrier_fibers_[id]));
      if (state_[id] == TaskState::NotArrived) continue;  // a spare its runtime never needed
    }
    // A refused task, or a spawn slot its spawner never reached, never runs.
    if (state_[id] == TaskState::NotArrived && (refused_[id] || spec.spawned)) continue;
    if (state_[id] == TaskState::Done && refused_[id]) continue;  // gave up before its work was done
    if (state_[id] != TaskState::Done) {
      if (horizon_ == kNever || end < horizon_)
        fail(spec.name + " never finished although the run ended at " + format_duration(end));
      continue;
    }
    if (spec.role == TaskRole::Carrier) continue;  // its work is its fibers'
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
