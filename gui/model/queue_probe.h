// Run queues at a moment, exactly as the policy orders them, by replaying
// the run in an Engine: run_until(t) then run_queues(). The engine is kept at
// the furthest time reached, so playing forward costs only the new events;
// going back restarts it from 0 (a million events take ~0.1 s).
// Pure: no window; unit-tested against hand-worked examples.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/core/engine.h"

namespace timeslice::gui {

// A runtime at a moment (SPEC §9): its queues (Engine::runtime_queues) and
// its parked fibers by what they wait for.
struct RuntimeSnapshot {
  RuntimeQueues queues;
  std::vector<std::vector<TaskId>> on_channel;  // per channel: fibers parked sending or receiving
  std::vector<TaskId> on_poller;   // parked on pollable I/O (the poller readies them)
  std::vector<TaskId> on_timer;    // parked on a timer (sleep)
  std::vector<TaskId> in_syscall;  // held by a carrier blocked in the kernel (syscall, pool I/O)
};

struct QueueSnapshot {
  Time time = 0;
  std::vector<std::vector<TaskId>> queues;   // each run queue, in pick order
  std::vector<TaskId> current;               // per CPU: running or being dispatched
  std::vector<std::vector<TaskId>> blocked;  // per device, kernel tasks waiting for it
  std::vector<TaskId> sleeping;              // kernel tasks
  std::vector<RuntimeSnapshot> runtimes;     // Workload::runtimes order
  // Where the running and the first queued tasks stand in the policy
  // (Engine::policy_state: "level 1, used 3ms of 10ms"), by task.
  std::unordered_map<TaskId, std::string> policy_state;
  std::vector<TaskId> lock_holder;                // per lock: who holds it (kNoTask: free)
  std::vector<std::vector<TaskId>> lock_waiters;  // per lock, in the order they blocked
  std::size_t not_arrived = 0, done = 0;  // tasks and fibers (carriers are no tasks)
};

class QueueProbe {
 public:
  // Who holds each lock and who waits for it, told by the engine's lock
  // decisions (an observer: the engine's internals stay its own).
  class LockWatch final : public Observer {
   public:
    explicit LockWatch(std::size_t locks) : holder(locks, kNoTask), waiters(locks) {}
    void on_decision(const Decision& d) override;
    DecisionKinds decision_kinds() const override {
      return decision_bit(DecisionKind::LockWait) | decision_bit(DecisionKind::LockAcquire) |
             decision_bit(DecisionKind::LockRelease);
    }
    std::vector<TaskId> holder;
    std::vector<std::vector<TaskId>> waiters;
  };

  // `workload` must outlive the probe.
  explicit QueueProbe(const Workload& workload) : workload_(workload) {}
  // The state after everything that happens at t.
  const QueueSnapshot& at(Time t);

 private:
  const Workload& workload_;
  std::unique_ptr<LockWatch> locks_;  // observes engine_; declared first, dies last
  std::unique_ptr<Engine> engine_;
  Time reached_ = -1;
  QueueSnapshot snapshot_;
  bool valid_ = false;
};

}  // namespace timeslice::gui
