// Priority scheduling: the ready task with the smallest `priority` runs; equal
// priorities in FIFO order. `preemptive` (default true): a more urgent task
// that arrives or wakes preempts the running one, which keeps its place at the
// head of its priority. Optional `quantum`: round robin among equal priorities
// (0 = none). Optional `aging`: a waiting task gains one priority level per
// `aging` of waiting, down to 0; its age resets when it runs. The most urgent
// aged priority runs first, ties in queue order (priority, then FIFO).
//
// Aging without a scan of the queue: a task queued with priority p since r
// has, at time now, the aged priority max(0, p - floor((now - r) / aging)) =
// max(0, ceil((k - now) / aging)) with k = p x aging + r, fixed while it is
// queued. So the smallest aged priority E is that of the smallest k, the
// tasks at E are exactly those with k <= now + E x aging, and the one to run
// is the first of those in queue order: the queue is kept as a tree in queue
// order whose subtrees know their smallest k (AugmentedQueue), which finds it
// in O(log n), as EEVDF's pick finds the first eligible deadline.
#include <algorithm>

#include "sim/policies/augmented_tree.h"
#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Priority final : public SingleQueuePolicy<AugmentedQueue> {
 public:
  Priority(bool preemptive, Time quantum, Time aging)
      : preemptive_(preemptive), quantum_(quantum), aging_(aging) {}

  void enqueue(TaskId t, EnqueueReason why) override {
    const std::int64_t prio = ctx().task(t).effective_priority;
    const std::int64_t key = aging_ > 0 ? aging_key(t) : 0;
    if (why == EnqueueReason::Preempted) queue_.push_front(t, prio, key);
    else queue_.push(t, prio, key);
  }
  TaskId pick_next(CpuId cpu) override {
    if (aging_ <= 0) return SingleQueuePolicy::pick_next(cpu);
    if (!key_overflow_ && !queue_.empty()) {
      // The smallest aged priority, E = max(0, ceil((min k - now) / aging)).
      const std::int64_t ahead = queue_.min_value() - ctx().now();
      const std::int64_t levels = std::max<std::int64_t>(0, ahead / aging_ + (ahead > 0 && ahead % aging_ != 0));
      std::int64_t limit = 0;  // now + E x aging: the tasks at E have k up to this
      if (!__builtin_mul_overflow(levels, aging_, &limit) && !__builtin_add_overflow(limit, ctx().now(), &limit)) {
        const TaskId best = queue_.first_where([limit](std::int64_t k) { return k <= limit; });
        // The first of the most urgent may not run here: look at them all.
        if (best != kNoTask && ctx().allowed(best, cpu)) return best;
      }
    }
    TaskId best = kNoTask;
    std::int64_t best_prio = 0;
    queue_.for_each([&](TaskId t) {
      if (!ctx().allowed(t, cpu)) return;
      const std::int64_t p = effective(t);
      if (best == kNoTask || p < best_prio) {
        best = t;
        best_prio = p;
      }
    });
    return best;
  }
  Time time_slice(TaskId, CpuId) override { return quantum_ > 0 ? quantum_ : kNever; }
  bool should_preempt(TaskId running, TaskId woken) override {
    return preemptive_ && ctx().task(woken).effective_priority < ctx().task(running).effective_priority;
  }
  bool uses_priority() const override { return true; }
  std::string describe(TaskId t) const override {
    std::string s = "priority " + std::to_string(ctx().spec(t).priority);
    if (ctx().task(t).effective_priority != ctx().spec(t).priority)
      s += " (running at " + std::to_string(ctx().task(t).effective_priority) + " for a lock)";
    if (aging_ > 0 && queue_.contains(t)) s += " (aged to " + std::to_string(effective(t)) + ")";
    return s;
  }

 private:
  // k = priority x aging + ready_since (see the top of the file). Should it
  // not fit in 64 bits, picks scan the queue for the rest of the run.
  std::int64_t aging_key(TaskId t) {
    const Task& task = ctx().task(t);
    std::int64_t k = 0;
    if (__builtin_mul_overflow(task.effective_priority, aging_, &k) ||
        __builtin_add_overflow(k, task.ready_since, &k))
      key_overflow_ = true;
    return k;
  }
  std::int64_t effective(TaskId t) const {
    const Time waited = ctx().now() - ctx().task(t).ready_since;
    return std::max<std::int64_t>(0, ctx().task(t).effective_priority - waited / aging_);
  }
  bool preemptive_;
  Time quantum_;
  Time aging_;
  bool key_overflow_ = false;
};

}  // namespace

PolicyInfo priority_policy() {
  return {"priority", "static priority (smaller is more urgent), optionally preemptive, with aging",
          {{"preemptive", ParamType::Bool, "true", "a more urgent waking task preempts the running one", {}},
           {"quantum", ParamType::Duration, "0 (none)", "round robin among equal priorities", {}},
           {"aging", ParamType::Duration, "0 (off)", "waiting this long raises a task one priority level", {}}},
          [](const PolicyParams& p, const Machine&) {
            return std::make_unique<Priority>(param_bool(p, "preemptive", true),
                                              param_duration(p, "quantum", 0),
                                              param_duration(p, "aging", 0));
          }};
}

}  // namespace timeslice
