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

}  // namespace timeslice
