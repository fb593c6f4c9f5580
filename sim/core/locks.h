// Mutexes (lock/unlock phases): who holds each lock, who waits for it and
// since when, the priority protocols (scheduler.locks: none, inheritance,
// ceiling), the order waiters get a lock (scheduler.lock_wakeup: fifo or
// priority), deadlock detection, and the switch interval (a lock's
// switch_interval: CPython's GIL drop request).
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
//   on_timer  a LockTimer event for lock l fired (generation gen; false if
//            stale): a waiter has waited the lock's switch_interval without
//            it changing hands, so its holder is asked to drop it. A running
//            holder's run ends now; one off its CPU drops when it next runs.
//   must_drop whether task id was asked to drop a lock (burst_end, run_end).
//   drop     from run_end, for a running task that must_drop with CPU work
//            left: it drops the lock (handed to a waiter as by release) and
//            queues for it again; when it gets it back it is made ready with
//            the rest of its burst (Core::resume_ready), as CPython's
//            FORCE_SWITCHING drop_gil/take_gil do.
// Both may change effective priorities, which may requeue a queued task, mark
// a CPU for a decision, or ask whether a queued task now preempts a running one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
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
  bool on_timer(Core& e, std::uint32_t lock, std::uint32_t gen);
  bool must_drop(TaskId id) const { return asked_ != 0 && lock_to_drop(id) != kNoLock; }
  void drop(Core& e, Task& t, CpuId c);

 private:
  static constexpr std::uint32_t kNoLock = 0xffffffffu;
  struct Waiter {
    TaskId task;
    Time since;    // when it started waiting
    bool resumes;  // it dropped the lock mid-burst (switch_interval) and goes on with that burst
  };
  // A mutex: its holder and the tasks blocked on it, in the order they came.
  struct Lock {
    TaskId holder = kNoTask;
    Time held_since = 0;
    std::deque<Waiter> waiters;
    std::int64_t ceiling = INT64_MAX;  // most urgent base priority of any task that takes it
    Time switch_interval = 0;          // 0: the holder is never asked to drop it
    std::uint32_t timer_gen = 0;       // bumps invalidate a pending LockTimer
    Time drop_asked_at = -1;           // when the holder was asked to drop it, or -1
  };

  void take(Core& e, Task& t, std::uint32_t lock);
  std::size_t next_waiter(const Core& e, const Lock& lock) const;
  Waiter pass_on(Core& e, Task& t, std::uint32_t lock, CpuId c, std::size_t heir);
  void go_on(Core& e, const Waiter& w);
  void arm_timer(Core& e, std::uint32_t lock);
  std::uint32_t lock_to_drop(TaskId id) const;
  void refresh_priority(Core& e, TaskId id);
  void recheck_preemption(Core& e, CpuId c);
  void check_deadlock(const Core& e, TaskId id, std::uint32_t lock) const;

  std::vector<Lock> locks_;
  std::vector<std::vector<std::uint32_t>> held_;  // per task: locks it holds (empty without locks)
  std::vector<std::uint32_t> waiting_for_;        // per task: lock it is blocked on, or kNoLock
  std::size_t asked_ = 0;                         // locks whose holder was asked to drop them
};

}  // namespace timeslice::engine
