// Linux CFS (the Completely Fair Scheduler, kernel/sched/fair.c before 6.6).
//
// Each task has a weight from its nice value (Linux's sched_prio_to_weight
// table: nice 0 = 1024, each nice step ~1.25x) and a virtual runtime that
// advances by ran x 1024 / weight while it runs. The queue is ordered by
// vruntime (ties by enqueue order) and the smallest runs next, so over time
// every task's CPU share is its weight over the total weight.
//
// Time slice (sched_slice): the period is sched_latency, or nr_running x
// min_granularity when more than sched_latency / min_granularity tasks are
// runnable; a task's slice is period x weight / total weight of the queue's
// runnable tasks (queued + running from it), at least min_granularity.
//
// min_vruntime (update_min_vruntime): per queue, never decreasing,
// max(min_vruntime, min(running tasks' vruntime, leftmost queued)); updated
// when a task stops and when a task joins while some task runs (update_curr).
//
// Placement (place_entity):
//   a new task          min_vruntime + its vslice (START_DEBIT: it pays for the
//                       slot it adds to the current period);
//   a waking task       max(its vruntime, min_vruntime - sched_latency / 2)
//                       (GENTLE_FAIR_SLEEPERS: a sleeper gets at most half a
//                       latency of credit, so it runs soon but cannot bank time);
//   preempted, expired, yielded tasks keep their vruntime.
//
// Wakeup preemption (wakeup_preempt_entity): a task that wakes or arrives
// preempts the running one when running.vruntime - woken.vruntime is larger
// than wakeup_granularity converted to the woken task's virtual time.
//
// Yield sets Linux's "skip buddy": the next pick passes over the yielding task
// if the next one is within wakeup_granularity of it.
//
// The running task's slice follows the queue (check_preempt_tick): Linux
// compares the time it has run since it was picked with sched_slice() of the
// queue as it is at each tick, so when tasks join the slice shrinks and when
// they leave it grows. Here time_slice() is what is left of sched_slice()
// now, and the engine asks again whenever the queue's load changes
// (slice_follows_load()), so the slice ends exactly where a tick-by-tick
// check would first see it used up (with machine.tick set, at that tick).
//
// Moving between run queues (per-CPU topologies: the balancer moves a queued
// task, or a task wakes or is requeued on another CPU's queue) keeps the
// task's vruntime relative to its queue, as Linux before 6.6 does:
// migrate_task_rq_fair() / dequeue_entity() subtract the old queue's
// min_vruntime, enqueue_entity() adds the new one's (then a waking task is
// placed as above, place_entity()).
//
// Simplified relative to Linux: no group scheduling (every task is its own
// entity), no NEXT/LAST buddies, exact slice-end events instead of tests at
// timer ticks (check_preempt_tick's second test, curr's vruntime ahead of the
// leftmost by more than a slice, is left out), exact division instead of the
// fixed-point inverse weight.
#include <algorithm>
#include <stdexcept>

#include "sim/policies/fair.h"
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

using fair::to_virtual;

class Cfs final : public Policy {
 public:
  Cfs(Time latency, Time min_granularity, Time wakeup_granularity)
      : latency_(latency), min_gran_(min_granularity), wakeup_gran_(wakeup_granularity) {}

  void attach(SchedContext& c) override {
    Policy::attach(c);
    queue_.attach(c);
    state_.attach(c, 0, [&](std::vector<State>& all) {
      for (TaskId t = 0; t < all.size(); ++t) all[t].weight = static_cast<std::int32_t>(fair::nice_weight(c.spec(t).nice));
    });
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    State& s = state_[t];
    if (!running_.empty()) update_min_vruntime();  // update_curr()
    if (s.relative) {
      // From another queue: relative to min_vruntime there, absolute here
      // (enqueue_entity(): se->vruntime += cfs_rq->min_vruntime).
      s.vruntime += min_vruntime_;
      s.relative = false;
    }
    s.placed = true;
    if (why == EnqueueReason::Arrival) {
      s.vruntime = min_vruntime_ + to_virtual(slice_of(t, /*joining=*/true), s.weight);
    } else if (why == EnqueueReason::Wakeup) {
      s.vruntime = std::max(s.vruntime, min_vruntime_ - latency_ / 2);
    }
    queue_.push(t, s.vruntime);
    queued_weight_ += s.weight;
  }

  void dequeue(TaskId t) override {
    queue_.remove(t);
    queued_weight_ -= state_[t].weight;
    if (skip_ == t) skip_ = kNoTask;
  }

  TaskId pick_next(CpuId cpu) override {
    const TaskId left = queue_.first_allowed(ctx(), cpu);
    if (left == kNoTask || left != skip_) return left;
    // The leftmost task yielded: take the next one unless that would be too unfair.
    const TaskId second =
        queue_.find_first([&](TaskId t) { return t != left && ctx().allowed(t, cpu); });
    if (second != kNoTask && state_[second].vruntime - state_[left].vruntime <= gran(left))
      return second;
    return left;
  }

  std::size_t queued() const override { return queue_.size(); }
  TaskId last_allowed(CpuId cpu) const override { return queue_.last_allowed(ctx(), cpu); }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    queue_.for_each(visit);
  }
  void visit_from_back(const std::function<bool(TaskId)>& visit) const override {
    queue_.visit_from_back(visit);
  }

  // What is left of sched_slice() as the queue is now (0: used up already).
  Time time_slice(TaskId t, CpuId) override {
    return std::max<Time>(0, slice_of(t, /*joining=*/false) - fair::ran_now(ctx(), t));
  }
  bool slice_follows_load() const override { return true; }

  // migrate_task_rq_fair(): t leaves for another queue with its vruntime
  // relative to this queue's min_vruntime.
  void migrate_task_rq(TaskId t) override {
    State& s = state_[t];
    if (!s.placed || s.relative) return;
    s.vruntime -= min_vruntime_;
    s.relative = true;
  }

  bool should_preempt(TaskId running, TaskId woken) override {
    return preempts(current_vruntime(running), woken);
  }
  // should_preempt() holds for some running task exactly when it holds for
  // the one furthest ahead in vruntime.
  bool may_preempt_running(TaskId woken) override {
    return !running_.empty() && preempts(running_range().max, woken);
  }

  void on_running(TaskId t, CpuId) override {
    State& s = state_[t];
    if (running_.add(t, s.running)) running_weight_ += s.weight;
  }

  void on_stopping(TaskId t, Time ran, StopReason why) override {
    State& s = state_[t];
    if (!running_.remove(t, s.running)) return;
    running_weight_ -= s.weight;
    s.vruntime += to_virtual(ran, s.weight);
    // update_curr() with the stopping task still current...
    update_min_vruntime(t);
    // ...then dequeue_entity() without it, when it leaves the queue.
    if (why == StopReason::Blocked || why == StopReason::Exited) update_min_vruntime();
    if (why == StopReason::Yielded) skip_ = t;
  }

  std::string describe(TaskId t) const override {
    return "vruntime " + format_duration(current_vruntime(t)) + ", weight " +
           std::to_string(state_[t].weight);
  }

 private:
  struct State {
    Time vruntime = 0;
    std::int32_t weight = fair::kNice0Load;  // at most 88761 (nice -20): 16 bytes a task
    bool running = false;  // between on_running and on_stopping, from this queue
    bool placed = false;    // enqueued at least once (in any queue)
    bool relative = false;  // vruntime is relative: it is moving to another queue
  };

  // vruntime including the run in progress.
  Time current_vruntime(TaskId t) const {
    const State& s = state_[t];
    return s.running ? s.vruntime + to_virtual(fair::ran_now(ctx(), t), s.weight) : s.vruntime;
  }

  // wakeup_preempt_entity(): `woken` is more than the wakeup granularity
  // behind a running task whose current vruntime is `running_vruntime`.
  bool preempts(Time running_vruntime, TaskId woken) const {
    const Time vdiff = running_vruntime - current_vruntime(woken);
    return vdiff > 0 && vdiff > gran(woken);
  }

  // wakeup_gran(): the wakeup granularity in the task's virtual time.
  Time gran(TaskId t) const { return to_virtual(wakeup_gran_, state_[t].weight); }

  // sched_slice(). `joining`: t is not counted in the queue yet.
  Time slice_of(TaskId t, bool joining) const {
    const std::int64_t w = state_[t].weight;
    std::int64_t nr = static_cast<std::int64_t>(queue_.size() + running_.size());
    std::int64_t total = queued_weight_ + running_weight_;
    if (joining) {
      ++nr;
      total += w;
    }
    const Time period = nr > latency_ / min_gran_ ? fair::mul_div(nr, min_gran_, 1) : latency_;
    const Time slice = fair::mul_div(period, w, std::max<std::int64_t>(total, 1));
    return std::max(slice, min_gran_);
  }

  // `extra`: a task that counts as running although it just stopped.
  void update_min_vruntime(TaskId extra = kNoTask) {
    // The new value is max(min_vruntime_, v) with v <= extra and v <= the
    // leftmost: when either is already at or below min_vruntime_, nothing
    // can change, and the running tasks need not be looked at.
    if (extra != kNoTask && state_[extra].vruntime <= min_vruntime_) return;
    if (!queue_.empty() && state_[queue_.front()].vruntime <= min_vruntime_) return;
    fair::Smallest v;
    if (extra != kNoTask) v.offer(state_[extra].vruntime);
    if (!running_.empty()) v.offer(running_range().min);
    if (!queue_.empty()) v.offer(state_[queue_.front()].vruntime);
    min_vruntime_ = v.advance(min_vruntime_);
  }

  // The smallest and largest current vruntime of the running tasks (there
  // are some).
  struct Range {
    Time min = 0, max = 0;
  };
  const Range& running_range() {
    return running_range_.get(ctx().now(), running_, [&] {
      const Time first = current_vruntime(running_.front());
      Range r{first, first};
      for (TaskId t : running_) {
        const Time v = current_vruntime(t);
        r.min = std::min(r.min, v);
        r.max = std::max(r.max, v);
      }
      return r;
    });
  }

  Time latency_, min_gran_, wakeup_gran_;
  RankedQueue queue_;  // by vruntime, ties by enqueue order
  PerTask<State> state_;  // shared by every queue of the run
  fair::RunningSet running_;  // tasks running from this queue
  fair::PerInstant<Range> running_range_;
  std::int64_t queued_weight_ = 0, running_weight_ = 0;
  Time min_vruntime_ = 0;
  TaskId skip_ = kNoTask;
};

}  // namespace

PolicyInfo cfs_policy() {
  return {"cfs", "Linux CFS: weights from nice, smallest vruntime first, slices from sched_latency",
          {{"sched_latency", ParamType::Duration, std::string("6ms") + fair::kScaledDefault,
            std::string("target period in which every runnable task runs once") + fair::kScalingNote, {}},
           {"min_granularity", ParamType::Duration, std::string("0.75ms") + fair::kScaledDefault,
            std::string("shortest slice; the period grows to nr_running x this with many tasks") +
                fair::kScalingNote, {}},
           {"wakeup_granularity", ParamType::Duration, std::string("1ms") + fair::kScaledDefault,
            std::string("a waking task preempts when it is this much (scaled to its weight) behind "
                        "the running one in vruntime") + fair::kScalingNote, {}}},
          [](const PolicyParams& p, const Machine& m) {
            const std::int64_t factor = fair::tunable_factor(m);
            const Time latency = param_duration(p, "sched_latency", 6 * kMillisecond * factor);
            const Time min_gran = param_duration(p, "min_granularity", 750 * kMicrosecond * factor);
            const Time wakeup = param_duration(p, "wakeup_granularity", kMillisecond * factor);
            if (latency <= 0) throw std::invalid_argument("sched_latency: must be greater than 0");
            if (min_gran <= 0) throw std::invalid_argument("min_granularity: must be greater than 0");
            if (wakeup < 0) throw std::invalid_argument("wakeup_granularity: must not be negative");
            return std::make_unique<Cfs>(latency, min_gran, wakeup);
          }};
}

}  // namespace timeslice
