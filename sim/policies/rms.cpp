// Rate-monotonic scheduling: fixed priorities by period, the shortest period
// first (Liu & Layland); a job of a shorter-period task preempts a longer one.
// Aperiodic tasks rank below every periodic one, FIFO among themselves. Ties
// (equal periods) go to the job enqueued first. RM is optimal among fixed
// priorities but can miss deadlines EDF meets (utilisation above n(2^(1/n)-1)).
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Rms final : public SingleQueuePolicy<RankedQueue> {
 public:
  void enqueue(TaskId t, EnqueueReason why) override {
    if (why == EnqueueReason::Preempted) queue_.push_front(t, rank(t));
    else queue_.push(t, rank(t));
  }
  bool should_preempt(TaskId running, TaskId woken) override { return rank(woken) < rank(running); }
  std::string describe(TaskId t) const override {
    const Time p = ctx().spec(t).period;
    return p > 0 ? "period " + format_duration(p) : "aperiodic";
  }

 private:
  Time rank(TaskId t) const {
    const Time p = ctx().spec(t).period;
    return p > 0 ? p : kNever;
  }
};

}  // namespace

PolicyInfo rms_policy() {
  return {"rms", "rate-monotonic: fixed priority by period, shortest first (preemptive)",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Rms>(); }};
}

}  // namespace timeslice
