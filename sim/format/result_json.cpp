#include "sim/format/result_json.h"
#include "sim/format/report.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace timeslice {

namespace {

ResultJson optional_time(const std::optional<Time>& t) {
  return t ? ResultJson(*t) : ResultJson(nullptr);
}

// mean_X_ns, p50_X_ns, p95_X_ns, p99_X_ns, max_X_ns. The mean is a double in
// the Spread; the JSON promises integer nanoseconds, so it is rounded.
void add_spread(ResultJson& j, const std::string& what, const Spread& s, bool any) {
  auto value = [any](Time t) { return any ? ResultJson(t) : ResultJson(nullptr); };
  j["mean_" + what + "_ns"] = value(static_cast<Time>(std::llround(s.mean)));
  j["p50_" + what + "_ns"] = value(s.p50);
  j["p95_" + what + "_ns"] = value(s.p95);
  j["p99_" + what + "_ns"] = value(s.p99);
  j["max_" + what + "_ns"] = value(s.max);
}

}  // namespace

bool has_turnaround(const Results& r) { return r.summary.completed > 0; }

bool has_response(const Results& r) { return r.summary.started > 0; }

bool has_waiting(const Results& r) { return r.summary.tasks > 0; }

ResultJson summary_json(const Results& r) {
  const Summary& s = r.summary;
  ResultJson j = ResultJson::object();
  j["makespan_ns"] = s.makespan;
  j["tasks"] = s.tasks;
  j["completed"] = s.completed;
  j["throughput_per_s"] = s.throughput_per_s;
  add_spread(j, "turnaround", s.turnaround, has_turnaround(r));
  add_spread(j, "response", s.response, has_response(r));
  add_spread(j, "waiting", s.waiting, has_waiting(r));
  j["jain_fairness"] = s.jain_fairness;
  j["weighted_fairness"] = s.weighted_fairness;
  j["overhead_share"] = s.overhead_share;
  j["context_switches"] = s.context_switches;
  j["preemptions"] = s.preemptions;
  j["migrations"] = s.migrations;
  j["deadline_misses"] = s.deadline_misses;
  j["events"] = s.events;
  return j;
}

// cpu_parts: the run has CPU spent spawning, spinning or polling (shows_cpu_parts).
ResultJson task_json(const TaskResult& t, bool cpu_parts) {
  ResultJson j = ResultJson::object();
  j["name"] = t.name;
  j["process"] = t.process;
  j["arrival_ns"] = t.arrival;
  j["first_run_ns"] = optional_time(t.first_run);
  j["completion_ns"] = optional_time(t.completion);
  j["turnaround_ns"] = optional_time(t.turnaround);
  j["response_ns"] = optional_time(t.response);
  j["waiting_ns"] = t.waiting;
  j["max_wait_ns"] = t.max_wait;
  j["blocked_ns"] = t.blocked;
  j["lock_wait_ns"] = t.lock_wait;
  j["cpu_ns"] = t.cpu;
  if (cpu_parts) {
    j["spawning_ns"] = t.spawning;
    j["spinning_ns"] = t.spinning;
    j["polling_ns"] = t.polling;
  }
  j["context_switches"] = t.context_switches;
  j["preemptions"] = t.preemptions;
  j["migrations"] = t.migrations;
  j["deadline_misses"] = t.deadline_misses;
  if (t.role != TaskRole::Task) {
    j["role"] = role_name(t.role);
    j["runtime"] = t.runtime;
  }
  if (t.spawned) j["spawned"] = true;
  if (t.refused) j["refused"] = true;
  // Every job of a periodic or deadline task: release, deadline, completion.
  ResultJson jobs = ResultJson::array();
  for (const JobResult& job : t.jobs) {
    ResultJson one = ResultJson::object();
    one["release_ns"] = job.release;
    one["deadline_ns"] = job.deadline;
    one["completion_ns"] = optional_time(job.completion);
    one["missed"] = job.missed;
    jobs.push_back(std::move(one));
  }
  j["jobs"] = std::move(jobs);
  return j;
}

ResultJson cpu_json(const CpuResult& c, bool cpu_parts) {
  ResultJson j = ResultJson::object();
  j["name"] = c.name;
  j["class"] = c.cpu_class;
  j["busy_ns"] = c.busy;
  if (cpu_parts) {
    j["spawning_ns"] = c.spawning;
    j["spinning_ns"] = c.spinning;
    j["polling_ns"] = c.polling;
  }
  j["switch_ns"] = c.switching;
  j["migration_ns"] = c.migration;
  j["scheduler_ns"] = c.scheduler;
  j["interrupt_ns"] = c.interrupt;
  j["idle_ns"] = c.idle;
  j["utilization"] = c.utilization;
  return j;
}

ResultJson result_json(const Results& r, Time until) {
  ResultJson j = ResultJson::object();
  j["workload"] = r.workload;
  j["policy"] = r.policy;
  if (until != kNever) j["until_ns"] = until;
  j["summary"] = summary_json(r);
  ResultJson tasks = ResultJson::array();
  for (const TaskResult& t : r.tasks)
    if (reported(t)) tasks.push_back(task_json(t, shows_cpu_parts(r)));
  j["tasks"] = std::move(tasks);
  ResultJson cpus = ResultJson::array();
  for (const CpuResult& c : r.cpus) cpus.push_back(cpu_json(c, shows_cpu_parts(r)));
  j["cpus"] = std::move(cpus);
  if (!r.classes.empty()) {
    ResultJson classes = ResultJson::array();
    for (const ClassResult& k : r.classes) {
      ResultJson one = ResultJson::object();
      one["class"] = k.cpu_class;
      one["cpus"] = k.cpus;
      one["busy_ns"] = k.busy;
      one["utilization"] = k.utilization;
      classes.push_back(std::move(one));
    }
    j["classes"] = std::move(classes);
  }
  if (!r.locks.empty()) {
    ResultJson locks = ResultJson::array();
    for (const LockResult& l : r.locks) {
      ResultJson one = ResultJson::object();
      one["name"] = l.name;
      one["hold_ns"] = l.hold;
      one["acquisitions"] = l.acquisitions;
      one["contended"] = l.contended;
      one["max_wait_ns"] = l.max_wait;
      if (l.switch_interval > 0) {
        one["switch_interval_ns"] = l.switch_interval;
        one["forced_drops"] = l.forced_drops;
      }
      locks.push_back(std::move(one));
    }
    j["locks"] = std::move(locks);
  }
  if (!r.runtimes.empty()) {
    ResultJson runtimes = ResultJson::array();
    for (const RuntimeResult& k : r.runtimes) {
      ResultJson one = ResultJson::object();
      one["name"] = k.name;
      one["model"] = k.model;
      one["processors"] = k.processors;
      one["fibers"] = k.fibers;
      one["fibers_completed"] = k.fibers_completed;
      one["fiber_cpu_ns"] = k.fiber_cpu;
      one["fiber_switches"] = k.fiber_switches;
      one["fiber_switch_ns"] = k.fiber_switch_time;
      one["steals"] = k.steals;
      one["stolen"] = k.stolen;
      one["handoffs"] = k.handoffs;
      one["preemptions"] = k.preemptions;
      one["syscalls"] = k.syscalls;
      one["peak_carriers"] = k.peak_carriers;
      runtimes.push_back(std::move(one));
    }
    j["runtimes"] = std::move(runtimes);
  }
  if (shows_memory(r)) {
    ResultJson spawns = ResultJson::array();
    for (const SpawnResult& k : r.spawns) {
      ResultJson one = ResultJson::object();
      one["template"] = k.template_name;
      one["as"] = k.as;
      one["spawned"] = k.spawned;
      one["refused"] = k.refused;
      one["cpu_ns"] = k.cpu;
      spawns.push_back(std::move(one));
    }
    j["spawns"] = std::move(spawns);
    const MemoryResult& m = r.memory;
    ResultJson memory = ResultJson::object();
    memory["limit_bytes"] = m.limit;
    memory["max_threads"] = m.max_threads;
    memory["overcommit"] = m.overcommit;
    memory["peak_bytes"] = m.peak;
    memory["peak_process_bytes"] = m.peak_by_kind.process;
    memory["peak_thread_bytes"] = m.peak_by_kind.thread;
    memory["peak_fiber_bytes"] = m.peak_by_kind.fiber;
    memory["peak_threads"] = m.peak_by_kind.threads;
    memory["refused"] = m.refused;
    j["memory"] = std::move(memory);
  }
  return j;
}

ResultJson compare_json(const std::vector<Results>& runs, Time until) {
  ResultJson j = ResultJson::object();
  j["workload"] = runs.empty() ? std::string() : runs.front().workload;
  if (until != kNever) j["until_ns"] = until;
  ResultJson list = ResultJson::array();
  for (const Results& r : runs) {
    ResultJson run = ResultJson::object();
    run["policy"] = r.policy;
    run["summary"] = summary_json(r);
    list.push_back(std::move(run));
  }
  j["runs"] = std::move(list);
  return j;
}

}  // namespace timeslice
