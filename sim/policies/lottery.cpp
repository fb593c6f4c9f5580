// Lottery scheduling (Waldspurger & Weihl, OSDI 1994).
//
// Every task holds tickets (the task's `tickets`, default 100). Each decision
// draws a winning ticket uniformly among the tickets of the queued tasks that
// may run on the CPU and walks the queue (in enqueue order) to its holder; the
// winner runs for one `quantum`. So a task's expected share of the CPU is its
// tickets over the total, and the schedule is probabilistically fair.
//
// The draw uses the run's one seeded generator (ctx().rng()) exactly once per
// decision (pick_next is called once per decision), so the same seed gives
// the same run and another seed another run.
//
// Compensation tickets (`compensation`, default on): a task that used only a
// fraction f of its quantum before blocking or yielding holds tickets / f
// until it next runs, so an I/O-bound task that runs briefly still gets its
// share when it competes (without it, it wins as often but uses less of each
// win). There is no wakeup preemption. (With a queue per CPU, compensation
// earned on one CPU's queue is dropped when the task joins another.)
#include <algorithm>
#include <stdexcept>

#include "sim/policies/fair.h"
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

// Compensated tickets are capped (a task that ran 1ns of a long quantum):
// keeps the sum of every task's tickets far inside 64 bits.
constexpr std::int64_t kMaxEffectiveTickets = std::int64_t{1} << 40;

class Lottery final : public SingleQueuePolicy<FifoQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  Lottery(Time quantum, bool compensation) : quantum_(quantum), compensation_(compensation) {}

  void attach(SchedContext& c) override {
    SingleQueuePolicy::attach(c);
    tickets_.attach(c, 0, [&](std::vector<std::int64_t>& all) {
      for (TaskId t = 0; t < all.size(); ++t) all[t] = base(t);
    });
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    // Compensation earned on another queue's CPU is not known here.
    if (cpus_.foreign(ctx(), t, why)) tickets_[t] = base(t);
    queue_.push_back(t);
    total_ += tickets_[t];
    if (ctx().spec(t).affinity != 0) ++restricted_;
  }
  void dequeue(TaskId t) override {
    queue_.remove(t);
    total_ -= tickets_[t];
    if (ctx().spec(t).affinity != 0) --restricted_;
  }

  TaskId pick_next(CpuId cpu) override {
    cpus_.saw(cpu);
    // Tickets of the tasks that may run here (all of them, unless some are pinned).
    std::uint64_t total = 0;
    if (restricted_ == 0) {
      total = total_;
    } else {
      queue_.for_each([&](TaskId t) {
        if (ctx().allowed(t, cpu)) total += tickets_[t];
      });
    }
    if (total == 0) return kNoTask;
    std::uint64_t winner = ctx().rng().below(total);
    TaskId found = kNoTask;
    queue_.for_each([&](TaskId t) {
      if (found != kNoTask || !ctx().allowed(t, cpu)) return;
      const auto held = static_cast<std::uint64_t>(tickets_[t]);
      if (winner < held) found = t;
      else winner -= held;
    });
    return found;
  }

  Time time_slice(TaskId, CpuId) override { return quantum_; }

  void on_running(TaskId t, CpuId cpu) override {
    cpus_.saw(cpu);
    tickets_[t] = base(t);
  }

  void on_stopping(TaskId t, Time ran, StopReason why) override {
    tickets_[t] = base(t);
    if (!compensation_ || (why != StopReason::Blocked && why != StopReason::Yielded) || ran >= quantum_)
      return;
    // Used a fraction f = ran / quantum: hold tickets / f until it runs again.
    const fair::Int128 comp = static_cast<fair::Int128>(base(t)) * quantum_ / std::max<Time>(ran, 1);
    tickets_[t] = static_cast<std::int64_t>(std::min<fair::Int128>(comp, kMaxEffectiveTickets));
  }

  std::string describe(TaskId t) const override {
    std::string s = "tickets " + std::to_string(base(t));
    if (tickets_[t] != base(t)) s += " (compensated to " + std::to_string(tickets_[t]) + ")";
    return s;
  }

 private:
  std::int64_t base(TaskId t) const { return std::max<std::int64_t>(1, ctx().spec(t).tickets); }

  Time quantum_;
  bool compensation_;
  PerTask<std::int64_t> tickets_;  // effective tickets (with compensation), shared by every queue
  std::uint64_t total_ = 0;            // tickets of every queued task
  std::size_t restricted_ = 0;         // queued tasks with an affinity mask
  fair::QueueCpus cpus_;
};

}  // namespace

PolicyInfo lottery_policy() {
  return {"lottery", "lottery scheduling: a random draw among the queued tasks' tickets, one quantum per win",
          {{"quantum", ParamType::Duration, "10ms", "time slice per win", {}},
           {"compensation", ParamType::Bool, "true",
            "a task that used only a fraction f of its quantum holds tickets / f until it next runs", {}}},
          [](const PolicyParams& p, const Machine&) {
            const Time quantum = param_duration(p, "quantum", 10 * kMillisecond);
            if (quantum <= 0) throw std::invalid_argument("quantum: must be greater than 0");
            return std::make_unique<Lottery>(quantum, param_bool(p, "compensation", true));
          }};
}

}  // namespace timeslice
