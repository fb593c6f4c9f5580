#include "gui/model/lod.h"

#include <algorithm>
#include <cmath>

namespace timeslice::gui {

namespace {

// Times are integers; the view is in doubles. An item with end <= t0 is
// invisible, so search for the first end strictly above t0.
std::uint32_t first_ending_after(std::span<const Time> end, std::uint32_t from, double t) {
  auto it = std::upper_bound(end.begin() + from, end.end(), t,
                             [](double v, Time e) { return v < static_cast<double>(e); });
  return static_cast<std::uint32_t>(it - end.begin());
}

std::uint32_t first_starting_at_or_after(std::span<const Time> start, double t) {
  auto it = std::lower_bound(start.begin(), start.end(), t,
                             [](Time s, double v) { return static_cast<double>(s) < v; });
  return static_cast<std::uint32_t>(it - start.begin());
}

}  // namespace

IndexRange visible_items(std::span<const Time> start, std::span<const Time> end, double t0,
                         double t1) {
  const std::uint32_t first = first_ending_after(end, 0, t0);
  const std::uint32_t last = std::max(first, first_starting_at_or_after(start, t1));
  return {first, last};
}

std::int64_t item_at(std::span<const Time> start, std::span<const Time> end, Time t) {
  auto it = std::upper_bound(end.begin(), end.end(), t);  // first end > t
  const auto i = it - end.begin();
  if (it == end.end() || start[i] > t) return -1;
  return i;
}

void fold_lane(std::span<const Time> start, std::span<const Time> end, const VisibleRange& view,
               double min_px, std::vector<DrawBlock>& out) {
  if (view.width_px <= 0 || view.ns_per_px <= 0 || start.empty()) return;
  const IndexRange r = visible_items(start, end, view.t0, view.t1());
  const double inv = 1.0 / view.ns_per_px;
  const double min_ns = min_px * view.ns_per_px;
  auto px = [&](Time t) { return (static_cast<double>(t) - view.t0) * inv; };
  auto narrow = [&](std::uint32_t k) { return static_cast<double>(end[k] - start[k]) < min_ns; };

  std::uint32_t i = r.first;
  while (i < r.last) {
    if (!narrow(i)) {
      out.push_back({px(start[i]), px(end[i]), i, 1});
      ++i;
      continue;
    }
    // Grow a block from item i: swallow every later item that ends within
    // min_ns of the block's end (each is narrow and close), found with one
    // binary search; then the next item if it is narrow and close too. Each
    // round moves the block's end by at least min_ns, so a block costs
    // O(its width in pixels / min_px x log n).
    std::uint32_t j = i + 1;
    double block_end = static_cast<double>(end[i]);
    while (j < r.last) {
      const std::uint32_t k = std::min(r.last, first_ending_after(end, j, block_end + min_ns - 1));
      if (k > j) {
        block_end = static_cast<double>(end[k - 1]);
        j = k;
      }
      if (j < r.last && narrow(j) && static_cast<double>(start[j]) - block_end < min_ns) {
        block_end = static_cast<double>(end[j]);
        ++j;
        continue;
      }
      break;
    }
    out.push_back({px(start[i]), (block_end - view.t0) * inv, i, j - i});
    i = j;
  }
}

}  // namespace timeslice::gui
