// pool: a fixed set of worker threads taking jobs first come first served
// (SPEC §9), as libuv's threadpool (src/threadpool.c): the workers are
// created together when the first job is queued (init_threads; 4 unless
// UV_THREADPOOL_SIZE says otherwise), an idle worker waits on a condition
// variable and is signalled per job, and a job runs to completion on its
// worker: its "io", "sleep" and "syscall" block the worker itself.
#include "sim/runtime/carriers.h"

namespace timeslice {
namespace {

class Pool final : public QueuedRuntime {
 public:
  Pool(const RuntimeSpec& spec, RuntimeHost& host) : QueuedRuntime(spec, host) {}

  bool pollable() const override { return false; }

  void ready(TaskId fiber, ReadyReason why, TaskId) override {
    if (why == ReadyReason::Channel) queue_.push_front(fiber);
    else queue_.push_back(fiber);
    if (!started_) {
      started_ = true;
      for (std::uint32_t i = 0; i < spec().carriers; ++i) carriers_.start(i);
      return;
    }
    carriers_.wake_parked();
  }
  TaskId pick(TaskId, FiberSource& from) override { return take_first(queue_, from); }
  std::size_t queued() const override { return queue_.size(); }
  RuntimeQueues queues() const override {
    RuntimeQueues q;
    q.shared.push_back({"job queue", {queue_.begin(), queue_.end()}});
    return q;
  }

 private:
  std::deque<TaskId> queue_;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<Runtime> make_pool_runtime(const RuntimeSpec& spec, RuntimeHost& host) {
  return std::make_unique<Pool>(spec, host);
}

}  // namespace timeslice
