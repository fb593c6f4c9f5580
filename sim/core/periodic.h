// Periodic tasks: a task with a period runs its program once per job; job k
// is released at arrival + k x period and is due its relative deadline
// (`deadline`, else the period) later. The state is in Task (job,
// job_release, job_deadline); an aperiodic task has one job, due `deadline`
// after its arrival if it has one.
// Part of the engine (engine_impl.h); the engine calls, in Engine::step():
//
//   init               once, before the first event: checks every periodic
//                      task can end (a number of jobs, or a horizon) and
//                      sets up the first jobs.
//   has_next_job       when a running task reaches the end of its program,
//                      to close its slice as JobDone rather than Exited.
//   next_job           when a task reaches the end of its program (on a CPU,
//                      after it stopped, or off-CPU). Reports the job to the
//                      observers (and a deadline miss), then returns false if
//                      the task is done for good, or sets up the next job:
//                      the task sleeps until the release (a Release event),
//                      or carries straight on when the job overran.
//   release            for that Release event: the job's program starts.
//   report_unfinished  at the end of the run: jobs released but not done.
#pragma once

#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class PeriodicJobs {
 public:
  void init(Core& e) const;
  bool has_next_job(const Core& e, const Task& t) const;
  bool next_job(Core& e, Task& t) const;
  void release(Core& e, TaskId id) const;
  void report_unfinished(Core& e, Time end) const;

 private:
  static Time relative_deadline(const TaskSpec& s) { return s.deadline > 0 ? s.deadline : s.period; }
};

}  // namespace timeslice::engine
