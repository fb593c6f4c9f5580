// Memory over a run (SPEC §10) for the charts: what processes, thread stacks
// and fiber stacks took over time, against machine.memory, and the spawns
// (and arrivals) refused because they did not fit.
//
// Built from the trace's memory changes (Trace::memory, kept by runs that
// create tasks or have a memory or thread limit: records_memory()) and its
// SpawnRefused decisions. Every change is kept as the engine reported it,
// several at one time included, so the peaks are the results' exactly; a bin
// of the chart shows the moment of highest use inside it (a range maximum in
// O(log n)), so a peak stays visible however far out the view is and a
// frame costs O(bins x log n) however long the run.
// Pure: no window, no ImGui; unit-tested in tests/gui.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice::gui {

class MemoryView {
 public:
  MemoryView() = default;
  MemoryView(const Workload& workload, const Trace& trace);

  // Whether the run kept its memory (records_memory() and a timeline).
  bool shown() const { return shown_; }
  std::int64_t limit() const { return limit_; }  // machine.memory; 0: unlimited
  std::uint32_t max_threads() const { return max_threads_; }

  // Highest total in use at once, and each kind's own highest (not at one
  // moment): as Results::memory.
  std::int64_t peak() const { return peak_; }
  const MemoryUse& peak_by_kind() const { return peak_by_kind_; }
  // In use after everything that happened at or before t.
  MemoryUse at(Time t) const;
  // The changes as reported, in order (times ascending, repeats allowed).
  const std::vector<Time>& times() const { return time_; }
  const std::vector<MemoryUse>& uses() const { return use_; }

  // For each of `bins` equal bins of [t0, t1), the use at the moment of
  // highest total in it: the use in effect when the bin starts or any change
  // inside it.
  std::vector<MemoryUse> peaks(double t0, double t1, int bins) const;

  // Refused spawns and arrivals (SpawnRefused decisions), by time: when, and
  // the decision (index into Trace::decisions) that says who and why. Empty
  // without recorded decisions.
  const std::vector<Time>& refusal_times() const { return refusal_time_; }
  const std::vector<std::uint32_t>& refusal_decisions() const { return refusal_decision_; }

 private:
  // Index of the change of highest total in [first, last) (last > first).
  std::uint32_t highest(std::uint32_t first, std::uint32_t last) const;

  bool shown_ = false;
  std::int64_t limit_ = 0;
  std::uint32_t max_threads_ = 0;
  std::int64_t peak_ = 0;
  MemoryUse peak_by_kind_;
  std::vector<Time> time_;
  std::vector<MemoryUse> use_;
  std::vector<std::uint32_t> tree_;  // range maximum: node i's best change (leaves at n + k)
  std::vector<Time> refusal_time_;
  std::vector<std::uint32_t> refusal_decision_;
};

}  // namespace timeslice::gui
