#include "gui/model/playback.h"

#include <algorithm>
#include <cmath>

namespace timeslice::gui {

double Playback::speed_for(Time run_end, double seconds) {
  const double want = std::max(1.0, static_cast<double>(run_end) / seconds);
  double decade = std::pow(10.0, std::floor(std::log10(want)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (decade * m >= want) return decade * m;
  return decade * 10;
}

void Playback::advance(double seconds, Time end) {
  if (!playing) return;
  if (cursor >= end) {
    playing = false;
    return;
  }
  const double step = speed * seconds + carry_;
  const double whole = std::floor(step);
  carry_ = step - whole;
  cursor = static_cast<Time>(
      std::min<double>(static_cast<double>(cursor) + whole, static_cast<double>(end)));
  if (cursor >= end) {
    cursor = end;
    playing = false;
  }
}

}  // namespace timeslice::gui
