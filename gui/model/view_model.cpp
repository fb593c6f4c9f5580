#include "gui/model/view_model.h"

#include <algorithm>
#include <numeric>

#include "gui/model/lod.h"

namespace timeslice::gui {

namespace {

void sort_lane(Lane& lane) {
  std::vector<std::uint32_t> order(lane.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return lane.start[a] < lane.start[b]; });
  Lane sorted;
  for (std::uint32_t k : order) sorted.push(lane.start[k], lane.end[k], lane.item[k]);
  lane = std::move(sorted);
}

bool is_blocked(TaskState s) { return s == TaskState::Blocked || s == TaskState::Sleeping; }

Time first_after(const std::vector<Time>& times, Time t, Time fallback) {
  auto it = std::upper_bound(times.begin(), times.end(), t);
  return it == times.end() ? fallback : *it;
}
Time last_before(const std::vector<Time>& times, Time t) {
  auto it = std::lower_bound(times.begin(), times.end(), t);
  return it == times.begin() ? 0 : *std::prev(it);
}
std::uint64_t count_until(const std::vector<Time>& times, Time t) {
  return static_cast<std::uint64_t>(std::upper_bound(times.begin(), times.end(), t) -
                                    times.begin());
}

// The average over each of `bins` equal bins of [t0, t1) of what
// `integral(t)` integrates (zeros for an empty range).
template <class Integral>
std::vector<float> bin_averages(double t0, double t1, int bins, Integral&& integral) {
  std::vector<float> out(static_cast<std::size_t>(std::max(bins, 0)), 0.0f);
  if (bins <= 0 || t1 <= t0) return out;
  const double w = (t1 - t0) / bins;
  double prev = integral(t0);
  for (int b = 0; b < bins; ++b) {
    const double next = integral(t0 + (b + 1) * w);
    out[static_cast<std::size_t>(b)] = static_cast<float>((next - prev) / w);
    prev = next;
  }
  return out;
}

}  // namespace

RunModel::RunModel(const Workload& w, const Trace& trace) : end_(trace.end) {
  const std::size_t ncpu = w.machine.cpus.size();
  const std::size_t ntask = w.tasks.size();

  // CPU lanes, their prefix sums, and each task's slices.
  cpu_lanes_.resize(ncpu);
  task_slices_.resize(ntask);
  for (std::uint32_t i = 0; i < trace.cpu_slices.size(); ++i) {
    const CpuSlice& s = trace.cpu_slices[i];
    cpu_lanes_[s.cpu].push(s.start, s.end, i);
    if (s.task < ntask) task_slices_[s.task].push_back(i);
  }
  cpu_cum_run_.resize(ncpu);
  cpu_cum_overhead_.resize(ncpu);
  cpu_is_run_.resize(ncpu);
  for (std::size_t c = 0; c < ncpu; ++c) {
    Lane& lane = cpu_lanes_[c];
    sort_lane(lane);
    auto& run = cpu_cum_run_[c];
    auto& ovh = cpu_cum_overhead_[c];
    auto& is_run = cpu_is_run_[c];
    run.assign(1, 0);
    ovh.assign(1, 0);
    for (std::size_t k = 0; k < lane.size(); ++k) {
      const bool r = task_time(trace.cpu_slices[lane.item[k]].kind);  // spinning, polling, creating: busy too
      const Time d = lane.end[k] - lane.start[k];
      is_run.push_back(r);
      run.push_back(run.back() + (r ? d : 0));
      ovh.push_back(ovh.back() + (r ? 0 : d));
    }
  }
  // The parts of busy time spent creating tasks, spinning and polling.
  const bool parts = std::any_of(trace.cpu_slices.begin(), trace.cpu_slices.end(),
                                 [](const CpuSlice& s) { return s.kind >= SliceKind::Spawn; });
  if (parts) {
    cpu_kind_.resize(ncpu);
    for (auto& cum : cpu_cum_part_) cum.resize(ncpu);
    for (std::size_t c = 0; c < ncpu; ++c) {
      const Lane& lane = cpu_lanes_[c];
      for (auto& cum : cpu_cum_part_) cum[c].assign(1, 0);
      for (std::size_t k = 0; k < lane.size(); ++k) {
        const SliceKind kind = trace.cpu_slices[lane.item[k]].kind;
        cpu_kind_[c].push_back(kind);
        for (int p = 0; p < 3; ++p) {
          auto& cum = cpu_cum_part_[p][c];
          const bool mine = static_cast<int>(kind) == static_cast<int>(SliceKind::Spawn) + p;
          cum.push_back(cum.back() + (mine ? lane.end[k] - lane.start[k] : 0));
        }
      }
    }
  }
  for (auto& v : task_slices_)
    std::stable_sort(v.begin(), v.end(), [&](std::uint32_t a, std::uint32_t b) {
      return trace.cpu_slices[a].start < trace.cpu_slices[b].start;
    });

  // Device lanes: one per channel that was used.
  std::vector<std::vector<Lane>> channels(w.devices.size());
  for (std::uint32_t i = 0; i < trace.device_slices.size(); ++i) {
    const DeviceSlice& s = trace.device_slices[i];
    auto& lanes = channels[s.device];
    if (lanes.size() <= s.channel) lanes.resize(s.channel + 1);
    lanes[s.channel].push(s.start, s.end, i);
  }
  for (DeviceId d = 0; d < channels.size(); ++d)
    for (std::uint32_t ch = 0; ch < channels[d].size(); ++ch) {
      if (channels[d][ch].size() == 0) continue;
      sort_lane(channels[d][ch]);
      device_lanes_.push_back({d, ch, std::move(channels[d][ch])});
    }

  // Task histories, with running totals, and the ready-count step function
  // (and, for two-level runs, the live carriers and fibers).
  histories_.resize(ntask);
  std::vector<TaskState> current(ntask, TaskState::NotArrived);
  int ready = 0, live_carriers = 0, live_fibers = 0;
  const bool two_level = !w.runtimes.empty();
  auto alive = [](TaskState s) { return s != TaskState::NotArrived && s != TaskState::Done; };
  for (const TaskStateChange& c : trace.task_states) {
    History& h = histories_[c.task];
    Time run = 0, rdy = 0, blk = 0;
    if (!h.time.empty()) {
      const std::size_t k = h.time.size() - 1;
      const Time d = c.time - h.time[k];
      run = h.cum_run[k] + (h.state[k] == TaskState::Running ? d : 0);
      rdy = h.cum_ready[k] + (h.state[k] == TaskState::Ready ? d : 0);
      blk = h.cum_blocked[k] + (is_blocked(h.state[k]) ? d : 0);
    }
    h.time.push_back(c.time);
    h.state.push_back(c.state);
    h.aux.push_back(c.aux);
    h.cum_run.push_back(run);
    h.cum_ready.push_back(rdy);
    h.cum_blocked.push_back(blk);
    if (c.state == TaskState::Running && !h.first_run) h.first_run = c.time;
    const TaskRole role = w.tasks[c.task].role;
    if (c.state == TaskState::Done) {
      h.completion = c.time;
      if (role != TaskRole::Carrier) completions_.push_back(c.time);
    }

    ready += (c.state == TaskState::Ready) - (current[c.task] == TaskState::Ready);
    const int live_change = alive(c.state) - alive(current[c.task]);
    current[c.task] = c.state;
    ready_.set(c.time, ready);
    if (two_level && live_change != 0 && role != TaskRole::Task) {
      if (role == TaskRole::Carrier)
        live_carriers_.set(c.time, live_carriers += live_change);
      else
        live_fibers_.set(c.time, live_fibers += live_change);
    }
  }
  std::sort(completions_.begin(), completions_.end());
  // The most tasks ready at once, after each instant's changes (a task that
  // arrives and is dispatched at the same time is never counted as waiting).
  for (double v : ready_.value) max_ready_ = std::max(max_ready_, static_cast<int>(v));
  for (double v : live_carriers_.value) max_live_carriers_ = std::max(max_live_carriers_, static_cast<int>(v));
  for (double v : live_fibers_.value) max_live_fibers_ = std::max(max_live_fibers_, static_cast<int>(v));

  // The rows reports show: spare carriers their runtime never started are
  // left out, and carriers are not counted as tasks.
  for (TaskId t = 0; t < ntask; ++t) {
    const bool carrier = w.tasks[t].role == TaskRole::Carrier;
    if (!carrier || !histories_[t].time.empty()) shown_tasks_.push_back(t);
    counted_tasks_ += !carrier;
  }

  // Carrier lanes: the fiber slices of every carrier its runtime started.
  if (two_level) {
    std::vector<std::int64_t> lane_of(ntask, -1);
    for (TaskId t = 0; t < ntask; ++t)
      if (w.tasks[t].role == TaskRole::Carrier && !histories_[t].time.empty()) {
        lane_of[t] = static_cast<std::int64_t>(carrier_lanes_.size());
        carrier_lanes_.push_back({t, w.tasks[t].runtime, {}, {}, {}, {}});
      }
    for (std::uint32_t i = 0; i < trace.fiber_slices.size(); ++i) {
      const FiberSlice& fs = trace.fiber_slices[i];
      if (fs.carrier < ntask && lane_of[fs.carrier] >= 0)
        carrier_lanes_[static_cast<std::size_t>(lane_of[fs.carrier])].fibers.push(fs.start, fs.end, i);
    }
    for (CarrierLane& cl : carrier_lanes_) sort_lane(cl.fibers);
    for (const Decision& d : trace.decisions) {
      if (d.other >= ntask || lane_of[d.other] < 0) continue;
      CarrierLane& cl = carrier_lanes_[static_cast<std::size_t>(lane_of[d.other])];
      if (d.kind == DecisionKind::Handoff) cl.handoffs.push_back({d.time, d.task, d.arg, d.arg2 != 0});
      if (d.kind == DecisionKind::MonitorPreempt) cl.preemptions.push_back(d.time);
      if (d.kind == DecisionKind::FiberSteal) cl.steals.push_back({d.time, d.arg, d.arg2});
    }
  }

  // Task lanes from the histories.
  task_lanes_.resize(ntask);
  for (TaskId t = 0; t < ntask; ++t) {
    const History& h = histories_[t];
    TaskLane& tl = task_lanes_[t];
    for (std::size_t k = 0; k < h.time.size(); ++k) {
      const TaskState s = h.state[k];
      if (s == TaskState::NotArrived || s == TaskState::Done) continue;
      const Time until = k + 1 < h.time.size() ? h.time[k + 1] : end_;
      if (until <= h.time[k]) continue;
      tl.lane.push(h.time[k], until, static_cast<std::uint32_t>(tl.state.size()));
      tl.state.push_back(s);
      tl.aux.push_back(h.aux[k]);
    }
  }

  // Lock contention: how many tasks wait for each lock, as a step function
  // from the task lanes' waiting-for-a-lock stretches.
  lock_contention_.resize(w.locks.size());
  {
    std::vector<std::vector<std::pair<Time, int>>> changes(w.locks.size());
    for (const TaskLane& tl : task_lanes_)
      for (std::size_t k = 0; k < tl.lane.size(); ++k) {
        const std::uint32_t aux = tl.aux[tl.lane.item[k]];
        if (tl.state[tl.lane.item[k]] != TaskState::Blocked || !blocked_on_lock(aux)) continue;
        if (aux - kLockAux >= changes.size()) continue;
        changes[aux - kLockAux].emplace_back(tl.lane.start[k], +1);
        changes[aux - kLockAux].emplace_back(tl.lane.end[k], -1);
      }
    for (std::size_t l = 0; l < changes.size(); ++l) {
      auto& c = changes[l];
      std::sort(c.begin(), c.end());
      int waiting = 0;
      for (std::size_t i = 0; i < c.size(); ++i) {
        waiting += c[i].second;
        const Time next = i + 1 < c.size() ? c[i + 1].first : c[i].first;
        if (waiting > 0 && next > c[i].first)
          lock_contention_[l].push(c[i].first, next, static_cast<std::uint32_t>(waiting));
      }
    }
  }

  // Decisions: counters per task, lock holders, and the times to step through.
  lock_lanes_.resize(w.locks.size());
  continues_.resize(ncpu);
  std::vector<std::pair<TaskId, Time>> held(w.locks.size(), {kNoTask, 0});  // holder, since
  for (const Decision& d : trace.decisions) {
    if ((d.kind == DecisionKind::LockAcquire || d.kind == DecisionKind::LockRelease) &&
        d.arg >= 0 && static_cast<std::size_t>(d.arg) < held.size()) {
      auto& [holder, since] = held[static_cast<std::size_t>(d.arg)];
      auto& lane = lock_lanes_[static_cast<std::size_t>(d.arg)];
      if (d.kind == DecisionKind::LockAcquire) {
        // A hand-over may be logged before the old holder's release.
        if (holder != kNoTask && d.time > since) lane.push(since, d.time, holder);
        holder = d.task, since = d.time;
      } else if (holder == d.task) {
        if (d.time > since) lane.push(since, d.time, d.task);
        holder = kNoTask;
      }
    }
    log_times_.push_back(d.time);
    if (d.kind == DecisionKind::Continue && d.cpu < ncpu) continues_[d.cpu].push_back(d.time);
    if (d.task < ntask) {
      History& h = histories_[d.task];
      if (d.kind == DecisionKind::Dispatch) {
        if (d.arg2 & (kThreadSwitch | kProcessSwitch)) h.switch_times.push_back(d.time);
        if (d.arg2 & kMigrated) h.migrate_times.push_back(d.time);
      } else if (d.kind == DecisionKind::Expire || d.kind == DecisionKind::Preempt) {
        h.preempt_times.push_back(d.time);
      }
    }
    if (d.kind == DecisionKind::Dispatch || d.kind == DecisionKind::Continue ||
        d.kind == DecisionKind::Idle)
      if (decision_times_.empty() || decision_times_.back() != d.time)
        decision_times_.push_back(d.time);
  }

  for (std::size_t l = 0; l < held.size(); ++l)  // still held when the run stopped
    if (held[l].first != kNoTask && end_ > held[l].second)
      lock_lanes_[l].push(held[l].second, end_, held[l].first);

  memory_ = MemoryView(w, trace);

  // Every time anything happens.
  event_times_.reserve(trace.cpu_slices.size() * 2 + trace.task_states.size() + log_times_.size());
  for (const CpuSlice& s : trace.cpu_slices) {
    event_times_.push_back(s.start);
    event_times_.push_back(s.end);
  }
  for (const DeviceSlice& s : trace.device_slices) {
    event_times_.push_back(s.start);
    event_times_.push_back(s.end);
  }
  for (const FiberSlice& s : trace.fiber_slices) {
    event_times_.push_back(s.start);
    event_times_.push_back(s.end);
  }
  for (const TaskStateChange& c : trace.task_states) event_times_.push_back(c.time);
  event_times_.insert(event_times_.end(), log_times_.begin(), log_times_.end());
  event_times_.push_back(end_);
  std::sort(event_times_.begin(), event_times_.end());
  event_times_.erase(std::unique(event_times_.begin(), event_times_.end()), event_times_.end());
}

TaskId RunModel::lock_holder_at(std::uint32_t lock, Time t) const {
  if (lock >= lock_lanes_.size()) return kNoTask;
  const Lane& lane = lock_lanes_[lock];
  auto it = std::upper_bound(lane.start.begin(), lane.start.end(), t);
  if (it == lane.start.begin()) return kNoTask;
  const std::size_t k = static_cast<std::size_t>(it - lane.start.begin()) - 1;
  return t < lane.end[k] ? lane.item[k] : kNoTask;
}

TaskAt RunModel::task_at(TaskId task, Time t) const {
  TaskAt a;
  if (task >= histories_.size()) return a;
  const History& h = histories_[task];
  auto it = std::upper_bound(h.time.begin(), h.time.end(), t);
  if (it == h.time.begin()) return a;
  const std::size_t k = static_cast<std::size_t>(it - h.time.begin()) - 1;
  const Time d = t - h.time[k];
  a.state = h.state[k];
  a.aux = h.aux[k];
  a.cpu = h.cum_run[k] + (a.state == TaskState::Running ? d : 0);
  a.waiting = h.cum_ready[k] + (a.state == TaskState::Ready ? d : 0);
  a.blocked = h.cum_blocked[k] + (is_blocked(a.state) ? d : 0);
  if (h.first_run && *h.first_run <= t) a.first_run = h.first_run;
  if (h.completion && *h.completion <= t) a.completion = h.completion;
  a.switches = count_until(h.switch_times, t);
  a.preemptions = count_until(h.preempt_times, t);
  a.migrations = count_until(h.migrate_times, t);
  return a;
}

std::int64_t RunModel::cpu_slice_at(CpuId cpu, Time t) const {
  if (cpu >= cpu_lanes_.size()) return -1;
  const Lane& lane = cpu_lanes_[cpu];
  const std::int64_t i = item_at(lane.starts(), lane.ends(), t);
  return i < 0 ? -1 : static_cast<std::int64_t>(lane.item[static_cast<std::size_t>(i)]);
}

std::size_t RunModel::completed_by(Time t) const { return count_until(completions_, t); }

Time RunModel::next_event(Time t) const { return first_after(event_times_, t, end_); }
Time RunModel::prev_event(Time t) const { return last_before(event_times_, t); }
Time RunModel::next_decision(Time t) const { return first_after(decision_times_, t, end_); }
Time RunModel::prev_decision(Time t) const { return last_before(decision_times_, t); }
std::size_t RunModel::decisions_until(Time t) const { return count_until(log_times_, t); }

double RunModel::StepSeries::integral_at(double t) const {
  auto it = std::upper_bound(time.begin(), time.end(), t,
                             [](double v, Time x) { return v < static_cast<double>(x); });
  if (it == time.begin()) return 0.0;
  const std::size_t k = static_cast<std::size_t>(it - time.begin()) - 1;
  return integral[k] + value[k] * (t - static_cast<double>(time[k]));
}

double RunModel::StepSeries::value_at(Time t) const {
  auto it = std::upper_bound(time.begin(), time.end(), t);
  return it == time.begin() ? 0.0 : value[static_cast<std::size_t>(it - time.begin()) - 1];
}

void RunModel::StepSeries::set(Time t, double v) {
  if (!time.empty() && time.back() == t) {
    value.back() = v;
    return;
  }
  integral.push_back(time.empty() ? 0.0
                                  : integral.back() + value.back() * static_cast<double>(t - time.back()));
  time.push_back(t);
  value.push_back(v);
}

std::vector<float> RunModel::StepSeries::averages(double t0, double t1, int bins) const {
  return bin_averages(t0, t1, bins, [&](double t) { return integral_at(t); });
}

int RunModel::ready_at(Time t) const { return static_cast<int>(ready_.value_at(t)); }

std::vector<float> RunModel::ready_series(double t0, double t1, int bins) const {
  return ready_.averages(t0, t1, bins);
}

double RunModel::cpu_integral(CpuId cpu, bool overhead, double t) const {
  const Lane& lane = cpu_lanes_[cpu];
  const auto& cum = overhead ? cpu_cum_overhead_[cpu] : cpu_cum_run_[cpu];
  auto it = std::upper_bound(lane.end.begin(), lane.end.end(), t,
                             [](double v, Time e) { return v < static_cast<double>(e); });
  const std::size_t k = static_cast<std::size_t>(it - lane.end.begin());
  double total = static_cast<double>(cum[k]);
  if (k < lane.size() && static_cast<double>(lane.start[k]) < t && cpu_is_run_[cpu][k] != overhead)
    total += t - static_cast<double>(lane.start[k]);
  return total;
}

std::vector<float> RunModel::cpu_series(CpuId cpu, bool overhead, double t0, double t1,
                                        int bins) const {
  if (cpu >= cpu_lanes_.size()) return bin_averages(t0, t1, bins, [](double) { return 0.0; });
  return bin_averages(t0, t1, bins, [&](double t) { return cpu_integral(cpu, overhead, t); });
}

double RunModel::part_integral(CpuId cpu, SliceKind kind, double t) const {
  const Lane& lane = cpu_lanes_[cpu];
  const auto& cum = cpu_cum_part_[static_cast<int>(kind) - static_cast<int>(SliceKind::Spawn)][cpu];
  auto it = std::upper_bound(lane.end.begin(), lane.end.end(), t,
                             [](double v, Time e) { return v < static_cast<double>(e); });
  const std::size_t k = static_cast<std::size_t>(it - lane.end.begin());
  double total = static_cast<double>(cum[k]);
  if (k < lane.size() && static_cast<double>(lane.start[k]) < t && cpu_kind_[cpu][k] == kind)
    total += t - static_cast<double>(lane.start[k]);
  return total;
}

std::vector<float> RunModel::part_series(CpuId cpu, SliceKind kind, double t0, double t1, int bins) const {
  if (!has_cpu_parts() || kind < SliceKind::Spawn || cpu >= cpu_lanes_.size())
    return std::vector<float>(static_cast<std::size_t>(std::max(bins, 0)), 0.0f);
  return bin_averages(t0, t1, bins, [&](double t) { return part_integral(cpu, kind, t); });
}

std::vector<float> RunModel::utilization_series(CpuId cpu, double t0, double t1, int bins) const {
  return cpu_series(cpu, false, t0, t1, bins);
}
std::vector<float> RunModel::overhead_series(CpuId cpu, double t0, double t1, int bins) const {
  return cpu_series(cpu, true, t0, t1, bins);
}

}  // namespace timeslice::gui
