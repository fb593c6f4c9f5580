#include "sim/core/run.h"

#include <algorithm>

#include "sim/core/engine.h"
#include "sim/core/invariants.h"

namespace timeslice {

namespace {
double progress_of(const Engine& engine, Time until) {
  if (until != kNever && until > 0) return std::min(1.0, static_cast<double>(engine.now()) / static_cast<double>(until));
  const std::vector<Task>& tasks = engine.tasks();
  if (tasks.empty()) return 1.0;
  const auto done = std::count_if(tasks.begin(), tasks.end(), [](const Task& t) { return t.state == TaskState::Done; });
  return static_cast<double>(done) / static_cast<double>(tasks.size());
}
}  // namespace

RunOutput simulate(const Workload& workload, const RunOptions& options) {
  EngineOptions engine_options;
  engine_options.until = options.until;
  engine_options.check_invariants = options.check_invariants;
  Engine engine(workload, engine_options);
  StatsCollector stats(workload);
  TraceRecorder recorder(options.record);
  InvariantChecker checker(workload, options.until);
  engine.add_observer(&stats);
  if (options.record != RecordLevel::Metrics) engine.add_observer(&recorder);
  if (options.check_invariants) engine.add_observer(&checker);
  if (!options.progress) {
    engine.run();
  } else {
    constexpr std::uint64_t kEvery = std::uint64_t{1} << 18;
    for (std::uint64_t n = 1; engine.step(); ++n)
      if (n % kEvery == 0) options.progress(progress_of(engine, options.until));
  }
  return {stats.results(options.task_rows), recorder.take()};
}

namespace {
std::string cpu_name(const Workload& w, std::int64_t queue) {
  return queue >= 0 && static_cast<std::size_t>(queue) < w.machine.cpus.size()
             ? w.machine.cpus[static_cast<std::size_t>(queue)].name
             : "queue " + std::to_string(queue);
}
std::string lock_name(const Workload& w, std::int64_t lock) {
  return lock >= 0 && static_cast<std::size_t>(lock) < w.locks.size() ? w.locks[static_cast<std::size_t>(lock)].name
                                                                      : "?";
}
}  // namespace

std::string explain(const Decision& d, const Workload& w) {
  auto name = [&](TaskId t) { return t < w.tasks.size() ? w.tasks[t].name : std::string("?"); };
  const std::string task = name(d.task);
  switch (d.kind) {
    case DecisionKind::Arrive:
      return task + " arrives";
    case DecisionKind::Wake:
      if (d.task < w.tasks.size() && w.tasks[d.task].role == TaskRole::Carrier) {
        if (d.arg < 0) return task + " is woken by its runtime: there is work for it";
        if (d.arg == 0) return task + " is back from the kernel and ready to run";
      }
      if (d.arg > 0) return task + "'s " + w.devices[d.arg - 1].name + " I/O completed";
      return task + " wakes from sleep";
    case DecisionKind::Block:
      if (d.task < w.tasks.size() && w.tasks[d.task].role == TaskRole::Carrier)
        return task + " blocks in the kernel" + (d.arg >= 0 ? " on " + w.devices[d.arg].name + " I/O" : std::string());
      if (d.arg >= 0) return task + " blocks on " + w.devices[d.arg].name + " I/O";
      return task + " goes to sleep";
    case DecisionKind::Exit:
      return task + " finished";
    case DecisionKind::Yield:
      return task + " yields the CPU";
    case DecisionKind::Expire:
      return task + "'s quantum ran out (" + format_duration(d.arg) + " in this run); " + task +
             " goes back to the ready queue";
    case DecisionKind::Preempt:
      return name(d.other) + " is more urgent and preempts " + task + "; " + task +
             " goes back to the ready queue";
    case DecisionKind::Dispatch: {
      std::string s = task + " dispatched" +
                      (d.arg <= 1 ? std::string(" (the only ready task)")
                                  : " (chosen from " + std::to_string(d.arg) + " ready tasks)");
      if (d.arg2 & kProcessSwitch) s += ", process switch";
      if (d.arg2 & kThreadSwitch) s += ", thread switch";
      if (d.arg2 & kMigrated) s += ", migrated from another CPU";
      return s;
    }
    case DecisionKind::Continue:
      return task + "'s quantum ran out (" + format_duration(d.arg) +
             " in this run) but no other task may run here; " + task + " continues";
    case DecisionKind::Idle:
      return "nothing to run; CPU idle";
    case DecisionKind::Demote:
      return task + " used its allotment and moves down to level " + std::to_string(d.arg);
    case DecisionKind::Boost:
      return "priority boost: every task moves back to the top level";
    case DecisionKind::Release: {
      const std::string job = "job " + std::to_string(d.arg + 1);
      const TaskSpec& spec = w.tasks[d.task];
      const Time release = d.arg2 - (spec.deadline > 0 ? spec.deadline : spec.period);
      if (release < d.time)
        return task + "'s " + job + " was released at " + format_duration(release) +
               " but starts only now: the previous job overran (deadline " + format_duration(d.arg2) + ")";
      return task + " releases " + job + " (deadline " + format_duration(d.arg2) + ")";
    }
    case DecisionKind::DeadlineMiss:
      return task + " finished job " + std::to_string(d.arg2 + 1) + " " + format_duration(d.time - d.arg) +
             " after its deadline (" + format_duration(d.arg) + "): deadline missed";
    case DecisionKind::Steal:
      return "idle " + cpu_name(w, d.arg2) + " steals " + task + " from " + cpu_name(w, d.arg) + "'s queue";
    case DecisionKind::Move:
      return "load balancing moves " + task + " from " + cpu_name(w, d.arg) + "'s queue to " +
             cpu_name(w, d.arg2) + "'s";
    case DecisionKind::LockWait:
      return task + " finds lock " + lock_name(w, d.arg) + " held by " + name(d.other) +
             " and blocks on it";
    case DecisionKind::LockAcquire:
      if (d.arg2 < 0) return task + " takes lock " + lock_name(w, d.arg);
      return task + " gets lock " + lock_name(w, d.arg) + " after waiting " + format_duration(d.arg2) +
             " and becomes ready";
    case DecisionKind::LockRelease:
      if (d.other == kNoTask) return task + " releases lock " + lock_name(w, d.arg);
      return task + " releases lock " + lock_name(w, d.arg) + "; it is handed to " + name(d.other);
    case DecisionKind::Priority: {
      auto prio = [&](std::int64_t p) {
        if (w.scheduler.policy != "rms") return std::to_string(p);
        return p == kNever ? std::string("aperiodic") : "period " + format_duration(p);
      };
      if (d.arg == d.arg2) return task + " drops back to its own priority (" + prio(d.arg) + ")";
      return task + " runs at priority " + prio(d.arg) + " (its own is " + prio(d.arg2) + ") while it holds a lock";
    }
    case DecisionKind::FiberRun: {
      static const char* const from[] = {"its local queue", "runnext (it inherits the time slice)",
                                         "the global queue", "a stolen batch", "its syscall"};
      const auto i = static_cast<std::size_t>(d.arg);
      std::string s = name(d.other) + " runs fiber " + task;
      if (w.tasks[d.other].runtime != kNoRuntime && w.runtimes[w.tasks[d.other].runtime].model == RuntimeModel::MN)
        s += std::string(" from ") + (i < 5 ? from[i] : "its queue");
      if (d.arg2) s += " (fiber switch)";
      return s;
    }
    case DecisionKind::FiberPark: {
      const std::size_t ch = static_cast<std::size_t>(d.arg > 0 ? d.arg - 1 : -d.arg - 1);
      const std::string chan = ch < w.channels.size() ? w.channels[ch].name : "?";
      return task + (d.arg > 0 ? " waits to send on channel " : " waits to receive from channel ") + chan +
             " and parks; " + name(d.other) + " runs another fiber";
    }
    case DecisionKind::FiberSteal:
      return name(d.other) + " has nothing to run and steals " + std::to_string(d.arg) + " fiber" +
             (d.arg == 1 ? "" : "s") + " from processor P" + std::to_string(d.arg2) + "; it runs " + task;
    case DecisionKind::SyscallEnter:
      return task + " enters a blocking syscall (" + format_duration(d.arg) + ") on " + name(d.other) +
             ": the carrier blocks in the kernel";
    case DecisionKind::SyscallExit:
      return task + "'s syscall returns on " + name(d.other) +
             (d.arg ? std::string("; it goes on running") : "; its processor was taken, so it queues and the carrier parks");
    case DecisionKind::Handoff: {
      const std::string p = "P" + std::to_string(d.arg);
      const std::string how = d.arg2 ? "the monitor retakes " + p + " from " : p + " is handed off from ";
      return how + name(d.other) + " (blocked in a syscall)" +
             (d.task == kNoTask ? std::string("; nothing to run, it goes idle") : "; " + task + " takes it");
    }
    case DecisionKind::MonitorPreempt:
      return "the monitor preempts " + task + " on " + name(d.other) + " after " + format_duration(d.arg) +
             "; it goes to the global queue";
    case DecisionKind::CarrierPark:
      return name(d.other) + " finds no fiber to run and parks" +
             (d.arg >= 0 ? " (P" + std::to_string(d.arg) + " goes idle)" : std::string());
    case DecisionKind::CarrierStart:
      return name(d.other) + " starts" + (d.arg >= 0 ? " with processor P" + std::to_string(d.arg) : std::string()) +
             " to run fibers";
  }
  return "?";
}

}  // namespace timeslice
