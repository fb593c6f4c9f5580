// Statistics as an engine observer (SPEC §6).
#include <algorithm>
#include <cmath>

#include "sim/core/huge_pages.h"
#include "sim/core/nice.h"
#include "sim/core/results.h"
#include "sim/runtime/runtime.h"

namespace timeslice {

StatsCollector::StatsCollector(const Workload& workload, bool task_rows)
    : workload_(workload), task_rows_(task_rows), cpus_(workload.machine.cpus.size()) {
  reserve_huge(tasks_, workload.tasks.size());
  tasks_.resize(workload.tasks.size());
  for (std::size_t i = 0; i < cpus_.size(); ++i) {
    cpus_[i].name = workload.machine.cpus[i].name;
    cpus_[i].cpu_class = workload.machine.cpus[i].cpu_class;
  }
  for (const LockSpec& l : workload.locks) {
    locks_.push_back(LockResult{l.name});
    locks_.back().switch_interval = l.switch_interval;
  }
  held_since_.assign(locks_.size(), -1);
  for (const RuntimeSpec& r : workload.runtimes) {
    RuntimeResult rr;
    rr.name = r.name;
    rr.model = runtime_model_name(r.model);
    rr.processors = r.carriers;
    runtimes_.push_back(rr);
  }
  for (const TaskSpec& t : workload.tasks) {
    if (t.role == TaskRole::Fiber && !t.spawned) ++runtimes_[t.runtime].fibers;
    if (t.role == TaskRole::Carrier) ++carriers_;
  }
  static const char* const kinds[] = {"process", "thread", "fiber"};
  if (!workload.spawns.empty()) spawn_row_.assign(workload.tasks.size(), 0);
  for (const SpawnSpec& sp : workload.spawns) {
    const std::string& name = workload.templates[sp.template_index].name;
    const std::string as = kinds[static_cast<int>(sp.as)];
    auto it = std::find_if(spawns_.begin(), spawns_.end(),
                           [&](const SpawnResult& r) { return r.template_name == name && r.as == as; });
    if (it == spawns_.end()) it = spawns_.insert(spawns_.end(), SpawnResult{name, as});
    const auto row = static_cast<std::uint32_t>(it - spawns_.begin());
    for (std::uint32_t k = 0; k < sp.count; ++k) spawn_row_[sp.first_child + k] = row;
  }
  const MemoryModel& m = workload.machine.memory;
  memory_.limit = m.limit;
  memory_.max_threads = m.max_threads;
  memory_.overcommit = m.overcommit;
}

bool shows_memory(const Results& r) {
  return !r.spawns.empty() || r.memory.limit > 0 || r.memory.max_threads > 0 || r.memory.refused > 0;
}
bool shows_cpu_parts(const Results& r) {
  return std::any_of(r.cpus.begin(), r.cpus.end(),
                     [](const CpuResult& c) { return c.spawning > 0 || c.spinning > 0 || c.polling > 0; });
}

void StatsCollector::on_memory(Time, const MemoryUse& use) {
  memory_.peak = std::max(memory_.peak, use.total());
  MemoryUse& peak = memory_.peak_by_kind;
  peak.process = std::max(peak.process, use.process);
  peak.thread = std::max(peak.thread, use.thread);
  peak.fiber = std::max(peak.fiber, use.fiber);
  peak.threads = std::max(peak.threads, use.threads);
}

void StatsCollector::on_fiber_slice(const FiberSlice& s) {
  const Time d = s.end - s.start;
  RuntimeResult& r = runtimes_[workload_.tasks[s.fiber].runtime];
  if (s.kind == FiberSliceKind::Run) {
    tasks_[s.fiber].cpu += d;
    r.fiber_cpu += d;
  } else {
    r.fiber_switch_time += d;
  }
}

void StatsCollector::on_runtime(RuntimeId id, const RuntimeCounters& c) {
  RuntimeResult& r = runtimes_[id];
  r.fiber_switches = c.fiber_switches;
  r.steals = c.steals;
  r.stolen = c.stolen;
  r.handoffs = c.handoffs;
  r.preemptions = c.preemptions;
  r.syscalls = c.syscalls;
  r.peak_carriers = c.peak_carriers;
}

void StatsCollector::on_task_state(Time t, TaskId task, TaskState state, std::uint32_t aux) {
  PerTask& p = tasks_[task];
  if (!p.arrived) {
    p.arrived = true;
    // A carrier arrives when its runtime starts it, a spawned task when it is created.
    const TaskSpec& spec = workload_.tasks[task];
    p.arrival = spec.role == TaskRole::Carrier || spec.spawned ? t : spec.arrival;
    if (spec.role == TaskRole::Fiber && spec.spawned) ++runtimes_[spec.runtime].fibers;
  }
  close_stretch(p, t);
  switch (state) {
    case TaskState::Ready:
      p.since = t;
      p.open = PerTask::Open::Ready;
      break;
    case TaskState::Running:
      if (p.first_run < 0) p.first_run = t;
      break;
    case TaskState::Blocked:
    case TaskState::Sleeping:
      p.since = t;
      p.open = state == TaskState::Blocked && blocked_on_lock(aux) ? PerTask::Open::BlockedOnLock
                                                                   : PerTask::Open::Blocked;
      break;
    case TaskState::Done:
      p.completion = t;
      break;
    default:
      break;
  }
}

void StatsCollector::close_stretch(PerTask& p, Time t) {
  switch (p.open) {
    case PerTask::Open::None:
      return;
    case PerTask::Open::Ready:
      p.max_wait = std::max(p.max_wait, t - p.since);
      break;
    case PerTask::Open::BlockedOnLock:
      p.lock_wait += t - p.since;
      [[fallthrough]];
    case PerTask::Open::Blocked:
      p.blocked += t - p.since;
      break;
  }
  p.since = -1;
  p.open = PerTask::Open::None;
}

StatsCollector::CpuParts& StatsCollector::part(TaskId task) {
  if (parts_.empty()) parts_.resize(tasks_.size());
  return parts_[task];
}

void StatsCollector::task_time(const CpuSlice& s, Time& cpu_part, Time& task_part) {
  const Time d = s.end - s.start;
  cpus_[s.cpu].busy += d;
  tasks_[s.task].cpu += d;
  cpu_part += d;
  task_part += d;
}

void StatsCollector::on_cpu_slice(const CpuSlice& s) {
  const Time d = s.end - s.start;
  CpuResult& c = cpus_[s.cpu];
  switch (s.kind) {
    case SliceKind::Run:
      c.busy += d;
      tasks_[s.task].cpu += d;  // a carrier's: its fibers' slices say whose work it was
      break;
    // A task's CPU time that is not useful work: counted as busy, and apart.
    case SliceKind::Spawn:
      task_time(s, c.spawning, part(s.task).spawning);
      break;
    case SliceKind::Spin:
      task_time(s, c.spinning, part(s.task).spinning);
      break;
    case SliceKind::Poll:
      task_time(s, c.polling, part(s.task).polling);
      break;
    case SliceKind::Scheduler: c.scheduler += d; break;
    case SliceKind::Switch: c.switching += d; break;
    case SliceKind::Migration: c.migration += d; break;
    case SliceKind::Interrupt: c.interrupt += d; break;
  }
}

void StatsCollector::on_decision(const Decision& d) {
  switch (d.kind) {
    case DecisionKind::Dispatch:
      if (d.arg2 & (kThreadSwitch | kProcessSwitch)) ++tasks_[d.task].switches;
      if (d.arg2 & kMigrated) ++tasks_[d.task].migrations;
      break;
    case DecisionKind::Expire:
    case DecisionKind::Preempt:
      ++tasks_[d.task].preemptions;
      break;
    case DecisionKind::LockAcquire: {
      LockResult& l = locks_[static_cast<std::size_t>(d.arg)];
      ++l.acquisitions;
      if (d.arg2 >= 0) {
        ++l.contended;
        l.max_wait = std::max(l.max_wait, d.arg2);
      }
      held_since_[static_cast<std::size_t>(d.arg)] = d.time;
      break;
    }
    case DecisionKind::Spawn:
      ++spawns_[spawn_row_[d.other]].spawned;
      spawns_[spawn_row_[d.other]].cpu += d.arg2;
      break;
    case DecisionKind::SpawnRefused:
      tasks_[d.other].refused = true;
      ++memory_.refused;
      if (workload_.tasks[d.other].spawned) ++spawns_[spawn_row_[d.other]].refused;
      break;
    case DecisionKind::LockRelease: {
      Time& since = held_since_[static_cast<std::size_t>(d.arg)];
      locks_[static_cast<std::size_t>(d.arg)].hold += d.time - since;
      since = -1;
      break;
    }
    case DecisionKind::LockDrop:
      ++locks_[static_cast<std::size_t>(d.arg)].forced_drops;
      break;
    default:
      break;
  }
}

DecisionKinds StatsCollector::decision_kinds() const {
  return decision_bit(DecisionKind::Dispatch) | decision_bit(DecisionKind::Expire) |
         decision_bit(DecisionKind::Preempt) | decision_bit(DecisionKind::LockAcquire) |
         decision_bit(DecisionKind::LockRelease) | decision_bit(DecisionKind::LockDrop) |
         decision_bit(DecisionKind::Spawn) | decision_bit(DecisionKind::SpawnRefused);
}

void StatsCollector::on_job(TaskId task, std::uint32_t, Time release, Time deadline,
                            Time completion) {
  if (!task_rows_) {
    ++job_count_;
    if (completion == kNever) unfinished_deadlines_.push_back(deadline);
    else late_jobs_ += completion > deadline;
    return;
  }
  JobResult job;
  job.release = release;
  job.deadline = deadline;
  if (completion != kNever) job.completion = completion;
  // Finished late, or still unfinished when the run stopped past its deadline.
  job.missed = completion != kNever ? completion > deadline : deadline < kNever;
  jobs_[task].push_back(job);
}

void StatsCollector::on_finish(Time end, std::uint64_t events) {
  end_ = end;
  events_ = events;
  for (PerTask& p : tasks_) close_stretch(p, end);
  for (std::size_t l = 0; l < locks_.size(); ++l)
    if (held_since_[l] >= 0) {
      locks_[l].hold += end - held_since_[l];
      held_since_[l] = -1;
    }
  for (CpuResult& c : cpus_) {
    c.idle = end - (c.busy + c.switching + c.migration + c.scheduler + c.interrupt);
    c.utilization = end > 0 ? static_cast<double>(c.busy) / static_cast<double>(end) : 0.0;
  }
}

namespace {

// Index of the nearest-rank percentile p in n sorted values: the smallest
// value with at least p% of the values at or below it.
std::size_t percentile_index(std::size_t n, int p) {
  const std::size_t rank = (n * static_cast<std::size_t>(p) + 99) / 100;
  return std::max<std::size_t>(rank, 1) - 1;
}

// Mean, nearest-rank p99/p95/p50 and maximum in linear time (a million-task
// run need not sort three million values): nth_element leaves the values
// below the one it places in front of it, so each smaller percentile is
// looked for among those alone.
Spread spread(std::vector<Time>& values) {
  Spread s;
  if (values.empty()) return s;
  const std::size_t n = values.size();
  Int128 sum = 0;  // exact in any order
  for (Time v : values) sum += v;
  s.mean = static_cast<double>(static_cast<long double>(sum) / static_cast<long double>(n));
  s.max = *std::max_element(values.begin(), values.end());
  auto end = values.end();  // [begin, end) holds the smallest values, unordered
  const auto at = [&](int p) {
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(percentile_index(n, p));
    std::nth_element(values.begin(), nth, end);
    end = nth + 1;
    return *nth;
  };
  s.p99 = at(99);
  s.p95 = at(95);
  s.p50 = at(50);
  return s;
}

}  // namespace

Results StatsCollector::results() const {
  Results r;
  r.workload = workload_.name;
  r.policy = workload_.scheduler.policy;
  r.cpus = cpus_;
  r.locks = locks_;
  r.runtimes = runtimes_;
  r.spawns = spawns_;
  r.memory = memory_;
  double share_sum = 0, share_sq = 0;              // Jain's index over cpu / (cpu + waiting)
  double weighted_sum = 0, weighted_sq = 0;        // ... over that share / (weight / 1024)
  std::size_t shares = 0;
  Summary& s = r.summary;
  for (TaskId id = 0; id < tasks_.size(); ++id) {
    const PerTask& p = tasks_[id];
    const TaskSpec& spec = workload_.tasks[id];
    TaskResult t;
    if (task_rows_) {  // the names are for the rows alone
      t.name = spec.name;
      t.process = workload_.processes[spec.process];
    }
    t.role = spec.role;
    t.arrived = p.arrived;
    t.spawned = spec.spawned;
    t.refused = p.refused;
    if (spec.role != TaskRole::Carrier && (!spec.spawned || p.arrived || p.refused)) ++s.tasks;
    if (task_rows_ && spec.runtime != kNoRuntime) t.runtime = workload_.runtimes[spec.runtime].name;
    // Carriers are the runtimes' machinery: their rows are reported, but the
    // whole-run figures are about the tasks and fibers the workload describes.
    const bool counted = spec.role != TaskRole::Carrier;
    t.arrival = spec.arrival;
    t.cpu = p.cpu;
    if (!parts_.empty()) {
      t.spawning = parts_[id].spawning;
      t.spinning = parts_[id].spinning;
      t.polling = parts_[id].polling;
    }
    t.blocked = p.blocked;
    t.lock_wait = p.lock_wait;
    t.max_wait = p.max_wait;
    t.context_switches = p.switches;
    t.preemptions = p.preemptions;
    t.migrations = p.migrations;
    if (!jobs_.empty())
      if (const auto it = jobs_.find(id); it != jobs_.end()) t.jobs = it->second;
    for (JobResult& job : t.jobs) {
      // An unfinished job only counts as missed once its deadline has passed.
      if (!job.completion) job.missed = job.deadline <= end_;
      if (job.missed) ++t.deadline_misses;
    }
    s.deadline_misses += t.deadline_misses;
    s.jobs += t.jobs.size();
    const Time arrival = spec.role == TaskRole::Carrier || spec.spawned ? p.arrival : spec.arrival;
    t.arrival = arrival;
    if (p.first_run >= 0) {
      t.first_run = p.first_run;
      t.response = p.first_run - arrival;
      if (counted) ++s.started;
    }
    if (p.completion >= 0) {
      t.completion = p.completion;
      t.turnaround = p.completion - arrival;
      if (counted) ++s.completed;
      if (spec.role == TaskRole::Fiber) ++r.runtimes[spec.runtime].fibers_completed;
    }
    if (p.arrived) {
      const Time until = p.completion >= 0 ? p.completion : end_;
      t.waiting = until - arrival - p.cpu - p.blocked;
      if (counted && p.cpu + t.waiting > 0) {
        const double x = static_cast<double>(p.cpu) / static_cast<double>(p.cpu + t.waiting);
        share_sum += x;
        share_sq += x * x;
        const double y = x * static_cast<double>(kNice0Load) /
                         static_cast<double>(nice_weight(spec.nice));
        weighted_sum += y;
        weighted_sq += y * y;
        ++shares;
      }
    }
    s.context_switches += p.switches;
    s.preemptions += p.preemptions;
    s.migrations += p.migrations;
    if (task_rows_) r.tasks.push_back(std::move(t));
  }
  s.jobs += job_count_;
  s.deadline_misses += late_jobs_;
  for (const Time deadline : unfinished_deadlines_) s.deadline_misses += deadline <= end_;
  s.makespan = end_;
  s.events = events_;
  s.throughput_per_s =
      end_ > 0 ? static_cast<double>(s.completed) * 1e9 / static_cast<double>(end_) : 0.0;
  // One figure at a time through one array: a million tasks' figures take
  // 8 MB at the end of the run rather than 24.
  std::vector<Time> values;
  values.reserve(tasks_.size());
  const auto spread_of = [&](auto figure) {
    values.clear();
    for (TaskId id = 0; id < tasks_.size(); ++id) {
      const PerTask& p = tasks_[id];
      const TaskSpec& spec = workload_.tasks[id];
      if (spec.role == TaskRole::Carrier) continue;  // as above: not counted
      figure(p, spec.arrival);
    }
    return spread(values);
  };
  s.turnaround = spread_of([&](const PerTask& p, Time arrival) {
    if (p.completion >= 0) values.push_back(p.completion - arrival);
  });
  s.response = spread_of([&](const PerTask& p, Time arrival) {
    if (p.first_run >= 0) values.push_back(p.first_run - arrival);
  });
  s.waiting = spread_of([&](const PerTask& p, Time arrival) {
    if (p.arrived) values.push_back((p.completion >= 0 ? p.completion : end_) - arrival - p.cpu - p.blocked);
  });
  s.jain_fairness = shares > 0 && share_sq > 0
                        ? (share_sum * share_sum) / (static_cast<double>(shares) * share_sq)
                        : 1.0;
  s.weighted_fairness = shares > 0 && weighted_sq > 0
                            ? (weighted_sum * weighted_sum) / (static_cast<double>(shares) * weighted_sq)
                            : 1.0;
  for (const CpuResult& c : cpus_) {
    if (c.cpu_class.empty()) continue;
    auto it = std::find_if(r.classes.begin(), r.classes.end(),
                           [&](const ClassResult& k) { return k.cpu_class == c.cpu_class; });
    if (it == r.classes.end()) it = r.classes.insert(r.classes.end(), ClassResult{c.cpu_class});
    ++it->cpus;
    it->busy += c.busy;
  }
  for (ClassResult& k : r.classes)
    k.utilization = end_ > 0 ? static_cast<double>(k.busy) / (static_cast<double>(end_) * k.cpus) : 0.0;
  Time busy = 0, overhead = 0;
  for (const CpuResult& c : cpus_) {
    busy += c.busy;
    overhead += c.switching + c.migration + c.scheduler + c.interrupt;
  }
  s.overhead_share =
      busy + overhead > 0 ? static_cast<double>(overhead) / static_cast<double>(busy + overhead) : 0.0;
  return r;
}

}  // namespace timeslice
