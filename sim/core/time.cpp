#include "sim/core/time.h"

#include <cstdio>

namespace timeslice {

std::string format_duration(Time t) {
  if (t == kNever) return "never";
  if (t < 0) return "-" + format_duration(-t);
  struct Unit { Time size; const char* name; };
  static constexpr Unit kUnits[] = {{kSecond, "s"}, {kMillisecond, "ms"}, {kMicrosecond, "us"}};
  for (const Unit& u : kUnits) {
    if (t >= u.size) {
      const Time whole = t / u.size;
      const Time frac = t % u.size;
      // Three decimals are exact below the next unit; trim trailing zeros.
      char buf[48];
      if (frac == 0) {
        std::snprintf(buf, sizeof buf, "%lld%s", static_cast<long long>(whole), u.name);
      } else {
        const Time thousandths = frac * 1000 / u.size;
        const bool exact = thousandths * (u.size / 1000) == frac;
        char digits[24];
        std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(thousandths));
        int len = 3;
        while (len > 0 && digits[len - 1] == '0') --len;
        digits[len] = '\0';
        if (len == 0)
          std::snprintf(buf, sizeof buf, "%s%lld%s", exact ? "" : "~", static_cast<long long>(whole), u.name);
        else
          std::snprintf(buf, sizeof buf, "%s%lld.%s%s", exact ? "" : "~", static_cast<long long>(whole), digits, u.name);
      }
      return buf;
    }
  }
  return std::to_string(t) + "ns";
}

std::string format_bytes(std::int64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (u < 5 && (bytes >= (std::int64_t{1} << (10 * (u + 1))) || bytes <= -(std::int64_t{1} << (10 * (u + 1))))) ++u;
  if (u == 0) return std::to_string(bytes) + "B";
  const double v = static_cast<double>(bytes) / static_cast<double>(std::int64_t{1} << (10 * u));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + units[u];
}

}  // namespace timeslice
