// Cooperative scheduling, the coroutine / green-thread model: no timer, no
// wakeup preemption. A task leaves the CPU only when it yields, blocks or
// exits; a yielding task goes to the back of the queue. `order`: "fifo" (an
// event loop's ready queue; this is FCFS, and the lesson is what happens to
// everyone else when one task never yields) or "priority" (the most urgent
// ready task is resumed next, but still never preempted).
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Cooperative final : public SingleQueuePolicy<RankedQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  explicit Cooperative(bool by_priority) : by_priority_(by_priority) {}
  void enqueue(TaskId t, EnqueueReason) override {
    queue_.push(t, by_priority_ ? ctx().task(t).effective_priority : 0);
  }
  bool uses_priority() const override { return by_priority_; }

 private:
  bool by_priority_;
};

}  // namespace

PolicyInfo cooperative_policy() {
  return {"cooperative", "no preemption at all: tasks switch only when they yield, block or exit",
          {{"order", ParamType::Choice, "fifo", "which ready task resumes next", {"fifo", "priority"}}},
          [](const PolicyParams& p, const Machine&) {
            return std::make_unique<Cooperative>(param_choice(p, "order", "fifo") == "priority");
          }};
}

}  // namespace timeslice
