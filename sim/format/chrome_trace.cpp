#include "sim/format/chrome_trace.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/core/run.h"
#include "sim/format/export_common.h"
#include "sim/format/provenance.h"
#include "sim/runtime/runtime.h"

namespace timeslice {

// ---- Numbering ----------------------------------------------------------------

TraceIds::TraceIds(const Workload& w) {
  // CPUs: pid 1, tids 2..; devices: the next pid, then a tid per channel.
  std::int64_t next = kCpuPid + 1 + static_cast<std::int64_t>(w.machine.cpus.size());
  device_pid_ = next++;
  for (const DeviceSpec& d : w.devices) {
    device_first_tid_.push_back(next);
    next += d.channels;
  }
  // Tasks from the next round thousand (at least 1000), so task pids read
  // like pids and never collide with the machine's tracks.
  task_base_ = std::max<std::int64_t>(1000, (next + 999) / 1000 * 1000);
  process_pid_.assign(w.processes.size(), -1);
  for (TaskId t = 0; t < w.tasks.size(); ++t) {
    std::int64_t& pid = process_pid_[w.tasks[t].process];
    if (pid < 0) pid = task_tid(t);
  }
}

std::int64_t TraceIds::cpu_tid(CpuId cpu) const { return kCpuPid + 1 + static_cast<std::int64_t>(cpu); }

std::int64_t TraceIds::device_tid(DeviceId device, std::uint32_t channel) const {
  return device_first_tid_.at(device) + channel;
}

std::int64_t TraceIds::process_pid(ProcessId process) const { return process_pid_.at(process); }

std::string ftrace_comm(const std::string& name) {
  std::string comm = name.empty() ? std::string("task") : name;
  for (char& c : comm) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7f || c == '=') c = '_';
  }
  return comm;
}

namespace {

// ---- ftrace text -----------------------------------------------------------------

constexpr int kNormalPrio = 120;  // Linux's prio of a nice-0 task

struct FtraceTask {
  std::string comm;
  std::int64_t pid = 0;
  std::string tgid;
  int prio = kNormalPrio;
};

// The kernel's prev_state letters (include/trace/events/sched.h): "R+" is a
// task preempted while runnable, "D" uninterruptible (disk) sleep, "S" a
// sleep, "X" a dead task.
const char* prev_state(SliceEnd reason) {
  switch (reason) {
    case SliceEnd::Exited: return "X";
    case SliceEnd::Blocked: return "D";
    case SliceEnd::Slept:
    case SliceEnd::LockWait:  // a futex wait
    case SliceEnd::JobDone: return "S";
    case SliceEnd::Yielded: return "R";
    default: return "R+";
  }
}

struct FtraceRecord {
  Time time = 0;
  int order = 0;  // at one time: wakings (0) before switches (1)
  CpuId cpu = 0;
  std::size_t seq = 0;
  TaskId prev = kNoTask, next = kNoTask;  // switch; kNoTask is the idle task
  const char* state = "R";                // switch: how prev left
  TaskId wakee = kNoTask;                 // waking
  bool from_irq = false;                  // waking: by an I/O or timer interrupt (not an arrival)
};

class FtraceWriter {
 public:
  FtraceWriter(const Workload& w, const Trace& trace) : w_(w), trace_(trace), ids_(w) {
    for (TaskId t = 0; t < w.tasks.size(); ++t) {
      const TaskSpec& spec = w.tasks[t];
      tasks_.push_back({ftrace_comm(spec.name), ids_.task_tid(t),
                        std::to_string(ids_.process_pid(spec.process)),
                        kNormalPrio + std::clamp(spec.nice, -20, 19)});
    }
  }

  std::string text() {
    std::vector<FtraceRecord> records = switches();
    add_wakings(records);
    std::sort(records.begin(), records.end(), [](const FtraceRecord& a, const FtraceRecord& b) {
      return std::tie(a.time, a.order, a.cpu, a.seq) < std::tie(b.time, b.order, b.cpu, b.seq);
    });
    const std::size_t wakings = static_cast<std::size_t>(
        std::count_if(records.begin(), records.end(), [](const FtraceRecord& r) { return r.order == 0; }));
    std::string out = header(records.size() + wakings);  // a waking is two lines
    std::vector<TaskId> current(w_.machine.cpus.size(), kNoTask);
    for (const FtraceRecord& r : records) {
      if (r.order == 0) {
        // sched_waking where the wakeup starts, sched_wakeup once the task
        // is on a run queue; here both at once, as Linux prints them for a
        // wakeup on the same CPU.
        const std::string waker =
            prefix(r.cpu < current.size() ? current[r.cpu] : kNoTask, r.cpu, r.time,
                   r.from_irq ? "d.h3" : "d..3");
        const std::string args = "comm=" + comm(r.wakee, r.cpu) + " pid=" + pid(r.wakee) +
                                 " prio=" + prio(r.wakee) + " target_cpu=" + cpu3(r.cpu) + '\n';
        out += waker + "sched_waking: " + args;
        out += waker + "sched_wakeup: " + args;
      } else {
        out += prefix(r.prev, r.cpu, r.time, "d..2") + "sched_switch: prev_comm=" +
               comm(r.prev, r.cpu) + " prev_pid=" + pid(r.prev) + " prev_prio=" + prio(r.prev) +
               " prev_state=" + r.state + " ==> next_comm=" + comm(r.next, r.cpu) +
               " next_pid=" + pid(r.next) + " next_prio=" + prio(r.next) + '\n';
        if (r.cpu < current.size()) current[r.cpu] = r.next;
      }
    }
    return out;
  }

 private:
  // Who is on each CPU, from its run slices: a switch where the task changes;
  // a task that blocks, exits, yields or is preempted with a gap before the
  // next run switches to the idle task. A quantum that expires with nothing
  // else to run, or an interrupt, leaves the task where it is (as in Linux).
  std::vector<FtraceRecord> switches() const {
    std::vector<FtraceRecord> records;
    std::vector<std::vector<CpuSlice>> runs(w_.machine.cpus.size());
    for (const CpuSlice& s : cpu_slices_by_lane(trace_))
      if (task_time(s.kind) && s.cpu < runs.size() && s.task < w_.tasks.size())
        runs[s.cpu].push_back(s);
    for (CpuId c = 0; c < runs.size(); ++c) {
      TaskId current = kNoTask;
      const char* state = "R";
      auto emit = [&](Time t, TaskId next) {
        const char* how = current == kNoTask ? "R" : state;  // the idle task is always runnable
        records.push_back({t, 1, c, records.size(), current, next, how, kNoTask});
        current = next;
      };
      const std::vector<CpuSlice>& list = runs[c];
      for (std::size_t i = 0; i < list.size(); ++i) {
        const CpuSlice& r = list[i];
        if (current != r.task) emit(r.start, r.task);
        state = prev_state(r.reason);
        const bool keeps_cpu = r.reason == SliceEnd::Continued || r.reason == SliceEnd::Interrupted ||
                               r.reason == SliceEnd::Horizon;
        const bool next_at_once = i + 1 < list.size() && list[i + 1].start == r.end;
        if (!keeps_cpu && !next_at_once) emit(r.end, kNoTask);
      }
    }
    return records;
  }

  // A sched_waking each time a task becomes ready after arriving, I/O or a
  // sleep, on the CPU it runs on next (its target_cpu).
  void add_wakings(std::vector<FtraceRecord>& records) const {
    std::vector<std::vector<std::pair<Time, CpuId>>> runs(w_.tasks.size());
    for (const CpuSlice& s : trace_.cpu_slices)
      if (task_time(s.kind) && s.task < runs.size()) runs[s.task].emplace_back(s.start, s.cpu);
    for (auto& list : runs) std::sort(list.begin(), list.end());

    std::vector<TaskState> state(w_.tasks.size(), TaskState::NotArrived);
    for (const TaskStateChange& change : trace_.task_states) {
      if (change.task >= state.size()) continue;
      const TaskState before = state[change.task];
      state[change.task] = change.state;
      const bool woke = change.state == TaskState::Ready &&
                        (before == TaskState::NotArrived || before == TaskState::Blocked ||
                         before == TaskState::Sleeping);
      if (!woke) continue;
      const auto& list = runs[change.task];
      const auto next = std::lower_bound(list.begin(), list.end(), std::make_pair(change.time, CpuId{0}));
      // The CPU it runs on next; else (the run stopped first) the last one it ran on.
      const CpuId cpu = next != list.end() ? next->second : list.empty() ? 0 : list.back().second;
      records.push_back({change.time, 0, cpu, records.size(), kNoTask, kNoTask, "R", change.task,
                         before != TaskState::NotArrived});
    }
  }

  std::string header(std::size_t entries) const {
    const std::string n = std::to_string(entries);
    return "# tracer: nop\n"
           "#\n"
           "# entries-in-buffer/entries-written: " + n + "/" + n + "   #P:" +
           std::to_string(w_.machine.cpus.size()) + "\n"
           "#\n"
           "#                                      _-----=> irqs-off\n"
           "#                                     / _----=> need-resched\n"
           "#                                    | / _---=> hardirq/softirq\n"
           "#                                    || / _--=> preempt-depth\n"
           "#                                    ||| /     delay\n"
           "#           TASK-PID    TGID   CPU#  ||||    TIMESTAMP  FUNCTION\n"
           "#              | |        |      |   ||||       |         |\n";
  }

  // "           A-1000  ( 1000) [000] d..2     0.004000000: "
  std::string prefix(TaskId task, CpuId cpu, Time t, const char* flags) const {
    const bool idle = task >= tasks_.size();
    const std::string who = idle ? std::string("<idle>") : tasks_[task].comm;
    const std::string tgid = idle ? std::string("-----") : tasks_[task].tgid;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%16s-%-5" PRId64 " (%5s) [%03u] %s %5" PRId64 ".%09" PRId64 ": ",
                  who.c_str(), idle ? std::int64_t{0} : tasks_[task].pid, tgid.c_str(), cpu, flags,
                  static_cast<std::int64_t>(t / kSecond), static_cast<std::int64_t>(t % kSecond));
    return buf;
  }

  std::string comm(TaskId task, CpuId cpu) const {
    return task < tasks_.size() ? tasks_[task].comm : "swapper/" + std::to_string(cpu);
  }
  std::string pid(TaskId task) const {
    return task < tasks_.size() ? std::to_string(tasks_[task].pid) : "0";
  }
  std::string prio(TaskId task) const {
    return std::to_string(task < tasks_.size() ? tasks_[task].prio : kNormalPrio);
  }
  static std::string cpu3(CpuId cpu) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%03u", cpu);
    return buf;
  }

  const Workload& w_;
  const Trace& trace_;
  TraceIds ids_;
  std::vector<FtraceTask> tasks_;
};

// ---- traceEvents -------------------------------------------------------------------

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One event per line; "ph" and "ts" first (Perfetto's tokenizer looks for
// ts before anything else), no arrays outside "args".
class EventList {
 public:
  void metadata(const char* name, std::int64_t pid, std::int64_t tid, const std::string& args) {
    begin();
    out_ += "{\"ph\":\"M\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
            ",\"name\":\"" + name + "\",\"args\":{" + args + "}}";
  }
  void complete(Time start, Time end, std::int64_t pid, std::int64_t tid, const std::string& name,
                const char* cat, const char* cname, const std::string& args) {
    begin();
    out_ += "{\"ph\":\"X\",\"ts\":" + exact_micros(start) + ",\"dur\":" + exact_micros(end - start) +
            ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
            ",\"name\":" + quoted(name) + ",\"cat\":\"" + cat + "\"";
    if (cname) out_ += std::string(",\"cname\":\"") + cname + "\"";
    out_ += ",\"args\":{" + args + "}}";
  }
  // An instant event on a thread track ("s":"t").
  void instant(Time t, std::int64_t pid, std::int64_t tid, const std::string& name, const char* cat,
               const std::string& args) {
    begin();
    out_ += "{\"ph\":\"i\",\"ts\":" + exact_micros(t) + ",\"pid\":" + std::to_string(pid) +
            ",\"tid\":" + std::to_string(tid) + ",\"s\":\"t\",\"name\":" + quoted(name) +
            ",\"cat\":\"" + cat + "\",\"args\":{" + args + "}}";
  }
  void counter(Time t, std::int64_t pid, const char* name, const char* series, std::int64_t value) {
    begin();
    out_ += "{\"ph\":\"C\",\"ts\":" + exact_micros(t) + ",\"pid\":" + std::to_string(pid) +
            ",\"tid\":" + std::to_string(pid) + ",\"name\":\"" + name + "\",\"args\":{\"" + series +
            "\":" + std::to_string(value) + "}}";
  }
  std::string take() { return std::move(out_); }

 private:
  void begin() { out_ += out_.empty() ? "\n" : ",\n"; }
  std::string out_;
};

std::string arg(const char* key, const std::string& value) {
  return std::string("\"") + key + "\":" + quoted(value);
}
std::string arg(const char* key, std::int64_t value) {
  return std::string("\"") + key + "\":" + std::to_string(value);
}
std::string times(Time start, Time end) {
  return arg("start_ns", start) + "," + arg("end_ns", end) + "," + arg("duration_ns", end - start);
}

class TraceEvents {
 public:
  TraceEvents(const Workload& w, const Trace& trace) : w_(w), trace_(trace), ids_(w) {}

  std::string json() {
    tracks();
    cpu_slices();
    device_slices();
    fiber_slices();
    task_states();
    ready_counter();
    decisions();
    return events_.take();
  }

 private:
  void name_process(std::int64_t pid, const std::string& name, std::int64_t sort_index) {
    events_.metadata("process_name", pid, pid, arg("name", name));
    events_.metadata("process_sort_index", pid, pid, arg("sort_index", sort_index));
  }
  void name_thread(std::int64_t pid, std::int64_t tid, const std::string& name, std::int64_t sort_index) {
    events_.metadata("thread_name", pid, tid, arg("name", name));
    events_.metadata("thread_sort_index", pid, tid, arg("sort_index", sort_index));
  }

  void tracks() {
    name_process(TraceIds::kCpuPid, "CPUs", 0);
    for (CpuId c = 0; c < w_.machine.cpus.size(); ++c) {
      const CpuSpec& cpu = w_.machine.cpus[c];
      name_thread(TraceIds::kCpuPid, ids_.cpu_tid(c),
                  cpu.cpu_class.empty() ? cpu.name : cpu.name + " (" + cpu.cpu_class + ")", c);
    }
    // Only the device channels that served something get a track.
    const auto used = used_channels(trace_, w_);
    if (!used.empty()) name_process(ids_.device_pid(), "Devices", 1);
    for (const auto& [d, channel] : used)
      name_thread(ids_.device_pid(), ids_.device_tid(d, channel), channel_label(w_, used, d, channel),
                  ids_.device_tid(d, channel));
    std::vector<bool> named(w_.processes.size(), false);
    for (TaskId t = 0; t < w_.tasks.size(); ++t) {
      const ProcessId p = w_.tasks[t].process;
      if (!named[p]) {
        name_process(ids_.process_pid(p), w_.processes[p], 2 + static_cast<std::int64_t>(p));
        named[p] = true;
      }
      name_thread(ids_.process_pid(p), ids_.task_tid(t), w_.tasks[t].name, t);
    }
  }

  void cpu_slices() {
    // The task each CPU last ran, to tell a thread switch from a process switch.
    std::vector<TaskId> last(w_.machine.cpus.size(), kNoTask);
    for (const CpuSlice& s : cpu_slices_by_lane(trace_)) {
      if (s.cpu >= last.size()) continue;
      const std::string& task = task_name(w_, s.task);
      std::string args = arg("task", task) + "," + times(s.start, s.end);
      switch (s.kind) {
        case SliceKind::Run:
          // Appended piece by piece: `"," + std::string&&` makes GCC 12 warn
          // falsely at -O3 (-Wrestrict in char_traits.h, GCC bug 105329).
          args += ',';
          args += arg("end_reason", slice_end_name(s.reason));
          args += ',';
          args += arg("explanation", slice_end_text(s, w_));
          events_.complete(s.start, s.end, TraceIds::kCpuPid, ids_.cpu_tid(s.cpu), task, "run",
                           nullptr, args);
          last[s.cpu] = s.task;
          break;
        case SliceKind::Switch:
          args += ',';  // piece by piece: GCC bug 105329, as above
          args += arg("from", task_name(w_, last[s.cpu]));
          args += ',';
          args += arg("switch", same_process(last[s.cpu], s.task) ? "thread" : "process");
          events_.complete(s.start, s.end, TraceIds::kCpuPid, ids_.cpu_tid(s.cpu), "switch",
                           "overhead", "black", args);
          break;
        case SliceKind::Spawn:
        case SliceKind::Spin:
        case SliceKind::Poll:  // the task's own time, on overhead
          events_.complete(s.start, s.end, TraceIds::kCpuPid, ids_.cpu_tid(s.cpu), task + " (" + slice_kind_name(s.kind) + ")",
                           slice_kind_name(s.kind).c_str(), nullptr, args);
          last[s.cpu] = s.task;
          break;
        default:
          events_.complete(s.start, s.end, TraceIds::kCpuPid, ids_.cpu_tid(s.cpu),
                           slice_kind_name(s.kind), "overhead", "grey", args);
          break;
      }
    }
  }

  // A process per runtime and a thread per carrier that ran, holding the
  // carrier's fiber slices (SPEC §9): the second level beside the CPU tracks.
  void fiber_slices() {
    if (trace_.fiber_slices.empty()) return;
    const std::int64_t base = ids_.task_tid(static_cast<TaskId>(w_.tasks.size())) + 1;
    const TaskId first = w_.runtimes.front().first_carrier;
    const auto runtime_pid = [&](RuntimeId r) { return base + static_cast<std::int64_t>(r); };
    const auto carrier_tid = [&](TaskId c) {
      return base + static_cast<std::int64_t>(w_.runtimes.size() + (c - first));
    };
    std::vector<bool> named(w_.tasks.size(), false);
    for (RuntimeId r = 0; r < w_.runtimes.size(); ++r)
      name_process(runtime_pid(r),
                   "Runtime " + w_.runtimes[r].name + " (" + runtime_model_name(w_.runtimes[r].model) + ")",
                   static_cast<std::int64_t>(w_.processes.size()) + 2 + r);
    for (const FiberSlice& s : trace_.fiber_slices) {
      const RuntimeId r = w_.tasks[s.carrier].runtime;
      if (!named[s.carrier]) {
        name_thread(runtime_pid(r), carrier_tid(s.carrier), w_.tasks[s.carrier].name, s.carrier);
        named[s.carrier] = true;
      }
      const std::string& fiber = task_name(w_, s.fiber);
      const bool run = s.kind == FiberSliceKind::Run;
      events_.complete(s.start, s.end, runtime_pid(r), carrier_tid(s.carrier), run ? fiber : "fiber switch",
                       run ? "fiber" : "overhead", run ? nullptr : "black",
                       arg("fiber", fiber) + "," + arg("cpu", w_.machine.cpus[s.cpu].name) + "," + times(s.start, s.end));
    }
  }

  bool same_process(TaskId a, TaskId b) const {
    return a < w_.tasks.size() && b < w_.tasks.size() && w_.tasks[a].process == w_.tasks[b].process;
  }

  void device_slices() {
    for (const DeviceSlice& s : device_slices_by_lane(trace_)) {
      if (s.device >= w_.devices.size()) continue;
      const std::string& task = task_name(w_, s.task);
      events_.complete(s.start, s.end, ids_.device_pid(), ids_.device_tid(s.device, s.channel), task,
                       "io", nullptr,
                       arg("task", task) + "," + arg("channel", s.channel) + "," + times(s.start, s.end));
    }
  }

  // A slice per stretch of one state (see task_state_stretches).
  void task_states() {
    for (const StateStretch& st : task_state_stretches(trace_, w_.tasks.size())) {
      std::string args = arg("state", task_state_name(st.state)) + "," + times(st.start, st.end);
      if (st.state == TaskState::Blocked && st.aux < w_.devices.size()) {
        args += ',';  // piece by piece: GCC bug 105329, as in cpu_slices()
        args += arg("device", w_.devices[st.aux].name);
      }
      if (st.state == TaskState::Blocked && blocked_on_lock(st.aux) && st.aux - kLockAux < w_.locks.size()) {
        args += ',';
        args += arg("lock", w_.locks[st.aux - kLockAux].name);
      }
      events_.complete(st.start, st.end, ids_.process_pid(w_.tasks[st.task].process),
                       ids_.task_tid(st.task), task_state_name(st.state), "state",
                       state_colour(st.state), args);
    }
  }

  // chrome://tracing's reserved colour names for thread states.
  static const char* state_colour(TaskState s) {
    switch (s) {
      case TaskState::Running: return "thread_state_running";
      case TaskState::Ready: return "thread_state_runnable";
      case TaskState::Blocked: return "thread_state_iowait";
      default: return "thread_state_sleeping";
    }
  }

  // Tasks in the Ready state: one value per time at which it changed (after
  // every change at that time), starting from 0 at time 0.
  // Recorded decisions (run --record decisions or --explain) as instant
  // events: on the CPU that made them, else on the task's track.
  void decisions() {
    for (const Decision& d : trace_.decisions) {
      std::int64_t pid = TraceIds::kCpuPid, tid = 0;
      if (d.cpu < w_.machine.cpus.size()) {
        tid = ids_.cpu_tid(d.cpu);
      } else if (d.task < w_.tasks.size()) {
        pid = ids_.process_pid(w_.tasks[d.task].process);
        tid = ids_.task_tid(d.task);
      } else {
        continue;
      }
      events_.instant(d.time, pid, tid, decision_kind_name(d.kind), "decision",
                      arg("explanation", explain(d, w_)) + "," + arg("time_ns", d.time));
    }
  }

  void ready_counter() {
    std::vector<TaskState> state(w_.tasks.size(), TaskState::NotArrived);
    std::vector<std::pair<Time, std::int64_t>> values;
    std::int64_t ready = 0;
    const auto& changes = trace_.task_states;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const TaskStateChange& c = changes[i];
      if (c.task >= state.size()) continue;
      ready += (c.state == TaskState::Ready) - (state[c.task] == TaskState::Ready);
      state[c.task] = c.state;
      const bool last_at_time = i + 1 == changes.size() || changes[i + 1].time != c.time;
      const std::int64_t shown = values.empty() ? 0 : values.back().second;
      if (last_at_time && (ready != shown || values.empty())) values.emplace_back(c.time, ready);
    }
    if (values.empty() || values.front().first > 0) values.insert(values.begin(), {0, 0});
    for (const auto& [t, v] : values) events_.counter(t, TraceIds::kCpuPid, "ready queue", "length", v);
  }

  const Workload& w_;
  const Trace& trace_;
  TraceIds ids_;
  EventList events_;
};

}  // namespace

std::string ftrace_text(const Workload& workload, const Trace& trace) {
  return FtraceWriter(workload, trace).text();
}

std::string chrome_trace_json(const Workload& workload, const Results& results, const Trace& trace,
                              const ChromeTraceOptions& options) {
  // Only keys Perfetto knows at the top level (older importers stop at an
  // unknown one). No displayTimeUnit: Perfetto takes it as the unit of ts,
  // which the format fixes at microseconds.
  std::string out = "{\"traceEvents\":[" + TraceEvents(workload, trace).json() + "\n],\n";
  if (options.system_trace)
    out += "\"systemTraceEvents\":" + quoted(ftrace_text(workload, trace)) + ",\n";
  nlohmann::ordered_json other;
  other["generator"] = "timeslice";
  other["workload"] = results.workload;
  other["policy"] = results.policy;
  other["cpus"] = workload.machine.cpus.size();
  other["end_ns"] = timeline_end(trace);
  other["time_units"] = "ts and dur in microseconds; args *_ns in nanoseconds";
  other["provenance"] = provenance_json(workload);
  out += "\"otherData\":" + other.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ",\n";
  // chrome://tracing (Catapult) pairs the ftrace clock with the JSON events'
  // clock only through this key; without it, it refuses the file. Last: old
  // Perfetto importers stop reading after "metadata".
  out += "\"metadata\":{\"clock-domain\":\"LINUX_FTRACE_GLOBAL\"}\n}\n";
  return out;
}

}  // namespace timeslice
