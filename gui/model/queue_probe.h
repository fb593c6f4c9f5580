// Run queues at a moment, exactly as the policy orders them, by replaying
// the run in an Engine: run_until(t) then run_queues(). The engine is kept at
// the furthest time reached, so playing forward costs only the new events;
// going back restarts it from 0 (a million events take ~0.1 s).
// Pure: no window; unit-tested against hand-worked examples.
#pragma once

#include <memory>
#include <vector>

#include "sim/core/engine.h"

namespace timeslice::gui {

struct QueueSnapshot {
  Time time = 0;
  std::vector<std::vector<TaskId>> queues;   // each run queue, in pick order
  std::vector<TaskId> current;               // per CPU: running or being dispatched
  std::vector<std::vector<TaskId>> blocked;  // per device, tasks waiting for it
  std::vector<TaskId> sleeping;
  std::size_t not_arrived = 0, done = 0;
};

class QueueProbe {
 public:
  // `workload` must outlive the probe.
  explicit QueueProbe(const Workload& workload) : workload_(workload) {}
  // The state after everything that happens at t.
  const QueueSnapshot& at(Time t);

 private:
  const Workload& workload_;
  std::unique_ptr<Engine> engine_;
  Time reached_ = -1;
  QueueSnapshot snapshot_;
  bool valid_ = false;
};

}  // namespace timeslice::gui
