// Level-of-detail folding (gui/model/lod.h): what one lane draws.
#include <catch2/catch.hpp>

#include <random>

#include "gui/model/lod.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

struct Items {
  std::vector<Time> start, end;
  void add(Time s, Time e) {
    start.push_back(s);
    end.push_back(e);
  }
};

std::vector<DrawBlock> fold(const Items& it, double t0, double npp, double width,
                            double min_px = 3) {
  std::vector<DrawBlock> out;
  fold_lane(it.start, it.end, {t0, npp, width}, min_px, out);
  return out;
}

// Every visible item is in exactly one block, in order; a folded block holds
// only items narrower than min_px.
void check_cover(const Items& it, const std::vector<DrawBlock>& blocks, double t0, double npp,
                 double width, double min_px) {
  const IndexRange r = visible_items(it.start, it.end, t0, t0 + width * npp);
  std::uint32_t next = r.first;
  for (const DrawBlock& b : blocks) {
    REQUIRE(b.first == next);
    REQUIRE(b.count >= 1);
    REQUIRE(b.x1 >= b.x0);
    if (b.folded())
      for (std::uint32_t k = b.first; k < b.first + b.count; ++k)
        REQUIRE(static_cast<double>(it.end[k] - it.start[k]) / npp < min_px);
    next = b.first + b.count;
  }
  REQUIRE(next == r.last);
}

}  // namespace

TEST_CASE("lod: wide items are drawn one by one at their pixels") {
  Items it;
  it.add(0, 100);
  it.add(100, 300);
  it.add(400, 1000);
  const auto blocks = fold(it, 0, 10, 100);  // 10 ns per px
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0].x0 == Approx(0));
  CHECK(blocks[0].x1 == Approx(10));
  CHECK(blocks[1].x1 == Approx(30));
  CHECK(blocks[2].x0 == Approx(40));
  CHECK(blocks[2].x1 == Approx(100));
  for (const auto& b : blocks) CHECK(b.count == 1);
}

TEST_CASE("lod: only items overlapping the visible range are drawn") {
  Items it;
  for (Time t = 0; t < 100; ++t) it.add(t * 100, t * 100 + 50);
  // [1025, 2025): items 10 (1000-1050) to 20 (2000-2050).
  const auto r = visible_items(it.start, it.end, 1025, 2025);
  CHECK(r.first == 10);
  CHECK(r.last == 21);
  // An item ending exactly at t0 is not visible; one starting at t1 is not either.
  const auto r2 = visible_items(it.start, it.end, 1050, 2000);
  CHECK(r2.first == 11);
  CHECK(r2.last == 20);
  const auto blocks = fold(it, 1025, 1, 1000);  // 1 ns per px: all wide
  CHECK(blocks.size() == 11);
  check_cover(it, blocks, 1025, 1, 1000, 3);
}

TEST_CASE("lod: a run of sub-pixel items folds into one block") {
  Items it;
  for (Time t = 0; t < 1000; ++t) it.add(t * 10, t * 10 + 10);  // back to back
  const auto blocks = fold(it, 0, 1000, 100);                   // 1000 ns per px
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].count == 1000);
  CHECK(blocks[0].x0 == Approx(0));
  CHECK(blocks[0].x1 == Approx(10));
}

TEST_CASE("lod: narrow items far apart stay separate; a wide item breaks a fold") {
  Items it;
  it.add(0, 1);
  it.add(2, 3);          // close to the first: folds with it
  it.add(10000, 10001);  // 10 px away: its own block
  it.add(10001, 20000);  // wide
  it.add(20000, 20001);  // narrow, after the wide one
  const auto blocks = fold(it, 0, 1000, 100);
  REQUIRE(blocks.size() == 4);
  CHECK(blocks[0].count == 2);
  CHECK(blocks[1].count == 1);
  CHECK(blocks[1].first == 2);
  CHECK(blocks[2].first == 3);
  CHECK(blocks[2].count == 1);
  CHECK(blocks[3].first == 4);
  check_cover(it, blocks, 0, 1000, 100, 3);
}

TEST_CASE("lod: a million items cost blocks, not items") {
  Items it;
  for (Time t = 0; t < 1'000'000; ++t) it.add(t * 100, t * 100 + 60);  // 60ns busy, 40ns gap
  // Whole range in 1000 px: 100,000 ns per px, one fold spanning everything.
  auto blocks = fold(it, 0, 100'000, 1000);
  CHECK(blocks.size() == 1);
  CHECK(blocks[0].count == 1'000'000);
  // Zoomed to 1/100th: still folded, still covers exactly the visible items.
  blocks = fold(it, 5e7, 1000, 1000);
  CHECK(blocks.size() <= 2);
  check_cover(it, blocks, 5e7, 1000, 1000, 3);
  // Zoomed to 1 ns per px: every visible item drawn (10 of them).
  blocks = fold(it, 5e7, 1, 1000);
  CHECK(blocks.size() == 10);
  check_cover(it, blocks, 5e7, 1, 1000, 3);
}

TEST_CASE("lod: random lanes are always covered exactly, in order") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 200; ++round) {
    Items it;
    Time t = 0;
    const int n = static_cast<int>(rng() % 2000);
    for (int i = 0; i < n; ++i) {
      t += static_cast<Time>(rng() % 50);  // gap (may be 0)
      const Time len = 1 + static_cast<Time>(rng() % (rng() % 4 == 0 ? 5000 : 20));
      it.add(t, t + len);
      t += len;
    }
    const double npp = std::exp(static_cast<double>(rng() % 1200) / 100.0 - 3);  // 0.05..8000
    const double t0 = static_cast<double>(rng() % static_cast<std::uint64_t>(t + 1)) - 100;
    const double width = 50 + static_cast<double>(rng() % 1500);
    const double min_px = 1 + static_cast<double>(rng() % 5);
    const auto blocks = fold(it, t0, npp, width, min_px);
    check_cover(it, blocks, t0, npp, width, min_px);
    REQUIRE(blocks.size() <= static_cast<std::size_t>(width / 1.0) + 2);
  }
}

TEST_CASE("lod: item_at finds the item covering a time") {
  Items it;
  it.add(10, 20);
  it.add(20, 30);
  it.add(40, 50);
  CHECK(item_at(it.start, it.end, 5) == -1);
  CHECK(item_at(it.start, it.end, 10) == 0);
  CHECK(item_at(it.start, it.end, 19) == 0);
  CHECK(item_at(it.start, it.end, 20) == 1);
  CHECK(item_at(it.start, it.end, 35) == -1);
  CHECK(item_at(it.start, it.end, 49) == 2);
  CHECK(item_at(it.start, it.end, 50) == -1);
}
