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
  return applied;
}

bool any(const Overrides& o) { return o.policy || o.quantum || o.cpus || o.seed; }

std::vector<std::string> overridden_fields(const Overrides& o) {
  std::vector<std::string> fields;
  if (o.policy) fields.push_back("scheduler");  // another policy may reject other parameters
  if (o.quantum) fields.push_back("scheduler.quantum");
  if (o.cpus) fields.push_back("machine.cpus");
  if (o.seed) fields.push_back("seed");
  return fields;
}

}  // namespace

Overrides overrides_from(const ParsedArgs& args) {
  return {args.get("--policy"), args.get("--quantum"), args.get("--cpus"), args.get("--seed")};
}

Workload load_workload_with(const std::string& file, const Overrides& overrides) {
  // Without overrides, the parser sees the file exactly as written.
  if (!any(overrides)) return load_workload(file);

  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file)) return load_workload(file);  // its message
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  // The file as written must be valid except where an option replaces a
  // field: this catches what a re-serialised document would hide (duplicate
  // keys, numbers too large to represent, syntax errors with their position).
  const std::vector<std::string> fields = overridden_fields(overrides);
  try {
    parse_workload(text, file);
  } catch (const WorkloadError& e) {
    const bool overridden = std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
      return is_within(e.path(), f);
    });
    if (!overridden) throw;
  }

  nlohmann::json doc;
  std::vector<Applied> applied;
  try {
    doc = nlohmann::json::parse(text);
    if (!doc.is_object()) return parse_workload(text, file);
    applied = apply(doc, overrides);
  } catch (const nlohmann::json::exception&) {
    // e.g. "scheduler": 5 -- the file is wrong whatever the options say.
    return parse_workload(text, file);
  }

  try {
    return parse_workload(doc.dump(), file);
  } catch (const WorkloadError& e) {
    for (const Applied& a : applied)
      if (is_within(e.path(), a.field)) throw InputError(a.option + ": " + e.detail());
    throw;
  }
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

}  // namespace timeslice::cli
