// One call to simulate a workload: engine + statistics + trace (+ invariant
// checking), for the CLI, the GUI and tests.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

struct RunOptions {
  Time until = kNever;                 // horizon
  RecordLevel record = RecordLevel::Slices;
  bool check_invariants = false;       // throws InvariantViolation on a breach
  bool task_rows = true;               // Results::tasks (off: whole-run figures only)
  // Called now and then (every 2^18 engine events) with how far the run is,
  // 0 to 1: simulated time over the horizon, or without one the share of
  // tasks that finished. For progress bars; it does not change the run.
  std::function<void(double)> progress;
};

struct RunOutput {
  Results results;
  Trace trace;  // empty at RecordLevel::Metrics
};

RunOutput simulate(const Workload& workload, const RunOptions& options = {});

// One line of text for a decision, for --explain and the GUI's log:
// "A's quantum (4ms) expired; A back to the ready queue".
std::string explain(const Decision& d, const Workload& workload);

}  // namespace timeslice
