#include "gui/model/field_check.h"

#include <sstream>
#include <stdexcept>

#include "sim/format/workload_json.h"

namespace timeslice::gui {

namespace {

TimeUnit unit_of(const std::string& u) {
  if (u == "ns") return TimeUnit::Nanoseconds;
  if (u == "us") return TimeUnit::Microseconds;
  if (u == "s") return TimeUnit::Seconds;
  return TimeUnit::Milliseconds;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::string duration_error(const std::string& text, const std::string& time_unit) {
  const std::string t = trim(text);
  if (t.empty()) return "empty: write a duration, e.g. 4 (in " + time_unit + ") or 250us";
  try {
    parse_duration(t, unit_of(time_unit));
    return "";
  } catch (const std::exception&) {
    return "\"" + t + "\" is not a duration: write a number (in " + time_unit +
           ") or one with a unit, e.g. 250us, 2ms, 1s";
  }
}

std::string duration_list_error(const std::string& text, const std::string& time_unit) {
  std::stringstream in(text);
  std::string item;
  int n = 0, count = 0;
  while (std::getline(in, item, ',')) {
    ++n;
    if (trim(item).empty()) continue;
    ++count;
    const std::string e = duration_error(item, time_unit);
    if (!e.empty()) return "item " + std::to_string(n) + ": " + e;
  }
  if (count == 0) return "empty: write durations separated by commas, e.g. 10, 20, 40";
  return "";
}

std::string size_error(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) return "empty: write a size, e.g. 8GiB, 2KiB or 4096 (bytes)";
  try {
    parse_size(t);
    return "";
  } catch (const std::invalid_argument&) {
    return "\"" + t + "\" is not a size: write a whole number with a unit (B, KiB, MiB, GiB, TiB; kB, MB, GB, TB), e.g. 8GiB";
  }
}

std::string int_range_error(const char* what, long long value, long long min, long long max) {
  if (value < min)
    return std::string(what) + " must be at least " + std::to_string(min) + " (got " +
           std::to_string(value) + ")";
  if (value > max)
    return std::string(what) + " must be at most " + std::to_string(max) + " (got " +
           std::to_string(value) + ")";
  return "";
}

}  // namespace timeslice::gui
