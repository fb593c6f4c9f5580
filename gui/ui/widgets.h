// Editing widgets shared by the workload editor and the compare panel. They
// edit the workload document (JSON as written) and return true when the
// value changed to something worth re-running.
#pragma once

#include <string>

#include "gui/model/session.h"

namespace timeslice::gui {

// A text field bound to `current`; while the user types, the text is kept
// in the widget. Returns true on every edit, with the text in `out`.
bool text_field(const char* label, const std::string& current, std::string& out, float width);

// A duration as written in the file (a bare number in `time_unit`, or
// "250us"). Applies only text that parses; shows why otherwise. `value` is
// set to a number or a string; returns true when it changed.
bool duration_field(const char* label, Json& value, const std::string& time_unit, float width,
                    const char* hint = nullptr);

// A size as written in the file: bytes ("4096") or with a unit ("8GiB").
// Applies only text that parses; shows why otherwise.
bool size_field(const char* label, Json& value, float width, const char* hint = nullptr);

// An integer in [min, max]; a value outside is refused with the reason
// shown under the field ("cpus must be at least 1 (got 0)").
bool int_field(const char* label, int& value, int min, int max, const char* what);

// Edits a widget refused: check_edit(id, why) records `why` (or clears it
// when empty) and returns whether the edit is good; show_rejection(id) draws
// "Not applied: why" under the widget until it takes a good value.
bool check_edit(unsigned int id, const std::string& why);
void show_rejection(unsigned int id);

// Policy combo and a widget per parameter of that policy, built from the
// policy registry's ParamSpecs, so a new policy needs no GUI code. Edits the
// "scheduler" object. Returns true when something changed.
bool edit_scheduler(Json& scheduler, const std::string& time_unit);

// The JSON value of a duration as text ("4", "250us").
std::string json_value_text(const Json& v);

}  // namespace timeslice::gui
