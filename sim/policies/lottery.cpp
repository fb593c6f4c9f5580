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
// The walk to the holder is a descent of a Fenwick tree (binary indexed
// tree) of the queued tasks' tickets in enqueue order: O(log n) per draw,
// the same winner as walking the queue. When some queued task has an
// affinity mask, the draw is among the tasks allowed on the CPU and walks
// the queue (O(n)).
//
// Compensation tickets (`compensation`, default on): a task that used only a
// fraction f of its quantum before blocking or yielding holds tickets / f
// until it next runs, so an I/O-bound task that runs briefly still gets its
// share when it competes (without it, it wins as often but uses less of each
// win). There is no wakeup preemption. (With a queue per CPU, compensation
// earned on one CPU's queue is dropped when the task joins another.)
#include <algorithm>
#include <bit>
#include <stdexcept>

#include "sim/policies/fair.h"
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

// Compensated tickets are capped (a task that ran 1ns of a long quantum):
// keeps the sum of every task's tickets far inside 64 bits.
constexpr std::int64_t kMaxEffectiveTickets = std::int64_t{1} << 40;

// Tickets of a queue's tasks in enqueue order, as prefix sums (a Fenwick
// tree): each enqueue takes the next slot, a removal empties its slot; when
// the slots run out the live ones are renumbered into a tree twice their
// number (amortised O(1) per enqueue).
class TicketTree {
 public:
  void attach(SchedContext& ctx) { slot_of_.attach(ctx, 1); }

  void push(TaskId t, std::uint64_t tickets) {
    if (used_ == task_at_.size()) renumber();
    slot_of_[t] = static_cast<std::uint32_t>(used_);
    task_at_[used_] = t;
    tickets_at_[used_] = tickets;
    add(used_, tickets);
    ++used_;
  }
  void remove(TaskId t) {
    const std::size_t slot = slot_of_[t];
    add(slot, -tickets_at_[slot]);
    task_at_[slot] = kNoTask;
    tickets_at_[slot] = 0;
  }
  // The task holding ticket number `winner` (0-based, below the total),
  // counting in enqueue order.
  TaskId holder(std::uint64_t winner) const {
    std::size_t pos = 0;  // slots [0, pos) hold no more than the tickets skipped
    for (std::size_t step = std::bit_floor(tree_.size() - 1); step > 0; step >>= 1)
      if (pos + step < tree_.size() && tree_[pos + step] <= winner) {
        pos += step;
        winner -= tree_[pos];
      }
    return task_at_[pos];
  }

 private:
  // tree_[i] (1-based) holds the tickets of slots (i - lowbit(i), i].
  void add(std::size_t slot, std::uint64_t delta) {  // delta may wrap: a subtraction
    for (std::size_t i = slot + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }
  void renumber() {
    std::vector<TaskId> live;
    std::vector<std::uint64_t> held;
    for (std::size_t s = 0; s < used_; ++s)
      if (task_at_[s] != kNoTask) {
        live.push_back(task_at_[s]);
        held.push_back(tickets_at_[s]);
      }
    const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, 2 * (live.size() + 1)));
    task_at_.assign(capacity, kNoTask);
    tickets_at_.assign(capacity, 0);
    tree_.assign(capacity + 1, 0);
    used_ = 0;
    for (std::size_t i = 0; i < live.size(); ++i) {
      slot_of_[live[i]] = static_cast<std::uint32_t>(i);
      task_at_[i] = live[i];
      tickets_at_[i] = held[i];
      tree_[i + 1] = held[i];
    }
    used_ = live.size();
    // Linear-time build: each node passes its sum up to its parent.
    for (std::size_t i = 1; i < tree_.size(); ++i) {
      const std::size_t parent = i + (i & (~i + 1));
      if (parent < tree_.size()) tree_[parent] += tree_[i];
    }
  }

  std::vector<std::uint64_t> tree_{0};  // size capacity + 1
  std::vector<TaskId> task_at_;          // slot -> task (kNoTask: removed)
  std::vector<std::uint64_t> tickets_at_;
  std::size_t used_ = 0;  // slots handed out since the last renumbering
  PerTask<std::uint32_t> slot_of_;  // shared by every queue: a task is in one at a time
};

class Lottery final : public SingleQueuePolicy<FifoQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  Lottery(Time quantum, bool compensation) : quantum_(quantum), compensation_(compensation) {}

  void attach(SchedContext& c) override {
    SingleQueuePolicy::attach(c);
    draws_.attach(c);
    tickets_.attach(c, 0, [&](std::vector<std::int64_t>& all) {
      for (TaskId t = 0; t < all.size(); ++t) all[t] = base(t);
    });
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    // Compensation earned on another queue's CPU is not known here.
    if (cpus_.foreign(ctx(), t, why)) tickets_[t] = base(t);
    queue_.push_back(t);
    draws_.push(t, static_cast<std::uint64_t>(tickets_[t]));
    total_ += tickets_[t];
    if (ctx().spec(t).affinity != 0) ++restricted_;
  }
  void dequeue(TaskId t) override {
    queue_.remove(t);
    draws_.remove(t);
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
    if (restricted_ == 0) return draws_.holder(winner);
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
  TicketTree draws_;                   // the queued tasks' tickets, for the draw
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
