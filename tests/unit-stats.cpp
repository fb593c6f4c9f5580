// Whole-run figures from the statistics collector: nearest-rank percentiles,
// the maximum and the mean, checked against a sort of the same values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

#include "sim/core/rng.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// Nearest rank, worked the textbook way: sort, take the ceil(n x p / 100)-th.
Time nearest_rank(std::vector<Time> values, int p) {
  std::sort(values.begin(), values.end());
  const std::size_t rank = (values.size() * static_cast<std::size_t>(p) + 99) / 100;
  return values[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

TEST_CASE("stats: turnaround percentiles are nearest-rank, whatever the task order") {
  // Every task has a CPU of its own, so its turnaround is its burst: the
  // values are known, and come to the collector in a shuffled order, with
  // repeats (bursts of 1-9 ms).
  for (const int n : {1, 2, 3, 7, 19, 20, 21, 99, 100, 101, 150}) {
    Rng rng(static_cast<std::uint64_t>(n));
    std::vector<Time> bursts;
    WorkloadBuilder builder("fcfs", n);
    for (int i = 0; i < n; ++i) {
      const double burst_ms = 1 + static_cast<double>(rng.below(9));
      bursts.push_back(ms(burst_ms));
      builder.task("t" + std::to_string(i), 0, burst_ms);
    }
    const Summary s = run_checked(builder.build()).results.summary;
    INFO("n = " << n);
    CHECK(s.turnaround.p50 == nearest_rank(bursts, 50));
    CHECK(s.turnaround.p95 == nearest_rank(bursts, 95));
    CHECK(s.turnaround.p99 == nearest_rank(bursts, 99));
    CHECK(s.turnaround.max == *std::max_element(bursts.begin(), bursts.end()));
    const double sum = static_cast<double>(std::accumulate(bursts.begin(), bursts.end(), Time{0}));
    CHECK(s.turnaround.mean == Approx(sum / n).epsilon(1e-12));
  }
}

TEST_CASE("stats: percentiles of a hand-worked set of ten") {
  // Bursts 1..10 ms in this order; nearest rank of 10 values: p50 is the
  // 5th smallest (5 ms), p95 and p99 the 10th (10 ms); mean 5.5 ms.
  WorkloadBuilder builder("fcfs", 10);
  const int order[] = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};
  for (int b : order) builder.task("t" + std::to_string(b), 0, b);
  const Summary s = run_checked(builder.build()).results.summary;
  CHECK(s.turnaround.p50 == ms(5));
  CHECK(s.turnaround.p95 == ms(10));
  CHECK(s.turnaround.p99 == ms(10));
  CHECK(s.turnaround.max == ms(10));
  CHECK(s.turnaround.mean == Approx(5.5e6));
}
