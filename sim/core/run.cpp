#include "sim/core/run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

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

// 1234567 -> "1,234,567"
std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string count_text(double n) {
  return n >= 1e18 ? "more than 10^18" : with_commas(static_cast<std::uint64_t>(n));
}

// "at 1.5s of simulated time, with 3 of 10 tasks finished"
std::string how_far(const Engine& engine) {
  std::size_t done = 0;
  for (const Task& t : engine.tasks()) done += t.state == TaskState::Done;
  return "at " + format_duration(engine.now()) + " of simulated time, with " + std::to_string(done) + " of " +
         std::to_string(engine.tasks().size()) + " tasks finished";
}

[[noreturn]] void stopped_by_budget(const Engine& engine, std::uint64_t max_events) {
  throw EventBudgetExceeded(
      "the run was stopped by the event budget (" + with_commas(max_events) + " events) " + how_far(engine), {});
}

[[noreturn]] void stopped_by_records(const Engine& engine, std::uint64_t max_records) {
  throw RecordBudgetExceeded("the run was stopped by the records budget (" + with_commas(max_records) +
                             " slices, state changes and decisions kept) " + how_far(engine));
}

}  // namespace

std::uint64_t record_count(const Trace& trace) {
  return trace.cpu_slices.size() + trace.device_slices.size() + trace.fiber_slices.size() +
         trace.task_states.size() + trace.decisions.size() + trace.memory.size();
}

RunOutput simulate(const Workload& workload, const RunOptions& options) {
  EngineOptions engine_options;
  engine_options.until = options.until;
  engine_options.check_invariants = options.check_invariants;
  Engine engine(workload, engine_options);
  StatsCollector stats(workload, options.task_rows);
  TraceRecorder recorder(options.record, records_memory(workload));
  std::optional<InvariantChecker> checker;  // its per-task arrays only when asked for
  engine.add_observer(&stats);
  if (options.record != RecordLevel::Metrics) engine.add_observer(&recorder);
  if (options.check_invariants) engine.add_observer(&checker.emplace(workload, options.until));
  if (options.watcher) engine.add_observer(options.watcher);
  const bool records_budget = options.max_records != 0 && options.record != RecordLevel::Metrics;
  if (options.max_events == 0 && !records_budget && !options.progress) {
    engine.run();
  } else {
    // The budgets are looked at every 1024 steps, the progress every 2^18.
    constexpr std::uint64_t kEvery = std::uint64_t{1} << 18;
    for (std::uint64_t n = 1; engine.step(); ++n) {
      if (n % 1024 != 0) continue;
      if (options.max_events != 0 && engine.events() >= options.max_events && !engine.finished())
        stopped_by_budget(engine, options.max_events);
      if (records_budget && record_count(recorder.trace()) > options.max_records && !engine.finished())
        stopped_by_records(engine, options.max_records);
      if (options.progress && n % kEvery == 0) options.progress(progress_of(engine, options.until));
    }
  }
  return {stats.results(), recorder.take()};
}

EventEstimate estimate_events(const Workload& w, Time until) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double horizon = until == kNever ? kInf : static_cast<double>(until);
  EventEstimate best;
  // `describe` returns the field and the reason; it is called only for a new
  // largest count, so that a workload of many periodic tasks does not format
  // a line for each of them.
  const auto consider = [&](double events, const auto& describe) {
    if (!(events > best.events)) return;
    best.events = events;
    std::tie(best.field, best.reason) = describe();
  };
  using Described = std::pair<std::string, std::string>;

  // CPU work (ns at speed 1.0), counting every job of a periodic task that
  // is released before the horizon.
  double work = 0;
  for (std::size_t i = 0; i < w.tasks.size(); ++i) {
    const TaskSpec& t = w.tasks[i];
    if (t.spawned) continue;  // a spawn slot may never be filled: a lower bound leaves it out
    double runs = 1;
    if (t.period > 0) {
      const double released = horizon == kInf ? kInf
                              : until < t.arrival
                                  ? 0
                                  : std::floor(static_cast<double>(until - t.arrival) / static_cast<double>(t.period)) + 1;
      runs = t.jobs > 0 ? std::min<double>(t.jobs, released) : released;
      if (runs == kInf) continue;  // refused elsewhere: it would never end
      consider(runs, [&] {
        return Described{"tasks[" + std::to_string(i) + "].period",
                         count_text(runs) + " jobs of \"" + t.name + "\", one every " + format_duration(t.period) +
                             (t.jobs > 0 ? std::string() : " until " + format_duration(until))};
      });
    }
    work += runs * static_cast<double>(total_cpu_work(w, t));
  }
  if (work <= 0) return best;

  double fastest = 0, total_speed = 0;
  for (const CpuSpec& c : w.machine.cpus) {
    fastest = std::max(fastest, static_cast<double>(c.speed) / kSpeedUnit);
    total_speed += static_cast<double>(c.speed) / kSpeedUnit;
  }
  const double cpus = static_cast<double>(w.machine.cpus.size());
  // CPU time the work needs at the fastest speed, and the shortest the run
  // can be, both cut at the horizon.
  const double busy = std::min(work / fastest, horizon * cpus);
  const double span = std::min(work / total_speed, horizon);
  const std::string work_text =
      format_duration(static_cast<Time>(std::min(work, 4e18))) + " of CPU work" +
      (fastest < 1 ? " on CPUs of speed " + std::to_string(fastest).substr(0, 5) + " at most" : std::string());

  // Every slice of running ends in an event, so a slice of at most q means at
  // least busy / q of them.
  const PolicyParams& p = w.scheduler.params;
  const std::string& policy = w.scheduler.policy;
  const auto slice = [&](const char* name, Time longest) {
    if (longest > 0)
      consider(busy / static_cast<double>(longest), [&] {
        return Described{std::string("scheduler.") + name,
                         "a " + format_duration(longest) + " " + name + " over " + work_text};
      });
  };
  if (policy == "rr") slice("quantum", param_duration(p, "quantum", 100 * kMillisecond));
  if (policy == "lottery" || policy == "stride") slice("quantum", param_duration(p, "quantum", 10 * kMillisecond));
  if (policy == "priority") slice("quantum", param_duration(p, "quantum", 0));
  if (policy == "mlfq") {
    const std::vector<Time> quanta = param_durations(p, "quanta", {});
    if (!quanta.empty()) slice("quanta", *std::max_element(quanta.begin(), quanta.end()));
    const Time boost = param_duration(p, "boost", kSecond);
    if (boost > 0)
      consider(span / static_cast<double>(boost), [&] {
        return Described{"scheduler.boost", "a boost every " + format_duration(boost) + " over at least " +
                                                format_duration(static_cast<Time>(std::min(span, 4e18))) + " of run"};
      });
  }
  // cfs and eevdf scale their defaults by up to 4 (1 + log2(8 CPUs)).
  if (policy == "cfs")
    slice("sched_latency", 4 * std::max(param_duration(p, "sched_latency", 6 * kMillisecond),
                                        param_duration(p, "min_granularity", 750 * kMicrosecond)));
  if (policy == "eevdf") slice("base_slice", 4 * param_duration(p, "base_slice", 750 * kMicrosecond));
  if (w.machine.tick > 0)
    consider(busy / static_cast<double>(w.machine.tick), [&] {
      return Described{"machine.tick", "a " + format_duration(w.machine.tick) + " tick over " + work_text};
    });
  if (w.scheduler.queues == QueueLayout::PerCpu && w.machine.cpus.size() > 1 && w.scheduler.balance_interval > 0)
    consider(span / static_cast<double>(w.scheduler.balance_interval), [&] {
      return Described{"scheduler.balance_interval",
                       "load balancing every " + format_duration(w.scheduler.balance_interval) + " over at least " +
                           format_duration(static_cast<Time>(std::min(span, 4e18))) + " of run"};
    });
  return best;
}

void check_event_budget(const Workload& workload, Time until, std::uint64_t max_events) {
  if (max_events == 0) return;
  const EventEstimate e = estimate_events(workload, until);
  if (e.events <= static_cast<double>(max_events)) return;
  throw EventBudgetExceeded(e.field + ": " + e.reason + " takes at least " + count_text(e.events) +
                                " events, more than the event budget (" + with_commas(max_events) + ")",
                            e.field);
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
      if (d.arg == 1) return task + " gives up: a task it spawned did not fit (\"on_refused\": \"exit\")";
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
      if (d.arg2 == 1) return task + " queues for lock " + lock_name(w, d.arg) + " again, now held by " + name(d.other);
      return task + " finds lock " + lock_name(w, d.arg) + " held by " + name(d.other) +
             " and blocks on it";
    case DecisionKind::LockAcquire:
      if (d.arg2 < 0) return task + " takes lock " + lock_name(w, d.arg);
      return task + " gets lock " + lock_name(w, d.arg) + " after waiting " + format_duration(d.arg2) +
             " and becomes ready";
    case DecisionKind::LockRelease:
      if (d.other == kNoTask) return task + " releases lock " + lock_name(w, d.arg);
      return task + " releases lock " + lock_name(w, d.arg) + "; it is handed to " + name(d.other);
    case DecisionKind::LockDropAsk: {
      const std::size_t l = static_cast<std::size_t>(d.arg);
      std::string s = task + " has waited " + format_duration(d.arg2) + " for lock " + lock_name(w, d.arg) +
                      ", which has not changed hands for its switch interval";
      if (d.arg >= 0 && l < w.locks.size()) s += " (" + format_duration(w.locks[l].switch_interval) + ")";
      s += ": it asks the holder, " + name(d.other) + ", to drop it";
      if (d.cpu == kNoCpu) s += "; " + name(d.other) + " is not running and will drop it when it next runs";
      return s;
    }
    case DecisionKind::LockDrop:
      return task + (d.arg2 == d.time ? " drops lock " + lock_name(w, d.arg) + " at its next step, as asked,"
                                      : " runs again and drops lock " + lock_name(w, d.arg) + ", as asked " +
                                            format_duration(d.time - d.arg2) + " ago,") +
             " leaving the rest of its burst for when it gets the lock back; " + name(d.other) +
             " gets it first and " + task + " queues for it again";
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
    case DecisionKind::Spawn: {
      static const char* const kinds[] = {"process", "thread", "fiber"};
      return task + " creates " + name(d.other) + " (a " + kinds[std::clamp<std::int64_t>(d.arg, 0, 2)] + ")" +
             (d.arg2 > 0 ? ", which took " + format_duration(d.arg2) + " of its CPU" : std::string());
    }
    case DecisionKind::SpawnRefused: {
      const std::string why = d.arg == static_cast<std::int64_t>(RefusalReason::Threads)
                                  ? "machine.max_threads kernel threads are alive"
                                  : "it does not fit in machine.memory (" + format_bytes(d.arg2) + " in use)";
      if (d.task == d.other) return task + " cannot start: " + why;
      return task + " cannot create " + name(d.other) + ": " + why;
    }
  }
  return "?";
}

}  // namespace timeslice
