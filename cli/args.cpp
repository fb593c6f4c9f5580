#include <algorithm>

#include "cli/cli.h"

namespace timeslice::cli {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Close despite a different ending: --out for --output, --policy for --policies.
bool shares_stem(const std::string& a, const std::string& b) {
  const std::string x = a.substr(std::min(a.find_first_not_of('-'), a.size()));
  const std::string y = b.substr(std::min(b.find_first_not_of('-'), b.size()));
  std::size_t common = 0;
  while (common < x.size() && common < y.size() && x[common] == y[common]) ++common;
  return common >= 3 && common + 1 >= std::min(x.size(), y.size());
}

std::string see_help(const std::string& command) {
  return "see 'timeslice " + command + " --help'";
}

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = shares_stem(word, c) ? 1 : edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ParsedArgs::get_all(const std::string& name) const {
  auto it = all_values.find(name);
  return it == all_values.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs parse_args(const std::string& command, const std::vector<std::string>& args,
                      const std::vector<OptionSpec>& options) {
  ParsedArgs parsed;
  // --help wins over anything else on the line, so it always works.
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      parsed.help = true;
      return parsed;
    }
  }

  auto find = [&options](const std::string& name) -> const OptionSpec* {
    for (const OptionSpec& o : options)
      if (o.name == name || (!o.alias.empty() && o.alias == name)) return &o;
    return nullptr;
  };

  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const OptionSpec* spec = find(name);
    if (!spec) {
      std::vector<std::string> names;
      for (const OptionSpec& o : options) names.push_back(o.name);
      const std::string guess = closest_match(name, names);
      throw UsageError("unknown option " + name + " for '" + command + "'" +
                       (guess.empty() ? "" : " (did you mean " + guess + "?)") + "; " +
                       see_help(command));
    }
    if (!spec->takes_value) {
      if (inline_value)
        throw UsageError(spec->name + " takes no value; " + see_help(command));
      parsed.values[spec->name] = "";
      continue;
    }
    if (inline_value) {
      parsed.values[spec->name] = *inline_value;
    } else if (i + 1 < args.size()) {
      parsed.values[spec->name] = args[++i];  // may start with '-': "--seed -1" is a bad value, not an option
    } else {
      throw UsageError(spec->name + " needs a value; " + see_help(command));
    }
    parsed.all_values[spec->name].push_back(parsed.values[spec->name]);
  }
  return parsed;
}

}  // namespace timeslice::cli
