// First-come, first-served: one FIFO queue, no preemption of any kind. A task
// runs until it blocks, yields or exits; whoever became ready first goes next.
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Fcfs final : public Policy {
 public:
  void enqueue(TaskId t, EnqueueReason) override { queue_.push_back(t); }
  void dequeue(TaskId t) override { queue_.remove(t); }
  TaskId pick_next(CpuId cpu) override { return queue_.first_allowed(ctx(), cpu); }
  std::size_t queued() const override { return queue_.size(); }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    queue_.for_each(visit);
  }

 private:
  FifoQueue queue_;
};

}  // namespace

PolicyInfo fcfs_policy() {
  return {"fcfs", "first-come first-served; runs each task until it blocks, yields or exits",
          {},
          [](const PolicyParams&, const Machine&) { return std::make_unique<Fcfs>(); }};
}

}  // namespace timeslice
