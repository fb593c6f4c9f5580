#include "sim/format/provenance.h"

#include "sim/core/policy.h"

#ifndef TIMESLICE_VERSION
#define TIMESLICE_VERSION "0.0.0"
#endif

namespace timeslice {

namespace {

using Json = nlohmann::ordered_json;

const ParamSpec* param_spec(const PolicyInfo* info, const std::string& name) {
  if (!info) return nullptr;
  for (const ParamSpec& p : info->params)
    if (p.name == name) return &p;
  return nullptr;
}

// A parameter's value; a duration (or a list of them) under NAME_ns.
void add_param(Json& j, const std::string& name, const ParamValue& value, const ParamSpec* spec) {
  const bool duration = spec && (spec->type == ParamType::Duration || spec->type == ParamType::DurationList);
  const std::string key = duration ? name + "_ns" : name;
  std::visit([&](const auto& v) { j[key] = v; }, value);
}

const char* same_time_name(SameTime s) {
  return s == SameTime::RequeueFirst ? "requeue_first" : "arrivals_first";
}

const char* lock_protocol_name(LockProtocol p) {
  switch (p) {
    case LockProtocol::Inheritance: return "inheritance";
    case LockProtocol::Ceiling: return "ceiling";
    case LockProtocol::None: break;
  }
  return "none";
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

const char* timeslice_version() { return TIMESLICE_VERSION; }

Json scheduler_provenance_json(const Workload& w) {
  const SchedulerConfig& s = w.scheduler;
  const PolicyInfo* info = find_policy(s.policy);
  Json j = Json::object();
  j["policy"] = s.policy;
  for (const auto& [name, value] : s.params) add_param(j, name, value, param_spec(info, name));
  j["same_time"] = same_time_name(s.same_time);
  j["queues"] = s.queues == QueueLayout::PerCpu ? "per_cpu" : "global";
  if (s.queues == QueueLayout::PerCpu) {
    j["balance_interval_ns"] = s.balance_interval;
    j["placement"] = s.placement == Placement::Capacity ? "capacity" : "balanced";
  }
  if (s.amp_master != kNoCpu) j["amp_master"] = s.amp_master;
  j["locks"] = lock_protocol_name(s.locks);
  j["lock_wakeup"] = s.lock_wakeup == LockWakeup::Priority ? "priority" : "fifo";
  Json defaults = Json::object();
  if (info)
    for (const ParamSpec& p : info->params)
      if (!s.params.count(p.name)) defaults[p.name] = p.default_text;
  if (!defaults.empty()) j["defaults"] = defaults;
  return j;
}

Json provenance_json(const Workload& w) {
  Json j = Json::object();
  j["generator"] = "timeslice";
  j["version"] = timeslice_version();
  j["seed"] = w.seed;
  j["scheduler"] = scheduler_provenance_json(w);
  Json machine = Json::object();
  machine["cpus"] = w.machine.cpus.size();
  machine["tick_ns"] = w.machine.tick;
  const Costs& c = w.machine.costs;
  machine["costs"] = Json{{"process_switch_ns", c.process_switch}, {"thread_switch_ns", c.thread_switch},
                          {"scheduler_ns", c.scheduler},           {"scheduler_per_task_ns", c.scheduler_per_task},
                          {"migration_ns", c.migration},           {"interrupt_ns", c.interrupt},
                          {"ipi_ns", c.ipi}};
  bool uniform = true;
  for (const CpuSpec& cpu : w.machine.cpus) uniform = uniform && cpu.speed == kSpeedUnit && cpu.cpu_class.empty();
  if (!uniform) {
    Json list = Json::array();
    for (const CpuSpec& cpu : w.machine.cpus)
      list.push_back(Json{{"name", cpu.name},
                          {"speed", static_cast<double>(cpu.speed) / kSpeedUnit},
                          {"class", cpu.cpu_class}});
    machine["cpu_list"] = list;
  }
  j["machine"] = machine;
  return j;
}

std::string provenance_lines(const Workload& w, const std::string& prefix) {
  const Json j = provenance_json(w);
  return prefix + "timeslice " + timeslice_version() + ", seed " + std::to_string(w.seed) + '\n' +
         prefix + "scheduler " + dump(j["scheduler"]) + '\n' + prefix + "machine " + dump(j["machine"]) + '\n';
}

}  // namespace timeslice
