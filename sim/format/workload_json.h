// Reading workload files (SPEC §3): JSON text -> a validated Workload.
//
// Every error names the place in the file as a JSON path and says what was
// expected, e.g.
//   workload.json: tasks[3].program[1].io: unknown device "dsk" (devices: disk, net)
// Unknown fields are errors, with a "did you mean" when a known name is close.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/workload.h"

namespace timeslice {

// A bad workload (or bad command-line value for one). what() is the full
// message: "<source>: <json path>: <what was expected>", with a path longer
// than kMaxShownPath characters shortened in the middle ("tasks[0].a.a...a.a");
// path() keeps it whole.
class WorkloadError : public std::runtime_error {
 public:
  WorkloadError(const std::string& source, const std::string& path, const std::string& message);
  const std::string& path() const { return path_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string path_;
  std::string detail_;
};

// ---- Limits on the file itself (documented in the README's Limits) ---------

// Arrays and objects nested deeper than this are refused (with the path of
// the first one too deep): nothing that reads a workload recurses further.
constexpr int kMaxJsonDepth = 64;
// Workload files larger than this are refused before they are read (a
// million one-line tasks take about 40 MB; `generate` makes more tasks from
// a few lines).
constexpr std::size_t kMaxWorkloadBytes = 64u << 20;  // 64 MiB
// Error paths longer than this are shortened in messages.
constexpr std::size_t kMaxShownPath = 400;

enum class TimeUnit { Nanoseconds, Microseconds, Milliseconds, Seconds };

// "250us", "1.5ms", "2s", "40ns" or a bare number in `unit`. Exact to the
// nanosecond (decimal text, no floating point); rejects negatives, overflow
// and anything else with a message saying what was expected.
// Throws std::invalid_argument with that message.
Time parse_duration(std::string_view text, TimeUnit unit);

// "8MiB", "2KiB", "1GB", "4096": a size in bytes (B, KiB, MiB, GiB, TiB;
// kB, MB, GB, TB), at most 1 PiB. Throws std::invalid_argument saying what
// was expected.
std::int64_t parse_size(std::string_view text);

// Parse and validate a workload. `source` names the file in error messages.
Workload parse_workload(std::string_view json_text, const std::string& source);

// Checks JSON text without building a document (no recursion, bounded
// memory): no duplicate keys, no nesting deeper than kMaxJsonDepth, no NUL
// byte. Throws WorkloadError naming `source` and the path (or the line and
// column of a NUL). Syntax errors are left to parse_workload, which places
// them. parse_workload makes these checks itself; a client that parses the
// text with its own JSON reader (the GUI's editor) calls this first.
void check_json_text(std::string_view text, const std::string& source);

inline constexpr const char* kStdinName = "stdin";

// The bytes of a workload file: a regular file (not a device, pipe or
// directory) of at most kMaxWorkloadBytes, or standard input for "-" (up to
// the same size). Throws WorkloadError("cannot read file: ...", "not a
// regular file ...", "larger than the limit ...").
std::string read_workload_file(const std::string& path);

// Read a file and parse it. Throws WorkloadError (also for an unreadable file).
// "-" reads standard input, named kStdinName in messages (and as the
// workload's name when the document has none).
Workload load_workload(const std::string& path);

}  // namespace timeslice
