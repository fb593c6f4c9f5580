// The invariant checker: an observer that fails loudly when the engine breaks
// a rule every schedule must obey. Run on every test simulation.
//   - a CPU does one thing at a time: its slices never overlap;
//   - a task is never on two CPUs: its Run slices never overlap;
//   - a task runs only when it is Running, and finishes once;
//   - every finished task's CPU time equals its work scaled by the speeds of
//     the CPUs it ran on (exactly, up to the sub-nanosecond rounding of the
//     last slice of each CPU phase);
//   - no task is lost: without a horizon every task finishes;
//   - two levels (SPEC §9): a fiber runs on one carrier at a time, a carrier
//     runs one fiber at a time, and per carrier the fiber slices (running and
//     switching fibers) add up exactly to the carrier's CPU time.
// (The engine itself checks that the policies hold exactly the ready tasks.)
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/observer.h"

namespace timeslice {

class InvariantViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class InvariantChecker final : public Observer {
 public:
  // `horizon`: the run's --until (kNever if none).
  InvariantChecker(const Workload& workload, Time horizon);
  void on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) override;
  void on_cpu_slice(const CpuSlice& slice) override;
  void on_fiber_slice(const FiberSlice& slice) override;
  void on_finish(Time end, std::uint64_t events) override;
  // Refused tasks never run (SPEC §10): they are not expected to finish.
  void on_decision(const Decision& d) override {
    if (d.kind == DecisionKind::SpawnRefused) refused_[d.other] = true;
    if (d.kind == DecisionKind::Exit && d.arg == 1) refused_[d.task] = true;  // gave up: its work is not all done
  }
  DecisionKinds decision_kinds() const override {
    return decision_bit(DecisionKind::SpawnRefused) | decision_bit(DecisionKind::Exit);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const;
  const Workload& workload_;
  Time horizon_;
  std::vector<Time> cpu_free_at_;     // end of the last slice per CPU
  std::vector<Time> task_free_at_;    // end of the last Run slice per task
  std::vector<TaskState> state_;
  std::vector<bool> refused_;  // refused, or gave up at a refusal
  std::vector<std::int64_t> work_done_;  // milli-work per task
  std::vector<Time> carrier_cpu_;        // per task: Run time on CPUs (carriers)
  std::vector<Time> carrier_fibers_;     // per task: fiber slice time (carriers)
  std::vector<Time> carrier_free_at_;    // per task: end of its last fiber slice (carriers)
};

}  // namespace timeslice
