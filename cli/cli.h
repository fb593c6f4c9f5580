// Shared pieces of the `timeslice` commands: errors that map to exit codes,
// option parsing, loading a workload with command-line overrides, and writing
// the output.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
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
  std::map<std::string, std::vector<std::string>> all_values;  // every value, in order
  std::vector<std::string> positional;
  bool help = false;

  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  // Every value of an option that may be repeated (--set), in command-line order.
  std::vector<std::string> get_all(const std::string& name) const;
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

// Any field of the workload document set from the command line (`--set`):
// a JSON path, the value as JSON text, and the option as the user typed it,
// for errors.
struct FieldOverride {
  std::vector<std::string> path;  // {"machine", "costs", "process_switch"}
  std::string json;               // "\"2000ns\"", "4", "true", "[\"1ms\",\"2ms\"]"
  std::string option;             // "--set costs.process_switch=2us"
};

// Command-line values that override fields of the workload file, kept as the
// user typed them so errors can quote them.
struct Overrides {
  std::optional<std::string> policy;   // scheduler.policy
  std::optional<std::string> quantum;  // scheduler.quantum
  std::optional<std::string> cpus;     // machine.cpus (N plain CPUs)
  std::optional<std::string> seed;     // seed
  std::vector<FieldOverride> fields;   // anything else, applied last
};

Overrides overrides_from(const ParsedArgs& args);

// A workload file read and checked once, then loaded with any number of
// different overrides (a sweep loads it once per grid point, from several
// threads: load() is const and thread-safe).
class WorkloadSource {
 public:
  explicit WorkloadSource(std::string file);

  // Applies the overrides to the file's JSON and validates the result with
  // the workload parser, so an option value is checked exactly like the file
  // field it replaces. A bad override is reported as the option
  // ("--quantum 0: must be greater than 0"); anything else as the file's
  // WorkloadError. The file as written must be valid except where an option
  // replaces a field.
  Workload load(const Overrides& overrides) const;
  // load(), for a single run: hands over the parsed file instead of copying
  // it, and drops it before re-parsing with overrides, so a huge workload is
  // held once. The source cannot load again afterwards.
  Workload take(const Overrides& overrides);

  const std::string& file() const { return file_; }

 private:
  Workload reparse(const Overrides& overrides) const;
  std::string file_;
  bool readable_ = false;  // false: error_ stands whatever the options (unreadable, malformed)
  std::string text_;
  std::exception_ptr error_;  // the file's own error, if any
  std::string error_path_;
  std::optional<Workload> workload_;  // the file as written, when valid
};

// WorkloadSource(file).load(overrides).
Workload load_workload_with(const std::string& file, const Overrides& overrides);

// Refuses, before simulating, a run that would never end: a periodic task
// without "jobs" and no horizon (until == kNever). Throws WorkloadError
// naming the file and the task.
void require_run_ends(const Workload& workload, Time until, const std::string& file);

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

// ---- Run cost ------------------------------------------------------------------

// --max-events N: the event budget of each run (sim/core/run.h); the default
// kDefaultMaxEvents when not given, 0 for none. Throws InputError.
std::uint64_t parse_max_events(const ParsedArgs& args);

// --max-records N: the records budget of a run (sim/core/run.h); the default
// kDefaultMaxRecords when not given, 0 for none. Throws InputError.
std::uint64_t parse_max_records(const ParsedArgs& args);

// Refuses, before simulating, a run sure to exceed `max_events`
// (check_event_budget), naming the field or the option that set it.
void check_run_cost(const Workload& workload, Time until, std::uint64_t max_events,
                    const std::string& file, const Overrides& overrides = {});

// ---- Output --------------------------------------------------------------------

// Writes `text` to stdout when `path` is absent, "-" or /dev/stdout. A
// regular file (or a new one) is written through a temporary file in the same
// directory and a rename, so OUT is whole or untouched; a symlink to a regular
// file has its target replaced and stays a symlink. Anything else -- a
// device such as /dev/null, a named pipe, a socket, a process substitution --
// is opened and written in place, never replaced. Errors name `option`
// ("-o", "--trace", ...) and the path.
void write_output(const std::string& text, const std::optional<std::string>& path,
                  const std::string& option = "-o");

// Whether an output option's value means standard output (absent, "-",
// /dev/stdout).
bool is_stdout(const std::optional<std::string>& path);

// Throws UsageError when more than one of `outputs` (a name such as "the
// report" or "--trace -", and whether it goes to standard output) would go to
// standard output: two files in one stream could not be told apart.
void check_one_stdout(const std::vector<std::pair<std::string, bool>>& outputs);

// The checks write_output makes before writing (a file name, not a directory,
// in a directory that exists), made before a run so that a long simulation
// does not end in an error about where its output goes. Throws InputError.
void check_output_path(const std::optional<std::string>& path, const std::string& option = "-o");

// ---- --set KEY=V1,V2,... ----------------------------------------------------------

// A field of the workload (or the run's horizon) set on the command line.
// `sweep` takes lists (each --set is a dimension of its grid); `run` and
// `compare` take one value per key. Keys: policy, quantum, cpus, seed, until,
// tick, same_time, costs.NAME, a scheduler parameter by name,
// scheduler.FIELD, machine.FIELD (see sweep_help()).
struct SetOption {
  struct Value {
    std::string typed;    // "2ms", as typed
    std::string json;     // the field's value as JSON text: "\"2000000ns\""
    std::string cell;     // the value in a CSV cell: "2000000"
    Time until = kNever;  // the until key: the horizon
  };
  std::string key;                // "quantum", "costs.process_switch"
  std::vector<std::string> path;  // JSON path in the workload; empty for until
  bool duration = false;          // durations: the CSV column is KEY_ns, in ns
  bool policy = false;            // the policy key
  bool bare_parameter = false;    // a bare name taken as scheduler.<name>
  std::vector<Value> values;

  bool is_until() const { return path.empty(); }
  std::string column() const { return key + (duration ? "_ns" : ""); }
  std::string option(const Value& v) const { return "--set " + key + "=" + v.typed; }
  FieldOverride field(const Value& v) const { return {path, v.json, option(v)}; }
};

// Every --set on the command line, in order, each value parsed for its key's
// type. Throws InputError naming the --set.
std::vector<SetOption> parse_set_options(const ParsedArgs& args);

// Loads the file with each value on its own, so a typo or a value the
// validator refuses is reported (as the --set) before anything runs.
void check_set_values(const WorkloadSource& source, const std::vector<SetOption>& sets);

// For `run` and `compare`: one value per --set, added to `overrides`; a
// --set until=D replaces `until`.
void apply_single_sets(const std::vector<SetOption>& sets, const std::string& command,
                       Overrides& overrides, Time& until);

// ---- Parallel runs --------------------------------------------------------------

// "label  [##########----------]  12/40" on stderr, redrawn in place; only
// when stderr is a terminal (and the label is not empty), so logs and pipes
// never see it. Cleared when destroyed. Thread-safe.
class ProgressBar {
 public:
  ProgressBar(std::string label, std::size_t total);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void advance();              // one more done
  void set(std::size_t done);  // this many done
  bool shown() const { return enabled_; }

 private:
  void draw(std::size_t done);
  std::string label_;
  std::size_t total_;
  bool enabled_;
  std::mutex mutex_;
  std::size_t done_ = 0, last_filled_ = 0, last_drawn_ = 0;
};

// --jobs N (1 to 1024); the number of hardware threads when not given.
unsigned parse_jobs(const ParsedArgs& args);

// Runs body(0) ... body(n - 1) on `jobs` threads, items handed out in index
// order. With a `label`, draws a progress bar so labelled on stderr (only
// when stderr is a terminal). If items throw, the exception of the
// lowest-numbered failing item is rethrown after all threads stop -- the same
// one whatever the timing, since no item after a failure is started and every
// item before it was.
void run_parallel(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  const std::string& label = {});

// ---- Commands --------------------------------------------------------------------

int run_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int policies_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);

// Help texts (stdout for --help, also quoted by usage errors).
std::string global_help();
std::string run_help();
std::string compare_help();
std::string validate_help();
std::string policies_help();
std::string sweep_help();
// Every registered policy with its summary and parameters (name, type,
// default, help), indented by `indent` spaces.
std::string policy_list(int indent);

}  // namespace timeslice::cli
