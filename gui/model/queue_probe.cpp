#include "gui/model/queue_probe.h"

namespace timeslice::gui {

const QueueSnapshot& QueueProbe::at(Time t) {
  if (valid_ && snapshot_.time == t) return snapshot_;
  if (!engine_ || t < reached_) {
    engine_ = std::make_unique<Engine>(workload_);
    reached_ = -1;
  }
  engine_->run_until(t);
  reached_ = t;

  QueueSnapshot s;
  s.time = t;
  s.queues = engine_->run_queues();
  s.current = engine_->cpu_current();
  s.blocked.resize(workload_.devices.size());
  for (const Task& task : engine_->tasks()) {
    switch (task.state) {
      case TaskState::NotArrived:
        ++s.not_arrived;
        break;
      case TaskState::Done:
        ++s.done;
        break;
      case TaskState::Sleeping:
        s.sleeping.push_back(task.id);
        break;
      case TaskState::Blocked: {
        // Tasks and fibers in an I/O phase wait for its device; carriers
        // (whose work comes from their runtime), locks and channels do not.
        const TaskSpec& spec = workload_.tasks[task.id];
        if (task.phase >= spec.phase_count) break;
        const Phase& p = workload_.phases[spec.first_phase + task.phase];
        if (p.kind == PhaseKind::Io && p.device < s.blocked.size()) s.blocked[p.device].push_back(task.id);
        break;
      }
      default:
        break;
    }
  }
  snapshot_ = std::move(s);
  valid_ = true;
  return snapshot_;
}

}  // namespace timeslice::gui
