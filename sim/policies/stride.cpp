// Stride scheduling (Waldspurger & Weihl 1995): the deterministic counterpart
// of lottery scheduling.
//
// Every task has a stride = L / tickets (L = 2^20) and a pass. The task with
// the smallest pass runs (ties by enqueue order) for one `quantum`; when it
// stops its pass advances by stride x ran / quantum, so a partial quantum is
// charged in proportion. The division is exact: the remainder is carried to
// the next charge, so stride is effectively the rational L / tickets and
// tickets 3:2:1 give exactly 3:2:1 quanta over every 6 quanta.
//
// The queue's global pass is the smallest pass among its runnable tasks
// (queued, or running with the run so far charged), never decreasing, and
// remembered while the queue is empty. A task that arrives or wakes gets
// pass = max(its pass, global pass): a sleeper cannot bank credit and then
// monopolise the CPU. A task that comes from another run queue (per-CPU
// topologies) starts at this queue's global pass. There is no wakeup
// preemption.
#include <algorithm>
#include <stdexcept>

#include "sim/policies/fair.h"
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

using fair::Int128;

constexpr std::int64_t kStride1 = std::int64_t{1} << 20;  // L

class Stride final : public Policy {
 public:
  bool wakeup_preemption() const override { return false; }
  explicit Stride(Time quantum) : quantum_(quantum) {}

  void attach(SchedContext& c) override {
    Policy::attach(c);
    queue_.attach(c);
    state_.attach(c);
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    State& s = state_[t];
    if (!running_.empty()) update_global_pass();
    if (cpus_.foreign(ctx(), t, why)) {
      s.pass = global_pass_;  // its pass here is stale
      s.remainder = 0;
    } else if (why == EnqueueReason::Arrival || why == EnqueueReason::Wakeup) {
      s.pass = std::max(s.pass, global_pass_);
    }
    queue_.push(t, s.pass);
  }
  void dequeue(TaskId t) override { queue_.remove(t); }
  TaskId pick_next(CpuId cpu) override {
    cpus_.saw(cpu);
    return queue_.first_allowed(ctx(), cpu);
  }
  std::size_t queued() const override { return queue_.size(); }
  TaskId last_allowed(CpuId cpu) const override { return queue_.last_allowed(ctx(), cpu); }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    queue_.for_each(visit);
  }
  void visit_from_back(const std::function<bool(TaskId)>& visit) const override {
    queue_.visit_from_back(visit);
  }

  Time time_slice(TaskId, CpuId) override { return quantum_; }

  void on_running(TaskId t, CpuId cpu) override {
    cpus_.saw(cpu);
    running_.add(t, state_[t].running);
  }

  void on_stopping(TaskId t, Time ran, StopReason) override {
    State& s = state_[t];
    if (!running_.remove(t, s.running)) return;
    const Int128 num = static_cast<Int128>(ran) * kStride1 + s.remainder;
    const Int128 den = static_cast<Int128>(tickets(t)) * quantum_;
    s.pass = fair::saturate(s.pass + num / den);
    s.remainder = num % den;
    update_global_pass(t);
  }

  std::string describe(TaskId t) const override {
    return "pass " + std::to_string(current_pass(t)) + ", stride " +
           std::to_string(kStride1 / tickets(t)) + " (" + std::to_string(tickets(t)) + " tickets)";
  }

 private:
  struct State {  // the 16-byte-aligned field first: 32 bytes a task, not 48
    Int128 remainder = 0;  // of the last charge, in units of 1 / (tickets x quantum)
    std::int64_t pass = 0;
    bool running = false;
  };

  std::int64_t tickets(TaskId t) const { return std::max<std::int64_t>(1, ctx().spec(t).tickets); }

  // Pass with the run in progress charged.
  std::int64_t current_pass(TaskId t) const {
    const State& s = state_[t];
    if (!s.running) return s.pass;
    const Int128 num = static_cast<Int128>(fair::ran_now(ctx(), t)) * kStride1 + s.remainder;
    return fair::saturate(s.pass + num / (static_cast<Int128>(tickets(t)) * quantum_));
  }

  // `extra`: a task that counts as running although it just stopped.
  void update_global_pass(TaskId extra = kNoTask) {
    fair::Smallest p = running_min_.get(ctx().now(), running_, [&] {
      fair::Smallest running;
      for (TaskId r : running_) running.offer(current_pass(r));
      return running;
    });
    if (extra != kNoTask) p.offer(state_[extra].pass);
    if (!queue_.empty()) p.offer(queue_.key_of(queue_.front()));
    global_pass_ = p.advance(global_pass_);
  }

  Time quantum_;
  RankedQueue queue_;  // by pass, ties by enqueue order
  fair::QueueCpus cpus_;
  PerTask<State> state_;  // shared by every queue of the run
  fair::RunningSet running_;  // tasks running from this queue
  fair::PerInstant<fair::Smallest> running_min_;  // smallest current pass of the running tasks
  std::int64_t global_pass_ = 0;
};

}  // namespace

PolicyInfo stride_policy() {
  return {"stride", "stride scheduling: smallest pass first, pass += (2^20 / tickets) per quantum used",
          {{"quantum", ParamType::Duration, "10ms", "time slice per dispatch", {}}},
          [](const PolicyParams& p, const Machine&) {
            const Time quantum = param_duration(p, "quantum", 10 * kMillisecond);
            if (quantum <= 0) throw std::invalid_argument("quantum: must be greater than 0");
            return std::make_unique<Stride>(quantum);
          }};
}

}  // namespace timeslice
