// Loading a workload with command-line overrides (SPEC §3: "Command-line
// options override scheduler and machine fields").
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sim/core/policy.h"
#include "sim/core/run.h"
#include "sim/format/workload_json.h"

namespace timeslice::cli {

namespace {

template <class Int>
std::optional<Int> parse_int(const std::string& text) {
  Int value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Whether an error at `error_path` is about the field at `field` (or inside it).
bool is_within(const std::string& error_path, const std::string& field) {
  if (error_path.rfind(field, 0) != 0) return false;
  return error_path.size() == field.size() || error_path[field.size()] == '.' ||
         error_path[field.size()] == '[';
}

std::string dotted(const std::vector<std::string>& path) {
  std::string text;
  for (const std::string& key : path) text += (text.empty() ? "" : ".") + key;
  return text;
}

// "a number", "a string", ... for messages.
std::string json_kind(const nlohmann::json& v) {
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  return "an object";
}

struct Applied {
  std::string field;   // JSON path the option replaced
  std::string option;  // "--quantum 0", as typed
};

// Sets the overridden fields in `doc`. Values are checked here only for their
// syntax; whether they make sense is the workload validator's job.
std::vector<Applied> apply(nlohmann::json& doc, const Overrides& o) {
  std::vector<Applied> applied;
  if (o.policy) {
    check_policy_name(*o.policy, "--policy");
    doc["scheduler"]["policy"] = *o.policy;
    applied.push_back({"scheduler.policy", "--policy " + *o.policy});
  }
  if (o.quantum) {
    const std::string option = "--quantum " + *o.quantum;
    Time ns = 0;
    try {
      ns = parse_duration(*o.quantum, TimeUnit::Milliseconds);
    } catch (const std::invalid_argument& e) {
      throw InputError(option + ": " + e.what());
    }
    // Exact and independent of the file's time_unit.
    doc["scheduler"]["quantum"] = std::to_string(ns) + "ns";
    applied.push_back({"scheduler.quantum", option});
  }
  if (o.cpus) {
    const std::string option = "--cpus " + *o.cpus;
    const auto n = parse_int<std::int64_t>(*o.cpus);
    if (!n) throw InputError(option + ": expected a whole number of CPUs");
    doc["machine"]["cpus"] = *n;  // replaces a CPU array too: N plain CPUs
    applied.push_back({"machine.cpus", option});
  }
  if (o.seed) {
    const std::string option = "--seed " + *o.seed;
    if (const auto u = parse_int<std::uint64_t>(*o.seed)) doc["seed"] = *u;
    else if (const auto s = parse_int<std::int64_t>(*o.seed)) doc["seed"] = *s;  // negative: the validator says why not
    else throw InputError(option + ": expected a whole number from 0 to 18446744073709551615");
    applied.push_back({"seed", option});
  }
  for (const FieldOverride& f : o.fields) {
    nlohmann::json* target = &doc;
    std::string reached;
    for (const std::string& key : f.path) {
      if (target->is_array() && (reached == "runtimes" || reached == "locks")) {  // runtimes.NAME, locks.NAME: by name
        const auto named = std::find_if(target->begin(), target->end(), [&](const nlohmann::json& e) {
          return e.is_object() && e.contains("name") && e["name"] == key;
        });
        if (named == target->end())
          throw InputError(f.option + ": the workload has no " + (reached == "locks" ? "lock" : "runtime") +
                           " named \"" + key + "\"");
        target = &*named;
        reached += "." + key;
        continue;
      }
      // Missing objects are created; a field that is something else cannot
      // take a key (an error here, never a silently dropped option).
      if (!target->is_object() && !target->is_null())
        throw InputError(f.option + ": " + reached + " is " + json_kind(*target) + ", not an object with fields");
      target = &(*target)[key];
      reached += (reached.empty() ? "" : ".") + key;
    }
    *target = nlohmann::json::parse(f.json);
    applied.push_back({dotted(f.path), f.option});
  }
  return applied;
}

bool any(const Overrides& o) { return o.policy || o.quantum || o.cpus || o.seed || !o.fields.empty(); }

std::vector<std::string> overridden_fields(const Overrides& o) {
  std::vector<std::string> fields;
  if (o.policy) fields.push_back("scheduler");  // another policy may reject other parameters
  if (o.quantum) fields.push_back("scheduler.quantum");
  if (o.cpus) fields.push_back("machine.cpus");
  if (o.seed) fields.push_back("seed");
  for (const FieldOverride& f : o.fields) {
    fields.push_back(dotted(f.path));
    if (fields.back() == "scheduler.policy") fields.back() = "scheduler";
  }
  return fields;
}

}  // namespace

Overrides overrides_from(const ParsedArgs& args) {
  Overrides o;
  o.policy = args.get("--policy");
  o.quantum = args.get("--quantum");
  o.cpus = args.get("--cpus");
  o.seed = args.get("--seed");
  return o;
}

WorkloadSource::WorkloadSource(std::string file) : file_(std::move(file)) {
  try {
    text_ = read_workload_file(file_);  // "-": standard input, read once and kept
    if (file_ == "-") file_ = kStdinName;
    readable_ = true;
  } catch (const WorkloadError&) {
    error_ = std::current_exception();  // load() reports it
    return;
  }
  // The file as written: its own errors are kept to be reported unless an
  // option replaces the field they are about. Checking the text (not a
  // re-serialised document) catches what a round trip would hide: duplicate
  // keys, numbers too large to represent, syntax errors with their position.
  try {
    workload_ = parse_workload(text_, file_);
  } catch (const WorkloadError& e) {
    error_ = std::current_exception();
    error_path_ = e.path();
    // A duplicate key, a NUL or too deep a nesting is wrong whatever the
    // options replace (another subtree may be as deep): never re-parsed.
    try {
      check_json_text(text_, file_);
    } catch (const WorkloadError&) {
      error_ = std::current_exception();
      readable_ = false;
    }
  }
}

Workload WorkloadSource::load(const Overrides& overrides) const {
  if (!readable_) std::rethrow_exception(error_);
  // Without overrides, the parser sees the file exactly as written.
  if (!any(overrides)) {
    if (error_) std::rethrow_exception(error_);
    return *workload_;
  }
  if (error_) {
    const std::vector<std::string> fields = overridden_fields(overrides);
    const bool overridden = std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
      return is_within(error_path_, f);
    });
    if (!overridden) std::rethrow_exception(error_);
  }

  return reparse(overrides);
}

Workload WorkloadSource::take(const Overrides& overrides) {
  if (readable_ && !error_ && !any(overrides)) {
    Workload w = std::move(*workload_);
    workload_.reset();
    return w;
  }
  workload_.reset();  // not needed: overrides re-parse the text
  return load(overrides);
}

// The file's JSON with the overrides applied, validated by the parser.
Workload WorkloadSource::reparse(const Overrides& overrides) const {
  nlohmann::json doc;
  std::vector<Applied> applied;
  try {
    doc = nlohmann::json::parse(text_);
    if (!doc.is_object()) return parse_workload(text_, file_);
    applied = apply(doc, overrides);
  } catch (const nlohmann::json::exception&) {
    // e.g. "scheduler": 5 -- the file is wrong whatever the options say.
    return parse_workload(text_, file_);
  }

  try {
    return parse_workload(doc.dump(), file_);
  } catch (const WorkloadError& e) {
    for (const Applied& a : applied)
      if (is_within(e.path(), a.field)) throw InputError(a.option + ": " + e.detail());
    // An error about a field that holds an option's value (scheduler.amp for
    // --set scheduler.amp.master=5): the file alone was valid there, so the
    // option is to blame.
    for (const Applied& a : applied)
      if (!e.path().empty() && is_within(a.field, e.path()))
        throw InputError(a.option + ": " + e.path() + ": " + e.detail());
    throw;
  }
}

Workload load_workload_with(const std::string& file, const Overrides& overrides) {
  return WorkloadSource(file).load(overrides);
}

void check_policy_name(const std::string& name, const std::string& option) {
  if (find_policy(name)) return;
  std::vector<std::string> names;
  std::string list;
  for (const PolicyInfo& p : policy_registry()) {
    names.push_back(p.name);
    list += (list.empty() ? "" : ", ") + p.name;
  }
  const std::string guess = closest_match(name, names);
  throw InputError(option + " " + name + ": unknown policy" +
                   (guess.empty() ? "" : " (did you mean " + guess + "?)") +
                   "; policies: " + list);
}

std::string param_origin(const std::string& name, const Overrides& overrides) {
  for (auto f = overrides.fields.rbegin(); f != overrides.fields.rend(); ++f)
    if (f->path.size() == 2 && f->path[0] == "scheduler" && f->path[1] == name)
      return f->option.substr(0, f->option.find('='));  // "--set levels"
  if (name == "quantum" && overrides.quantum) return "--quantum";
  return "scheduler." + name;
}

void note_unused_params(const Workload& workload, const Overrides& overrides) {
  const PolicyInfo* info = find_policy(workload.scheduler.policy);
  if (!info) return;
  for (const auto& [name, value] : workload.scheduler.params) {
    const bool used = std::any_of(info->params.begin(), info->params.end(),
                                  [&name = name](const ParamSpec& p) { return p.name == name; });
    if (!used)
      std::cerr << "timeslice: note: " << param_origin(name, overrides) << " is not used by "
                << info->name << '\n';
  }
}

Time parse_until(const ParsedArgs& args) {
  const auto text = args.get("--until");
  if (!text) return kNever;
  Time until = 0;
  try {
    until = parse_duration(*text, TimeUnit::Milliseconds);
  } catch (const std::invalid_argument& e) {
    throw InputError("--until " + *text + ": " + e.what());
  }
  if (until <= 0) throw InputError("--until " + *text + ": must be greater than 0");
  return until;
}

namespace {
// A budget option: "--max-events N", whole `units`, 0 for no budget.
std::uint64_t parse_budget(const ParsedArgs& args, const std::string& option, std::uint64_t fallback,
                           const std::string& units) {
  const auto text = args.get(option);
  if (!text) return fallback;
  const auto n = parse_int<std::uint64_t>(*text);
  if (!n) throw InputError(option + " " + *text + ": expected a whole number of " + units + " (0: no budget)");
  return *n;
}
}  // namespace

std::uint64_t parse_max_events(const ParsedArgs& args) {
  return parse_budget(args, "--max-events", kDefaultMaxEvents, "events");
}

std::uint64_t parse_max_records(const ParsedArgs& args) {
  return parse_budget(args, "--max-records", kDefaultMaxRecords, "records");
}

void check_run_cost(const Workload& workload, Time until, std::uint64_t max_events, const std::string& file,
                    const Overrides& overrides) {
  try {
    check_event_budget(workload, until, max_events);
  } catch (const EventBudgetExceeded& e) {
    // "file: scheduler.quantum: <why>", or the option that set the field:
    // "--quantum 1ns: <why>".
    const std::string what = e.what();
    std::string where = file + ": " + e.field();
    if (e.field() == "scheduler.quantum" && overrides.quantum) where = "--quantum " + *overrides.quantum;
    for (const FieldOverride& f : overrides.fields)
      if (dotted(f.path) == e.field()) where = f.option;
    throw InputError(where + what.substr(e.field().size()) +
                     "; change it, or raise the budget with --max-events N (0: none)");
  }
}

void require_run_ends(const Workload& workload, Time until, const std::string& file) {
  if (until != kNever) return;
  for (std::size_t i = 0; i < workload.tasks.size(); ++i) {
    const TaskSpec& t = workload.tasks[i];
    if (t.period > 0 && t.jobs == 0)
      throw WorkloadError(file, "tasks[" + std::to_string(i) + "]",
                          "\"" + t.name + "\" is periodic without \"jobs\" and would run forever: "
                          "give it a number of jobs or run with --until");
  }
}

}  // namespace timeslice::cli
