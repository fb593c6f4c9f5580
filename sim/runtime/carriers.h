// The kernel threads of one runtime: which carriers have started, which are
// parked waiting for work, which exited (CarrierSet), shared by the runtime
// models; and QueuedRuntime, the base of those that keep their own queues.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/runtime/runtime.h"

namespace timeslice {

class CarrierSet {
 public:
  enum class Status : std::uint8_t { Dormant, Active, Parked, Exited };

  CarrierSet(const RuntimeSpec& spec, RuntimeHost& host, RuntimeCounters& counters)
      : spec_(spec), host_(host), counters_(counters), status_(spec.carrier_slots, Status::Dormant) {}

  Status status(TaskId c) const { return status_[c - spec_.first_carrier]; }
  std::uint32_t active() const { return active_; }
  bool any_parked() const { return !parked_.empty(); }

  // Start dormant carrier slot `i` (a new kernel thread).
  void start(std::uint32_t i, std::int64_t processor = -1) {
    const TaskId c = spec_.first_carrier + i;
    status_[i] = Status::Active;
    ++active_;
    ++counters_.live_carriers;
    if (counters_.live_carriers > counters_.peak_carriers) counters_.peak_carriers = counters_.live_carriers;
    host_.runtime_decision(DecisionKind::CarrierStart, kNoTask, c, processor);
    host_.start_carrier(c);
  }
  // Start the next dormant carrier and return it; kNoTask if every slot has been used.
  TaskId start_next(std::int64_t processor = -1) {
    while (next_dormant_ < status_.size() && status_[next_dormant_] != Status::Dormant) ++next_dormant_;
    if (next_dormant_ == status_.size()) return kNoTask;
    start(next_dormant_, processor);
    return spec_.first_carrier + next_dormant_++;
  }
  // Carrier `c` parks (it found no work).
  void park(TaskId c, std::int64_t processor = -1) {
    status_[c - spec_.first_carrier] = Status::Parked;
    --active_;
    parked_.push_back(c);
    host_.runtime_decision(DecisionKind::CarrierPark, kNoTask, c, processor);
  }
  // Wake the most recently parked carrier (Go's and libuv's idle lists are
  // LIFO); returns it, or kNoTask if none is parked.
  TaskId wake_parked(std::int64_t processor = -1) {
    if (parked_.empty()) return kNoTask;
    const TaskId c = parked_.back();
    parked_.pop_back();
    status_[c - spec_.first_carrier] = Status::Active;
    ++active_;
    host_.runtime_decision(DecisionKind::CarrierStart, kNoTask, c, processor);
    host_.wake_carrier(c);
    return c;
  }
  // Carrier `c`, on a CPU, exits.
  void exit(TaskId c) {
    status_[c - spec_.first_carrier] = Status::Exited;
    --active_;
    --counters_.live_carriers;
  }
  // Carrier `c` found no fiber: it exits if the runtime is `done`, else it
  // parks. Returns true if it exits (Runtime::carrier_parks).
  bool park_or_exit(TaskId c, bool done, std::int64_t processor = -1) {
    if (done) {
      exit(c);
      return true;
    }
    park(c, processor);
    return false;
  }
  // The runtime is done: every parked carrier exits.
  void exit_parked() {
    for (TaskId c : parked_) {
      status_[c - spec_.first_carrier] = Status::Exited;
      --counters_.live_carriers;
      host_.exit_carrier(c);
    }
    parked_.clear();
  }

 private:
  const RuntimeSpec& spec_;
  RuntimeHost& host_;
  RuntimeCounters& counters_;
  std::vector<Status> status_;
  std::vector<TaskId> parked_;
  std::uint32_t next_dormant_ = 0;
  std::uint32_t active_ = 0;
};

// The base of the runtimes whose fibers wait in queues of the runtime's own
// and whose carriers park when they find none (green, event_loop, pool): the
// carriers, the end of the run, and taking the next fiber from a queue.
class QueuedRuntime : public Runtime {
 public:
  QueuedRuntime(const RuntimeSpec& spec, RuntimeHost& host)
      : Runtime(spec, host), carriers_(spec, host, counters()) {}

  bool carrier_parks(TaskId c) override { return carriers_.park_or_exit(c, done_); }
  void all_done() override {
    done_ = true;
    carriers_.exit_parked();
  }

 protected:
  // A runtime of one carrier (green, event_loop): work for it starts the
  // carrier the first time, and wakes it when it is parked.
  void wake_the_carrier() {
    const TaskId c = carrier(0);
    if (carriers_.status(c) == CarrierSet::Status::Dormant) carriers_.start(0);
    else if (carriers_.status(c) == CarrierSet::Status::Parked) carriers_.wake_parked();
  }
  // Takes the first fiber of `queue` (Runtime::pick); kNoTask if it is empty.
  static TaskId take_first(std::deque<TaskId>& queue, FiberSource& from) {
    if (queue.empty()) return kNoTask;
    const TaskId f = queue.front();
    queue.pop_front();
    from = FiberSource::Queue;
    return f;
  }

  CarrierSet carriers_;
  bool done_ = false;
};

}  // namespace timeslice
