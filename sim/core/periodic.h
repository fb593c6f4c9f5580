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
//                      the task sleeps until the release, or carries straight
//                      on when the job overran.
//   release            for a Release event: the job's program starts.
//
// Releases to come are streamed like arrivals: they wait here, earliest
// first, and only the earliest is a Release event in the engine's queue, so
// that queue does not hold one event per sleeping periodic task. Each
// release takes its tie-break number from the engine's wake sequence when it
// is set up, as any wakeup does, so the order of events is unchanged.
//   report_unfinished  at the end of the run: jobs released but not done.
#pragma once

#include <cstdint>

#include "sim/core/event_queue.h"
#include "sim/core/task.h"
#include "sim/core/workload.h"

namespace timeslice::engine {

struct Core;  // engine_impl.h

class PeriodicJobs {
 public:
  void init(Core& e) const;
  bool has_next_job(const Core& e, const Task& t) const;
  bool next_job(Core& e, Task& t);
  void release(Core& e, TaskId id);
  void report_unfinished(Core& e, Time end) const;

 private:
  static Time relative_deadline(const TaskSpec& s) { return s.deadline > 0 ? s.deadline : s.period; }

  // A release to come: its time, its tie-break number, and whether it is the
  // one with an event in the engine's queue.
  struct Pending {
    Time at;
    std::uint64_t seq;
    TaskId task;
    bool posted;
  };
  struct Earlier {
    bool operator()(const Pending& a, const Pending& b) const {
      return a.at != b.at ? a.at < b.at : a.seq < b.seq;
    }
  };
  void schedule(Core& e, TaskId id, Time at);
  void post_earliest(Core& e);

  QuaternaryHeap<Pending, Earlier> pending_;
};

}  // namespace timeslice::engine
