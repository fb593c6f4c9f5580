// --set KEY=V1,V2,...: any field of the workload from the command line. The
// value is checked here only for its syntax (a duration, a whole number, ...)
// and written into the workload's JSON; whether it makes sense is the
// workload validator's job, as for the file itself.
#include <charconv>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "sim/core/policy.h"
#include "sim/format/report.h"
#include "sim/format/workload_json.h"

namespace timeslice::cli {

namespace {

enum class ValueType { Duration, DurationList, Integer, Unsigned, Real, Bool, Text, Any };

struct Key {
  SetOption option;  // key, path and flags; no values yet
  ValueType type = ValueType::Any;
};

ValueType param_type(const std::string& name) {
  const ParamSpec* spec = find_param(name);
  if (!spec) return ValueType::Any;
  switch (spec->type) {
    case ParamType::Duration: return ValueType::Duration;
    case ParamType::DurationList: return ValueType::DurationList;
    case ParamType::Integer: return ValueType::Integer;
    case ParamType::Real: return ValueType::Real;
    case ParamType::Bool: return ValueType::Bool;
    case ParamType::Choice: return ValueType::Text;
  }
  return ValueType::Any;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + 1)
    parts.push_back(text.substr(start, at - start));
  parts.push_back(text.substr(start));
  return parts;
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

const char* kKeyList =
    "keys: policy, quantum, cpus, seed, until, tick, same_time, costs.<cost> (process_switch, "
    "thread_switch, scheduler, scheduler_per_task, migration, interrupt, ipi), any scheduler "
    "parameter (see 'timeslice policies'), scheduler.<field>, machine.<field>, "
    "runtimes.<runtime name>.<field> (e.g. runtimes.go.handoff), locks.<lock name>.<field> (e.g. "
    "locks.gil.switch_interval)";

Key make_key(const std::string& name, std::vector<std::string> path, ValueType type) {
  Key k;
  k.option.key = name;
  k.option.path = std::move(path);
  k.option.duration = type == ValueType::Duration || type == ValueType::DurationList;
  k.type = type;
  return k;
}

Key key_named(const std::string& name, const std::string& option) {
  if (name == "policy") {
    Key k = make_key(name, {"scheduler", "policy"}, ValueType::Text);
    k.option.policy = true;
    return k;
  }
  if (name == "quantum") return make_key(name, {"scheduler", "quantum"}, ValueType::Duration);
  if (name == "cpus" || name == "machine.cpus") return make_key(name, {"machine", "cpus"}, ValueType::Integer);
  if (name == "seed") return make_key(name, {"seed"}, ValueType::Unsigned);
  if (name == "until") return make_key(name, {}, ValueType::Duration);
  if (name == "tick" || name == "machine.tick") return make_key(name, {"machine", "tick"}, ValueType::Duration);
  if (name == "same_time") return make_key(name, {"scheduler", "same_time"}, ValueType::Text);
  const std::vector<std::string> parts = split(name, '.');
  for (const std::string& part : parts)
    if (part.empty()) throw InputError(option + ": bad key \"" + name + "\"; " + kKeyList);
  if (parts.size() == 2 && parts[0] == "costs")
    return make_key(name, {"machine", "costs", parts[1]}, ValueType::Duration);
  if (parts.size() >= 2 && parts[0] == "scheduler")
    return make_key(name, parts, parts.size() == 2 ? param_type(parts[1]) : ValueType::Any);
  if (parts.size() >= 3 && (parts[0] == "runtimes" || parts[0] == "locks")) return make_key(name, parts, ValueType::Any);
  if (parts.size() >= 2 && parts[0] == "machine")
    return make_key(name, parts, parts.size() == 3 && parts[1] == "costs" ? ValueType::Duration : ValueType::Any);
  if (parts.size() == 1) {
    Key k = make_key(name, {"scheduler", name}, param_type(name));
    k.option.bare_parameter = true;
    return k;
  }
  throw InputError(option + ": unknown key \"" + name + "\"; " + kKeyList);
}

std::string ns_json(Time ns) { return "\"" + std::to_string(ns) + "ns\""; }

Time duration_value(const std::string& text, const std::string& option) {
  try {
    return parse_duration(text, TimeUnit::Milliseconds);
  } catch (const std::invalid_argument& e) {
    throw InputError(option + ": " + e.what());
  }
}

template <class Int>
std::optional<Int> whole(const std::string& text) {
  Int value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Splits "1ms,[10,20],5ms" at the commas outside brackets.
std::vector<std::string> split_values(const std::string& list) {
  std::vector<std::string> values;
  std::string current;
  int depth = 0;
  for (char c : list) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) {
      values.push_back(trimmed(current));
      current.clear();
    } else {
      current += c;
    }
  }
  values.push_back(trimmed(current));
  return values;
}

SetOption::Value make_value(const Key& key, const std::string& text, const std::string& option) {
  SetOption::Value v{text, nlohmann::json(text).dump(), csv_field(text)};
  switch (key.type) {
    case ValueType::Duration: {
      const Time ns = duration_value(text, option);
      if (key.option.is_until()) {
        if (ns <= 0) throw InputError(option + ": must be greater than 0");
        v.until = ns;
      }
      v.json = ns_json(ns);
      v.cell = std::to_string(ns);
      break;
    }
    case ValueType::DurationList: {
      std::string inner = text;
      if (inner.size() >= 2 && inner.front() == '[' && inner.back() == ']')
        inner = inner.substr(1, inner.size() - 2);
      nlohmann::json list = nlohmann::json::array();
      v.cell.clear();
      for (const std::string& item : split(inner, ',')) {
        const Time ns = duration_value(trimmed(item), option);
        list.push_back(std::to_string(ns) + "ns");
        v.cell += (v.cell.empty() ? "" : " ") + std::to_string(ns);
      }
      v.json = list.dump();
      break;
    }
    case ValueType::Integer: {
      const auto n = whole<std::int64_t>(text);
      if (!n) throw InputError(option + ": expected a whole number");
      v.json = v.cell = std::to_string(*n);
      break;
    }
    case ValueType::Unsigned: {
      if (const auto u = whole<std::uint64_t>(text)) v.json = v.cell = std::to_string(*u);
      else if (const auto s = whole<std::int64_t>(text)) v.json = v.cell = std::to_string(*s);  // the validator says why not
      else throw InputError(option + ": expected a whole number from 0 to 18446744073709551615");
      break;
    }
    case ValueType::Real: {
      const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
      if (!parsed.is_number()) throw InputError(option + ": expected a number");
      v.json = parsed.dump();
      break;
    }
    case ValueType::Bool:
      if (text != "true" && text != "false") throw InputError(option + ": expected true or false");
      v.json = text;
      break;
    case ValueType::Text: break;  // policy names are checked by the validator, which lists them
    case ValueType::Any: {
      // A number or a boolean if it reads as one, else text.
      const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
      if (parsed.is_number() || parsed.is_boolean()) v.json = parsed.dump();
      break;
    }
  }
  return v;
}

// A bare name the validator does not know is a bad key, not a bad value.
[[noreturn]] void rethrow_as_key_error(const SetOption& set, const InputError& e) {
  const std::string what = e.what();
  if (!set.bare_parameter || what.find(": unknown field") == std::string::npos) throw e;
  std::vector<std::string> known = {"policy", "quantum", "cpus", "seed", "until", "tick", "same_time"};
  for (const PolicyInfo& p : policy_registry())
    for (const ParamSpec& param : p.params) known.push_back(param.name);
  const std::string guess = closest_match(set.key, known);
  throw InputError("--set " + set.key + ": unknown key \"" + set.key + "\"" +
                   (guess.empty() ? "" : " (did you mean " + guess + "?)") + "; " + kKeyList);
}

}  // namespace

std::vector<SetOption> parse_set_options(const ParsedArgs& args) {
  std::vector<SetOption> sets;
  for (const std::string& set : args.get_all("--set")) {
    const std::string option = "--set " + set;
    const std::size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError(option + ": expected KEY=V1,V2,... (e.g. --set quantum=1ms,2ms)");
    const Key key = key_named(set.substr(0, eq), option);
    SetOption s = key.option;
    for (const SetOption& other : sets)
      if (other.key == s.key) throw InputError(option + ": " + s.key + " is set twice");
    for (const std::string& text : split_values(set.substr(eq + 1))) {
      if (text.empty()) throw InputError(option + ": empty value in the list");
      s.values.push_back(make_value(key, text, "--set " + s.key + "=" + text));
    }
    sets.push_back(std::move(s));
  }
  return sets;
}

void check_set_values(const WorkloadSource& source, const std::vector<SetOption>& sets) {
  for (const SetOption& set : sets) {
    if (set.is_until()) continue;
    for (const SetOption::Value& v : set.values) {
      Overrides o;
      o.fields.push_back(set.field(v));
      try {
        source.load(o);
      } catch (const InputError& e) {
        rethrow_as_key_error(set, e);
      }
    }
  }
}

void apply_single_sets(const std::vector<SetOption>& sets, const std::string& command,
                       Overrides& overrides, Time& until) {
  for (const SetOption& set : sets) {
    if (set.values.size() != 1)
      throw InputError("--set " + set.key + "=...: '" + command +
                       "' takes one value per key (several values make a grid: 'timeslice sweep')");
    if (set.is_until()) until = set.values.front().until;
    else overrides.fields.push_back(set.field(set.values.front()));
  }
}

}  // namespace timeslice::cli
