// A task's program as one line of text, for the workload editor:
//
//   cpu 3, io net 12, repeat 5 (cpu 1, io disk 4), sleep 10, yield, cpu 2
//
// and for fibers (SPEC §9): syscall 8 (a blocking call), send jobs, recv jobs
// (a channel by name). Locks: lock gil, unlock gil. Creating tasks and
// waiting for I/O (SPEC §10) take the file's optional fields as "key value"
// pairs after the phase:
//
//   spawn handler count 10 as thread exec runtime go on_refused exit
//   io net 1 wait poll fds 1001, io disk 9 wait spin
//
// Phases are separated by ',' or ';'. A duration is written as in the file:
// a bare number in the file's time_unit or a number with a unit ("250us").
// Converts to and from the file's JSON "program" array, keeping each
// duration as it was written. Pure; unit-tested.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace timeslice::gui {

using Json = nlohmann::ordered_json;

// The task's program (its "program" array, or its "burst") as text; nullopt
// when it uses something the text form cannot say (edit it as JSON then).
std::optional<std::string> program_to_text(const Json& task);

struct ProgramParse {
  Json program;       // the "program" array, when ok
  std::string error;  // "at 12: expected a duration after 'cpu'", when not
  bool ok() const { return error.empty(); }
};

// Parse the text form. `time_unit` ("ns", "us", "ms", "s") is used to check
// bare numbers.
ProgramParse parse_program_text(const std::string& text, const std::string& time_unit);

// Set a task's (or a template's) program from the text form, as the editor
// does: a lone cpu phase becomes "burst", anything else "program". Returns
// the parse error and leaves `task` as it was when the text does not parse.
std::string apply_program_text(Json& task, const std::string& text, const std::string& time_unit);

}  // namespace timeslice::gui
