// Multi-level feedback queue, following the classic rules (OSTEP ch. 8):
//   1. A higher level runs before a lower one (level 0 is the top).
//   2. Within a level, round robin with that level's quantum.
//   3. A new task enters at the top.
//   4. A task that has used its `allotment` at a level (over any number of
//      runs and quanta) moves down one level. Blocking does not reset what it
//      used, so a task cannot game the scheduler by yielding just before its
//      quantum ends (unless `reset_on_block` is set, the naive rule).
//   5. Every `boost` period every task moves back to the top with a fresh
//      quantum and allotment; a running task keeps its CPU and its slice
//      restarts there (the engine asks time_slice() again after the timer).
// A task preempted by a higher-level arrival stays at the head of its level
// with the rest of its quantum. `io_to_front` puts a waking task at the head.
//
// `conventions: "ostep"` follows the OSTEP homework simulator (mlfq.py in
// remzi-arpacidusseau/ostep-homework, cpu-sched-mlfq) where it decides
// something the rules leave open:
//   - a boost appends the lower levels to the top starting from the lowest,
//     each level's running task at the head of its level; a running task that
//     is not then first in line (one below the top, usually) loses its CPU;
//   - tasks that arrive or wake at the boost instant queue after the boosted
//     ones (a waking task with io_to_front at the head, ahead of them all);
//   - a task whose quantum ends at t queues ahead of tasks that arrived or
//     woke at t (the simulator ends a job's tick before it looks at arrivals);
//   - with io_to_front a waking task goes ahead of a running task of its own
//     level, which it therefore preempts (that task then comes second);
//   - with reset_on_block a task that blocks just as its quantum ends gets a
//     fresh allotment less that quantum (the simulator's -S).
// By default (`textbook`) a boost keeps the levels' order (top, then 1, 2,
// ...), running tasks keep their CPUs, and tasks queue in event order
// (scheduler.same_time).
#include <algorithm>
#include <stdexcept>

#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Mlfq final : public Policy {
 public:
  Mlfq(std::vector<Time> quanta, std::vector<Time> allotments, Time boost, bool reset_on_block,
       bool io_to_front, bool ostep)
      : quanta_(std::move(quanta)),
        allotments_(std::move(allotments)),
        boost_(boost),
        reset_on_block_(reset_on_block),
        io_to_front_(io_to_front),
        ostep_(ostep),
        levels_(quanta_.size()),
        next_boost_(boost > 0 ? boost : kNever) {}

  void attach(SchedContext& c) override {
    Policy::attach(c);
    for (FifoQueue& level : levels_) level.attach(c);  // a task is on one level at a time
    state_.attach(c, 0, [&](std::vector<State>& all) {
      for (State& s : all) s = fresh(0);
    });
    if (ostep_) entered_.attach(c);
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    State& s = state(t);
    if (why == EnqueueReason::Arrival) s = fresh(0);
    FifoQueue& level = levels_[s.level];
    const bool front = why == EnqueueReason::Preempted ||
                       (why == EnqueueReason::Wakeup && io_to_front_);
    if (ostep_) return enqueue_ostep(t, why, front, level);
    if (front) level.push_front(t);
    else level.push_back(t);
  }
  void dequeue(TaskId t) override {
    levels_[state(t).level].remove(t);
    if (ostep_) entered_[t].at = kNever;
  }
  TaskId pick_next(CpuId cpu) override {
    for (const FifoQueue& level : levels_) {
      const TaskId t = level.first_allowed(ctx(), cpu);
      if (t != kNoTask) return t;
    }
    return kNoTask;
  }
  std::size_t queued() const override {
    std::size_t n = 0;
    for (const FifoQueue& level : levels_) n += level.size();
    return n;
  }
  TaskId last_allowed(CpuId cpu) const override {
    for (auto level = levels_.rbegin(); level != levels_.rend(); ++level) {
      const TaskId t = level->last_allowed(ctx(), cpu);
      if (t != kNoTask) return t;
    }
    return kNoTask;
  }
  void for_each_queued(const std::function<void(TaskId)>& visit) const override {
    for (const FifoQueue& level : levels_) level.for_each(visit);
  }
  void visit_from_back(const std::function<bool(TaskId)>& visit) const override {
    for (auto level = levels_.rbegin(); level != levels_.rend(); ++level)
      if (!level->visit_from_back(visit)) return;
  }

  Time time_slice(TaskId t, CpuId) override {
    if (lost_cpu_at_boost(t) != boost_places_.end()) return 0;
    const State& s = state(t);
    return std::min(s.quantum_left, allotments_[s.level] - s.used);
  }
  bool should_preempt(TaskId running, TaskId woken) override {
    const std::size_t woken_level = state(woken).level;
    const std::size_t running_level = state(running).level;
    if (woken_level < running_level) return true;
    return ostep_ && woken_level == running_level && bumped_now(woken);
  }
  void on_running(TaskId t, CpuId) override {
    state(t).started = ctx().now();
    running_.push_back(t);
  }

  void on_stopping(TaskId t, Time ran, StopReason why) override {
    running_.erase(std::find(running_.begin(), running_.end(), t));
    if (why == StopReason::Exited) return;
    State& s = state(t);
    // Only time since the last boost counts against the (new) level.
    if (s.started < last_boost_) ran = std::min(ran, ctx().now() - last_boost_);
    s.used += ran;
    s.quantum_left -= ran;
    if (why == StopReason::Blocked && reset_on_block_) {
      if (ostep_) {
        const bool quantum_ended = s.quantum_left <= 0;
        s = fresh(s.level);
        if (quantum_ended) s.used = quanta_[s.level];  // counted against the fresh allotment
      } else if (s.used < allotments_[s.level]) {
        s = fresh(s.level);
      }
    }
    const std::size_t bottom = levels_.size() - 1;
    if (s.used >= allotments_[s.level] && s.level < bottom) {
      s = fresh(s.level + 1);
      if (ctx().note) ctx().note(DecisionKind::Demote, t, static_cast<std::int64_t>(s.level));
    } else if (s.used >= allotments_[s.level]) {
      s = fresh(s.level);  // bottom level: the allotment just renews
    } else if (s.quantum_left <= 0) {
      s.quantum_left = quanta_[s.level];  // a new quantum; what it used at this level stays
    }
  }

  bool uses_timers() const override { return true; }
  Time next_timer() const override { return next_boost_; }
  void on_timer() override {
    last_boost_ = ctx().now();
    next_boost_ = last_boost_ + boost_;
    if (ostep_) boost_ostep();
    else boost_textbook();
    if (ctx().note) ctx().note(DecisionKind::Boost, kNoTask, 0);
  }

  std::string describe(TaskId t) const override {
    const State& s = state(t);
    return "level " + std::to_string(s.level) + ", used " + format_duration(s.used) + " of " +
           format_duration(allotments_[s.level]);
  }

 private:
  struct State {
    std::size_t level = 0;
    Time used = 0;          // time used at this level, across runs and quanta
    Time quantum_left = 0;  // rest of the current quantum
    Time started = 0;       // when it last started running
    std::uint64_t boosts = 0;  // boosts seen: older ones are applied by state()
  };
  // ostep: when a queued task last arrived or woke (kNever once picked), and
  // whether it went to the head of its level then.
  struct Entered {
    Time at = kNever;
    bool front = false;
  };
  State fresh(std::size_t level, Time started = 0) const {
    return {level, 0, quanta_[level], started, boosts_};
  }
  // A task's state with every boost since it was last looked at applied
  // (each boost puts it back at the top with a fresh allotment). The state is
  // shared by every queue of the run; all queues boost at the same instants,
  // so their boost counts agree whenever a task is looked at.
  State& state(TaskId t) const {
    State& s = state_[t];
    if (s.boosts != boosts_) s = fresh(0, s.started);
    return s;
  }

  // Queued tasks move to the top in level order: the lower levels are
  // joined to the top one's back, in O(levels). Every task's state is reset
  // when it is next looked at (state()).
  void boost_textbook() {
    ++boosts_;
    for (std::size_t level = 1; level < levels_.size(); ++level) levels_[0].append(levels_[level]);
  }

  // The homework simulator's boost: the top level, then the others from the
  // lowest up, each led by its running tasks; then the tasks that arrived or
  // woke at this instant (those that went to the head of their level ahead
  // of everything, the last first). A running task keeps its CPU only if
  // every task ahead of it in that line is running too; the others stop now
  // (their slice is 0) and queue at their place in the line, ahead of the
  // queued task that follows them (boost_places_). The queued tasks keep the
  // line's order in the top level, joined as lists: O(levels + running +
  // entered), not O(queued tasks).
  void boost_ostep() {
    const Time now = ctx().now();
    std::vector<std::pair<TaskId, std::size_t>> running;  // (task, level before the boost)
    for (TaskId t : running_) running.emplace_back(t, state(t).level);
    std::vector<TaskId> entered;
    for (TaskId t : entered_now_)
      if (entered_[t].at == now) {
        levels_[state(t).level].remove(t);
        entered.push_back(t);
      }
    entered_now_.clear();
    ++boosts_;
    boost_places_.clear();
    // Walk the line's levels; a queued task ahead means later running tasks stop.
    bool queued_ahead = std::any_of(entered.begin(), entered.end(), [&](TaskId t) { return entered_[t].front; });
    std::vector<TaskId> stopped;  // running tasks that lost their CPU, waiting for the next queued task
    const auto walk_level = [&](std::size_t level) {
      for (const auto& [t, at] : running)
        if (at == level && queued_ahead) stopped.push_back(t);
      if (levels_[level].empty()) return;
      for (TaskId t : stopped) boost_places_.emplace_back(t, levels_[level].front());
      stopped.clear();
      queued_ahead = true;
    };
    walk_level(0);
    for (std::size_t level = levels_.size() - 1; level >= 1; --level) walk_level(level);
    const auto first_late = std::find_if(entered.begin(), entered.end(), [&](TaskId t) { return !entered_[t].front; });
    for (TaskId t : stopped) boost_places_.emplace_back(t, first_late == entered.end() ? kNoTask : *first_late);
    for (std::size_t level = levels_.size() - 1; level >= 1; --level) levels_[0].append(levels_[level]);
    for (TaskId t : entered) {
      if (entered_[t].front) levels_[0].push_front(t);
      else levels_[0].push_back(t);
    }
  }

  std::vector<std::pair<TaskId, TaskId>>::iterator lost_cpu_at_boost(TaskId t) {
    if (boost_places_.empty() || last_boost_ != ctx().now()) return boost_places_.end();
    return std::find_if(boost_places_.begin(), boost_places_.end(),
                        [&](const auto& place) { return place.first == t; });
  }
  bool bumped_now(TaskId t) const {
    return io_to_front_ && entered_[t].at == ctx().now() && entered_[t].front;
  }

  void enqueue_ostep(TaskId t, EnqueueReason why, bool front, FifoQueue& level) {
    const Time now = ctx().now();
    if (const auto place = lost_cpu_at_boost(t); place != boost_places_.end()) {
      const TaskId before = place->second;
      boost_places_.erase(place);
      return level.insert_before(t, before != kNoTask && level.contains(before) ? before : kNoTask);
    }
    if (why == EnqueueReason::Arrival || why == EnqueueReason::Wakeup) {
      if (entered_now_at_ != now) entered_now_.clear();
      entered_now_at_ = now;
      entered_now_.push_back(t);
      entered_[t] = {now, front};
      if (front) level.push_front(t);
      else level.push_back(t);
      return;
    }
    if (front) {
      // Behind the tasks that woke at the head of this level just now.
      TaskId before = level.front();
      while (before != kNoTask && bumped_now(before)) before = level.next(before);
      return level.insert_before(t, before);
    }
    // Ahead of the tasks that arrived or woke at the back of this level just now.
    TaskId before = kNoTask;
    for (TaskId u = level.back(); u != kNoTask && entered_[u].at == now && !entered_[u].front;
         u = level.prev(u))
      before = u;
    level.insert_before(t, before);
  }

  std::vector<Time> quanta_;
  std::vector<Time> allotments_;
  Time boost_;
  bool reset_on_block_;
  bool io_to_front_;
  bool ostep_;
  std::vector<FifoQueue> levels_;
  mutable PerTask<State> state_;  // shared by every queue of the run
  std::uint64_t boosts_ = 0;
  Time next_boost_;
  Time last_boost_ = 0;
  std::vector<TaskId> running_;  // tasks running from this queue
  // ostep only:
  PerTask<Entered> entered_;
  std::vector<TaskId> entered_now_;  // tasks that arrived or woke at entered_now_at_, in order
  Time entered_now_at_ = kNever;
  // Running tasks that lost their CPU at the last boost -> the queued task
  // each goes ahead of (kNoTask: the back of the top level).
  std::vector<std::pair<TaskId, TaskId>> boost_places_;
};

// One value per level: a list as long as `levels`, or one value for every level.
std::vector<Time> per_level(const PolicyParams& p, const std::string& name, std::size_t levels,
                            const std::vector<Time>& fallback) {
  std::vector<Time> v = param_durations(p, name, fallback);
  if (v.size() == 1) v.assign(levels, v[0]);
  if (v.size() != levels)
    throw std::invalid_argument(name + ": expected one value or " + std::to_string(levels) +
                                " (one per level), got " + std::to_string(v.size()));
  for (Time t : v)
    if (t <= 0) throw std::invalid_argument(name + ": every value must be greater than 0");
  return v;
}

}  // namespace

PolicyInfo mlfq_policy() {
  return {"mlfq", "multi-level feedback queue (levels, quantum per level, allotment, boost)",
          {{"levels", ParamType::Integer, "3", "number of priority levels (1..64)", {}},
           {"quanta", ParamType::DurationList, "10ms, 20ms, 40ms, ... (doubling)",
            "quantum per level, top first (one value: the same for every level)", {}},
           {"allotment", ParamType::DurationList, "the level's quantum",
            "time a task may use at a level, across runs, before it moves down", {}},
           {"boost", ParamType::Duration, "1s", "period of the boost to the top level (0 = never)", {}},
           {"reset_on_block", ParamType::Bool, "false",
            "a task that blocks gets a fresh allotment (lets tasks game the scheduler)", {}},
           {"io_to_front", ParamType::Bool, "false", "a waking task goes to the head of its level", {}},
           {"conventions", ParamType::Choice, "textbook",
            "textbook (the rules as OSTEP ch. 8 states them), or ostep: as its homework simulator\n"
            "(mlfq.py) does, where\n"
            "  - a boost moves the levels to the top from the lowest up (textbook: from the top down);\n"
            "  - a running task not then first in line loses its CPU (textbook: every running task\n"
            "    keeps it, with a fresh quantum);\n"
            "  - tasks arriving or waking at the boost instant queue after the boosted ones, or at\n"
            "    the head with io_to_front (textbook: before the boost, ahead of them);\n"
            "  - a task whose quantum ends at t queues ahead of tasks arriving or waking at t\n"
            "    (textbook: as scheduler.same_time says; by default after them);\n"
            "  - with io_to_front a waking task preempts a running task of its own level\n"
            "    (textbook: only of a lower level);\n"
            "  - with reset_on_block, a task blocking just as its quantum ends counts that quantum\n"
            "    against its fresh allotment (textbook: it moves down if its allotment is used)",
            {"textbook", "ostep"}}},
          [](const PolicyParams& p, const Machine&) {
            const std::int64_t level_count = param_int(p, "levels", 3);
            if (level_count < 1 || level_count > 64)
              throw std::invalid_argument("levels: expected 1 to 64 levels, got " +
                                          std::to_string(level_count));
            const auto levels = static_cast<std::size_t>(level_count);
            std::vector<Time> doubling;
            for (std::size_t i = 0; i < levels; ++i)
              doubling.push_back((10 * kMillisecond) << std::min<std::size_t>(i, 20));
            std::vector<Time> quanta = per_level(p, "quanta", levels, doubling);
            std::vector<Time> allot = per_level(p, "allotment", levels, quanta);
            return std::make_unique<Mlfq>(std::move(quanta), std::move(allot),
                                          param_duration(p, "boost", kSecond),
                                          param_bool(p, "reset_on_block", false),
                                          param_bool(p, "io_to_front", false),
                                          param_choice(p, "conventions", "textbook") == "ostep");
          }};
}

}  // namespace timeslice
