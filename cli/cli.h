// Shared pieces of the `timeslice` commands: errors that map to exit codes,
// option parsing, loading a workload with command-line overrides, and writing
// the output.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/workload.h"

namespace timeslice::cli {

// Exit codes (SPEC §7).
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;  // bad workload, bad option value, I/O failure
constexpr int kExitUsage = 2;     // unknown command or option, missing argument

// Thrown for exit code 2. The message is shown after "timeslice: ".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown for exit code 1 (besides WorkloadError, which says where in the file).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- Options ---------------------------------------------------------------

struct OptionSpec {
  std::string name;        // "--policy"
  std::string alias;       // "-o" or empty
  bool takes_value = true;
};

inline OptionSpec value_option(std::string name, std::string alias = {}) {
  return {std::move(name), std::move(alias), true};
}
inline OptionSpec flag_option(std::string name) { return {std::move(name), {}, false}; }

struct ParsedArgs {
  std::map<std::string, std::string> values;  // by option name; the last one given wins
  std::vector<std::string> positional;
  bool help = false;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
};

// Parses `--name value`, `--name=value`, `-o value`, flags, `--` and
// positionals, in any order. Throws UsageError naming `command` for an unknown
// option (with a "did you mean") or a missing value. `-h`/`--help` sets help.
ParsedArgs parse_args(const std::string& command, const std::vector<std::string>& args,
                      const std::vector<OptionSpec>& options);

// The closest of `candidates` to `word` if it is close enough to be a likely
// typo, else empty.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// ---- Workloads ---------------------------------------------------------------

// Command-line values that override fields of the workload file, kept as the
// user typed them so errors can quote them.
struct Overrides {
  std::optional<std::string> policy;   // scheduler.policy
  std::optional<std::string> quantum;  // scheduler.quantum
  std::optional<std::string> cpus;     // machine.cpus (N plain CPUs)
  std::optional<std::string> seed;     // seed
};

Overrides overrides_from(const ParsedArgs& args);

// Reads FILE, applies the overrides to its JSON and validates the result with
// the workload parser, so an option value is checked exactly like the file
// field it replaces. A bad override is reported as the option
// ("--quantum 0: must be greater than 0"); anything else as the file's
// WorkloadError.
Workload load_workload_with(const std::string& file, const Overrides& overrides);

// Throws InputError for a policy name that is not registered, listing the
// known ones. `option` names where the name came from ("--policy").
void check_policy_name(const std::string& name, const std::string& option);

// Notes on stderr for scheduler parameters the workload sets but its policy
// does not use ("timeslice: note: scheduler.quantum is not used by fcfs"); a
// parameter set by an option is named as the option ("--quantum").
void note_unused_params(const Workload& workload, const Overrides& overrides = {});

// How a parameter is named in a note: "--quantum" if an option set it, else
// "scheduler.<name>".
std::string param_origin(const std::string& name, const Overrides& overrides);

// --until: a duration, bare numbers in ms. kNever when not given.
Time parse_until(const ParsedArgs& args);

// ---- Output --------------------------------------------------------------------

// Writes `text` to stdout, or to `path` through a temporary file in the same
// directory and a rename, so OUT is never left half-written.
void write_output(const std::string& text, const std::optional<std::string>& path);

// ---- Commands --------------------------------------------------------------------

int run_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int policies_command(const std::vector<std::string>& args);

// Help texts (stdout for --help, also quoted by usage errors).
std::string global_help();
std::string run_help();
std::string compare_help();
std::string validate_help();
std::string policies_help();
// Every registered policy with its summary and parameters (name, type,
// default, help), indented by `indent` spaces.
std::string policy_list(int indent);

}  // namespace timeslice::cli
