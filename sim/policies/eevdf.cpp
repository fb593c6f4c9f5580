// Linux EEVDF (Earliest Eligible Virtual Deadline First, kernel/sched/fair.c
// since 6.6; Stoica & Abdel-Wahab 1995).
//
// Every task has a weight from its nice value (the same table as CFS), a
// vruntime that advances by ran x 1024 / weight while it runs, and a virtual
// deadline = vruntime + base_slice x 1024 / weight (its "vslice").
//
// avg_vruntime V = sum(w_i x v_i) / sum(w_i) over the queue's runnable tasks
// (queued + running from this queue), kept incrementally in 128-bit sums. A
// task is eligible when v_i <= V, i.e. it has received no more than its share
// (lag = V - v_i >= 0); tested exactly as sum w_j (v_j - v_i) >= 0.
//
// pick_next: the eligible task with the earliest virtual deadline (ties by
// enqueue order); if none is eligible, the earliest deadline. The queue is a
// tree by deadline keeping each subtree's smallest vruntime, searched as
// Linux's pick_eevdf does: O(log n).
// time_slice: the wall time until the task's vruntime reaches its deadline.
// When it gets there (update_deadline) it gets a new deadline one vslice on.
//
// Placement (place_entity):
//   a new task       lag 0: v = V, deadline = v + vslice / 2 (PLACE_DEADLINE_INITIAL);
//   a waking task    keeps the lag it had when it went to sleep (lag = V - v at
//                    that moment, clamped to +-max(2 x base_slice, tick) in its
//                    virtual time): v = V - lag x (W + w) / W, where W is the
//                    queue's weight without it (PLACE_LAG's inflation, so that
//                    adding it does not shift V by the lag), deadline = v + vslice;
//                    into an empty queue it is placed at min_vruntime;
//   preempted, expired tasks keep their vruntime and deadline; a yielding task
//   has its deadline pushed one vslice later (yield_task_fair).
//
// Wakeup preemption (check_preempt_wakeup_fair: preempt if pick_eevdf()
// would now pick the woken task), with RUN_TO_PARITY as in Linux 6.6+: a
// running task that is still eligible keeps its CPU until its slice ends
// (pick_eevdf() returns curr while curr->vlag == curr->deadline, the deadline
// it was picked with, which here holds for the whole slice); a running task
// that is no longer eligible is preempted when the woken task is the
// eligible task with the earliest deadline in the queue.
//
// Moving between run queues (per-CPU topologies) keeps the lag, as Linux
// 6.6+ does: a task leaving a queue while runnable (moved by the balancer,
// or requeued on another CPU's queue) has its lag taken against the old
// queue's V there (dequeue_entity() -> update_entity_lag()); a sleeping task
// keeps the lag it had when it went to sleep; the new queue places it with
// that lag (place_entity()).
//
// Simplified relative to Linux 6.6: no group scheduling; no per-task custom
// slices (sched_attr.sched_runtime); no NEXT buddy; exact division instead
// of fixed-point inverse weights; exact slice-end events (rounded up to a
// tick when machine.tick is set) instead of checks at ticks. Dispatch
// overhead: a task being dispatched counts neither as queued nor as running
// in V.
#include <algorithm>
#include <stdexcept>

#include "sim/policies/augmented_tree.h"
#include "sim/policies/fair.h"

namespace timeslice {
namespace {

using fair::Int128;
using fair::to_virtual;

class Eevdf final : public Policy {
 public:
  Eevdf(Time base_slice, Time lag_limit)
      : base_slice_(base_slice), lag_limit_(lag_limit) {}

  void attach(SchedContext& c) override {
    Policy::attach(c);
    by_deadline_.attach(c, 0);
    state_.attach(c, 0, [&](std::vector<State>& all) {
      for (TaskId t = 0; t < all.size(); ++t) {
        all[t].weight = static_cast<std::int32_t>(fair::nice_weight(c.spec(t).nice));
      }
    });
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    State& s = state_[t];
    if (!running_.empty()) update_min_vruntime();  // update_curr()
    if (why == EnqueueReason::Arrival) {
      s.lag = 0;
      s.vruntime = avg_vruntime();
      s.deadline = s.vruntime + vslice(s) / 2;
    } else if (s.migrated || why == EnqueueReason::Wakeup) {
      place(t);
    }
    s.placed = true;
    s.migrated = s.lag_saved = false;
    by_deadline_.push(t, s.deadline, s.vruntime);
    queued_weight_ += s.weight;
    queued_wv_ += static_cast<Int128>(s.weight) * s.vruntime;
  }

  void dequeue(TaskId t) override {
    const State& s = state_[t];
    by_deadline_.remove(t);
    queued_weight_ -= s.weight;
    queued_wv_ -= static_cast<Int128>(s.weight) * s.vruntime;
  }

  TaskId pick_next(CpuId cpu) override {
    const Sums sums = totals();
    // The eligible task with the earliest deadline, through the tree's
    // smallest vruntime per subtree (O(log n)); a walk only if that task may
    // not run on this CPU.
    TaskId best = by_deadline_.first_where([&](Time v) { return eligible(sums, v); });
    if (best != kNoTask && !ctx().allowed(best, cpu))
      best = by_deadline_.find_first(
          [&](TaskId t) { return ctx().allowed(t, cpu) && eligible(sums, state_[t].vruntime); });
    return best != kNoTask ? best : by_deadline_.first_allowed(ctx(), cpu);
  }

  std::size_t queued() const override { return by_deadline_.size(); }
  TaskId last_allowed(CpuId cpu) const override { return by_deadline_.last_allowed(ctx(), cpu); }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    by_deadline_.for_each(visit);
  }
  void visit_from_back(const std::function<bool(TaskId)>& visit) const override {
    by_deadline_.visit_from_back(visit);
  }

  Time time_slice(TaskId t, CpuId) override {
    const State& s = state_[t];
    return std::max<Time>(1, fair::to_wall(s.deadline - current_vruntime(t), s.weight));
  }

  bool should_preempt(TaskId running, TaskId woken) override {
    const Sums sums = totals();
    if (!eligible(sums, current_vruntime(woken))) return false;
    // RUN_TO_PARITY: an eligible running task finishes its slice.
    if (eligible(sums, current_vruntime(running))) return false;
    // pick_eevdf() without curr: the eligible queued task with the earliest deadline.
    return by_deadline_.first_where([&](Time v) { return eligible(sums, v); }) == woken;
  }

  // t leaves for another queue: keep its lag (taken now against this
  // queue's V if it is runnable; a sleeper's was taken when it blocked).
  void migrate_task_rq(TaskId t) override {
    State& s = state_[t];
    if (!s.placed || s.migrated) return;
    if (!s.lag_saved) {
      const Time limit = to_virtual(lag_limit_, s.weight);
      s.lag = std::clamp(avg_vruntime(t) - s.vruntime, -limit, limit);
    }
    s.migrated = true;
  }

  void on_running(TaskId t, CpuId) override {
    running_.add(t, state_[t].running);
  }

  void on_stopping(TaskId t, Time ran, StopReason why) override {
    State& s = state_[t];
    if (!running_.remove(t, s.running)) return;
    s.vruntime += to_virtual(ran, s.weight);                                 // update_curr()
    if (s.vruntime >= s.deadline) s.deadline = s.vruntime + vslice(s);       // update_deadline()
    if (why == StopReason::Yielded) s.deadline += vslice(s);                 // yield_task_fair()
    update_min_vruntime(t);
    if (why == StopReason::Blocked || why == StopReason::Exited) {
      // update_entity_lag(), while it still counts in V; then it leaves.
      const Time limit = to_virtual(lag_limit_, s.weight);
      s.lag = std::clamp(avg_vruntime(t) - s.vruntime, -limit, limit);
      s.lag_saved = true;
      update_min_vruntime();
    }
  }

  std::string describe(TaskId t) const override {
    const State& s = state_[t];
    const Time v = current_vruntime(t);
    return "vruntime " + format_duration(v) + ", deadline " + format_duration(s.deadline) + ", lag " +
           format_duration(avg_vruntime() - v) + (eligible(totals(), v) ? " (eligible)" : " (not eligible)") +
           ", weight " + std::to_string(s.weight);
  }

 private:
  struct State {
    Time vruntime = 0;
    Time deadline = 0;
    Time lag = 0;    // V - v when it last left the queue (clamped)
    std::int32_t weight = fair::kNice0Load;  // at most 88761 (nice -20): 32 bytes a task
    bool running = false;  // between on_running and on_stopping, from this queue
    bool placed = false;     // enqueued at least once (in any queue)
    bool lag_saved = false;  // lag taken when it blocked, not yet used
    bool migrated = false;   // moving to another queue: place it there with its lag
  };
  static_assert(sizeof(State) == 32);
  struct Sums {
    Int128 wv = 0;        // sum of w x v
    std::int64_t w = 0;   // sum of w
  };

  // base_slice in the task's virtual time (computed, not kept: 8 bytes a
  // task at a million tasks).
  Time vslice(const State& s) const { return to_virtual(base_slice_, s.weight); }

  Time current_vruntime(TaskId t) const {
    const State& s = state_[t];
    return s.running ? s.vruntime + to_virtual(fair::ran_now(ctx(), t), s.weight) : s.vruntime;
  }

  // Weighted sums over the runnable tasks: queued and running from this queue
  // (and `extra`, a task that just stopped but still counts).
  Sums totals(TaskId extra = kNoTask) const {
    Sums sums{queued_wv_, queued_weight_};
    if (extra != kNoTask) {
      sums.wv += static_cast<Int128>(state_[extra].weight) * state_[extra].vruntime;
      sums.w += state_[extra].weight;
    }
    const Running& running = running_view();
    sums.wv += running.sums.wv;
    sums.w += running.sums.w;
    return sums;
  }

  // The running tasks' part of V and of min_vruntime, at this instant.
  struct Running {
    Sums sums;
    fair::Smallest min;
  };
  const Running& running_view() const {
    return running_view_.get(ctx().now(), running_, [&] {
      Running view;
      for (TaskId r : running_) {
        const Time v = current_vruntime(r);
        view.sums.wv += static_cast<Int128>(state_[r].weight) * v;
        view.sums.w += state_[r].weight;
        view.min.offer(v);
      }
      return view;
    });
  }

  // avg_vruntime(): V, rounded down; min_vruntime for an empty queue.
  Time avg_vruntime(TaskId extra = kNoTask) const {
    const Sums sums = totals(extra);
    if (sums.w == 0) return min_vruntime_;
    Int128 q = sums.wv / sums.w;
    if (sums.wv % sums.w != 0 && sums.wv < 0) --q;
    return fair::saturate(q);
  }

  // v <= V, exactly: sum w_j (v_j - v) >= 0.
  static bool eligible(const Sums& sums, Time v) {
    return sums.wv - static_cast<Int128>(sums.w) * v >= 0;
  }

  // place_entity() with the task's stored lag.
  void place(TaskId t) {
    State& s = state_[t];
    const Sums sums = totals();  // without t: it is not queued yet
    const Time avg = avg_vruntime();
    Int128 lag = 0;
    if (sums.w > 0) lag = static_cast<Int128>(s.lag) * (sums.w + s.weight) / sums.w;
    s.vruntime = fair::saturate(avg - lag);
    s.deadline = s.vruntime + vslice(s);
  }

  void update_min_vruntime(TaskId extra = kNoTask) {
    fair::Smallest v = running_view().min;
    if (extra != kNoTask) v.offer(state_[extra].vruntime);
    if (!by_deadline_.empty()) v.offer(by_deadline_.min_value());
    min_vruntime_ = v.advance(min_vruntime_);
  }

  Time base_slice_;
  Time lag_limit_;  // wall time; max(2 x base_slice, tick)
  AugmentedQueue by_deadline_;  // the run queue, in pick order, with each subtree's smallest vruntime
  PerTask<State> state_;  // shared by every queue of the run
  fair::RunningSet running_;  // tasks running from this queue
  mutable fair::PerInstant<Running> running_view_;
  std::int64_t queued_weight_ = 0;
  Int128 queued_wv_ = 0;
  Time min_vruntime_ = 0;
};

}  // namespace

PolicyInfo eevdf_policy() {
  return {"eevdf", "Linux EEVDF (6.6+): earliest virtual deadline among eligible tasks (lag >= 0)",
          {{"base_slice", ParamType::Duration, std::string("0.75ms") + fair::kScaledDefault,
            std::string("request size: a task's virtual deadline is this much (scaled to its weight) "
                        "after its vruntime") + fair::kScalingNote, {}}},
          [](const PolicyParams& p, const Machine& m) {
            const Time base = param_duration(p, "base_slice", 750 * kMicrosecond * fair::tunable_factor(m));
            if (base <= 0) throw std::invalid_argument("base_slice: must be greater than 0");
            return std::make_unique<Eevdf>(base, std::max(2 * base, m.tick));
          }};
}

}  // namespace timeslice
