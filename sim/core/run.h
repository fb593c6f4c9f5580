// One call to simulate a workload: engine + statistics + trace (+ invariant
// checking), for the CLI, the GUI and tests.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/engine.h"
#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

// The event budget of the CLI and the GUI unless told otherwise: a run that
// has handled this many engine events is stopped (EventBudgetExceeded). The
// million-task benchmark takes about 10 million.
constexpr std::uint64_t kDefaultMaxEvents = 200'000'000;

// The records budget of the CLI unless told otherwise: a run that has kept
// this many trace records (CPU, device and fiber slices, task state changes,
// decisions and memory changes; about 30 to 40 bytes each, so under 2 GiB) is stopped
// (RecordBudgetExceeded). The million-task benchmark keeps about 40 million
// at the slices level. A run at RecordLevel::Metrics keeps none.
constexpr std::uint64_t kDefaultMaxRecords = 50'000'000;

struct RunOptions {
  Time until = kNever;                 // horizon
  RecordLevel record = RecordLevel::Slices;
  bool check_invariants = false;       // throws InvariantViolation on a breach
  bool task_rows = true;               // Results::tasks (off: whole-run figures only)
  // Called now and then (every 2^18 engine events) with how far the run is,
  // 0 to 1: simulated time over the horizon, or without one the share of
  // tasks that finished. For progress bars; it does not change the run.
  std::function<void(double)> progress;
  // Stop with EventBudgetExceeded once this many events are handled (0: no
  // budget). check_event_budget() refuses up front what is sure to pass it.
  std::uint64_t max_events = 0;
  // Stop with RecordBudgetExceeded once the trace holds more than this many
  // records (0: no budget). Looked at with the event budget, every 1024
  // events, so the trace may pass it by a few thousand records.
  std::uint64_t max_records = 0;
  // Given every decision as it is made, e.g. to write --explain as the run
  // goes instead of keeping the log.
  Observer* watcher = nullptr;
};

// A run stopped by its event budget, or refused because it is sure to
// exceed it. The message says how far the run got or which field makes it
// that long, and the budget; field() is the JSON path to change (empty when
// the run was stopped).
class EventBudgetExceeded : public SimulationLimit {
 public:
  EventBudgetExceeded(const std::string& message, std::string field)
      : SimulationLimit(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// A run stopped by its records budget: the message says how far it got and
// the budget. The caller adds what to change (a lower record level, a larger
// budget, an earlier end).
class RecordBudgetExceeded : public SimulationLimit {
 public:
  using SimulationLimit::SimulationLimit;
};

// The number of records `trace` holds, as the records budget counts them.
std::uint64_t record_count(const Trace& trace);

// The fewest events a run of `workload` up to `until` can take, and the field
// that forces them: a quantum (every slice ends with an event), a tick, the
// balance interval, the boost period, periodic jobs, program phases. A lower
// bound, so refusing a run above the budget never refuses one that fits.
struct EventEstimate {
  double events = 0;
  std::string field;   // "scheduler.quantum", "machine.tick", "tasks[3].period", ...
  std::string reason;  // "a 1ns quantum over 10s of CPU work"
};
EventEstimate estimate_events(const Workload& workload, Time until);

// Throws EventBudgetExceeded naming the field when estimate_events() is over
// `max_events` (0: no budget).
void check_event_budget(const Workload& workload, Time until, std::uint64_t max_events);

struct RunOutput {
  Results results;
  Trace trace;  // empty at RecordLevel::Metrics
};

RunOutput simulate(const Workload& workload, const RunOptions& options = {});

// One line of text for a decision, for --explain and the GUI's log:
// "A's quantum (4ms) expired; A back to the ready queue".
std::string explain(const Decision& d, const Workload& workload);

}  // namespace timeslice
