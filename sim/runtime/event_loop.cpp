// event_loop: one carrier running callbacks to completion (SPEC §9), in
// libuv's order (uv_run: timers, then pending and poll I/O, then check): each
// loop iteration takes, at its start, the fibers whose timers fired, then
// those whose I/O completed (and new arrivals), then those that yielded
// (setImmediate); whatever becomes ready during the iteration waits for the
// next one. Cooperative: a fiber that computes, or makes a blocking syscall,
// stalls every other. A fiber woken by a channel operation runs next.
#include "sim/runtime/carriers.h"

namespace timeslice {
namespace {

class EventLoop final : public QueuedRuntime {
 public:
  EventLoop(const RuntimeSpec& spec, RuntimeHost& host) : QueuedRuntime(spec, host) {}

  void ready(TaskId fiber, ReadyReason why, TaskId) override {
    switch (why) {
      case ReadyReason::Channel: iteration_.push_front(fiber); break;
      case ReadyReason::Timer: timers_.push_back(fiber); break;
      case ReadyReason::Yielded: immediates_.push_back(fiber); break;
      default: io_.push_back(fiber); break;
    }
    wake_the_carrier();
  }
  TaskId pick(TaskId, FiberSource& from) override {
    if (iteration_.empty()) {  // the next loop iteration: timers, I/O, check
      for (auto* q : {&timers_, &io_, &immediates_}) {
        iteration_.insert(iteration_.end(), q->begin(), q->end());
        q->clear();
      }
    }
    return take_first(iteration_, from);
  }
  std::size_t queued() const override {
    return iteration_.size() + timers_.size() + io_.size() + immediates_.size();
  }
  // In uv_run's order: what this iteration still runs, then the next one's
  // timers, I/O callbacks and setImmediate (check) callbacks.
  RuntimeQueues queues() const override {
    RuntimeQueues q;
    q.shared.push_back({"this iteration", {iteration_.begin(), iteration_.end()}});
    q.shared.push_back({"timers", {timers_.begin(), timers_.end()}});
    q.shared.push_back({"I/O callbacks", {io_.begin(), io_.end()}});
    q.shared.push_back({"immediates", {immediates_.begin(), immediates_.end()}});
    return q;
  }

 private:
  std::deque<TaskId> iteration_;  // this iteration's callbacks, in order
  std::deque<TaskId> timers_, io_, immediates_;
};

}  // namespace

std::unique_ptr<Runtime> make_event_loop_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  return std::make_unique<EventLoop>(spec, host);
}

}  // namespace timeslice
