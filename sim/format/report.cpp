#include "sim/format/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "sim/format/result_json.h"

namespace timeslice {

namespace {

// ---- Aligned text tables -----------------------------------------------------

enum class Align { Left, Right };

struct Column {
  std::string header;
  Align align = Align::Right;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  std::size_t columns() const { return columns_.size(); }

  void add_row(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    for (std::string& cell : cells) cell = printable(cell);
    rows_.push_back(std::move(cells));
  }

  std::string render() const {
    std::vector<std::size_t> width(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      width[c] = columns_[c].header.size();
      for (const auto& row : rows_) width[c] = std::max(width[c], row[c].size());
    }
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c > 0) text += "  ";
        const std::string pad(width[c] - cells[c].size(), ' ');
        text += columns_[c].align == Align::Right ? pad + cells[c] : cells[c] + pad;
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text + '\n';
    };
    std::vector<std::string> headers;
    for (const Column& col : columns_) headers.push_back(col.header);
    line(headers);
    for (const auto& row : rows_) line(row);
    return out;
  }

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// ---- Number formatting -------------------------------------------------------

std::string printf_string(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string percent(double share) { return printf_string("%.1f%%", share * 100.0); }

// Text shows at most three decimals of the largest fitting unit, so round to
// that (6.786667ms -> 6.787ms) rather than let format_duration truncate and
// mark it "~"; JSON and CSV keep the exact nanoseconds. Zero reads better as a
// bare "0" in a column of figures than as "0ns".
std::string duration(Time t) {
  if (t == 0) return "0";
  const Time magnitude = t < 0 ? -t : t;
  const Time step = magnitude >= kSecond ? kMillisecond : magnitude >= kMillisecond ? kMicrosecond : 1;
  if (magnitude > kNever - step) return format_duration(t);
  const Time rounded = (magnitude + step / 2) / step * step;
  return format_duration(t < 0 ? -rounded : rounded);
}

std::string optional_duration(const std::optional<Time>& t) { return t ? duration(*t) : "-"; }

// A mean is a double; round it to whole nanoseconds first.
std::string rounded_duration(double ns) { return duration(static_cast<Time>(std::llround(ns))); }

std::string count(std::uint64_t n) { return std::to_string(n); }

std::string plural(std::uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte >= 0x20 && byte != 0x7f) {
      out += ch;
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

// ---- CSV fields -------------------------------------------------------------------

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + '"';
}

static std::string csv_time(const std::optional<Time>& t) { return t ? std::to_string(*t) : ""; }

// Same text as the JSON output, so CSV and JSON agree to the last digit.
std::string csv_real(double value) { return nlohmann::json(value).dump(); }

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += fields[i];
  }
  return line + '\n';
}

// ---- Text report ---------------------------------------------------------------

std::string summary_text(const Results& r) {
  const Summary& s = r.summary;
  std::string out;
  auto field = [&out](const std::string& label, const std::string& value) {
    out += label + std::string(12 - std::min<std::size_t>(label.size(), 11), ' ') + printable(value) + '\n';
  };
  field("Workload", r.workload.empty() ? "(unnamed)" : r.workload);
  field("Policy", r.policy + " on " + plural(r.cpus.size(), "CPU", "CPUs"));
  field("Makespan", duration(s.makespan));
  field("Completed", std::to_string(s.completed) + " of " + plural(s.tasks, "task", "tasks") +
                         ", throughput " + printf_string("%.2f", s.throughput_per_s) + " tasks/s");
  field("Fairness", printf_string("%.3f", s.jain_fairness) +
                        " (Jain's index of CPU share while runnable; 1 = fair), " +
                        printf_string("%.3f", s.weighted_fairness) + " weighted by nice");
  field("Overhead", percent(s.overhead_share) + " of non-idle CPU time (switches, scheduler, interrupts)");
  field("Counters", plural(s.context_switches, "context switch", "context switches") + ", " +
                        plural(s.preemptions, "preemption", "preemptions") + ", " +
                        plural(s.migrations, "migration", "migrations") + ", " +
                        plural(s.events, "event", "events"));
  const std::uint64_t jobs = s.jobs;
  if (jobs > 0)
    field("Deadlines", std::to_string(s.deadline_misses) + " of " + plural(jobs, "job", "jobs") +
                           " missed" + (s.deadline_misses ? "" : ": every deadline met"));
  if (shows_cpu_parts(r)) {
    Time busy = 0, spawning = 0, spinning = 0, polling = 0;
    for (const CpuResult& c : r.cpus) {
      busy += c.busy;
      spawning += c.spawning;
      spinning += c.spinning;
      polling += c.polling;
    }
    std::string parts;
    const auto part = [&](const char* what, Time t) {
      if (t > 0) parts += std::string(", ") + what + " " + duration(t) + " (" + percent(static_cast<double>(t) / static_cast<double>(busy)) + ")";
    };
    part("spinning", spinning);
    part("polling", polling);
    part("creating tasks", spawning);
    field("CPU use", "tasks busy " + duration(busy) + ": useful work " + duration(busy - spawning - spinning - polling) + parts);
  }
  if (shows_memory(r)) {
    const MemoryResult& m = r.memory;
    const MemoryUse& k = m.peak_by_kind;
    field("Memory", "peak " + format_bytes(m.peak) + (m.limit > 0 ? " of " + format_bytes(m.limit) : std::string()) +
                        " (processes " + format_bytes(k.process) + ", threads " + format_bytes(k.thread) + ", fibers " +
                        format_bytes(k.fiber) + "), " + plural(k.threads, "kernel thread", "kernel threads") +
                        " at most" + (m.max_threads > 0 ? " of " + std::to_string(m.max_threads) : std::string()) +
                        (m.overcommit ? "" : ", no overcommit"));
    if (m.refused > 0) field("Refused", plural(m.refused, "task", "tasks") + " did not fit and never ran");
  }
  for (const ClassResult& k : r.classes)
    field(&k == &r.classes.front() ? "Classes" : "",
          k.cpu_class + ": " + plural(k.cpus, "CPU", "CPUs") + ", busy " + duration(k.busy) + " (" +
              percent(k.utilization) + ")");
  out += '\n';

  Table spread({{"", Align::Left}, {"mean"}, {"p50"}, {"p95"}, {"p99"}, {"max"}});
  auto add = [&spread](const std::string& name, const Spread& x, bool any) {
    if (!any) spread.add_row({name, "-", "-", "-", "-", "-"});
    else spread.add_row({name, rounded_duration(x.mean), duration(x.p50), duration(x.p95),
                         duration(x.p99), duration(x.max)});
  };
  add("turnaround", s.turnaround, has_turnaround(r));
  add("response", s.response, has_response(r));
  add("waiting", s.waiting, has_waiting(r));
  out += spread.render();
  return out;
}

std::string task_table(const Results& r) {
  // Optional columns appear only when they say something.
  const bool show_process = std::any_of(r.tasks.begin(), r.tasks.end(),
                                        [](const TaskResult& t) { return t.process != t.name; });
  const bool show_misses = std::any_of(r.tasks.begin(), r.tasks.end(),
                                       [](const TaskResult& t) { return t.deadline_misses > 0; });
  const bool show_lock_wait = std::any_of(r.tasks.begin(), r.tasks.end(),
                                          [](const TaskResult& t) { return t.lock_wait > 0; });
  const bool show_runtime = !r.runtimes.empty();
  const bool show_parts = shows_cpu_parts(r);
  std::vector<Column> columns = {{"task", Align::Left}};
  if (show_process) columns.push_back({"process", Align::Left});
  if (show_runtime) columns.push_back({"runtime", Align::Left});
  for (const char* h : {"arrival", "first run", "completion", "turnaround", "response", "waiting",
                        "longest wait", "blocked", "cpu", "switches", "preempted", "migrated"})
    columns.push_back({h});
  if (show_misses) columns.push_back({"missed"});
  if (show_lock_wait) columns.push_back({"lock wait"});
  if (show_parts)
    for (const char* h : {"spinning", "polling", "spawning"}) columns.push_back({h});

  Table table(std::move(columns));
  for (const TaskResult& t : r.tasks) {
    if (!reported(t)) continue;
    std::vector<std::string> row = {t.name};
    if (show_process) row.push_back(t.process);
    if (show_runtime)
      row.push_back(t.role == TaskRole::Fiber ? t.runtime : t.role == TaskRole::Carrier ? t.runtime + " carrier" : "-");
    if (t.refused) {  // it never ran: nothing to show but that
      row.push_back("-");
      row.push_back("refused");
      while (row.size() < table.columns()) row.push_back("-");
      table.add_row(std::move(row));
      continue;
    }
    for (std::string cell :
         {duration(t.arrival), optional_duration(t.first_run), optional_duration(t.completion),
          optional_duration(t.turnaround), optional_duration(t.response), duration(t.waiting),
          duration(t.max_wait), duration(t.blocked), duration(t.cpu), count(t.context_switches),
          count(t.preemptions), count(t.migrations)})
      row.push_back(std::move(cell));
    if (show_misses) row.push_back(count(t.deadline_misses));
    if (show_lock_wait) row.push_back(duration(t.lock_wait));
    if (show_parts)
      for (Time part : {t.spinning, t.polling, t.spawning}) row.push_back(duration(part));
    table.add_row(std::move(row));
  }
  return table.render();
}

std::string cpu_table(const Results& r) {
  const bool show_class = std::any_of(r.cpus.begin(), r.cpus.end(),
                                      [](const CpuResult& c) { return !c.cpu_class.empty(); });
  std::vector<Column> columns = {{"cpu", Align::Left}};
  if (show_class) columns.push_back({"class", Align::Left});
  for (const char* h : {"busy", "switch", "migration", "scheduler", "interrupt", "idle", "utilization"})
    columns.push_back({h});

  Table table(std::move(columns));
  for (const CpuResult& c : r.cpus) {
    std::vector<std::string> row = {c.name};
    if (show_class) row.push_back(c.cpu_class);
    for (std::string cell : {duration(c.busy), duration(c.switching),
                             duration(c.migration), duration(c.scheduler),
                             duration(c.interrupt), duration(c.idle), percent(c.utilization)})
      row.push_back(std::move(cell));
    table.add_row(std::move(row));
  }
  return table.render();
}

// One row per lock: how long it was held, how often taken and fought over.
// Locks with a switch interval add it and their forced drops.
std::string lock_table(const Results& r) {
  const bool switching = std::any_of(r.locks.begin(), r.locks.end(),
                                     [](const LockResult& l) { return l.switch_interval > 0; });
  std::vector<Column> columns = {{"lock", Align::Left}, {"held"}, {"acquisitions"}, {"contended"}, {"longest wait"}};
  if (switching) columns.insert(columns.end(), {{"switch interval"}, {"forced drops"}});
  Table table(std::move(columns));
  for (const LockResult& l : r.locks) {
    std::vector<std::string> row = {l.name, duration(l.hold), count(l.acquisitions), count(l.contended),
                                    duration(l.max_wait)};
    if (switching) {
      row.push_back(l.switch_interval > 0 ? duration(l.switch_interval) : "-");
      row.push_back(l.switch_interval > 0 ? count(l.forced_drops) : "-");
    }
    table.add_row(std::move(row));
  }
  return table.render();
}

// Every job of the periodic and deadline tasks (the first kMaxJobRows).
std::string job_table(const Results& r) {
  constexpr std::size_t kMaxJobRows = 200;
  Table table({{"task", Align::Left}, {"job"}, {"release"}, {"deadline"}, {"completion"}, {"late by"}});
  std::size_t rows = 0, total = 0;
  for (const TaskResult& t : r.tasks)
    for (std::size_t i = 0; i < t.jobs.size(); ++i, ++total) {
      if (rows == kMaxJobRows) continue;
      const JobResult& j = t.jobs[i];
      std::string late = j.missed ? "unfinished" : "";
      if (j.completion && j.missed) late = duration(*j.completion - j.deadline);
      table.add_row({t.name, std::to_string(i + 1), duration(j.release),
                     j.deadline == kNever ? "-" : duration(j.deadline), optional_duration(j.completion),
                     late});
      ++rows;
    }
  std::string out = table.render();
  if (total > rows) out += "(" + std::to_string(total - rows) + " more jobs: see --format json)\n";
  return out;
}

// One row per runtime: how its fibers shared its carriers (SPEC §9).
std::string runtime_table(const Results& r) {
  Table table({{"runtime", Align::Left}, {"model", Align::Left}, {"processors"}, {"fibers"}, {"done"},
               {"fiber cpu"}, {"fiber switches"}, {"switching"}, {"steals"}, {"handoffs"},
               {"preempted"}, {"syscalls"}, {"peak carriers"}});
  for (const RuntimeResult& k : r.runtimes)
    table.add_row({k.name, k.model, count(k.processors), count(k.fibers), count(k.fibers_completed),
                   duration(k.fiber_cpu), count(k.fiber_switches), duration(k.fiber_switch_time),
                   count(k.steals), count(k.handoffs), count(k.preemptions), count(k.syscalls),
                   count(k.peak_carriers)});
  return table.render();
}

// One row per template and kind spawned: how many came to be, how many did not fit.
std::string spawn_table(const Results& r) {
  Table table({{"template", Align::Left}, {"as", Align::Left}, {"spawned"}, {"refused"}, {"creation cpu"}});
  for (const SpawnResult& k : r.spawns)
    table.add_row({k.template_name, k.as, count(k.spawned), count(k.refused), duration(k.cpu)});
  return table.render();
}

const char* role_name(TaskRole role) {
  switch (role) {
    case TaskRole::Task: return "task";
    case TaskRole::Fiber: return "fiber";
    case TaskRole::Carrier: return "carrier";
  }
  return "task";
}

std::string text_report(const Results& r, bool summary_only) {
  std::string out = summary_text(r);
  if (summary_only) return out;
  out += '\n' + task_table(r);
  const bool any_jobs = std::any_of(r.tasks.begin(), r.tasks.end(),
                                    [](const TaskResult& t) { return !t.jobs.empty(); });
  if (any_jobs) out += '\n' + job_table(r);
  out += '\n' + cpu_table(r);
  if (!r.locks.empty()) out += '\n' + lock_table(r);
  if (!r.runtimes.empty()) out += '\n' + runtime_table(r);
  if (!r.spawns.empty()) out += '\n' + spawn_table(r);
  return out;
}

// ---- CSV -------------------------------------------------------------------------

std::string tasks_csv(const Results& r) {
  std::vector<std::string> header = {"name", "process", "arrival_ns", "first_run_ns", "completion_ns",
                                     "turnaround_ns", "response_ns", "waiting_ns", "max_wait_ns", "blocked_ns", "cpu_ns",
                                     "context_switches", "preemptions", "migrations", "deadline_misses"};
  const bool runtimes = !r.runtimes.empty();
  if (runtimes) header.insert(header.end(), {"role", "runtime"});
  std::string out = csv_line(header);
  for (const TaskResult& t : r.tasks) {
    if (!reported(t)) continue;
    std::vector<std::string> row = {csv_field(t.name), csv_field(t.process), std::to_string(t.arrival),
                                    csv_time(t.first_run), csv_time(t.completion), csv_time(t.turnaround),
                                    csv_time(t.response), std::to_string(t.waiting), std::to_string(t.max_wait),
                                    std::to_string(t.blocked),
                                    std::to_string(t.cpu), count(t.context_switches), count(t.preemptions),
                                    count(t.migrations), count(t.deadline_misses)};
    if (runtimes) row.insert(row.end(), {role_name(t.role), csv_field(t.runtime)});
    out += csv_line(row);
  }
  return out;
}

std::string runtimes_csv(const Results& r) {
  std::string out = csv_line({"name", "model", "processors", "fibers", "fibers_completed", "fiber_cpu_ns",
                              "fiber_switches", "fiber_switch_ns", "steals", "stolen", "handoffs", "preemptions",
                              "syscalls", "peak_carriers"});
  for (const RuntimeResult& k : r.runtimes)
    out += csv_line({csv_field(k.name), k.model, count(k.processors), count(k.fibers), count(k.fibers_completed),
                     std::to_string(k.fiber_cpu), count(k.fiber_switches), std::to_string(k.fiber_switch_time),
                     count(k.steals), count(k.stolen), count(k.handoffs), count(k.preemptions), count(k.syscalls),
                     count(k.peak_carriers)});
  return out;
}

std::vector<std::string> summary_csv_header() {
  std::vector<std::string> header = {"workload", "policy", "makespan_ns", "tasks", "completed",
                                     "throughput_per_s"};
  for (const char* what : {"turnaround", "response", "waiting"})
    for (const char* stat : {"mean", "p50", "p95", "p99", "max"})
      header.push_back(std::string(stat) + "_" + what + "_ns");
  for (const char* h : {"jain_fairness", "weighted_fairness", "overhead_share", "context_switches", "preemptions",
                        "migrations", "events"})
    header.push_back(h);
  return header;
}

std::vector<std::string> summary_csv_fields(const Results& r) {
  const Summary& s = r.summary;
  std::vector<std::string> row = {csv_field(r.workload), csv_field(r.policy),
                                  std::to_string(s.makespan), count(s.tasks), count(s.completed),
                                  csv_real(s.throughput_per_s)};
  const std::pair<const Spread*, bool> spreads[] = {{&s.turnaround, has_turnaround(r)},
                                                    {&s.response, has_response(r)},
                                                    {&s.waiting, has_waiting(r)}};
  for (const auto& [x, any] : spreads) {
    row.push_back(any ? std::to_string(std::llround(x->mean)) : "");
    for (Time v : {x->p50, x->p95, x->p99, x->max}) row.push_back(any ? std::to_string(v) : "");
  }
  row.push_back(csv_real(s.jain_fairness));
  row.push_back(csv_real(s.weighted_fairness));
  row.push_back(csv_real(s.overhead_share));
  for (std::uint64_t n : {s.context_switches, s.preemptions, s.migrations, s.events})
    row.push_back(count(n));
  return row;
}

std::string summary_csv(const std::vector<Results>& runs) {
  std::string out = csv_line(summary_csv_header());
  for (const Results& r : runs) out += csv_line(summary_csv_fields(r));
  return out;
}

// ---- Gantt chart ------------------------------------------------------------------

char gantt_symbol(TaskId task) {
  static constexpr char kSymbols[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr TaskId kCount = sizeof kSymbols - 1;
  return task < kCount ? kSymbols[task] : '?';
}

namespace {

// What occupies a stretch of a row. Tasks are their ids; overhead kinds are
// negative so they never collide with a task.
using Occupant = std::int64_t;
constexpr Occupant kSwitch = -1;     // '~' context switch or migration
constexpr Occupant kScheduler = -2;  // '*'
constexpr Occupant kInterrupt = -3;  // '!'

char occupant_symbol(Occupant who) {
  switch (who) {
    case kSwitch: return '~';
    case kScheduler: return '*';
    case kInterrupt: return '!';
    default: return gantt_symbol(static_cast<TaskId>(who));
  }
}

struct Span {
  Time start, end;
  Occupant who;
};

// Splits [0, span) into `width` columns of (nearly) equal length and, for one
// row, picks per column the occupant with the most time in it (on a tie the
// one that started first), or idle where the row was mostly idle.
class RowBuilder {
 public:
  RowBuilder(Time span, int width) : span_(span), width_(width) {}

  // In 128 bits: c x span exceeds 64 bits on long runs.
  Time column_start(int c) const {
    return static_cast<Time>(static_cast<Int128>(c) * span_ / width_);
  }

  int column_of(Time t) const {
    int c = static_cast<int>(static_cast<Int128>(t) * width_ / span_);
    while (c + 1 < width_ && column_start(c + 1) <= t) ++c;
    while (c > 0 && column_start(c) > t) --c;
    return c;
  }

  // `spans` sorted by start. They may overlap (a device's channels), so every
  // column keeps its own tally; ties go to the occupant that started first.
  std::string build(const std::vector<Span>& spans) const {
    struct Tally {
      Time time = 0;
      std::size_t first = 0;  // index of the first span seen in the column
    };
    std::vector<std::unordered_map<Occupant, Tally>> columns(static_cast<std::size_t>(width_));
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const Span& s = spans[i];
      const Time start = std::max<Time>(s.start, 0);
      const Time end = std::min(s.end, span_);
      if (end <= start) continue;
      for (int c = column_of(start); c < width_ && column_start(c) < end; ++c) {
        const Time overlap = std::min(end, column_start(c + 1)) - std::max(start, column_start(c));
        auto [it, added] = columns[static_cast<std::size_t>(c)].try_emplace(s.who, Tally{0, i});
        it->second.time += overlap;
      }
    }
    std::string row(static_cast<std::size_t>(width_), '.');
    for (int c = 0; c < width_; ++c) {
      const Time length = column_start(c + 1) - column_start(c);
      Time covered = 0;
      const std::pair<const Occupant, Tally>* best = nullptr;
      for (const auto& entry : columns[static_cast<std::size_t>(c)]) {
        covered += entry.second.time;
        if (!best || entry.second.time > best->second.time ||
            (entry.second.time == best->second.time && entry.second.first < best->second.first))
          best = &entry;
      }
      // Idle ('.') only where the row was idle for most of the column; else
      // whatever occupied the largest share of it.
      if (best && covered >= length - std::min(covered, length))
        row[static_cast<std::size_t>(c)] = occupant_symbol(best->first);
    }
    return row;
  }

 private:
  Time span_;
  int width_;
};

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

// "0", the middle and the end of the run under the chart, each label starting
// at (or, for the end, ending at) the column edge it names.
std::string time_axis(const RowBuilder& rows, Time span, int width, std::size_t indent) {
  const std::size_t left = indent;  // position of the opening '|'
  const std::size_t right = indent + static_cast<std::size_t>(width) + 1;  // closing '|'
  std::string axis(right + 1, ' ');
  auto place = [&axis](std::size_t at, const std::string& label) {
    if (at + label.size() > axis.size()) axis.resize(at + label.size(), ' ');
    axis.replace(at, label.size(), label);
  };
  const std::string start_label = "0";
  const std::string end_label = duration(span);
  place(left, start_label);
  const std::size_t end_at = right + 1 >= end_label.size() ? right + 1 - end_label.size() : 0;
  const int middle = width / 2;
  const std::string middle_label = rounded_duration(static_cast<double>(rows.column_start(middle)));
  const std::size_t middle_at = left + 1 + static_cast<std::size_t>(middle);
  // Leave out the middle tick when the chart is too narrow to keep labels apart.
  if (middle_at > left + start_label.size() && middle_at + middle_label.size() < end_at)
    place(middle_at, middle_label);
  if (end_at > left + start_label.size()) place(end_at, end_label);
  while (!axis.empty() && axis.back() == ' ') axis.pop_back();
  return axis + '\n';
}

// "A=name  B=other  ...", wrapped at `width` characters.
std::string legend(const std::vector<std::string>& entries, std::size_t width) {
  std::string out, line;
  for (const std::string& entry : entries) {
    if (!line.empty() && line.size() + 2 + entry.size() > width) {
      out += line + '\n';
      line.clear();
    }
    if (!line.empty()) line += "  ";
    line += entry;
  }
  if (!line.empty()) out += line + '\n';
  return out;
}

}  // namespace

std::string gantt_chart(const Trace& trace, const Workload& workload, const GanttOptions& options) {
  Time span = trace.end;
  for (const CpuSlice& s : trace.cpu_slices) span = std::max(span, s.end);
  for (const DeviceSlice& s : trace.device_slices) span = std::max(span, s.end);
  if (span <= 0) return "(nothing ran: the timeline is empty)\n";

  // Never more columns than nanoseconds, so every column covers some time.
  const int width = static_cast<int>(std::min<Time>(std::max(options.width, 1), span));
  const RowBuilder rows(span, width);

  std::vector<std::vector<Span>> cpu_spans(workload.machine.cpus.size());
  // A row per device, or per channel when a device served several requests at
  // once, so concurrent requests all show.
  std::vector<std::vector<std::vector<Span>>> device_spans(workload.devices.size());
  for (std::size_t d = 0; d < workload.devices.size(); ++d) device_spans[d].resize(1);
  std::vector<bool> seen(workload.tasks.size(), false);
  auto mark = [&seen](TaskId t) {
    if (t < seen.size()) seen[t] = true;
  };
  for (const CpuSlice& s : trace.cpu_slices) {
    if (s.cpu >= cpu_spans.size()) continue;
    Occupant who = s.task;
    switch (s.kind) {
      case SliceKind::Run:
      case SliceKind::Spawn:
      case SliceKind::Spin:
      case SliceKind::Poll: mark(s.task); break;
      case SliceKind::Switch:
      case SliceKind::Migration: who = kSwitch; break;
      case SliceKind::Scheduler: who = kScheduler; break;
      case SliceKind::Interrupt: who = kInterrupt; break;
    }
    cpu_spans[s.cpu].push_back({s.start, s.end, who});
  }
  for (const DeviceSlice& s : trace.device_slices) {
    if (s.device >= device_spans.size()) continue;
    mark(s.task);
    auto& channels = device_spans[s.device];
    const std::size_t channel = workload.devices[s.device].channels > 1 ? s.channel : 0;
    if (channel >= channels.size()) channels.resize(channel + 1);
    channels[channel].push_back({s.start, s.end, static_cast<Occupant>(s.task)});
  }

  // Slices are recorded in the order they ended; the row builder wants starts.
  auto by_start = [](const Span& a, const Span& b) { return a.start < b.start; };
  std::vector<std::pair<std::string, const std::vector<Span>*>> labelled;
  for (std::size_t i = 0; i < cpu_spans.size(); ++i) {
    std::stable_sort(cpu_spans[i].begin(), cpu_spans[i].end(), by_start);
    labelled.emplace_back(printable(workload.machine.cpus[i].name), &cpu_spans[i]);
  }
  for (std::size_t d = 0; d < device_spans.size(); ++d) {
    auto& channels = device_spans[d];
    for (std::size_t c = 0; c < channels.size(); ++c) {
      std::stable_sort(channels[c].begin(), channels[c].end(), by_start);
      const std::string name = printable(workload.devices[d].name);
      labelled.emplace_back(channels.size() > 1 ? name + "[" + std::to_string(c) + "]" : name,
                            &channels[c]);
    }
  }
  std::size_t label_width = 0;
  for (const auto& [label, spans] : labelled) label_width = std::max(label_width, label.size());

  std::string scale = format_duration(span / width);
  if (span % width != 0 && scale.front() != '~') scale = "~" + scale;
  std::string out = "Timeline (1 column = " + scale + ")\n";
  for (const auto& [label, spans] : labelled)
    out += pad_right(label, label_width) + " |" + rows.build(*spans) + "|\n";
  out += time_axis(rows, span, width, label_width + 1);
  out += '\n';

  std::vector<std::string> entries;
  std::size_t unnamed = 0;
  for (TaskId t = 0; t < seen.size(); ++t) {
    if (!seen[t]) continue;
    if (gantt_symbol(t) == '?') ++unnamed;
    else entries.push_back(std::string(1, gantt_symbol(t)) + "=" + printable(workload.tasks[t].name));
  }
  if (unnamed > 0) entries.push_back("?=" + plural(unnamed, "more task", "more tasks"));
  out += legend(entries, std::max<std::size_t>(label_width + 3 + static_cast<std::size_t>(width), 60));
  out += "~=switch/migration  *=scheduler  !=interrupt  .=idle\n";
  return out;
}

// ---- Compare -------------------------------------------------------------------------

std::string compare_table(const std::vector<Results>& runs) {
  Table table({{"policy", Align::Left},
               {"mean turnaround"},
               {"mean response"},
               {"mean waiting"},
               {"p95 response"},
               {"makespan"},
               {"throughput/s"},
               {"switches"},
               {"overhead"},
               {"fairness"},
               {"weighted"}});
  for (const Results& r : runs) {
    const Summary& s = r.summary;
    const bool response = has_response(r);
    table.add_row({r.policy, has_turnaround(r) ? rounded_duration(s.turnaround.mean) : "-",
                   response ? rounded_duration(s.response.mean) : "-",
                   has_waiting(r) ? rounded_duration(s.waiting.mean) : "-",
                   response ? duration(s.response.p95) : "-",
                   duration(s.makespan), printf_string("%.2f", s.throughput_per_s),
                   count(s.context_switches), percent(s.overhead_share),
                   printf_string("%.3f", s.jain_fairness),
                   printf_string("%.3f", s.weighted_fairness)});
  }
  return table.render();
}

}  // namespace timeslice
