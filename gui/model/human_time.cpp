#include "gui/model/human_time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace timeslice::gui {

namespace {

struct Unit {
  Time ns;
  int digits;  // decimals that reach 1ns
  const char* suffix;
};
constexpr Unit kUnits[] = {
    {kSecond, 9, "s"}, {kMillisecond, 6, "ms"}, {kMicrosecond, 3, "us"}, {1, 0, "ns"}};

const Unit& unit_for(Time magnitude) {
  for (const Unit& u : kUnits)
    if (magnitude >= u.ns) return u;
  return kUnits[3];
}

Time pow10(int k) {
  Time p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

}  // namespace

std::string human_time(Time t, Time resolution) {
  if (t == kNever) return "never";
  if (t == 0) return "0";
  if (t < 0) return "-" + human_time(-t, resolution);
  const Unit& u = unit_for(t);
  // Decimals: three, or more until one step of the last digit is no coarser
  // than the resolution; never past the nanosecond.
  int decimals = std::min(3, u.digits);
  while (decimals < u.digits && resolution < pow10(u.digits - decimals)) ++decimals;
  const Time step = pow10(u.digits - decimals);  // ns per last digit
  const Time rounded = (t + step / 2) / step;    // in last-digit steps
  const Time per_unit = pow10(decimals);
  std::string s = std::to_string(rounded / per_unit);
  if (decimals > 0) {
    char frac[24];
    std::snprintf(frac, sizeof frac, "%0*lld", decimals, static_cast<long long>(rounded % per_unit));
    std::string f = frac;
    while (!f.empty() && f.back() == '0') f.pop_back();
    if (!f.empty()) s += "." + f;
  }
  return s + u.suffix;
}

std::string human_mean(double ns) {
  if (!std::isfinite(ns)) return "-";
  if (ns == 0) return "0";
  if (ns < 0) return "-" + human_mean(-ns);
  const Unit& u = unit_for(static_cast<Time>(ns));
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", ns / static_cast<double>(u.ns));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + u.suffix;
}

Time resolution_between(Time before, Time t, Time after) {
  Time gap = kNever;
  if (before != kNever && before != t) gap = std::min(gap, t > before ? t - before : before - t);
  if (after != kNever && after != t) gap = std::min(gap, after > t ? after - t : t - after);
  if (gap == kNever) return kNever;
  Time r = 1;
  while (r <= gap / 10) r *= 10;
  return r;
}

}  // namespace timeslice::gui
