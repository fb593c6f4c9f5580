// timeslice sweep FILE --set KEY=V1,V2,... [--set ...] [--shard K/N] [--jobs N]
//                 [--until D] [-o OUT.csv]
//
// The grid is the cartesian product of the --set lists, the first --set
// varying slowest. Every point is loaded like `run` loads a file with options
// (one validator, errors naming the option), simulated on a pool of threads,
// and written as one CSV row, in grid order whatever the threads' timing: the
// output is byte-identical for any --jobs. --shard K/N keeps the points i with
// i mod N == K-1 (round robin, so every shard gets a share of the slow and the
// fast corners of the grid) and adds a leading grid_index column, so the
// shards of a grid sort back into the whole.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <iostream>

#include "cli/cli.h"
#include "sim/core/policy.h"
#include "sim/core/run.h"
#include "sim/format/report.h"
#include "sim/format/svg_chart.h"

namespace timeslice::cli {

namespace {

// Each point keeps its CSV row until the grid is written (a few hundred bytes).
constexpr std::size_t kMaxPoints = 1'000'000;

// ---- The grid -----------------------------------------------------------------

using Dimension = SetOption;

std::vector<Dimension> parse_grid(const ParsedArgs& args) {
  if (args.get_all("--set").empty())
    throw UsageError("sweep: at least one --set KEY=V1,V2,... is needed; see 'timeslice sweep --help'");
  std::vector<Dimension> grid = parse_set_options(args);
  std::size_t points = 1;
  for (const Dimension& d : grid) {
    if (points > kMaxPoints / d.values.size())
      throw InputError("sweep: the grid has more than " + std::to_string(kMaxPoints) +
                       " points (the limit); split it into several sweeps");
    points *= d.values.size();
  }
  return grid;
}

std::size_t grid_size(const std::vector<Dimension>& grid) {
  std::size_t n = 1;
  for (const Dimension& d : grid) n *= d.values.size();
  return n;
}

// The value index in each dimension of point i; the last dimension varies fastest.
std::vector<std::size_t> coordinates(const std::vector<Dimension>& grid, std::size_t i) {
  std::vector<std::size_t> at(grid.size());
  for (std::size_t d = grid.size(); d-- > 0;) {
    at[d] = i % grid[d].values.size();
    i /= grid[d].values.size();
  }
  return at;
}

std::optional<std::size_t> count(const std::string& text) {
  std::size_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Shard {
  std::size_t k = 1, n = 1;
  bool given = false;
};

Shard parse_shard(const ParsedArgs& args) {
  const auto text = args.get("--shard");
  if (!text) return {};
  const std::size_t slash = text->find('/');
  const auto k = slash == std::string::npos ? std::nullopt : count(text->substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : count(text->substr(slash + 1));
  if (!k || !n || *n < 1 || *k < 1 || *k > *n)
    throw InputError("--shard " + *text + ": expected K/N with 1 <= K <= N (e.g. --shard 2/8)");
  return {*k, *n, true};
}

struct Point {
  std::size_t index = 0;  // in the whole grid
  Overrides overrides;
  Time until = kNever;
  std::vector<std::string> cells;
};

Point make_point(const std::vector<Dimension>& grid, std::size_t index, Time until) {
  Point p;
  p.index = index;
  p.until = until;
  const std::vector<std::size_t> at = coordinates(grid, index);
  for (std::size_t d = 0; d < grid.size(); ++d) {
    const SetOption::Value& v = grid[d].values[at[d]];
    p.cells.push_back(v.cell);
    if (grid[d].is_until()) p.until = v.until;
    else p.overrides.fields.push_back(grid[d].field(v));
  }
  return p;
}

// One note per scheduler parameter the sweep sets that some of its policies
// ignore, so identical rows do not puzzle anyone.
void note_unused(const WorkloadSource& source, const std::vector<Dimension>& grid) {
  std::vector<std::string> policies;
  for (const Dimension& d : grid)
    if (d.policy)
      for (const SetOption::Value& v : d.values) policies.push_back(v.typed);
  if (policies.empty()) {
    try {
      policies.push_back(source.load({}).scheduler.policy);
    } catch (const std::exception&) {
      return;  // the file's own error is reported when its points load
    }
  }
  for (const Dimension& d : grid) {
    if (d.path.size() != 2 || d.path[0] != "scheduler" || !find_param(d.path[1])) continue;
    std::string unused_by;
    for (const std::string& name : policies) {
      const PolicyInfo* info = find_policy(name);
      const bool used = info && std::any_of(info->params.begin(), info->params.end(),
                                            [&](const ParamSpec& p) { return p.name == d.path[1]; });
      if (!used) unused_by += (unused_by.empty() ? "" : ", ") + name;
    }
    if (!unused_by.empty())
      std::cerr << "timeslice: note: --set " << d.key << " is not used by " << unused_by << '\n';
  }
}

// The summary fields of one point (summary_csv_header's columns).
std::vector<std::string> run_point(const WorkloadSource& source, const Point& p, std::uint64_t max_events) {
  RunOptions options;
  options.until = p.until;
  options.max_events = max_events;
  options.record = RecordLevel::Metrics;
  options.task_rows = false;  // only whole-run figures are shown
  const Workload workload = source.load(p.overrides);
  require_run_ends(workload, p.until, source.file());
  check_run_cost(workload, p.until, max_events, source.file(), p.overrides);
  return summary_csv_fields(simulate(workload, options).results);
}

std::string point_row(const Point& p, const std::vector<std::string>& summary, bool policy_swept) {
  std::vector<std::string> fields = p.cells;
  // Not the workload (one file for the whole grid), nor the policy twice.
  fields.insert(fields.end(), summary.begin() + (policy_swept ? 2 : 1), summary.end());
  return csv_line(fields);
}

// ---- The chart (--svg) ----------------------------------------------------------

struct ChartRequest {
  std::string file;
  std::size_t x = 0;   // the dimension along the x axis
  std::size_t y = 0;   // the summary column plotted
};

const char* kDefaultFigure = "mean_turnaround_ns";

ChartRequest parse_chart(const ParsedArgs& args, const std::vector<Dimension>& grid, const Shard& shard) {
  ChartRequest c;
  for (const char* option : {"--x", "--y"})
    if (args.has(option) && !args.has("--svg"))
      throw UsageError(std::string(option) + " chooses what --svg OUT.svg draws; see 'timeslice sweep --help'");
  if (!args.has("--svg")) return c;
  c.file = *args.get("--svg");
  if (shard.given)
    throw UsageError("--svg draws the whole grid, not one --shard; draw it from a run without --shard");
  const std::vector<std::string> header = summary_csv_header();
  const std::string figure = args.get("--y").value_or(kDefaultFigure);
  std::vector<std::string> figures(header.begin() + 2, header.end());
  const auto it = std::find(figures.begin(), figures.end(), figure);
  if (it == figures.end()) {
    const std::string guess = closest_match(figure, figures);
    std::string list;
    for (const std::string& f : figures) list += (list.empty() ? "" : ", ") + f;
    throw InputError("--y " + figure + ": not a figure of the summary" +
                     (guess.empty() ? "" : " (did you mean " + guess + "?)") + "; figures: " + list);
  }
  c.y = static_cast<std::size_t>(it - figures.begin()) + 2;
  if (const auto x = args.get("--x")) {
    const auto d = std::find_if(grid.begin(), grid.end(), [&](const Dimension& dim) { return dim.key == *x; });
    if (d == grid.end()) throw InputError("--x " + *x + ": not a --set key of this sweep");
    c.x = static_cast<std::size_t>(d - grid.begin());
  }
  return c;
}

std::optional<double> number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size() ? std::optional<double>(v) : std::nullopt;
}

// A line per combination of the other dimensions' values, in grid order.
std::string sweep_chart(const ChartRequest& c, const std::vector<Dimension>& grid,
                        const std::vector<Point>& points, const std::vector<std::vector<std::string>>& summaries,
                        const std::string& file) {
  const std::string figure = summary_csv_header()[c.y];
  LineChart chart;
  chart.title = figure + " by " + grid[c.x].key;
  chart.subtitle = "timeslice sweep " + file;
  chart.x_label = grid[c.x].key;
  chart.y_label = figure;
  chart.y_is_time = figure.size() > 3 && figure.compare(figure.size() - 3, 3, "_ns") == 0;
  for (const SetOption::Value& v : grid[c.x].values) chart.categories.push_back(v.typed);
  std::map<std::string, std::size_t> line_of;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::vector<std::size_t> at = coordinates(grid, points[i].index);
    std::string name;
    for (std::size_t d = 0; d < grid.size(); ++d)
      if (d != c.x && grid[d].values.size() > 1)
        name += (name.empty() ? "" : ", ") + grid[d].key + "=" + grid[d].values[at[d]].typed;
    const auto [it, added] = line_of.try_emplace(name, chart.series.size());
    if (added) chart.series.push_back({name, std::vector<std::optional<double>>(chart.categories.size())});
    chart.series[it->second].values[at[c.x]] = number(summaries[i][c.y]);
  }
  return svg_line_chart(chart);
}

}  // namespace

int sweep_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args("sweep", argv,
                                     {value_option("--set"), value_option("--shard"),
                                      value_option("--jobs"), value_option("--until"),
                                      value_option("--output", "-o"), value_option("--svg"),
                                      value_option("--x"), value_option("--y"), value_option("--max-events")});
  if (args.help) {
    std::cout << sweep_help();
    return kExitOk;
  }
  if (args.positional.empty()) throw UsageError("sweep: missing FILE; see 'timeslice sweep --help'");
  if (args.positional.size() > 1)
    throw UsageError("sweep: one FILE expected (" + args.positional[1] +
                     "...); see 'timeslice sweep --help'");
  const std::vector<Dimension> grid = parse_grid(args);
  const Shard shard = parse_shard(args);
  const unsigned jobs = parse_jobs(args);
  const Time until = parse_until(args);
  const ChartRequest chart = parse_chart(args, grid, shard);
  check_output_path(args.get("--output"));
  if (!chart.file.empty()) {
    check_output_path(chart.file, "--svg");
    const std::optional<std::string> output = args.get("--output");
    check_one_stdout({{output ? "-o " + *output : "the CSV", is_stdout(output)},
                      {"--svg " + chart.file, is_stdout(chart.file)}});
  }
  const std::uint64_t max_events = parse_max_events(args);

  const WorkloadSource source(args.positional.front());
  check_set_values(source, grid);
  note_unused(source, grid);

  const bool policy_swept =
      std::any_of(grid.begin(), grid.end(), [](const Dimension& d) { return d.policy; });
  std::vector<std::string> header;
  if (shard.given) header.push_back("grid_index");
  for (const Dimension& d : grid) header.push_back(csv_field(d.column()));
  const std::vector<std::string> summary = summary_csv_header();
  header.insert(header.end(), summary.begin() + (policy_swept ? 2 : 1), summary.end());

  std::vector<Point> points;
  for (std::size_t i = shard.k - 1; i < grid_size(grid); i += shard.n) {
    points.push_back(make_point(grid, i, until));
    if (shard.given) points.back().cells.insert(points.back().cells.begin(), std::to_string(i));
  }
  std::vector<std::vector<std::string>> summaries(points.size());
  run_parallel(
      points.size(), jobs, [&](std::size_t i) { summaries[i] = run_point(source, points[i], max_events); }, "sweep");

  std::string csv = csv_line(header);
  for (std::size_t i = 0; i < points.size(); ++i) csv += point_row(points[i], summaries[i], policy_swept);
  write_output(csv, args.get("--output"));
  if (!chart.file.empty())
    write_output(sweep_chart(chart, grid, points, summaries, source.file()), chart.file, "--svg");
  return kExitOk;
}

}  // namespace timeslice::cli
