// A workload simulated with the invariant checker on and its view model
// built, for the window-free view-model tests.
#pragma once

#include <string>

#include "gui/model/view_model.h"
#include "sim/core/run.h"
#include "sim/format/workload_json.h"

namespace timeslice::gui {

struct RunFixture {
  explicit RunFixture(const std::string& json, RecordLevel level = RecordLevel::Decisions,
                      const std::string& source = "test")
      : workload(parse_workload(json, source)) {
    RunOptions o;
    o.record = level;
    o.check_invariants = true;
    out = simulate(workload, o);
    model = RunModel(workload, out.trace);
  }
  Workload workload;
  RunOutput out;
  RunModel model;
};

}  // namespace timeslice::gui
