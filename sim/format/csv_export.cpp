#include "sim/format/csv_export.h"

#include <algorithm>
#include <tuple>

#include "sim/format/export_common.h"
#include "sim/format/report.h"

namespace timeslice {

std::string cpus_csv(const Results& r) {
  std::string out = csv_line({"name", "class", "busy_ns", "switch_ns", "migration_ns", "scheduler_ns",
                              "interrupt_ns", "idle_ns", "utilization"});
  for (const CpuResult& c : r.cpus)
    out += csv_line({csv_field(c.name), csv_field(c.cpu_class), std::to_string(c.busy),
                     std::to_string(c.switching), std::to_string(c.migration),
                     std::to_string(c.scheduler), std::to_string(c.interrupt),
                     std::to_string(c.idle), csv_real(c.utilization)});
  return out;
}

namespace {

struct Row {
  Time start = 0;
  int lane_kind = 0;  // CPUs (0) before devices (1) at one time
  std::uint64_t lane = 0;
  std::string text;
};

std::string cpu_row(const CpuSlice& s, const Workload& w) {
  std::string reason, detail;
  if (s.kind == SliceKind::Run) {
    reason = slice_end_name(s.reason);
    if (s.reason == SliceEnd::Blocked && s.aux < w.devices.size()) detail = w.devices[s.aux].name;
    if (s.reason == SliceEnd::Preempted) detail = task_name(w, s.aux);
    if (s.reason == SliceEnd::LockWait && s.aux < w.locks.size()) detail = w.locks[s.aux].name;
  }
  const std::string task = s.task == kNoTask ? std::string() : task_name(w, s.task);
  return csv_line({csv_field(w.machine.cpus[s.cpu].name), "cpu", "", slice_kind_name(s.kind),
                   csv_field(task), std::to_string(s.start), std::to_string(s.end),
                   std::to_string(s.end - s.start), reason, csv_field(detail)});
}

std::string device_row(const DeviceSlice& s, const Workload& w) {
  return csv_line({csv_field(w.devices[s.device].name), "device", std::to_string(s.channel), "io",
                   csv_field(task_name(w, s.task)), std::to_string(s.start), std::to_string(s.end),
                   std::to_string(s.end - s.start), "", ""});
}

}  // namespace

std::string slices_csv(const Workload& w, const Trace& trace) {
  std::vector<Row> rows;
  rows.reserve(trace.cpu_slices.size() + trace.device_slices.size());
  for (const CpuSlice& s : trace.cpu_slices)
    if (s.cpu < w.machine.cpus.size()) rows.push_back({s.start, 0, s.cpu, cpu_row(s, w)});
  for (const DeviceSlice& s : trace.device_slices)
    if (s.device < w.devices.size())
      rows.push_back({s.start, 1, (std::uint64_t{s.device} << 32) | s.channel, device_row(s, w)});
  // Stable: slices of one lane starting together keep the order they ended in.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.start, a.lane_kind, a.lane) < std::tie(b.start, b.lane_kind, b.lane);
  });
  std::string out = csv_line({"lane", "lane_kind", "channel", "kind", "task", "start_ns", "end_ns",
                              "duration_ns", "reason", "detail"});
  for (const Row& r : rows) out += r.text;
  return out;
}

std::vector<std::pair<std::string, std::string>> csv_files(const Workload& w, const Results& r,
                                                           const Trace& trace) {
  std::vector<std::pair<std::string, std::string>> files = {{"tasks.csv", tasks_csv(r)},
                                                            {"cpus.csv", cpus_csv(r)},
                                                            {"slices.csv", slices_csv(w, trace)},
                                                            {"summary.csv", summary_csv({r})}};
  if (!r.runtimes.empty()) files.emplace_back("runtimes.csv", runtimes_csv(r));
  return files;
}

}  // namespace timeslice
