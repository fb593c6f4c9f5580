// Shortest remaining time first (preemptive SJF): the task with the least work
// left in its current CPU burst runs; a task that arrives or wakes with less
// left than the running task preempts it. Ties go to the earlier enqueued.
// The burst lengths are known in advance (an oracle), as in the textbooks.
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Srtf final : public SingleQueuePolicy<RankedQueue> {
 public:
  void enqueue(TaskId t, EnqueueReason) override { queue_.push(t, ctx().task(t).burst_left()); }
  bool should_preempt(TaskId running, TaskId woken) override {
    return ctx().task(woken).burst_left() < ctx().task(running).burst_left();
  }
  std::string describe(TaskId t) const override {
    return "burst left " + format_duration(ctx().task(t).burst_left());
  }
};

}  // namespace

PolicyInfo srtf_policy() {
  return {"srtf", "shortest remaining time first (preemptive SJF, known burst lengths)",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Srtf>(); }};
}

}  // namespace timeslice
