// Mutexes (lock/unlock phases): who holds each lock, who waits for it and
// since when, the priority protocols (scheduler.locks: none, inheritance,
// ceiling), the order waiters get a lock (scheduler.lock_wakeup: fifo or
// priority), and deadlock detection.
// Part of the engine (engine_impl.h); the engine calls, in Engine::step():
//
//   init     once, before the first event, after the policies exist. Sets
//            every task's effective priority to Policy::base_priority, and
//            each lock's ceiling. Without locks it keeps no per-task tables.
//   acquire  when a task reaches a lock phase, on CPU c or off-CPU (kNoCpu).
//            Takes the lock and returns true (the caller moves on), or blocks
//            the task on it and returns false; on a CPU it then closes the
//            task's Run slice and stops it. Throws Deadlock when the wait
//            closes a cycle of holders.
//   release  when a task reaches an unlock phase (on CPU c or off-CPU). Hands
//            the lock to the next waiter, which continues its program
//            off-CPU (Core::enter_phase), and drops the releaser's
//            priority back.
// Both may change effective priorities, which may requeue a queued task, mark
// a CPU for a decision, or ask whether a queued task now preempts a running one.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class Locks {
 public:
  void init(Core& e);
  bool acquire(Core& e, Task& t, std::uint32_t lock, CpuId c);
  void release(Core& e, Task& t, std::uint32_t lock, CpuId c);

 private:
  static constexpr std::uint32_t kNoLock = 0xffffffffu;
  // A mutex: its holder and the tasks blocked on it, in the order they came
  // (with when they started waiting).
  struct Lock {
    TaskId holder = kNoTask;
    std::deque<std::pair<TaskId, Time>> waiters;
    std::int64_t ceiling = INT64_MAX;  // most urgent base priority of any task that takes it
  };

  void take(Core& e, Task& t, std::uint32_t lock);
  void refresh_priority(Core& e, TaskId id);
  void recheck_preemption(Core& e, CpuId c);
  void check_deadlock(const Core& e, TaskId id, std::uint32_t lock) const;

  std::vector<Lock> locks_;
  std::vector<std::vector<std::uint32_t>> held_;  // per task: locks it holds (empty without locks)
  std::vector<std::uint32_t> waiting_for_;        // per task: lock it is blocked on, or kNoLock
};

}  // namespace timeslice::engine
