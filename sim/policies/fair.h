// Shared by the fair-share policies (cfs, eevdf, stride): the nice-to-weight
// table (sim/core/nice.h), virtual time conversions, Linux's CPU-count scaling of tunables, and
// a run queue ordered by a key with early-exit scans.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "sim/core/nice.h"
#include "sim/core/policy.h"

namespace timeslice::fair {

using timeslice::Int128;
using timeslice::kNice0Load;
using timeslice::kNiceWeight;
using timeslice::nice_weight;

// Saturate an exact 128-bit value into the int64 range (never reached in
// sensible runs; keeps absurd ones well defined).
inline std::int64_t saturate(Int128 v) {
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  return v > hi ? hi : v < lo ? lo : static_cast<std::int64_t>(v);
}

// a x b / c exactly (truncated, saturated): in 64 bits when a x b fits, the
// usual case (128-bit division is ~10x slower), else in 128 bits.
inline std::int64_t mul_div(std::int64_t a, std::int64_t b, std::int64_t c) {
  std::int64_t product;
  if (!__builtin_mul_overflow(a, b, &product)) return product / c;
  return saturate(static_cast<Int128>(a) * b / c);
}

// calc_delta_fair(): wall time -> virtual time of a task of this weight
// (delta * NICE_0_LOAD / weight; Linux uses a fixed-point inverse, we divide exactly).
inline Time to_virtual(Time delta, std::int64_t weight) {
  return weight == kNice0Load ? delta : mul_div(delta, kNice0Load, weight);
}
// to_wall's fast path: below 2^43 in magnitude, vdelta x weight + 1023 fits.
inline constexpr Time kSmall = Time{1} << 43;
// Virtual time of a task of this weight -> wall time, rounded up.
inline Time to_wall(Time vdelta, std::int64_t weight) {
  if (weight == kNice0Load) return vdelta;
  if (vdelta > -kSmall && vdelta < kSmall) return (vdelta * weight + kNice0Load - 1) / kNice0Load;
  return saturate((static_cast<Int128>(vdelta) * weight + kNice0Load - 1) / kNice0Load);
}

// The tasks running from one queue: added at on_running, removed at
// on_stopping, each flagged in its own state (`running`) so a repeated hook
// is ignored. version() changes whenever the set does.
class RunningSet {
 public:
  // False (and nothing changes) if the task was already in.
  bool add(TaskId t, bool& running) {
    if (running) return false;
    running = true;
    tasks_.push_back(t);
    ++version_;
    return true;
  }
  // False (and nothing changes) if the task was not in.
  bool remove(TaskId t, bool& running) {
    if (!running) return false;
    running = false;
    tasks_.erase(std::find(tasks_.begin(), tasks_.end(), t));
    ++version_;
    return true;
  }
  bool empty() const { return tasks_.empty(); }
  std::size_t size() const { return tasks_.size(); }
  TaskId front() const { return tasks_.front(); }
  std::vector<TaskId>::const_iterator begin() const { return tasks_.begin(); }
  std::vector<TaskId>::const_iterator end() const { return tasks_.end(); }
  std::uint64_t version() const { return version_; }

 private:
  std::vector<TaskId> tasks_;
  std::uint64_t version_ = 0;
};

// A figure computed over the running tasks (their smallest vruntime, their
// weighted sum), kept while neither the time nor the running set changes: a
// running task's virtual time moves only with time until it stops. One wakeup
// on a queue shared by N CPUs asks for it up to N times (should_preempt for
// each busy CPU), a requeue twice (on_stopping, then enqueue).
template <class T>
class PerInstant {
 public:
  template <class Compute>
  const T& get(Time now, const RunningSet& running, Compute&& compute) {
    if (at_ != now || version_ != running.version()) {
      value_ = compute();
      at_ = now;
      version_ = running.version();
    }
    return value_;
  }

 private:
  Time at_ = -1;  // never a simulated time: the first get() computes
  std::uint64_t version_ = 0;
  T value_{};
};

// update_min_vruntime(): min_vruntime moves forward (never back) to the
// smallest of the candidates offered (the running tasks' vruntimes, the
// leftmost queued one), if any was offered.
class Smallest {
 public:
  void offer(Time v) {
    value_ = any_ ? std::min(value_, v) : v;
    any_ = true;
  }
  Time advance(Time min_vruntime) const { return any_ ? std::max(min_vruntime, value_) : min_vruntime; }

 private:
  Time value_ = 0;
  bool any_ = false;
};

// Linux's SCHED_TUNABLESCALING_LOG: latency-type defaults are multiplied by
// 1 + ilog2(min(CPUs, 8)): x1 on 1 CPU, x2 on 2-3, x3 on 4-7, x4 on 8 or more.
inline std::int64_t tunable_factor(const Machine& m) {
  std::size_t cpus = std::min<std::size_t>(std::max<std::size_t>(m.cpus.size(), 1), 8);
  std::int64_t log2 = 0;
  while (cpus > 1) {
    cpus >>= 1;
    ++log2;
  }
  return 1 + log2;
}

// For --help: how the defaults scale (a value given in the file is used as is).
inline constexpr const char* kScaledDefault = " x (1 + log2(min(CPUs, 8)))";
inline constexpr const char* kScalingNote =
    " (Linux's default, scaled by CPU count as Linux does: x1 on 1 CPU, x2 on 2, x3 on 4, x4 on 8+)";

// Wall time the running task has run since on_running, brought up to now
// (the engine syncs Task::ran only at certain points).
inline Time ran_now(const SchedContext& ctx, TaskId t) {
  const Task& task = ctx.task(t);
  return task.ran + (task.state == TaskState::Running ? std::max<Time>(0, ctx.now() - task.run_since) : 0);
}

// Which CPUs pick from this queue, learnt as they ask (pick_next, on_running):
// a CPU always picks from the same queue. With it a queue can tell that a task
// it is given last ran from another queue (per-CPU topologies move tasks on
// wakeup, on requeue and when balancing), so the task's state kept here is
// stale and must be placed afresh (Linux renormalises vruntime on migration).
class QueueCpus {
 public:
  void saw(CpuId cpu) {
    if (cpu >= mine_.size()) mine_.resize(static_cast<std::size_t>(cpu) + 1, false);
    mine_[cpu] = true;
  }
  // `t`, being enqueued here for `why`, comes from another queue.
  bool foreign(const SchedContext& ctx, TaskId t, EnqueueReason why) const {
    if (why == EnqueueReason::Migrated) return true;
    if (why == EnqueueReason::Arrival) return false;
    const CpuId last = ctx.task(t).last_cpu;
    return last != kNoCpu && (last >= mine_.size() || !mine_[last]);
  }

 private:
  std::vector<bool> mine_;
};

}  // namespace timeslice::fair
