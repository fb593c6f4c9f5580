// timeslice run FILE [options]
#include <charconv>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sim/core/run.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"

namespace timeslice::cli {

namespace {

enum class Format { Text, Json, Csv };

Format parse_format(const ParsedArgs& args) {
  const std::string text = args.get("--format").value_or("text");
  if (text == "text") return Format::Text;
  if (text == "json") return Format::Json;
  if (text == "csv") return Format::Csv;
  throw InputError("--format " + text + ": expected text, json or csv");
}

int parse_width(const ParsedArgs& args) {
  const std::string text = args.get("--width").value_or("100");
  int width = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), width);
  if (ec != std::errc() || ptr != text.data() + text.size() || width < 10 || width > 10000)
    throw InputError("--width " + text + ": expected a number of columns from 10 to 10000");
  return width;
}

// "t=12ms cpu0: <reason>", or "t=12ms: <reason>" for decisions not tied to a CPU.
std::string explain_log(const Trace& trace, const Workload& workload) {
  std::string out;
  for (const Decision& d : trace.decisions) {
    out += "t=" + (d.time == 0 ? std::string("0") : format_duration(d.time));
    if (d.cpu != kNoCpu) {
      out += ' ';
      out += d.cpu < workload.machine.cpus.size() ? workload.machine.cpus[d.cpu].name
                                                  : "cpu" + std::to_string(d.cpu);
    }
    out += ": " + explain(d, workload) + '\n';
  }
  return out;
}

struct RunRequest {
  std::string file;
  Format format = Format::Text;
  bool summary_only = false, gantt = false, explain = false;
  int width = 100;
  RunOptions options;
};

RunRequest parse_request(const ParsedArgs& args) {
  if (args.positional.empty()) throw UsageError("run: missing FILE; see 'timeslice run --help'");
  if (args.positional.size() > 1)
    throw UsageError("run: one FILE expected, got " + std::to_string(args.positional.size()) +
                     " (" + args.positional[1] + "...); see 'timeslice run --help'");
  RunRequest r;
  r.file = args.positional.front();
  r.format = parse_format(args);
  r.summary_only = args.has("--summary");
  r.gantt = args.has("--gantt");
  r.explain = args.has("--explain");
  r.width = parse_width(args);
  // The chart and the decision log are text; mixed into JSON or CSV they would
  // break the file for whatever reads it.
  if (r.format != Format::Text && (r.gantt || r.explain))
    throw UsageError(std::string(r.gantt ? "--gantt" : "--explain") +
                     " needs --format text; see 'timeslice run --help'");
  r.options.until = parse_until(args);
  // Keep only what the output needs: huge runs stay cheap.
  r.options.record = r.explain ? RecordLevel::Decisions
                     : r.gantt ? RecordLevel::Slices
                               : RecordLevel::Metrics;
  return r;
}

std::string render(const RunRequest& r, const RunOutput& out, const Workload& workload) {
  switch (r.format) {
    case Format::Json: {
      ResultJson j = result_json(out.results, r.options.until);
      if (r.summary_only) j.erase("tasks");  // whole-run figures only
      return j.dump(2) + '\n';
    }
    case Format::Csv:
      return r.summary_only ? summary_csv({out.results}) : tasks_csv(out.results);
    case Format::Text: break;
  }
  std::string text;
  if (r.explain) text += explain_log(out.trace, workload) + '\n';
  text += text_report(out.results, r.summary_only);
  if (r.gantt) text += '\n' + gantt_chart(out.trace, workload, {r.width});
  return text;
}

}  // namespace

int run_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args(
      "run", argv,
      {value_option("--policy"), value_option("--quantum"), value_option("--cpus"),
       value_option("--until"), value_option("--seed"), value_option("--format"),
       value_option("--output", "-o"), value_option("--width"), flag_option("--summary"),
       flag_option("--gantt"), flag_option("--explain")});
  if (args.help) {
    std::cout << run_help();
    return kExitOk;
  }
  const RunRequest request = parse_request(args);
  const Overrides overrides = overrides_from(args);
  const Workload workload = load_workload_with(request.file, overrides);
  note_unused_params(workload, overrides);
  const RunOutput out = simulate(workload, request.options);
  write_output(render(request, out, workload), args.get("--output"));
  return kExitOk;
}

}  // namespace timeslice::cli
