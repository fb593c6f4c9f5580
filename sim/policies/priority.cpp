// Priority scheduling: the ready task with the smallest `priority` runs; equal
// priorities in FIFO order. `preemptive` (default true): a more urgent task
// that arrives or wakes preempts the running one, which keeps its place at the
// head of its priority. Optional `quantum`: round robin among equal priorities
// (0 = none). Optional `aging`: a waiting task gains one priority level per
// `aging` of waiting, down to 0; its age resets when it runs.
#include <algorithm>

#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Priority final : public SingleQueuePolicy<RankedQueue> {
 public:
  Priority(bool preemptive, Time quantum, Time aging)
      : preemptive_(preemptive), quantum_(quantum), aging_(aging) {}

  void enqueue(TaskId t, EnqueueReason why) override {
    const std::int64_t prio = ctx().task(t).effective_priority;
    if (why == EnqueueReason::Preempted) queue_.push_front(t, prio);
    else queue_.push(t, prio);
  }
  TaskId pick_next(CpuId cpu) override {
    if (aging_ <= 0) return SingleQueuePolicy::pick_next(cpu);
    // Aged priorities change with time: scan (queue order breaks ties).
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
  std::int64_t effective(TaskId t) const {
    const Time waited = ctx().now() - ctx().task(t).ready_since;
    return std::max<std::int64_t>(0, ctx().task(t).effective_priority - waited / aging_);
  }
  bool preemptive_;
  Time quantum_;
  Time aging_;
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
