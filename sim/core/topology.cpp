#include "sim/core/topology.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace timeslice {
namespace {

// One run queue for all CPUs.
class GlobalTopology final : public Topology {
 public:
  std::size_t queue_count() const override { return 1; }
  std::size_t queue_of_cpu(CpuId) const override { return 0; }
  std::size_t select_queue(const Task&, EnqueueReason, const LoadView&) override { return 0; }
};

// A queue per CPU (queue index == CPU index), optionally capacity-aware.
class PerCpuTopology final : public Topology {
 public:
  PerCpuTopology(const Workload& w, bool capacity_aware)
      : workload_(w),
        cpus_(w.machine.cpus.size()),
        interval_(w.scheduler.balance_interval),
        capacity_aware_(capacity_aware) {
    std::int64_t fastest = 1;
    for (const CpuSpec& c : w.machine.cpus) fastest = std::max(fastest, c.speed);
    for (const CpuSpec& c : w.machine.cpus)
      capacity_.push_back(static_cast<double>(c.speed) / static_cast<double>(fastest));
    if (capacity_aware_) {  // per-task load tracking only where placement uses it
      util_.assign(w.tasks.size(), kInitialUtil);
      util_stamp_.assign(w.tasks.size(), -1);
      running_on_.assign(w.tasks.size(), kNoCpu);
    }
  }

  std::size_t queue_count() const override { return cpus_; }
  std::size_t queue_of_cpu(CpuId cpu) const override { return cpu; }

  std::size_t select_queue(const Task& t, EnqueueReason why, const LoadView& view) override {
    const bool requeue = why == EnqueueReason::Expired || why == EnqueueReason::Yielded ||
                         why == EnqueueReason::Preempted;
    if (requeue && (!capacity_aware_ || fits(t.id, t.queue))) return t.queue;
    // Waking on its last CPU keeps caches warm, if that CPU is free. With
    // capacity awareness the smallest CPU the task fits wins instead (as
    // Linux's energy-aware wakeup), the last CPU only breaking ties.
    const bool woke_here = why != EnqueueReason::Arrival && t.last_cpu != kNoCpu;
    if (!capacity_aware_ && woke_here && may_run(t.id, t.last_cpu, view) && load(t.last_cpu, view) == 0)
      return t.last_cpu;
    return best_cpu(t.id, view, requeue ? t.queue : woke_here ? t.last_cpu : kNoCpu);
  }

  TaskId steal(CpuId cpu, const LoadView& view) override {
    sort_by_load(cpu, view);
    if (capacity_aware_) {
      const TaskId suits = steal_suitable(cpu, view);
      if (suits != kNoTask) return suits;
    }
    // Pull the last-queued task this CPU may run from the busiest queue (the
    // first by index among equals) that has one. Loads are compared first:
    // only the queues tried are looked into.
    for (const auto& [queue_load, q] : by_load_) {
      const TaskId candidate = view.last_allowed(q, cpu);
      if (candidate != kNoTask) return candidate;
    }
    return kNoTask;
  }

  Time balance_interval() const override { return interval_; }

  // Periodic balancing, bounded as Linux's load_balance() (kernel/sched/fair.c:
  // loop_max = min(sysctl_sched_nr_migrate, busiest->nr_running), and
  // detach_tasks() looks at tasks from the tail of the busiest queue): a pass
  // moves at most kNrMigrate tasks (misfits first, with capacity awareness),
  // the busiest and idlest queues are found from the kept counts, and each
  // move looks at no more than kNrMigrate tasks of the busiest queue from
  // the back of its pick order. The cost of a pass does not depend on how
  // many tasks are queued.
  void balance(const LoadView& view, std::vector<Move>& moves) override {
    loads_.resize(cpus_);
    for (std::size_t q = 0; q < cpus_; ++q) loads_[q] = load(q, view);
    if (capacity_aware_) migrate_misfits(view, loads_, moves);
    // Even out the loads: move queued tasks from the busiest to the idlest
    // queue while they differ by two or more.
    while (moves.size() < kNrMigrate) {
      const auto [lo, hi] = std::minmax_element(loads_.begin(), loads_.end());
      if (*hi < *lo + 2) break;
      const std::size_t from = static_cast<std::size_t>(hi - loads_.begin());
      const std::size_t to = static_cast<std::size_t>(lo - loads_.begin());
      // The last task in pick order that may go (Linux detaches from the tail).
      TaskId candidate = kNoTask;
      std::size_t looked = 0;
      view.visit_from_back(from, [&](TaskId t) {
        if (already_moved(moves, t)) return true;  // taken by this pass already
        if (view.allowed(t, static_cast<CpuId>(to)) && suitable(t, to)) {
          candidate = t;
          return false;
        }
        return ++looked < kNrMigrate;
      });
      if (candidate == kNoTask) break;
      moves.push_back({candidate, to});
      --loads_[from];
      ++loads_[to];
    }
  }

  bool tracks_load() const override { return capacity_aware_; }
  void on_state(const Task& t, TaskState state, CpuId cpu, Time now) override {
    decay_util(t.id, now);
    running_on_[t.id] = state == TaskState::Running ? cpu : kNoCpu;
  }

 private:
  // Linux's sysctl_sched_nr_migrate: tasks a balance pass moves at most, and
  // tasks of a queue it looks at to find each one.
  static constexpr std::size_t kNrMigrate = 32;
  static constexpr double kInitialUtil = 0.5;     // of the biggest CPU's capacity
  static constexpr double kHalfLife = 32e6;       // ns, as PELT
  static constexpr double kFitMargin = 1.25;      // Linux fits_capacity: 20% headroom

  std::size_t load(std::size_t q, const LoadView& view) const { return view.nr_running(q); }
  // Affinity, with the common case (every CPU allowed) decided here.
  bool may_run(TaskId t, std::size_t cpu, const LoadView& view) const {
    return every_cpu(t) || view.allowed(t, static_cast<CpuId>(cpu));
  }
  // Whether t may run anywhere (the spec is read only if some task has a mask).
  bool every_cpu(TaskId t) const {
    return workload_.affinities.size() == 1 || workload_.tasks[t].affinity == 0;
  }

  // Utilisation: a decayed average of the time the task ran, in units of the
  // biggest CPU's capacity, updated at every state change.
  void decay_util(TaskId t, Time now) {
    if (util_stamp_[t] >= 0 && now > util_stamp_[t]) {
      const double decay = std::exp2(-static_cast<double>(now - util_stamp_[t]) / kHalfLife);
      const double busy = running_on_[t] != kNoCpu ? capacity_[running_on_[t]] : 0.0;
      util_[t] = util_[t] * decay + busy * (1.0 - decay);
    }
    util_stamp_[t] = now;
  }
  bool fits(TaskId t, std::size_t cpu) const { return util_[t] * kFitMargin <= capacity_[cpu]; }
  // Placement constraint: with capacity awareness a task goes where it fits,
  // or to the biggest CPUs when it fits nowhere.
  bool suitable(TaskId t, std::size_t cpu) const {
    if (!capacity_aware_) return true;
    return fits(t, cpu) || capacity_[cpu] >= biggest_;
  }

  // The allowed CPU with the least load; with capacity awareness, among those
  // the task fits, the smallest suitable capacity first. `stay` wins ties.
  std::size_t best_cpu(TaskId t, const LoadView& view, std::size_t stay) const {
    if (!capacity_aware_) {
      const std::size_t best = least_loaded(t, view, stay);
      if (best != cpus_) return best;
    }
    std::size_t best = cpus_;
    std::size_t best_load = 0;
    for (std::size_t c = 0; c < cpus_; ++c) {
      if (!may_run(t, c, view) || !suitable(t, c)) continue;
      const std::size_t l = load(c, view);
      if (best == cpus_ || better(c, l, best, best_load, stay)) {
        best = c;
        best_load = l;
      }
    }
    if (best != cpus_) return best;
    // Nothing suitable is allowed: any allowed CPU, least loaded.
    for (std::size_t c = 0; c < cpus_; ++c)
      if (view.allowed(t, static_cast<CpuId>(c)) && (best == cpus_ || load(c, view) < load(best, view)))
        best = c;
    return best;
  }
  // best_cpu() without capacity awareness (it runs over every CPU at each
  // wakeup): the allowed CPU with the least load, `stay` winning ties, then
  // the lowest index. cpus_ if none is allowed.
  std::size_t least_loaded(TaskId t, const LoadView& view, std::size_t stay) const {
    const bool anywhere = every_cpu(t);
    if (anywhere) {
      // The least load first, in a loop over one compact array that the
      // compiler vectorises; then `stay` if it has it, else the first that has.
      std::uint32_t least = UINT32_MAX;
      for (std::size_t c = 0; c < cpus_; ++c) least = std::min(least, static_cast<std::uint32_t>(view.nr_running(c)));
      if (stay < cpus_ && view.nr_running(stay) == least) return stay;
      std::size_t first = 0;
      while (view.nr_running(first) != least) ++first;
      return first;
    }
    std::size_t best = cpus_;
    std::size_t best_load = SIZE_MAX;
    for (std::size_t c = 0; c < cpus_; ++c) {
      if (!view.allowed(t, static_cast<CpuId>(c))) continue;
      const std::size_t l = view.nr_running(c);
      if (l < best_load || (l == best_load && c == stay)) {
        best = c;
        best_load = l;
      }
    }
    return best;
  }
  // CPU a (load la) is a better place than b (load lb).
  bool better(std::size_t a, std::size_t la, std::size_t b, std::size_t lb, std::size_t stay) const {
    if (la != lb) return la < lb;
    if (capacity_aware_ && capacity_[a] != capacity_[b]) return capacity_[a] < capacity_[b];
    return a == stay && b != stay;
  }

  // The other queues holding tasks, busiest first (the first by index among
  // equals), into by_load_.
  void sort_by_load(CpuId cpu, const LoadView& view) {
    by_load_.clear();
    for (std::size_t q = 0; q < cpus_; ++q)
      if (q != cpu && view.queued(q) > 0) by_load_.push_back({load(q, view), q});
    std::sort(by_load_.begin(), by_load_.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
  }

  // steal() with capacity awareness first looks for a task that suits this
  // CPU: from the back of the busiest queues, kNrMigrate tasks at most in
  // all (as an idle balance in Linux looks at loop_max tasks); kNoTask if
  // none of those suits.
  TaskId steal_suitable(CpuId cpu, const LoadView& view) const {
    std::size_t budget = kNrMigrate;
    for (const auto& [queue_load, q] : by_load_) {
      TaskId candidate = kNoTask;
      view.visit_from_back(q, [&](TaskId t) {
        if (view.allowed(t, cpu) && suitable(t, cpu)) {
          candidate = t;
          return false;
        }
        return --budget > 0;
      });
      if (candidate != kNoTask || budget == 0) return candidate;
    }
    return kNoTask;
  }

  // Up-migration: queued tasks that no longer fit a small CPU move to a big
  // one with less load; down-migration: queued tasks that fit a small CPU
  // leave a busy big one for an idle small one. Of each queue only the
  // kNrMigrate last tasks in pick order are looked at (as Linux's
  // detach_tasks looks for a misfit), in pick order, and a pass moves at
  // most kNrMigrate. A task's utilisation changes only while it runs, and a
  // task that ran is requeued at or near the back of most policies' orders,
  // so the tasks looked at are those whose fit may have changed.
  void migrate_misfits(const LoadView& view, std::vector<std::size_t>& loads, std::vector<Move>& moves) {
    for (std::size_t from = 0; from < cpus_ && moves.size() < kNrMigrate; ++from) {
      if (view.queued(from) == 0) continue;
      window_.clear();
      view.visit_from_back(from, [&](TaskId t) {
        window_.push_back(t);
        return window_.size() < kNrMigrate;
      });
      for (auto it = window_.rbegin(); it != window_.rend() && moves.size() < kNrMigrate; ++it) {
        const TaskId t = *it;
        const bool misfit = !suitable(t, from);
        const bool could_go_down = capacity_[from] >= biggest_ && loads[from] > 1;
        if (!misfit && !could_go_down) continue;
        std::size_t to = cpus_;
        for (std::size_t c = 0; c < cpus_; ++c) {
          if (c == from || !view.allowed(t, static_cast<CpuId>(c))) continue;
          const bool ok = misfit ? suitable(t, c) && loads[c] < loads[from]
                                 : fits(t, c) && capacity_[c] < capacity_[from] && loads[c] == 0;
          if (ok && (to == cpus_ || loads[c] < loads[to])) to = c;
        }
        if (to == cpus_) continue;
        moves.push_back({t, to});
        --loads[from];
        ++loads[to];
      }
    }
  }
  static bool already_moved(const std::vector<Move>& moves, TaskId t) {
    return std::any_of(moves.begin(), moves.end(), [t](const Move& m) { return m.task == t; });
  }

  const Workload& workload_;
  std::size_t cpus_;
  Time interval_;
  bool capacity_aware_;
  std::vector<double> capacity_;  // speed / fastest speed
  double biggest_ = 1.0;
  std::vector<double> util_;
  std::vector<Time> util_stamp_;
  std::vector<CpuId> running_on_;
  std::vector<std::pair<std::size_t, std::size_t>> by_load_;  // steal(): (load, queue), kept for its capacity
  std::vector<std::size_t> loads_;  // balance(): each queue's load, kept for its capacity
  std::vector<TaskId> window_;      // migrate_misfits(): the tasks of a queue looked at
};

}  // namespace

std::unique_ptr<Topology> make_topology(const Workload& w) {
  if (w.scheduler.queues == QueueLayout::PerCpu)
    return std::make_unique<PerCpuTopology>(w, w.scheduler.placement == Placement::Capacity);
  return std::make_unique<GlobalTopology>();
}

}  // namespace timeslice
