// Results as JSON (SPEC §6). Every time is an integer number of nanoseconds
// under a key ending in `_ns`; a figure a task does not have yet (unfinished,
// never ran) is null.
//
// Objects are nlohmann::ordered_json so the output keeps the SPEC's key order
// (workload, policy, summary, tasks, cpus) and reads top-down. It converts
// implicitly to nlohmann::json where a caller wants that type.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/core/results.h"

namespace timeslice {

using ResultJson = nlohmann::ordered_json;

// The whole result: workload, policy, summary, tasks, cpus, and until_ns when
// the run had a horizon (until != kNever).
ResultJson result_json(const Results& results, Time until = kNever);

// The summary. A figure no task has yet -- turnaround when nothing finished
// before the horizon, response when nothing ran -- is null, not a mean of
// nothing; so the summary needs the task rows too.
ResultJson summary_json(const Results& results);
ResultJson task_json(const TaskResult& task, bool cpu_parts = false);
ResultJson cpu_json(const CpuResult& cpu, bool cpu_parts = false);

// Whether the run's Spread of turnaround / response / waiting has any values.
bool has_turnaround(const Results& results);
bool has_response(const Results& results);
bool has_waiting(const Results& results);

// `timeslice compare`: { workload, [until_ns], runs: [ { policy, summary } ] }.
ResultJson compare_json(const std::vector<Results>& runs, Time until = kNever);

}  // namespace timeslice
