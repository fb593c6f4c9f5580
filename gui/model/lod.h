// Level-of-detail folding for timeline lanes: what to draw for one lane so
// that the cost follows pixels, not slices (as Tracy's timeline does).
//
// A lane is a list of items (slices, state intervals) sorted by start and not
// overlapping, so their ends are sorted too. fold_lane() binary-searches the
// visible range and folds every run of items narrower than `min_px` that lie
// within `min_px` of each other into one block. Jumps over folded items are
// binary searches, so a frame costs O(blocks x log n) however many items the
// lane holds. Pure: no window, no ImGui; unit-tested in tests/gui.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/time.h"

namespace timeslice::gui {

// The visible stretch of time: `t0` at pixel 0, `ns_per_px` per pixel,
// `width_px` pixels wide.
struct VisibleRange {
  double t0 = 0;
  double ns_per_px = 1;
  double width_px = 0;
  double t1() const { return t0 + width_px * ns_per_px; }
};

// One thing to draw: pixels relative to the lane's left edge (not clipped),
// covering items [first, first + count). count == 1 is the item itself (it
// may still be narrower than min_px when nothing close could join it);
// count > 1 is a folded block.
struct DrawBlock {
  double x0 = 0, x1 = 0;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  bool folded() const { return count > 1; }
};

// Appends the lane's draw blocks for `view` to `out` (which is not cleared).
// `start` and `end` are the items' times, both sorted ascending, same size.
void fold_lane(std::span<const Time> start, std::span<const Time> end, const VisibleRange& view,
               double min_px, std::vector<DrawBlock>& out);

// Index range [first, last) of the items that overlap [t0, t1).
struct IndexRange {
  std::uint32_t first = 0, last = 0;
};
IndexRange visible_items(std::span<const Time> start, std::span<const Time> end, double t0,
                         double t1);

// The item covering time t (start <= t < end), or -1.
std::int64_t item_at(std::span<const Time> start, std::span<const Time> end, Time t);

}  // namespace timeslice::gui
