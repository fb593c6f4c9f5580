// Why the workload editor refuses what was typed into a field. Every
// rejected edit is shown with its reason under the field (gui/ui/widgets.h);
// these say the reason. Each returns "" when the text is acceptable.
// Pure; unit-tested in tests/gui/unit-field-check.cpp.
#pragma once

#include <string>

namespace timeslice::gui {

// A duration: a number in `time_unit` ("ms" unless the file says otherwise)
// or a number with a unit. duration_error("abc", "ms") ==
// "\"abc\" is not a duration: write a number (in ms) or one with a unit, e.g. 250us, 2ms, 1s"
std::string duration_error(const std::string& text, const std::string& time_unit);

// A comma-separated list of durations (MLFQ's quanta); names the bad item.
std::string duration_list_error(const std::string& text, const std::string& time_unit);

// A size in bytes ("8MiB", "2KiB", "4096"; SPEC §10's machine.memory and
// sizes): size_error("8 MB") says what is expected.
std::string size_error(const std::string& text);

// An integer in [min, max]: "cpus must be at least 1 (got 0)".
std::string int_range_error(const char* what, long long value, long long min, long long max);

}  // namespace timeslice::gui
