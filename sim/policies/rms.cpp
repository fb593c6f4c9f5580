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
  RankField preempt_rank_field() const override { return &Task::effective_priority; }
  std::string describe(TaskId t) const override {
    const Time p = ctx().spec(t).period;
    std::string s = p > 0 ? "period " + format_duration(p) : "aperiodic";
    if (rank(t) != base_priority(t)) s += " (running at period " + format_duration(rank(t)) + " for a lock)";
    return s;
  }
  bool uses_priority() const override { return true; }
  // The rank is the period (aperiodic tasks last); lock inheritance and
  // ceilings lend a holder a shorter one through Task::effective_priority.
  std::int64_t base_priority(TaskId t) const override {
    const Time p = ctx().spec(t).period;
    return p > 0 ? p : kNever;
  }

 private:
  Time rank(TaskId t) const { return ctx().task(t).effective_priority; }
};

}  // namespace

PolicyInfo rms_policy() {
  return {"rms", "rate-monotonic: fixed priority by period, shortest first (preemptive)",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Rms>(); }};
}

}  // namespace timeslice
