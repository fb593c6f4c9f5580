// Periodic tasks; the contract is in periodic.h.
#include "sim/core/periodic.h"

#include <stdexcept>

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

void PeriodicJobs::init(Core& e) const {
  for (const TaskSpec& t : e.workload.tasks)
    if (t.period > 0 && t.jobs == 0 && e.options.until == kNever)
      throw std::invalid_argument("task \"" + t.name +
                                  "\" is periodic without \"jobs\": give it a number of jobs "
                                  "or run with --until");
  for (Task& t : e.tasks) {
    const TaskSpec& spec = e.workload.tasks[t.id];
    t.job_release = spec.arrival;
    t.job_deadline = relative_deadline(spec) > 0 ? spec.arrival + relative_deadline(spec) : kNever;
  }
}

bool PeriodicJobs::next_job(Core& e, Task& t) {
  const TaskSpec& s = e.workload.tasks[t.id];
  if (t.job_deadline != kNever)
    for (Observer* o : e.observers) o->on_job(t.id, t.job, t.job_release, t.job_deadline, e.now);
  if (t.job_deadline != kNever && e.now > t.job_deadline)
    e.decision(DecisionKind::DeadlineMiss, t.cpu, t.id, kNoTask, t.job_deadline, t.job);
  if (!has_next_job(s, t)) return false;
  ++t.job;
  t.phase = 0;
  t.job_release = s.arrival + static_cast<Time>(t.job) * s.period;
  t.job_deadline = t.job_release + relative_deadline(s);
  if (t.job_release > e.now) {
    e.set_state(t, TaskState::Sleeping);
    schedule(e, t.id, t.job_release);
  } else {
    e.decision(DecisionKind::Release, kNoCpu, t.id, kNoTask, t.job, t.job_deadline);
  }
  return true;
}

// The engine's next event is the earliest pending release, `id`'s.
void PeriodicJobs::release(Core& e, TaskId id) {
  if (pending_.empty() || pending_.top().task != id) throw std::logic_error("a periodic release out of order");
  pending_.pop();
  const Task& t = e.tasks[id];
  e.decision(DecisionKind::Release, kNoCpu, id, kNoTask, t.job, t.job_deadline);
  e.enter_phase(id, EnqueueReason::Wakeup);
}

void PeriodicJobs::schedule(Core& e, TaskId id, Time at) {
  const Pending release{at, ++e.wake_seq, id};
  // Past the limit of simulated time: refused now, as any event would be.
  if (at > kTimeLimit) e.push(at, EventKind::Release, release.seq, id, 0);
  pending_.push(release);
}

// Jobs released but not finished are reported (missed if past their deadline).
void PeriodicJobs::report_unfinished(Core& e, Time end) const {
  for (const Task& t : e.tasks)
    if (t.state != TaskState::Done && t.job_deadline != kNever && t.job_release <= end &&
        (t.state != TaskState::NotArrived))
      for (Observer* o : e.observers) o->on_job(t.id, t.job, t.job_release, t.job_deadline, kNever);
}

}  // namespace timeslice::engine
