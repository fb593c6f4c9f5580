// timeslice compare FILE [--policies P1,P2,...] [options]
#include <iostream>

#include "cli/cli.h"
#include "sim/core/policy.h"
#include "sim/core/run.h"
#include "sim/format/provenance.h"
#include "sim/format/report.h"
#include "sim/format/result_json.h"
#include "sim/format/svg_chart.h"

namespace timeslice::cli {

namespace {

std::vector<std::string> parse_policies(const ParsedArgs& args) {
  std::vector<std::string> names;
  const auto list = args.get("--policies");
  if (!list) {
    for (const PolicyInfo& p : policy_registry()) names.push_back(p.name);
    return names;
  }
  std::size_t start = 0;
  while (start <= list->size()) {
    const std::size_t comma = std::min(list->find(',', start), list->size());
    std::string name = list->substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.empty()) throw InputError("--policies " + *list + ": empty policy name in the list");
    check_policy_name(name, "--policies");
    names.push_back(std::move(name));
    start = comma + 1;
  }
  return names;
}

// One note per unused parameter, naming every listed policy that ignores it
// (a note per run would repeat itself for every row).
void note_unused(const Workload& workload, const std::vector<std::string>& policies,
                 const Overrides& overrides) {
  for (const auto& [param, value] : workload.scheduler.params) {
    std::string unused_by;
    for (const std::string& name : policies) {
      const PolicyInfo* info = find_policy(name);
      const bool used = std::any_of(info->params.begin(), info->params.end(),
                                    [&param = param](const ParamSpec& p) { return p.name == param; });
      if (!used) unused_by += (unused_by.empty() ? "" : ", ") + name;
    }
    if (!unused_by.empty())
      std::cerr << "timeslice: note: " << param_origin(param, overrides) << " is not used by "
                << unused_by << '\n';
  }
}

// Grouped bars, a bar per policy: the waiting figures on one time axis, the
// shares (overhead, fairness) on another.
std::string compare_chart(const std::vector<Results>& runs, const std::string& file) {
  BarChart chart;
  chart.title = runs.empty() ? file : runs.front().workload;
  chart.subtitle = "timeslice compare " + file;
  BarPanel times{"time", true, {"mean turnaround", "mean response", "mean waiting", "p95 response"}, {}};
  BarPanel shares{"share", false, {"overhead share", "Jain's fairness"}, {}};
  auto mean = [](const Spread& s, bool any) { return any ? std::optional<double>(s.mean) : std::nullopt; };
  for (const Results& r : runs) {
    const Summary& s = r.summary;
    times.series.push_back({r.policy,
                            {mean(s.turnaround, has_turnaround(r)), mean(s.response, has_response(r)),
                             mean(s.waiting, has_waiting(r)),
                             has_response(r) ? std::optional<double>(static_cast<double>(s.response.p95))
                                             : std::nullopt}});
    shares.series.push_back({r.policy, {s.overhead_share, s.jain_fairness}});
  }
  chart.panels = {times, shares};
  return svg_bar_chart(chart);
}

}  // namespace

int compare_command(const std::vector<std::string>& argv) {
  const ParsedArgs args = parse_args(
      "compare", argv,
      {value_option("--policies"), value_option("--quantum"), value_option("--cpus"),
       value_option("--until"), value_option("--seed"), value_option("--format"),
       value_option("--output", "-o"), value_option("--jobs"), value_option("--set"),
       value_option("--svg"), value_option("--max-events")});
  if (args.help) {
    std::cout << compare_help();
    return kExitOk;
  }
  if (args.positional.empty())
    throw UsageError("compare: missing FILE; see 'timeslice compare --help'");
  if (args.positional.size() > 1)
    throw UsageError("compare: one FILE expected (" + args.positional[1] +
                     "...); see 'timeslice compare --help'");
  const std::string& file = args.positional.front();
  const std::string format = args.get("--format").value_or("text");
  if (format != "text" && format != "json" && format != "csv")
    throw InputError("--format " + format + ": expected text, json or csv");
  const std::vector<std::string> policies = parse_policies(args);
  RunOptions options;
  options.until = parse_until(args);
  options.record = RecordLevel::Metrics;
  options.task_rows = false;  // only whole-run figures are shown
  options.max_events = parse_max_events(args);

  const unsigned jobs = parse_jobs(args);
  const std::optional<std::string> output = args.get("--output"), svg = args.get("--svg");
  check_output_path(output);
  check_output_path(svg, "--svg");
  check_one_stdout({{output ? "-o " + *output : "the table", is_stdout(output)},
                    {"--svg " + svg.value_or(""), svg && is_stdout(svg)}});

  // The policies run in parallel; the table keeps their order.
  const WorkloadSource source(file);
  Overrides overrides = overrides_from(args);
  const std::vector<SetOption> sets = parse_set_options(args);
  apply_single_sets(sets, "compare", overrides, options.until);
  check_set_values(source, sets);
  auto with_policy = [&overrides](const std::string& policy) {
    Overrides o = overrides;
    o.policy = policy;
    return o;
  };
  const Workload first = source.load(with_policy(policies.front()));
  require_run_ends(first, options.until, source.file());
  note_unused(first, policies, overrides);
  std::vector<Results> runs(policies.size());
  std::vector<nlohmann::ordered_json> schedulers(policies.size());
  run_parallel(policies.size(), jobs, [&](std::size_t i) {
    const Workload workload = source.load(with_policy(policies[i]));
    schedulers[i] = scheduler_provenance_json(workload);
    check_run_cost(workload, options.until, options.max_events, file, with_policy(policies[i]));
    runs[i] = simulate(workload, options).results;
  }, "compare");  // a bar on stderr when it is a terminal

  std::string text;
  if (format == "json") {
    ResultJson j = compare_json(runs, options.until);
    // What made the table: one machine and seed, a scheduler per run.
    for (std::size_t i = 0; i < runs.size(); ++i) j["runs"][i]["scheduler"] = schedulers[i];
    ResultJson provenance = provenance_json(first);
    provenance.erase("scheduler");
    j["provenance"] = provenance;
    text = j.dump(2) + '\n';
  }
  else if (format == "csv") text = summary_csv(runs);
  else text = compare_table(runs);
  write_output(text, output);
  if (svg) write_output(compare_chart(runs, file), svg, "--svg");
  return kExitOk;
}

}  // namespace timeslice::cli
