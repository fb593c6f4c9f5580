// A run as CSV files for spreadsheets, pandas and R (`timeslice run
// --csv-dir DIR`). Times are integer nanoseconds like the JSON result; every
// file has a header row.
//
//   tasks.csv    a row per task (tasks_csv in report.h)
//   cpus.csv     a row per CPU: name, class, busy_ns, switch_ns, migration_ns,
//                scheduler_ns, interrupt_ns, idle_ns, utilization
//   slices.csv   a row per slice, in order of start time (then CPUs before
//                devices, by index): lane, lane_kind (cpu|device), channel,
//                kind (run|scheduler|switch|migration|interrupt|io), task,
//                start_ns, end_ns, duration_ns, reason (why a run slice ended:
//                exited, blocked, slept, yielded, expired, preempted,
//                interrupted, continued, horizon), detail (the device a task
//                blocked on, the task that preempted it)
//   summary.csv  the whole-run figures (summary_csv in report.h)
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

std::string cpus_csv(const Results& results);

// Needs a trace recorded at RecordLevel::Slices or above.
std::string slices_csv(const Workload& workload, const Trace& trace);

// Every file above as (file name, contents), in a fixed order.
std::vector<std::pair<std::string, std::string>> csv_files(const Workload& workload,
                                                           const Results& results,
                                                           const Trace& trace);

}  // namespace timeslice
