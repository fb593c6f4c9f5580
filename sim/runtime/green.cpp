// green: many-to-one green threads (SPEC §9). Every fiber runs on the one
// carrier, first come first served; a fiber keeps it until it yields, parks
// or ends, so the process never uses a second core, and a blocking syscall
// stops every fiber. As GNU Pth and early Java green threads behave; a fiber
// woken by a channel operation runs next, as Go's runnext.
#include "sim/runtime/carriers.h"

namespace timeslice {
namespace {

class Green final : public QueuedRuntime {
 public:
  Green(const RuntimeSpec& spec, RuntimeHost& host) : QueuedRuntime(spec, host) {}

  void ready(TaskId fiber, ReadyReason why, TaskId) override {
    if (why == ReadyReason::Channel) queue_.push_front(fiber);
    else queue_.push_back(fiber);
    wake_the_carrier();
  }
  TaskId pick(TaskId, FiberSource& from) override { return take_first(queue_, from); }
  std::size_t queued() const override { return queue_.size(); }
  RuntimeQueues queues() const override {
    RuntimeQueues q;
    q.shared.push_back({"run queue", {queue_.begin(), queue_.end()}});
    return q;
  }

 private:
  std::deque<TaskId> queue_;
};

}  // namespace

std::unique_ptr<Runtime> make_green_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  return std::make_unique<Green>(spec, host);
}

}  // namespace timeslice
