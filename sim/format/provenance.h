// How a result was made, carried inside it: a figure must say which
// timeslice made it, with which seed, and with which scheduler and machine --
// after every command-line override (--policy, --quantum, --cpus, --seed,
// --set), not as the workload file says.
//
// provenance_json() goes into the JSON result (`"provenance"`), the Chrome
// trace (otherData) and, as text, into CSV files (comment lines) and the SVG
// (<metadata>). Every time is integer nanoseconds under a key ending in _ns.
//   { "generator": "timeslice", "version": "0.1.0", "seed": 7,
//     "scheduler": { "policy": "rr", "quantum_ns": 4000000, ...every parameter
//                    the workload sets..., "same_time": "arrivals_first",
//                    "queues": "global", "locks": "none",
//                    "defaults": { "PARAM": "its default, as --help says" } },
//     "machine": { "cpus": 2, "tick_ns": 0, "costs": { "process_switch_ns": 0, ... },
//                  "cpu_list": [ { "name", "speed", "class" } ]  (only when the
//                  CPUs differ in speed or class) } }
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/workload.h"

namespace timeslice {

// The version of this build ("0.1.0").
const char* timeslice_version();

nlohmann::ordered_json provenance_json(const Workload& workload);

// The scheduler part alone (for `compare`, where it differs by run).
nlohmann::ordered_json scheduler_provenance_json(const Workload& workload);

// provenance_json() as comment lines, each starting with `prefix`:
//   # timeslice 0.1.0, seed 7
//   # scheduler {"policy":"rr","quantum_ns":4000000,...}
//   # machine {"cpus":2,...}
std::string provenance_lines(const Workload& workload, const std::string& prefix = "# ");

}  // namespace timeslice
