// green: many-to-one green threads (SPEC §9). Every fiber runs on the one
// carrier, first come first served; a fiber keeps it until it yields, parks
// or ends, so the process never uses a second core, and a blocking syscall
// stops every fiber. As GNU Pth and early Java green threads behave; a fiber
// woken by a channel operation runs next, as Go's runnext.
#include <deque>

#include "sim/runtime/carriers.h"

namespace timeslice {
namespace {

class Green final : public Runtime {
 public:
  Green(const RuntimeSpec& spec, RuntimeHost& host)
      : Runtime(spec, host), carriers_(spec, host, counters()) {}

  void ready(TaskId fiber, ReadyReason why, TaskId) override {
    if (why == ReadyReason::Channel) queue_.push_front(fiber);
    else queue_.push_back(fiber);
    wake();
  }
  TaskId pick(TaskId, FiberSource& from) override {
    if (queue_.empty()) return kNoTask;
    const TaskId f = queue_.front();
    queue_.pop_front();
    from = FiberSource::Queue;
    return f;
  }
  bool carrier_parks(TaskId c) override { return carriers_.park_or_exit(c, done_); }
  void all_done() override {
    done_ = true;
    carriers_.exit_parked();
  }
  std::size_t queued() const override { return queue_.size(); }
  RuntimeQueues queues() const override {
    RuntimeQueues q;
    q.shared.push_back({"run queue", {queue_.begin(), queue_.end()}});
    return q;
  }

 private:
  void wake() {
    const TaskId c = carrier(0);
    if (carriers_.status(c) == CarrierSet::Status::Dormant) carriers_.start(0);
    else if (carriers_.status(c) == CarrierSet::Status::Parked) carriers_.wake_parked();
  }

  CarrierSet carriers_;
  std::deque<TaskId> queue_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Runtime> make_green_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  return std::make_unique<Green>(spec, host);
}

}  // namespace timeslice
