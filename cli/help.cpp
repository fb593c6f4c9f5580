// Help texts. Policy parameters and their defaults come from the registry, so
// --help never goes stale when a policy is added (SPEC §5: show defaults).
#include "cli/cli.h"
#include "sim/core/policy.h"

namespace timeslice::cli {

namespace {

std::string type_text(const ParamSpec& p) {
  switch (p.type) {
    case ParamType::Duration: return "duration";
    case ParamType::DurationList: return "list of durations";
    case ParamType::Integer: return "integer";
    case ParamType::Real: return "number";
    case ParamType::Bool: return "true|false";
    case ParamType::Choice: {
      std::string text;
      for (const std::string& c : p.choices) text += (text.empty() ? "" : "|") + c;
      return text;
    }
  }
  return "value";
}

const char* kOverrideOptions =
    "  --quantum D        time slice (overrides scheduler.quantum); durations look like\n"
    "                     250us, 1.5ms, 2s; a bare number is in ms\n"
    "  --cpus N           run on N identical CPUs (replaces machine.cpus)\n"
    "  --until D          stop at simulated time D; unfinished tasks have no completion\n"
    "  --seed S           seed of the run's random generator (overrides seed)\n";

const char* kExitStatus =
    "Exit status: 0 ok, 1 bad input (workload file or option value), 2 usage error.\n";

}  // namespace

std::string policy_list(int indent) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::size_t name_width = 0;
  for (const PolicyInfo& p : policy_registry()) name_width = std::max(name_width, p.name.size());
  std::string out;
  for (const PolicyInfo& p : policy_registry()) {
    out += pad + p.name + std::string(name_width + 2 - p.name.size(), ' ') + p.summary + '\n';
    for (const ParamSpec& param : p.params) {
      out += pad + "    " + param.name + ": " + type_text(param) + ", default " +
             param.default_text + '\n';
      if (!param.help.empty()) out += pad + "        " + param.help + '\n';
    }
  }
  return out;
}

std::string global_help() {
  return "Usage: timeslice COMMAND [options]\n"
         "\n"
         "A preemptive OS scheduler simulator: runs JSON workload files under pluggable\n"
         "scheduling policies and reports what happened.\n"
         "\n"
         "Commands:\n"
         "  run FILE           simulate a workload and report the results\n"
         "  compare FILE       run a workload under several policies, one row per policy\n"
         "  validate FILE...   check workload files\n"
         "  policies           list the scheduling policies and their parameters\n"
         "  help [COMMAND]     show this help, or a command's\n"
         "\n"
         "Options:\n"
         "  -h, --help         show help (also after a command: timeslice run --help)\n"
         "  --version          show the version\n"
         "\n"
         "Policies: " +
         [] {
           std::string names;
           for (const PolicyInfo& p : policy_registry()) names += (names.empty() ? "" : ", ") + p.name;
           return names;
         }() +
         " (details: timeslice policies)\n\n" + kExitStatus;
}

std::string run_help() {
  return std::string(
             "Usage: timeslice run FILE [options]\n"
             "\n"
             "Simulate the workload in FILE and report the results: a summary, a row per task\n"
             "and a row per CPU (text), the SPEC result object (json) or a row per task (csv).\n"
             "\n"
             "Options:\n"
             "  --policy P         scheduling policy (overrides scheduler.policy; see below)\n") +
         kOverrideOptions +
         "  --format F         text (default), json or csv\n"
         "  -o, --output OUT   write to OUT (replaced whole, never half-written)\n"
         "  --summary          whole-run figures only, no per-task rows (for huge runs)\n"
         "  --gantt            add an ASCII timeline: a row per CPU and device (text)\n"
         "  --width N          columns of the --gantt timeline (default 100)\n"
         "  --explain          list every scheduling decision with its reason (text)\n"
         "  -h, --help         show this help\n"
         "\n"
         "Policies and their parameters (set parameters in the file's \"scheduler\" object;\n"
         "defaults follow Linux where Linux has one):\n" +
         policy_list(2) + "\n" + kExitStatus;
}

std::string compare_help() {
  return std::string(
             "Usage: timeslice compare FILE [--policies P1,P2,...] [options]\n"
             "\n"
             "Run the workload in FILE once per policy and print one table, a row per policy:\n"
             "mean turnaround, response and waiting time, p95 response, makespan, throughput,\n"
             "context switches, overhead and Jain's fairness index.\n"
             "\n"
             "Options:\n"
             "  --policies LIST    comma-separated policies (default: every policy)\n") +
         kOverrideOptions +
         "  --format F         text (default), json or csv\n"
         "  -o, --output OUT   write to OUT (replaced whole, never half-written)\n"
         "  -h, --help         show this help\n"
         "\n"
         "Policies:\n" +
         policy_list(2) + "\n" + kExitStatus;
}

std::string validate_help() {
  return std::string(
             "Usage: timeslice validate FILE...\n"
             "\n"
             "Check workload files: prints \"FILE: ok\" for each good file and the error (with\n"
             "its place in the file) for each bad one. Exits 1 if any file is bad.\n"
             "\n"
             "Options:\n"
             "  -h, --help         show this help\n"
             "\n") +
         kExitStatus;
}

std::string policies_help() {
  return std::string(
             "Usage: timeslice policies\n"
             "\n"
             "List every scheduling policy with its parameters, their defaults and meaning.\n"
             "\n") +
         kExitStatus;
}

}  // namespace timeslice::cli
