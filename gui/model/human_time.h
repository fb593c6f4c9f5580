// The one way the visualizer writes a time or a duration for people (axis
// ticks aside, see time_axis.h): in the largest unit that keeps the value at
// least 1 (s, ms, us, ns), with three decimals at most unless a finer
// resolution is asked for, trailing zeros dropped.
//
//   human_time(4'000'000)              == "4ms"    (and 0 is "0")
//   human_time(6'291'614'666)          == "6.292s"        (rounded, not "6291614.666us")
//   human_time(6'291'614'666, 1)       == "6.291614666s"  (exact)
//   human_time(11'010'400'000, 100'000) == "11.0104s"      (a neighbour 0.1ms away stays distinct)
//
// Two times at least `resolution` apart never read the same:
// resolution_between() gives the resolution that tells a time from its
// neighbours (a log row from the rows above and below it). Pure; unit-tested.
#pragma once

#include <string>

#include "sim/core/time.h"

namespace timeslice::gui {

std::string human_time(Time t, Time resolution = kNever);

// A fractional duration (a mean) to three decimals at most: "15.667ms".
std::string human_mean(double ns);

// The coarsest resolution that tells `t` apart from `before` and `after`
// (kNever: no neighbour on that side; equal neighbours do not count).
Time resolution_between(Time before, Time t, Time after);

}  // namespace timeslice::gui
