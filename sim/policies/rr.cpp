// Round robin: FIFO order, each dispatch grants `quantum`; a task whose quantum
// expires goes to the tail. No wakeup preemption (a waking task queues behind
// the others). Default quantum 100ms, Linux's SCHED_RR timeslice.
#include <stdexcept>

#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class RoundRobin final : public SingleQueuePolicy<FifoQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  explicit RoundRobin(Time quantum) : quantum_(quantum) {}
  void enqueue(TaskId t, EnqueueReason why) override {
    if (why == EnqueueReason::Preempted) queue_.push_front(t);
    else queue_.push_back(t);
  }
  Time time_slice(TaskId, CpuId) override { return quantum_; }

 private:
  Time quantum_;
};

}  // namespace

PolicyInfo rr_policy() {
  return {"rr", "round robin: FIFO order, preempted when the quantum expires",
          {{"quantum", ParamType::Duration, "100ms", "time slice per dispatch (Linux SCHED_RR default)", {}}},
          [](const PolicyParams& p, const Machine&) {
            const Time quantum = param_duration(p, "quantum", 100 * kMillisecond);
            if (quantum <= 0) throw std::invalid_argument("quantum: must be greater than 0");
            return std::make_unique<RoundRobin>(quantum);
          }};
}

}  // namespace timeslice
