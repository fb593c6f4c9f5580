// Earliest deadline first: the ready job with the earliest absolute deadline
// runs; a job released with an earlier deadline than the running one preempts
// it. Tasks without a deadline run only when no deadline job is ready (FIFO
// among themselves). Ties go to the job enqueued first. On one CPU EDF meets
// every deadline whenever total utilisation <= 1; globally on many CPUs it
// does not (Dhall's effect), which a per_cpu (partitioned) layout avoids.
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Edf final : public SingleQueuePolicy<RankedQueue> {
 public:
  void enqueue(TaskId t, EnqueueReason why) override {
    if (why == EnqueueReason::Preempted) queue_.push_front(t, deadline(t));
    else queue_.push(t, deadline(t));
  }
  bool should_preempt(TaskId running, TaskId woken) override {
    return deadline(woken) < deadline(running);
  }
  RankField preempt_rank_field() const override { return &Task::job_deadline; }
  std::string describe(TaskId t) const override {
    const Time d = deadline(t);
    return d == kNever ? "no deadline" : "deadline " + format_duration(d);
  }

 private:
  Time deadline(TaskId t) const { return ctx().task(t).job_deadline; }
};

}  // namespace

PolicyInfo edf_policy() {
  return {"edf", "earliest deadline first (periodic tasks; preemptive)",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Edf>(); }};
}

}  // namespace timeslice
