#include "gui/model/queue_probe.h"

#include <algorithm>

namespace timeslice::gui {

void QueueProbe::LockWatch::on_decision(const Decision& d) {
  const auto lock = static_cast<std::size_t>(d.arg);
  if (d.arg < 0 || lock >= holder.size()) return;
  auto& queue = waiters[lock];
  switch (d.kind) {
    case DecisionKind::LockWait:
      queue.push_back(d.task);
      break;
    case DecisionKind::LockAcquire:
      holder[lock] = d.task;
      queue.erase(std::remove(queue.begin(), queue.end(), d.task), queue.end());
      break;
    case DecisionKind::LockRelease:
      if (holder[lock] == d.task) holder[lock] = d.other;  // handed over, or free
      break;
    default:
      break;
  }
}

const QueueSnapshot& QueueProbe::at(Time t) {
  if (valid_ && snapshot_.time == t) return snapshot_;
  if (!engine_ || t < reached_) {
    engine_.reset();
    locks_ = std::make_unique<LockWatch>(workload_.locks.size());
    engine_ = std::make_unique<Engine>(workload_);
    engine_->add_observer(locks_.get());
    reached_ = -1;
  }
  engine_->run_until(t);
  reached_ = t;

  QueueSnapshot s;
  s.time = t;
  s.queues = engine_->run_queues();
  s.current = engine_->cpu_current();
  s.blocked.resize(workload_.devices.size());
  const std::vector<RuntimeQueues> runtime_queues = engine_->runtime_queues();
  for (const RuntimeQueues& rq : runtime_queues) {
    s.runtimes.push_back({rq, {}, {}, {}, {}});
    s.runtimes.back().on_channel.resize(workload_.channels.size());
  }
  for (const Task& task : engine_->tasks()) {
    const TaskSpec& spec = workload_.tasks[task.id];
    // Carriers are shown with their runtime; fibers parked off their carriers
    // by what they wait for.
    if (spec.role == TaskRole::Carrier) continue;
    if (spec.role == TaskRole::Fiber && spec.runtime < s.runtimes.size() &&
        (task.state == TaskState::Blocked || task.state == TaskState::Sleeping)) {
      RuntimeSnapshot& r = s.runtimes[spec.runtime];
      const Phase* p = task.phase < spec.phase_count ? &workload_.phases[spec.first_phase + task.phase] : nullptr;
      const bool pollable = workload_.runtimes[spec.runtime].model != RuntimeModel::Pool;
      if (task.state == TaskState::Sleeping)
        r.on_timer.push_back(task.id);
      else if (p && (p->kind == PhaseKind::Send || p->kind == PhaseKind::Recv) && p->channel < r.on_channel.size())
        r.on_channel[p->channel].push_back(task.id);
      else if (p && p->kind == PhaseKind::Io && pollable)
        r.on_poller.push_back(task.id);
      else
        r.in_syscall.push_back(task.id);
      continue;
    }
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
        // Tasks in an I/O phase wait for its device; locks do not.
        if (task.phase >= spec.phase_count) break;
        const Phase& p = workload_.phases[spec.first_phase + task.phase];
        if (p.kind == PhaseKind::Io && p.device < s.blocked.size()) s.blocked[p.device].push_back(task.id);
        break;
      }
      default:
        break;
    }
  }
  // The policy's view of the tasks the panel lists (not of every task: a
  // million-task run stays cheap).
  constexpr std::size_t kDescribed = 64;
  auto describe = [&](TaskId t) {
    if (t == kNoTask || s.policy_state.count(t)) return;
    if (std::string d = engine_->policy_state(t); !d.empty()) s.policy_state.emplace(t, std::move(d));
  };
  for (TaskId t : s.current) describe(t);
  for (const auto& q : s.queues)
    for (std::size_t k = 0; k < q.size() && k < kDescribed; ++k) describe(q[k]);
  s.lock_holder = locks_->holder;
  s.lock_waiters = locks_->waiters;
  snapshot_ = std::move(s);
  valid_ = true;
  return snapshot_;
}

}  // namespace timeslice::gui
