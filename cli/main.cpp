// timeslice: the batch command-line front end (SPEC §7).
//
// Every error is one line on stderr starting with "timeslice: ", and the exit
// code says what kind it was: 0 ok, 1 bad input, 2 usage.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "sim/core/run.h"
#include "sim/format/report.h"
#include "sim/format/workload_json.h"

#ifndef TIMESLICE_VERSION
#define TIMESLICE_VERSION "0.1.0"
#endif

namespace {

using namespace timeslice::cli;

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  std::string (*help)();
};

constexpr Command kCommands[] = {
    {"run", run_command, run_help},
    {"compare", compare_command, compare_help},
    {"sweep", sweep_command, sweep_help},
    {"validate", validate_command, validate_help},
    {"policies", policies_command, policies_help},
};

const Command* find_command(const std::string& name) {
  for (const Command& c : kCommands)
    if (name == c.name) return &c;
  return nullptr;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& c : kCommands) names.emplace_back(c.name);
  return names;
}

int dispatch(const std::vector<std::string>& args) {
  if (args.empty())
    throw UsageError("missing command (run, compare, sweep, validate, policies); see 'timeslice --help'");
  const std::string& first = args.front();
  if (first == "-h" || first == "--help") {
    std::cout << global_help();
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "timeslice " TIMESLICE_VERSION "\n";
    return kExitOk;
  }
  if (first == "help") {
    if (args.size() == 1) {
      std::cout << global_help();
      return kExitOk;
    }
    const Command* c = find_command(args[1]);
    if (!c) throw UsageError("help: unknown command " + args[1] + "; see 'timeslice --help'");
    std::cout << c->help();
    return kExitOk;
  }
  const Command* command = find_command(first);
  if (!command) {
    const std::string guess = closest_match(first, command_names());
    const bool option = first.rfind("-", 0) == 0;
    throw UsageError(std::string(option ? "unknown option " : "unknown command ") + first +
                     (guess.empty() ? "" : " (did you mean " + guess + "?)") +
                     "; see 'timeslice --help'");
  }
  return command->run({args.begin() + 1, args.end()});
}

// A name as shown in a message: long ones are cut in the middle.
std::string shown_name(const std::string& name) {
  constexpr std::size_t kShown = 120;
  if (name.size() <= kShown) return name;
  return name.substr(0, kShown / 2) + "..." + name.substr(name.size() - kShown / 2);
}

// Everything written to standard output must get there: a full disk or a
// closed pipe is an error (exit 1), not a silent success.
int check_stdout(int status) {
  std::cout.flush();
  if (std::cout && std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  std::cerr << "timeslice: cannot write to standard output: " << std::strerror(errno ? errno : EIO) << '\n';
  return status == kExitOk ? kExitBadInput : status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return check_stdout(dispatch(args));
  } catch (const UsageError& e) {
    std::cerr << "timeslice: " << timeslice::printable(e.what()) << '\n';
    return kExitUsage;
  } catch (const InputError& e) {
    std::cerr << "timeslice: " << timeslice::printable(e.what()) << '\n';
    return kExitBadInput;
  } catch (const timeslice::WorkloadError& e) {
    std::cerr << "timeslice: " << timeslice::printable(e.what()) << '\n';
    return kExitBadInput;
  } catch (const timeslice::EventBudgetExceeded& e) {
    std::cerr << "timeslice: " << timeslice::printable(e.what()) << "; raise it with --max-events N (0: none) or stop earlier with --until\n";
    return kExitBadInput;
  } catch (const timeslice::RecordBudgetExceeded& e) {
    std::cerr << "timeslice: " << timeslice::printable(e.what())
              << "; keep less with --record metrics (no --trace, --svg, --csv-dir or --gantt), raise it with "
                 "--max-records N (0: none) or stop earlier with --until\n";
    return kExitBadInput;
  } catch (const std::filesystem::filesystem_error& e) {
    // e.g. a file name too long for the file system.
    std::cerr << "timeslice: " << timeslice::printable(shown_name(e.path1().string())) << ": " << e.code().message() << '\n';
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "timeslice: out of memory: the workload or the run is too large for this machine "
                 "(see Limits in the README; --summary keeps the least)\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    // A workload the engine could not run (e.g. a limit it enforces).
    std::cerr << "timeslice: " << timeslice::printable(e.what()) << '\n';
    return kExitBadInput;
  }
}
