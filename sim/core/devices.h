// I/O devices: each device serves `channels` requests at once and queues the
// rest in one FIFO; a request occupies its channel for its phase's duration.
// Part of the engine (engine_impl.h); the engine calls, in Engine::step():
//
//   init     once, before the first event.
//   request  when a task enters an I/O phase, after the engine has marked it
//            Blocked and logged the Block decision. Starts the request on the
//            lowest free channel (pushing an IoDone event: id = device,
//            gen = channel) or queues it.
//   done     for that IoDone event. Reports the channel's DeviceSlice to the
//            observers, starts the next queued request on the channel, then
//            wakes the task (Interrupts::wake, source device + 1), which may
//            make it ready at once or queue an interrupt handler first.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class Devices {
 public:
  void init(const Workload& workload);
  void request(Core& e, TaskId task, DeviceId d, Time service);
  void done(Core& e, DeviceId d, std::uint32_t channel);

 private:
  struct Device {
    std::vector<TaskId> channel_task;
    std::vector<Time> channel_start;
    std::deque<std::pair<TaskId, Time>> waiting;  // FIFO of (task, service time)
  };
  void start(Core& e, DeviceId d, std::uint32_t channel, TaskId task, Time service);

  std::vector<Device> devices_;
};

}  // namespace timeslice::engine
