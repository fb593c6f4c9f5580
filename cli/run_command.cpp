// timeslice run FILE [options]
#include <charconv>
#include <filesystem>
#include <iostream>


#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sim/core/run.h"
#include "sim/format/chrome_trace.h"
#include "sim/format/csv_export.h"
#include "sim/format/provenance.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "sim/format/svg_gantt.h"
#include "sim/format/workload_json.h"

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

// What the run keeps: by default the least the requested outputs need, so
// huge runs stay cheap; --record asks for more (decisions in --trace) or
// states a limit, which an output needing more violates.
RecordLevel parse_record(const ParsedArgs& args, RecordLevel needed, const std::string& needed_by) {
  const std::optional<std::string> text = args.get("--record");
  if (!text || *text == "auto") return needed;
  const std::optional<RecordLevel> level = parse_record_level(*text);
  if (!level) throw InputError("--record " + *text + ": expected auto, metrics, slices or decisions");
  if (*level < needed)
    throw InputError("--record " + *text + ": " + needed_by + " needs --record " + record_level_name(needed) +
                     " or more");
  return *level;
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
std::string explain_line(const Decision& d, const Workload& workload) {
  std::string out = "t=" + (d.time == 0 ? std::string("0") : format_duration(d.time));
  if (d.cpu != kNoCpu) {
    out += ' ';
    out += d.cpu < workload.machine.cpus.size() ? workload.machine.cpus[d.cpu].name
                                                : "cpu" + std::to_string(d.cpu);
  }
  out += ": " + explain(d, workload);
  return printable(out) + '\n';
}

// --explain: every decision as a line as the engine makes it, written at once
// to standard output (so a long run's log is never held in memory) or, with
// -o, kept to be written with the report.
class ExplainWriter final : public Observer {
 public:
  ExplainWriter(const Workload& workload, bool to_stdout) : workload_(workload), to_stdout_(to_stdout) {}
  void on_decision(const Decision& d) override {
    if (to_stdout_) std::cout << explain_line(d, workload_);
    else text_ += explain_line(d, workload_);
  }
  std::string& text() { return text_; }

 private:
  const Workload& workload_;
  bool to_stdout_;
  std::string text_;
};

struct RunRequest {
  std::string file;
  Format format = Format::Text;
  bool summary_only = false, gantt = false, explain = false;
  int width = 100;
  RunOptions options;
  // Exports, written besides the main output.
  std::optional<std::string> trace, svg, csv_dir;
  bool svg_tasks = false;  // task state lanes in the SVG
  Time svg_from = 0, svg_to = kNever;  // the window the SVG draws
  bool exports() const { return trace || svg || csv_dir; }
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
  r.trace = args.get("--trace");
  r.svg = args.get("--svg");
  r.csv_dir = args.get("--csv-dir");
  r.svg_tasks = args.has("--svg-tasks");
  if (r.svg_tasks && !r.svg) throw UsageError("--svg-tasks needs --svg OUT.svg; see 'timeslice run --help'");
  for (const char* option : {"--from", "--to"}) {
    const std::optional<std::string> text = args.get(option);
    if (!text) continue;
    if (!r.svg) throw UsageError(std::string(option) + " sets the window --svg draws; see 'timeslice run --help'");
    Time t = 0;
    try {
      t = parse_duration(*text, TimeUnit::Milliseconds);
    } catch (const std::invalid_argument& e) {
      throw InputError(std::string(option) + " " + *text + ": " + e.what());
    }
    (option == std::string("--from") ? r.svg_from : r.svg_to) = t;
  }
  if (r.svg_to <= r.svg_from)
    throw InputError("--to " + *args.get("--to") + ": must be after --from " + args.get("--from").value_or("0"));
  if (r.format == Format::Csv && args.get("--output") && std::filesystem::is_directory(*args.get("--output")))
    throw InputError("-o " + *args.get("--output") +
                     ": is a directory; to write tasks.csv, cpus.csv, slices.csv and summary.csv "
                     "there, use --csv-dir " + *args.get("--output"));
  // Keep only what the output needs: huge runs stay cheap. The exports need
  // every slice (their end reasons are in the slices).
  r.options.task_rows = !r.summary_only || r.exports();
  // --explain is streamed (ExplainWriter): it keeps no decisions.
  const RecordLevel needed = r.gantt || r.exports() ? RecordLevel::Slices : RecordLevel::Metrics;
  const std::string needed_by = r.gantt ? "--gantt"
                                : r.trace ? "--trace"
                                : r.svg   ? "--svg"
                                          : "--csv-dir";
  r.options.record = parse_record(args, needed, needed_by);
  return r;
}

// `explained`: the --explain log when it was kept rather than streamed.
std::string render(const RunRequest& r, const RunOutput& out, const Workload& workload,
                   const std::string& explained) {
  switch (r.format) {
    case Format::Json: {
      ResultJson j = result_json(out.results, r.options.until);
      if (r.summary_only) j.erase("tasks");  // whole-run figures only
      j["provenance"] = provenance_json(workload);
      return j.dump(2) + '\n';
    }
    case Format::Csv:
      return r.summary_only ? summary_csv({out.results}) : tasks_csv(out.results);
    case Format::Text: break;
  }
  std::string text;
  if (r.explain) text += explained + '\n';
  text += text_report(out.results, r.summary_only);
  if (r.gantt) text += '\n' + gantt_chart(out.trace, workload, {r.width});
  return text;
}

// Two outputs given the same file would overwrite each other: refused
// before the run. (Paths are compared as the file system resolves them.)
void check_distinct_outputs(const ParsedArgs& args, const RunRequest& r) {
  std::vector<std::pair<std::string, std::string>> outputs;  // option, path
  if (const auto o = args.get("--output")) outputs.push_back({"-o", *o});
  if (r.trace) outputs.push_back({"--trace", *r.trace});
  if (r.svg) outputs.push_back({"--svg", *r.svg});
  if (r.csv_dir)
    for (const char* name : {"tasks.csv", "cpus.csv", "slices.csv", "summary.csv", "provenance.json"})
      outputs.push_back({"--csv-dir", (std::filesystem::path(*r.csv_dir) / name).string()});
  const auto resolved = [](const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::path(path).lexically_normal().string() : p.string();
  };
  // Devices and pipes (/dev/null twice) are written in place: no clash.
  const auto replaced = [](const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    return !is_stdout(path) && (ec || !std::filesystem::exists(status) || std::filesystem::is_regular_file(status));
  };
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t j = i + 1; j < outputs.size(); ++j)
      if (replaced(outputs[i].second) && resolved(outputs[i].second) == resolved(outputs[j].second))
        throw UsageError(outputs[j].first + " " + outputs[j].second + ": the same file as " + outputs[i].first +
                         " " + outputs[i].second + "; give each output its own file");
}

// Writes one output, keeping a list of what is written so that a failure
// after the first says which files are already there (each file is whole).
class OutputSet {
 public:
  void write(const std::string& text, const std::optional<std::string>& path, const std::string& option) {
    write_output(text, path, option);
    if (path) written_ += (written_.empty() ? "" : ", ") + option + " " + *path;
  }
  // Runs `write_all`; an InputError it throws gets the list of what was
  // already written added.
  template <class WriteAll>
  void all_or_say(WriteAll write_all) {
    try {
      write_all();
    } catch (const InputError& e) {
      if (written_.empty()) throw;
      throw InputError(std::string(e.what()) + " (already written: " + written_ + ")");
    }
  }

 private:
  std::string written_;
};

void write_exports(const RunRequest& r, const RunOutput& out, const Workload& workload, OutputSet& outputs) {
  if (r.trace) outputs.write(chrome_trace_json(workload, out.results, out.trace), r.trace, "--trace");
  if (r.svg) {
    SvgOptions svg;
    svg.task_lanes = r.svg_tasks;
    svg.from = r.svg_from;
    svg.to = r.svg_to;
    outputs.write(svg_gantt(workload, out.results, out.trace, svg), r.svg, "--svg");
  }
  if (r.csv_dir) {
    const std::string& dir = *r.csv_dir;
    if (dir.empty()) throw InputError("--csv-dir: expected a directory name");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw InputError("--csv-dir " + dir + ": cannot create the directory" +
                       (ec ? ": " + ec.message() : std::string()));
    for (const auto& [name, text] : csv_files(workload, out.results, out.trace))
      outputs.write(text, (std::filesystem::path(dir) / name).string(), "--csv-dir");
    // How the run was made: beside the tables, since CSV has no comment
    // syntax that spreadsheets, pandas and R read by default.
    outputs.write(provenance_json(workload).dump(2) + '\n',
                 (std::filesystem::path(dir) / "provenance.json").string(), "--csv-dir");
  }
}

}  // namespace

int run_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args(
      "run", argv,
      {value_option("--policy"), value_option("--quantum"), value_option("--cpus"),
       value_option("--until"), value_option("--seed"), value_option("--format"),
       value_option("--output", "-o"), value_option("--width"), flag_option("--summary"),
       flag_option("--gantt"), flag_option("--explain"), value_option("--trace"),
       value_option("--svg"), flag_option("--svg-tasks"), value_option("--from"), value_option("--to"),
       value_option("--csv-dir"),
       value_option("--set"), value_option("--record"), value_option("--max-events"),
       value_option("--max-records")});
  if (args.help) {
    std::cout << run_help();
    return kExitOk;
  }
  RunRequest request = parse_request(args);
  check_output_path(args.get("--output"));
  check_output_path(request.trace, "--trace");
  check_output_path(request.svg, "--svg");
  if (request.csv_dir && *request.csv_dir == "-")
    throw UsageError("--csv-dir -: writes several files, so it takes a directory; for one table on "
                     "standard output use --format csv");
  const std::optional<std::string> output = args.get("--output");
  check_one_stdout({{output ? "-o " + *output : "the report", is_stdout(output)},
                    {"--trace " + request.trace.value_or(""), request.trace && is_stdout(request.trace)},
                    {"--svg " + request.svg.value_or(""), request.svg && is_stdout(request.svg)}});
  check_distinct_outputs(args, request);
  request.options.max_events = parse_max_events(args);
  request.options.max_records = parse_max_records(args);
  Overrides overrides = overrides_from(args);
  const std::vector<SetOption> sets = parse_set_options(args);
  apply_single_sets(sets, "run", overrides, request.options.until);
  WorkloadSource source(request.file);
  check_set_values(source, sets);
  const Workload workload = source.take(overrides);
  note_unused_params(workload, overrides);
  require_run_ends(workload, request.options.until, request.file);
  check_run_cost(workload, request.options.until, request.options.max_events, request.file, overrides);
  // --explain to standard output is written as the run goes (no bar amid it).
  const bool explain_streamed = request.explain && is_stdout(output);
  ExplainWriter explainer(workload, explain_streamed);
  if (request.explain) request.options.watcher = &explainer;
  const RunOutput out = [&] {
    ProgressBar bar("run", 1000);  // drawn only when stderr is a terminal
    RunOptions options = request.options;
    if (bar.shown() && !explain_streamed)
      options.progress = [&bar](double done) { bar.set(static_cast<std::size_t>(done * 1000)); };
    return simulate(workload, options);
  }();
  OutputSet outputs;
  outputs.all_or_say([&] {
    outputs.write(render(request, out, workload, explainer.text()), output, "-o");
    write_exports(request, out, workload, outputs);
  });
  return kExitOk;
}

}  // namespace timeslice::cli
