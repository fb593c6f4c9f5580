// A run as a Chrome Trace Event Format file (`timeslice run --trace OUT.json`),
// for chrome://tracing and Perfetto (ui.perfetto.dev).
//
// The file follows the JSON Object Format of Google's "Trace Event Format"
// document: { "traceEvents": [...], "systemTraceEvents": "...", "otherData": {...},
// "metadata": { "clock-domain": "LINUX_FTRACE_GLOBAL" } } -- the last key tells
// chrome://tracing that the JSON events and the ftrace text share one clock.
//
// traceEvents
//   - "M" metadata events name every track: process_name / thread_name, with
//     process_sort_index / thread_sort_index so the tracks come in a fixed order.
//   - "X" complete events, one per slice, with ts and dur in microseconds as the
//     format requires, written as exact decimals ("ts":1234.567) so no
//     nanosecond is lost. Their args carry the task, why the slice ended and
//     start/end/duration in integer nanoseconds.
//   - "C" counter events: the number of ready tasks ("ready queue" / "length")
//     each time it changes.
//   - "i" instant events, when the run recorded decisions (run --record
//     decisions): one per scheduling decision, named by its kind ("dispatch",
//     "preempt", ...) with the --explain sentence in args, on the deciding
//     CPU's track (or the task's track for decisions no CPU made).
// Tracks (pid/tid):
//   - process "CPUs" (pid 1): a thread per CPU; a slice per task run (named by
//     the task) and per overhead slice (scheduler, switch, migration, interrupt).
//   - process "Devices": a thread per device channel that served requests.
//   - one process per workload process, a thread per task (its threads): the
//     task's states as slices, named running / ready / blocked / sleeping.
//     A task's tid is task_tid(); a process's pid is the tid of its first
//     task, as Linux numbers a thread group after its leader.
//
// systemTraceEvents: the same run as ftrace text (tracer nop), the form from
// which Perfetto builds its per-CPU scheduling tracks and thread states:
//   "# tracer: nop" header, then sched_waking + sched_wakeup pairs and
//   sched_switch lines in the
//   kernel's text format, e.g.
//        A-1000  ( 1000) [000] d..2     0.004000000: sched_switch: prev_comm=A
//        prev_pid=1000 prev_prio=120 prev_state=R+ ==> next_comm=B next_pid=1001 next_prio=120
//   (one line). Task names have spaces and '=' replaced by '_' (ftrace comms
//   never contain them); pids are the JSON tids, so Perfetto joins both views
//   of a task into one thread. Timestamps are seconds with nine decimals
//   (nanoseconds, as `perf script --ns` and trace-cmd print them; the kernel's
//   own trace file prints six). A task leaving the CPU appears as a switch to
//   the idle task (swapper/N) until the next task starts, so dispatch
//   overhead reads as idle in that view; the CPU tracks above show it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/results.h"
#include "sim/core/trace.h"
#include "sim/core/workload.h"

namespace timeslice {

struct ChromeTraceOptions {
  bool system_trace = true;  // include systemTraceEvents (ftrace text)
};

// The whole file. Needs a trace recorded at RecordLevel::Slices or above.
std::string chrome_trace_json(const Workload& workload, const Results& results,
                              const Trace& trace, const ChromeTraceOptions& options = {});

// Just the ftrace text carried under "systemTraceEvents".
std::string ftrace_text(const Workload& workload, const Trace& trace);

// The pid/tid numbering shared by both parts of the file.
struct TraceIds {
  explicit TraceIds(const Workload& workload);
  static constexpr int kCpuPid = 1;
  std::int64_t cpu_tid(CpuId cpu) const;
  std::int64_t device_pid() const { return device_pid_; }
  std::int64_t device_tid(DeviceId device, std::uint32_t channel) const;
  std::int64_t task_tid(TaskId task) const { return task_base_ + task; }
  std::int64_t process_pid(ProcessId process) const;  // tid of the process's first task

 private:
  std::int64_t device_pid_ = 0;
  std::vector<std::int64_t> device_first_tid_;  // per device: tid of channel 0
  std::int64_t task_base_ = 1000;
  std::vector<std::int64_t> process_pid_;
};

// A task name as an ftrace comm: whitespace, control characters and '='
// become '_' so the line splits into its fields.
std::string ftrace_comm(const std::string& name);

}  // namespace timeslice
