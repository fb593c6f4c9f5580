// Multi-level feedback queue, following the classic rules (OSTEP ch. 8):
//   1. A higher level runs before a lower one (level 0 is the top).
//   2. Within a level, round robin with that level's quantum.
//   3. A new task enters at the top.
//   4. A task that has used its `allotment` at a level (over any number of
//      runs) moves down one level. Blocking does not reset what it used, so a
//      task cannot game the scheduler by yielding just before its quantum ends
//      (unless `reset_on_block` is set, the naive rule).
//   5. Every `boost` period every task moves back to the top.
// A task preempted by a higher-level arrival stays at the head of its level
// with the rest of its quantum. `io_to_front` puts a waking task at the head.
#include <algorithm>
#include <stdexcept>

#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Mlfq final : public Policy {
 public:
  Mlfq(std::vector<Time> quanta, std::vector<Time> allotments, Time boost, bool reset_on_block,
       bool io_to_front)
      : quanta_(std::move(quanta)),
        allotments_(std::move(allotments)),
        boost_(boost),
        reset_on_block_(reset_on_block),
        io_to_front_(io_to_front),
        levels_(quanta_.size()),
        next_boost_(boost > 0 ? boost : kNever) {}

  void attach(SchedContext& c) override {
    Policy::attach(c);
    for (FifoQueue& level : levels_) level.attach(c);  // a task is on one level at a time
    state_.attach(c, 0, [&](std::vector<State>& all) {
      for (State& s : all) s = fresh(0);
    });
  }

  void enqueue(TaskId t, EnqueueReason why) override {
    State& s = state(t);
    if (why == EnqueueReason::Arrival) s = fresh(0);
    const bool front = why == EnqueueReason::Preempted ||
                       (why == EnqueueReason::Wakeup && io_to_front_);
    if (front) levels_[s.level].push_front(t);
    else levels_[s.level].push_back(t);
  }
  void dequeue(TaskId t) override { levels_[state(t).level].remove(t); }
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
    const State& s = state(t);
    return std::min(s.quantum_left, allotments_[s.level] - s.used);
  }
  bool should_preempt(TaskId running, TaskId woken) override {
    return state(woken).level < state(running).level;
  }
  void on_running(TaskId t, CpuId) override { state(t).started = ctx().now(); }

  void on_stopping(TaskId t, Time ran, StopReason why) override {
    if (why == StopReason::Exited) return;
    State& s = state(t);
    // Only time since the last boost counts against the (new) level.
    if (s.started < last_boost_) ran = std::min(ran, ctx().now() - last_boost_);
    s.used += ran;
    s.quantum_left -= ran;
    const std::size_t bottom = levels_.size() - 1;
    if (s.used >= allotments_[s.level] && s.level < bottom) {
      s = fresh(s.level + 1);
      if (ctx().note) ctx().note(DecisionKind::Demote, t, static_cast<std::int64_t>(s.level));
    } else if (s.quantum_left <= 0 || s.used >= allotments_[s.level]) {
      s = fresh(s.level);  // bottom level: the allotment just renews
    } else if (why == StopReason::Blocked && reset_on_block_) {
      s = fresh(s.level);
    }
  }

  bool uses_timers() const override { return true; }
  Time next_timer() const override { return next_boost_; }
  void on_timer() override {
    last_boost_ = ctx().now();
    next_boost_ = last_boost_ + boost_;
    ++boosts_;
    // Queued tasks move to the top in level order; every other task is reset
    // when it is next looked at (state()), so a boost costs O(queued tasks).
    std::vector<TaskId> queued;
    for (FifoQueue& level : levels_)
      while (!level.empty()) {
        queued.push_back(level.front());
        level.remove(level.front());
      }
    for (TaskId t : queued) {
      state(t);
      levels_[0].push_back(t);
    }
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
    Time used = 0;          // time used at this level, across runs
    Time quantum_left = 0;  // rest of the current quantum
    Time started = 0;       // when it last started running
    std::uint64_t boosts = 0;  // boosts seen: older ones are applied by state()
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

  std::vector<Time> quanta_;
  std::vector<Time> allotments_;
  Time boost_;
  bool reset_on_block_;
  bool io_to_front_;
  std::vector<FifoQueue> levels_;
  mutable PerTask<State> state_;  // shared by every queue of the run
  std::uint64_t boosts_ = 0;
  Time next_boost_;
  Time last_boost_ = 0;
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
           {"io_to_front", ParamType::Bool, "false", "a waking task goes to the head of its level", {}}},
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
                                          param_bool(p, "io_to_front", false));
          }};
}

}  // namespace timeslice
