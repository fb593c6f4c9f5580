// I/O devices; the contract is in devices.h.
#include "sim/core/devices.h"

#include "sim/core/engine_impl.h"

namespace timeslice::engine {

void Devices::init(const Workload& workload) {
  devices_.resize(workload.devices.size());
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    devices_[d].channel_task.assign(workload.devices[d].channels, kNoTask);
    devices_[d].channel_start.assign(workload.devices[d].channels, 0);
  }
}

void Devices::request(Core& e, TaskId task, DeviceId d, Time service) {
  Device& dev = devices_[d];
  for (std::uint32_t ch = 0; ch < dev.channel_task.size(); ++ch)
    if (dev.channel_task[ch] == kNoTask) return start(e, d, ch, task, service);
  dev.waiting.emplace_back(task, service);
}

void Devices::start(Core& e, DeviceId d, std::uint32_t channel, TaskId task, Time service) {
  devices_[d].channel_task[channel] = task;
  devices_[d].channel_start[channel] = e.now;
  e.push_wake(e.now + service, EventKind::IoDone, d, channel);
}

void Devices::done(Core& e, DeviceId d, std::uint32_t channel) {
  Device& dev = devices_[d];
  const TaskId task = dev.channel_task[channel];
  const DeviceSlice s{dev.channel_start[channel], e.now, d, channel, task};
  for (Observer* o : e.observers) o->on_device_slice(s);
  dev.channel_task[channel] = kNoTask;
  if (!dev.waiting.empty()) {
    const auto [next, service] = dev.waiting.front();
    dev.waiting.pop_front();
    start(e, d, channel, next, service);
  }
  e.irqs.wake(e, task, d + 1);
}

}  // namespace timeslice::engine
