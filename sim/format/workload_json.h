// Reading workload files (SPEC §3): JSON text -> a validated Workload.
//
// Every error names the place in the file as a JSON path and says what was
// expected, e.g.
//   workload.json: tasks[3].program[1].io: unknown device "dsk" (devices: disk, net)
// Unknown fields are errors, with a "did you mean" when a known name is close.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/workload.h"

namespace timeslice {

// A bad workload (or bad command-line value for one). what() is the full
// message: "<source>: <json path>: <what was expected>".
class WorkloadError : public std::runtime_error {
 public:
  WorkloadError(const std::string& source, const std::string& path, const std::string& message);
  const std::string& path() const { return path_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string path_;
  std::string detail_;
};

enum class TimeUnit { Nanoseconds, Microseconds, Milliseconds, Seconds };

// "250us", "1.5ms", "2s", "40ns" or a bare number in `unit`. Exact to the
// nanosecond (decimal text, no floating point); rejects negatives, overflow
// and anything else with a message saying what was expected.
// Throws std::invalid_argument with that message.
Time parse_duration(std::string_view text, TimeUnit unit);

// Parse and validate a workload. `source` names the file in error messages.
Workload parse_workload(std::string_view json_text, const std::string& source);

// Read a file and parse it. Throws WorkloadError (also for an unreadable file).
// "-" reads standard input, named kStdinName in messages (and as the
// workload's name when the document has none).
Workload load_workload(const std::string& path);
inline constexpr const char* kStdinName = "stdin";

}  // namespace timeslice
