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
//   release            for a Release event (the earliest pending release,
//                      next_release): the job's program starts.
//   report_unfinished  at the end of the run: jobs released but not done.
//
// Releases to come are streamed like arrivals: they wait here, earliest
// first, rather than in the engine's queue, so that queue does not hold one
// event per sleeping periodic task; the engine takes the earliest release as
// its next event when it comes before the queue's first (Core::release_next).
// Each release takes its tie-break number from the engine's wake sequence
// when it is set up, as any wakeup does, so the order of events is the one
// they would have in the engine's queue.
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
  // (Inline: every job asks it twice.)
  static bool has_next_job(const TaskSpec& s, const Task& t) {
    return s.period > 0 && (s.jobs == 0 || t.job + 1 < s.jobs);
  }
  bool next_job(Core& e, Task& t);
  void release(Core& e, TaskId id);
  void report_unfinished(Core& e, Time end) const;

  // A release to come: its time, its tie-break number and its task.
  struct Pending {
    Time at;
    std::uint64_t seq;
    TaskId task;
  };
  bool has_release() const { return !pending_.empty(); }
  const Pending& next_release() const { return pending_.top(); }  // needs has_release()

 private:
  static Time relative_deadline(const TaskSpec& s) { return s.deadline > 0 ? s.deadline : s.period; }

  struct Earlier {
    bool operator()(const Pending& a, const Pending& b) const {
      // As one 128-bit number, compared without branches: releases often
      // fall at the same time, so whether the times tie is as hard to
      // predict as which is earlier.
      return wide_key(a.at, a.seq) < wide_key(b.at, b.seq);
    }
  };
  void schedule(Core& e, TaskId id, Time at);

  QuaternaryHeap<Pending, Earlier> pending_;
};

}  // namespace timeslice::engine
