// One fuzz input: parse it as a workload file and, when it parses and is
// small, simulate it briefly with every check on, then render every export.
// Shared by the libFuzzer target (fuzz/fuzz_workload.cpp) and the regression
// test (tests/unit-fuzz-regressions.cpp), so both run exactly the same code.
//
// Bad input must end in WorkloadError or std::invalid_argument (the parser or
// the engine refusing it) or SimulationLimit (a run past 2^62 ns). The
// estimate of a run's events (estimate_events) is computed for every input
// that parses. Any other
// exception (e.g. InvariantViolation, std::logic_error, std::out_of_range,
// nlohmann::json errors) escapes: under libFuzzer that is a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/engine.h"
#include "sim/core/invariants.h"
#include "sim/core/results.h"
#include "sim/core/run.h"
#include "sim/core/trace.h"
#include "sim/format/chrome_trace.h"
#include "sim/format/csv_export.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "sim/format/svg_gantt.h"
#include "sim/format/workload_json.h"

namespace timeslice::fuzz {

// Caps that keep one input fast (a few ms): bigger inputs are only parsed.
constexpr std::size_t kMaxInputBytes = 64 * 1024;
constexpr std::size_t kMaxTasks = 64;
constexpr std::size_t kMaxPhases = 4096;
constexpr std::size_t kMaxCpus = 64;
constexpr std::uint64_t kMaxSteps = 20000;   // engine events per input
constexpr std::size_t kMaxExportSlices = 4000;
// Horizon for periodic tasks without `jobs` (they would never end).
constexpr Time kHorizon = 2 * kSecond;

enum class Outcome {
  TooBig,     // input larger than kMaxInputBytes: ignored
  Rejected,   // WorkloadError / std::invalid_argument
  Limit,      // SimulationLimit
  ParsedOnly, // parsed, too large to simulate
  Capped,     // simulated kMaxSteps events without finishing
  Ran,        // simulated to the end (and exported)
};

inline Outcome run_input(std::string_view text) {
  if (text.size() > kMaxInputBytes) return Outcome::TooBig;
  try {
    const Workload w = parse_workload(text, "fuzz.json");
    if (w.tasks.size() > kMaxTasks || w.phases.size() > kMaxPhases ||
        w.machine.cpus.size() > kMaxCpus)
      return Outcome::ParsedOnly;

    Time until = kNever;
    for (const TaskSpec& t : w.tasks)
      if (t.period > 0 && t.jobs == 0) until = kHorizon;
    // The up-front cost estimate must hold for anything that parses.
    const EventEstimate estimate = estimate_events(w, until);
    if (!(estimate.events >= 0)) throw std::logic_error("estimate_events: not a count");

    EngineOptions options;
    options.until = until;
    options.check_invariants = true;
    Engine engine(w, options);
    StatsCollector stats(w);
    TraceRecorder recorder(RecordLevel::Decisions);
    InvariantChecker checker(w, until);
    engine.add_observer(&stats);
    engine.add_observer(&recorder);
    engine.add_observer(&checker);
    std::uint64_t steps = 0;
    while (engine.step())
      if (++steps >= kMaxSteps) return Outcome::Capped;

    const Results results = stats.results();
    const Trace& trace = recorder.trace();
    std::size_t bytes = 0;
    bytes += text_report(results).size();
    bytes += result_json(results, until).dump().size();
    for (const Decision& d : trace.decisions) bytes += explain(d, w).size();
    if (trace.cpu_slices.size() + trace.device_slices.size() <= kMaxExportSlices) {
      bytes += gantt_chart(trace, w).size();
      bytes += chrome_trace_json(w, results, trace).size();
      SvgOptions svg;
      svg.task_lanes = true;
      bytes += svg_gantt(w, results, trace, svg).size();
      for (const auto& file : csv_files(w, results, trace)) bytes += file.second.size();
    }
    (void)bytes;  // only computed so that every export really runs
    return Outcome::Ran;
  } catch (const WorkloadError&) {
    return Outcome::Rejected;
  } catch (const std::invalid_argument&) {
    return Outcome::Rejected;
  } catch (const SimulationLimit&) {
    return Outcome::Limit;
  }
}

}  // namespace timeslice::fuzz
