// Shortest job first, non-preemptive: the ready task with the shortest next CPU
// burst runs to the end of that burst. The burst length is either known
// (predict: "oracle", the textbook exercise) or predicted from the task's past
// bursts by exponential averaging, tau(n+1) = alpha*t(n) + (1-alpha)*tau(n),
// starting from `initial_estimate` (predict: "exponential", what an OS can do).
// A burst ends when the task blocks, yields or exits; t(n) is its CPU time.
#include <cmath>
#include <stdexcept>

#include "sim/policies/queues.h"

namespace timeslice {
namespace {

class Sjf final : public SingleQueuePolicy<RankedQueue> {
 public:
  bool wakeup_preemption() const override { return false; }
  Sjf(bool oracle, double alpha, Time initial) : oracle_(oracle), alpha_(alpha), initial_(initial) {}

  void attach(SchedContext& c) override {
    SingleQueuePolicy::attach(c);
    estimate_.attach(c, 0, [&](std::vector<Estimate>& all) {
      for (Estimate& e : all) e.next = initial_;
    });
  }
  void enqueue(TaskId t, EnqueueReason) override { queue_.push(t, predicted(t)); }
  void on_stopping(TaskId t, Time ran, StopReason why) override {
    Estimate& e = estimate_[t];
    e.burst_run += ran;
    if (why == StopReason::Blocked || why == StopReason::Exited || why == StopReason::Yielded) {
      const double next = alpha_ * static_cast<double>(e.burst_run) +
                          (1.0 - alpha_) * static_cast<double>(e.next);
      e.next = static_cast<Time>(std::llround(next));
      e.burst_run = 0;
    }
  }
  std::string describe(TaskId t) const override {
    return oracle_ ? "next burst " + format_duration(ctx().task(t).burst_left())
                   : "predicted burst " + format_duration(estimate_[t].next);
  }

 private:
  Time predicted(TaskId t) const { return oracle_ ? ctx().task(t).burst_left() : estimate_[t].next; }
  bool oracle_;
  double alpha_;
  Time initial_;
  struct Estimate {
    Time next = 0;       // predicted length of the next CPU burst
    Time burst_run = 0;  // run so far in the current burst
  };
  PerTask<Estimate> estimate_;  // shared by every queue: follows the task
};

}  // namespace

PolicyInfo sjf_policy() {
  return {"sjf", "shortest job first, non-preemptive (known or exponentially averaged bursts)",
          {{"predict", ParamType::Choice, "oracle",
            "burst length: known in advance (oracle) or exponential average of past bursts",
            {"oracle", "exponential"}},
           {"alpha", ParamType::Real, "0.5", "weight of the last burst in the exponential average", {}},
           {"initial_estimate", ParamType::Duration, "10ms", "prediction before any burst was seen", {}}},
          [](const PolicyParams& p, const Machine&) {
            const double alpha = param_real(p, "alpha", 0.5);
            if (!(alpha >= 0.0 && alpha <= 1.0))
              throw std::invalid_argument("alpha: expected a number from 0 to 1");
            if (param_duration(p, "initial_estimate", 1) <= 0)
              throw std::invalid_argument("initial_estimate: must be greater than 0");
            return std::make_unique<Sjf>(param_choice(p, "predict", "oracle") == "oracle", alpha,
                                         param_duration(p, "initial_estimate", 10 * kMillisecond));
          }};
}

}  // namespace timeslice
