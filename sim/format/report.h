// Results for people and spreadsheets: the text report of `timeslice run`,
// CSV of tasks and summaries, the ASCII Gantt chart (--gantt) and the table of
// `timeslice compare`. Times in text use human units (format_duration); times
// in CSV are integer nanoseconds like the JSON, with an empty cell for null.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

// User text (task, CPU, device and workload names) as shown on a terminal:
// control characters (ESC, NUL, newline, ...) written as \x1b, \x00, \x0a,
// so a name cannot move the cursor, recolour the screen or break a table.
// Every text output here applies it; JSON and CSV keep names as they are.
std::string printable(std::string_view text);

// Whole-run figures: makespan, completion, throughput, fairness, overhead,
// counters, and the mean/p50/p95/p99/max of turnaround, response and waiting.
std::string summary_text(const Results& results);

// One aligned row per task; "-" for a figure the task does not have.
std::string task_table(const Results& results);

// One aligned row per CPU: busy, switch, migration, scheduler, interrupt, idle
// times and utilization.
std::string cpu_table(const Results& results);

// The default output of `timeslice run`: summary, then (unless summary_only)
// the task and CPU tables, separated by blank lines.
std::string text_report(const Results& results, bool summary_only = false);

// CSV of tasks: a header row and one row per task, in file order.
std::string tasks_csv(const Results& results);
// One row per user-level runtime (SPEC §9).
std::string runtimes_csv(const Results& results);
// "task", "fiber" or "carrier".
const char* role_name(TaskRole role);

// CSV of whole-run figures: a header row and one row per result (one for
// `run --summary`, one per policy for `compare`).
std::string summary_csv(const std::vector<Results>& runs);

// The columns of summary_csv and one run's cells (already CSV-quoted), for
// tables that add columns of their own (`timeslice sweep`).
std::vector<std::string> summary_csv_header();
std::vector<std::string> summary_csv_fields(const Results& results);

// CSV building blocks: a field quoted when it needs to be (RFC 4180), a line
// of fields, and a real number written exactly as the JSON output writes it.
std::string csv_field(const std::string& text);
std::string csv_line(const std::vector<std::string>& fields);
std::string csv_real(double value);

struct GanttOptions {
  int width = 100;  // columns for the whole run
};

// ASCII timeline: a row per CPU, then a row per device. Each column shows what
// occupied most of its stretch of time: a task's letter (A-Z, a-z, 0-9 in file
// order, then '?'), '~' switch or migration, '*' scheduler, '!' interrupt,
// '.' idle. A time axis and a legend follow.
std::string gantt_chart(const Trace& trace, const Workload& workload,
                        const GanttOptions& options = {});

// The character a task is drawn with in the Gantt chart.
char gantt_symbol(TaskId task);

// `timeslice compare`: one aligned row per policy.
std::string compare_table(const std::vector<Results>& runs);

}  // namespace timeslice
