// First-come, first-served: one FIFO queue, no preemption of any kind. A task
// runs until it blocks, yields or exits; whoever became ready first goes next.
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Fcfs final : public SingleQueuePolicy<FifoQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  void enqueue(TaskId t, EnqueueReason) override { queue_.push_back(t); }
};

}  // namespace

PolicyInfo fcfs_policy() {
  return {"fcfs", "first-come first-served; runs each task until it blocks, yields or exits",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Fcfs>(); }};
}

}  // namespace timeslice
