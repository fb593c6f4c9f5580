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
    "  --seed S           seed of the run's random generator (overrides seed)\n"
    "  --set KEY=VALUE    set any field: a scheduler parameter (--set reset_on_block=true,\n"
    "                     --set boost=0), a cost (--set costs.process_switch=2us), tick,\n"
    "                     same_time, ...; the keys are listed in 'timeslice sweep --help'\n"
    "  --max-events N     the event budget: a run sure to need more is refused, one that\n"
    "                     reaches it is stopped (default 200000000; 0: no budget)\n";

const char* kFiles =
    "Files: FILE - reads the workload from standard input; an OUT of - or /dev/stdout is\n"
    "standard output. A regular file is replaced whole (a temporary file, then a rename),\n"
    "never left half-written; a device, named pipe or >(process substitution) is\n"
    "written in place, never replaced.\n";

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
      // A help text of several lines keeps the indent on each.
      std::string help = param.help;
      for (std::size_t at = help.find('\n'); at != std::string::npos; at = help.find('\n', at + 1))
        help.insert(at + 1, pad + "        ");
      if (!help.empty()) out += pad + "        " + help + '\n';
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
         "  sweep FILE         run a workload over a grid of parameters, a CSV row per point\n"
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
         "  -o, --output OUT   write to OUT instead of standard output\n"
         "  --summary          whole-run figures only, no per-task rows (for huge runs)\n"
         "  --gantt            add an ASCII timeline: a row per CPU and device (text)\n"
         "  --width N          columns of the --gantt timeline (default 100)\n"
         "  --explain          list every scheduling decision with its reason (text)\n"
         "  --record LEVEL     what the run keeps in memory: metrics (statistics only),\n"
         "                     slices (+ every CPU/device slice and task state change) or\n"
         "                     decisions (+ every decision; --trace then adds them as\n"
         "                     instant events). Default auto: the least the outputs need,\n"
         "                     so a million-task --summary run keeps metrics only\n"
         "  --max-records N    the records budget: a run that keeps more slices, state\n"
         "                     changes and decisions is stopped (default 50000000, about\n"
         "                     2 GiB; 0: no budget)\n"
         "  -h, --help         show this help\n"
         "\n"
         "Exports (written besides the report; OUT may be - when -o names a file):\n"
         "  --trace OUT.json   Chrome Trace Event file for ui.perfetto.dev or chrome://tracing:\n"
         "                     a track per CPU, device channel and task (its running/ready/\n"
         "                     blocked states), a ready-queue counter, and the same run as\n"
         "                     ftrace sched_switch/sched_waking text (systemTraceEvents), from\n"
         "                     which Perfetto draws its per-CPU scheduling view\n"
         "  --svg OUT.svg      Gantt chart: a lane per CPU and device, a colour per task,\n"
         "                     overhead hatched, time axis and legend (for slides)\n"
         "  --svg-tasks        add a lane per task to the SVG: running, ready (waiting for a\n"
         "                     CPU), blocked on I/O, sleeping\n"
         "  --from D, --to D   draw only this window of the run in the SVG (the run itself\n"
         "                     is unchanged); slices narrower than a pixel are folded into\n"
         "                     grey blocks, so zoom in with a window to see them apart\n"
         "  --csv-dir DIR      write DIR/tasks.csv (a row per task), cpus.csv (a row per CPU),\n"
         "                     slices.csv (a row per slice: lane, lane_kind, channel, kind,\n"
         "                     task, start_ns, end_ns, duration_ns, reason, detail),\n"
         "                     summary.csv and provenance.json (version, seed, scheduler\n"
         "                     and machine after the options); DIR is created if needed.\n"
         "                     (--format csv alone prints only the task rows.)\n"
         "\n"
         "Policies and their parameters (set parameters in the file's \"scheduler\" object;\n"
         "defaults follow Linux where Linux has one):\n" +
         policy_list(2) + "\n" + kFiles + "\n" + kExitStatus;
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
         "  --jobs N           run the policies on N threads (default: every hardware thread)\n"
         "  --format F         text (default), json or csv\n"
         "  -o, --output OUT   write to OUT instead of standard output\n"
         "  --svg OUT.svg      also draw the figures as grouped bars, a bar per policy:\n"
         "                     mean turnaround, response and waiting and p95 response on a\n"
         "                     time axis; overhead share and Jain's fairness on another\n"
         "  -h, --help         show this help\n"
         "\n"
         "Policies:\n" +
         policy_list(2) + "\n" + kFiles + "\n" + kExitStatus;
}

std::string sweep_help() {
  return std::string(
             "Usage: timeslice sweep FILE --set KEY=V1,V2,... [--set ...] [options]\n"
             "\n"
             "Run the workload in FILE at every point of a parameter grid, in parallel, and write\n"
             "CSV: a header, then a row per point with its parameters and the run's summary\n"
             "figures (the columns of 'run --format csv --summary' without the workload).\n"
             "The grid is every combination of the --set lists; the first --set varies slowest.\n"
             "Rows come in grid order and the output is byte-identical whatever --jobs is.\n"
             "\n"
             "Keys:\n"
             "  policy             scheduler.policy\n"
             "  quantum, tick      scheduler.quantum, machine.tick (durations)\n"
             "  cpus, seed         machine.cpus (N identical CPUs), seed\n"
             "  until              stop each run at this simulated time\n"
             "  same_time          scheduler.same_time\n"
             "  costs.NAME         machine.costs.NAME: process_switch, thread_switch, scheduler,\n"
             "                     scheduler_per_task, migration, interrupt, ipi (durations)\n"
             "  PARAM              any scheduler parameter (levels, boost, allotment, aging, ...;\n"
             "                     see 'timeslice policies'); a list value is written in brackets:\n"
             "                     --set quanta=[10,20,40],[5,10,20]\n"
             "  scheduler.FIELD, machine.FIELD   any other field of those objects\n"
             "Durations look like 250us, 1.5ms, 2s (a bare number is in ms); their columns are\n"
             "named KEY_ns and hold integer nanoseconds. Each value is checked by the same\n"
             "validator as the file (an error names the --set). A --set with one value fixes that\n"
             "field for every point.\n"
             "\n"
             "Options:\n"
             "  --set KEY=V1,V2    a dimension of the grid (repeat for more)\n"
             "  --shard K/N        run only the K-th of N shards (1 <= K <= N): the points whose\n"
             "                     grid index i (from 0, in grid order) has i mod N = K-1. Adds a\n"
             "                     leading grid_index column; merge the shards' files with\n"
             "                       { head -n 1 part-1.csv | cut -d, -f2-;\n"
             "                         tail -q -n +2 part-*.csv | LC_ALL=C sort -t, -k1,1n | cut -d, -f2-; } > all.csv\n"
             "                     which is byte for byte the unsharded output\n"
             "  --jobs N           threads (default: every hardware thread)\n"
             "  --until D          stop every run at simulated time D (unless --set until=...)\n"
             "  -o, --output OUT   write to OUT instead of standard output\n"
             "  --svg OUT.svg      also draw a line chart: a figure (--y) against one --set key\n"
             "                     (--x, default the first), a line per combination of the\n"
             "                     other keys' values. Not with --shard\n"
             "  --y FIGURE         the figure drawn: a summary column (default mean_turnaround_ns;\n"
             "                     e.g. mean_response_ns, overhead_share, jain_fairness)\n"
             "  --x KEY            the --set key along the x axis\n"
             "  --max-events N     event budget of each run (default 200000000; 0: none)\n"
             "  -h, --help         show this help\n"
             "\n"
             "A progress bar is drawn on stderr when it is a terminal.\n"
             "\n"
             "Example:\n"
             "  timeslice sweep workloads/quantum.json --set quantum=1ms,2ms,5ms,10ms,20ms \\\n"
             "      --set costs.process_switch=0,50us,200us -o quantum.csv \\\n"
             "      --svg quantum.svg --y overhead_share\n"
             "\n") +
         kFiles + "\n" + kExitStatus;
}

std::string validate_help() {
  return std::string(
             "Usage: timeslice validate FILE...\n"
             "\n"
             "Check workload files: prints \"FILE: ok\" for each good file and the error (with\n"
             "its place in the file) for each bad one. Exits 1 if any file is bad. A FILE of -\n"
             "reads standard input (named stdin in the messages).\n"
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
