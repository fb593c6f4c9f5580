// The "now" line beside the timeline: one sentence saying what just happened
// at the cursor, in the decision log's words (sim/core/run.h explain()).
//
//   "At 24ms: P1 finished; P2 dispatched (chosen from 2 ready tasks)."
//   "Last, at 24ms: ..."       when the cursor is past that instant
//
// The latest instant at or before the cursor with a decision other than
// "idle"; at most three of its decisions, then "and N more". Empty when
// nothing has happened yet or decisions were not recorded. Pure; unit-tested.
#pragma once

#include <string>

#include "gui/model/view_model.h"

namespace timeslice::gui {

std::string now_line(const Workload& w, const Trace& trace, const RunModel& m, Time cursor);

}  // namespace timeslice::gui
