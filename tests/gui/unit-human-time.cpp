// The visualizer's one time formatter (gui/model/human_time.h).
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "gui/model/human_time.h"

using namespace timeslice;
using namespace timeslice::gui;

TEST_CASE("human time: the largest unit, three decimals by default") {
  struct Case {
    Time t;
    const char* text;
  };
  const Case cases[] = {
      {0, "0"},
      {7, "7ns"},
      {1'500, "1.5us"},
      {4'000'000, "4ms"},
      {1'234'567, "1.235ms"},          // rounded, not "1234.567us"
      {6'291'614'666, "6.292s"},       // not "6291614.666us"
      {2'500'000'000, "2.5s"},
      {11'010'000'000, "11.01s"},
      {999'999'999, "1000ms"},         // rounding may carry into the next unit
      {-1'500, "-1.5us"},
      {kNever, "never"},
  };
  for (const Case& c : cases) {
    INFO(c.t);
    CHECK(human_time(c.t) == c.text);
  }
}

TEST_CASE("human time: a finer resolution adds decimals, down to the nanosecond") {
  CHECK(human_time(6'291'614'666, 1) == "6.291614666s");
  CHECK(human_time(6'291'614'666, 1'000) == "6.291615s");
  CHECK(human_time(11'010'400'000, 100'000) == "11.0104s");
  CHECK(human_time(1'234'567, 1) == "1.234567ms");
  CHECK(human_time(1'234'567, kMillisecond) == "1.235ms");  // never fewer than three
  CHECK(human_time(42, 1) == "42ns");
}

TEST_CASE("human time: resolution between neighbours") {
  CHECK(resolution_between(kNever, 5, kNever) == kNever);
  CHECK(resolution_between(0, 100, 250) == 100);
  CHECK(resolution_between(0, 100, 199) == 10);   // gap 99
  CHECK(resolution_between(100, 100, 100) == kNever);  // equal rows share a label
  CHECK(resolution_between(11'010'000'000, 11'010'400'000, kNever) == 100'000);
}

TEST_CASE("human time: neighbours in a log never read the same") {
  // Dozens of decisions within 11.01s..11.02s, some at the same instant.
  std::mt19937_64 rng(7);
  std::vector<Time> times;
  Time t = 11'010'000'000;
  for (int i = 0; i < 400; ++i) {
    times.push_back(t);
    const int kind = static_cast<int>(rng() % 4);
    t += kind == 0 ? 0 : kind == 1 ? 1 + static_cast<Time>(rng() % 50)
                     : kind == 2   ? static_cast<Time>(rng() % 40'000)
                                   : static_cast<Time>(rng() % 3'000'000);
  }
  auto label = [&](std::size_t i) {
    // The row's neighbours: the nearest different times above and below.
    std::size_t a = i, b = i;
    while (a > 0 && times[a] == times[i]) --a;
    while (b + 1 < times.size() && times[b] == times[i]) ++b;
    const Time before = times[a] != times[i] ? times[a] : kNever;
    const Time after = times[b] != times[i] ? times[b] : kNever;
    return human_time(times[i], resolution_between(before, times[i], after));
  };
  for (std::size_t i = 1; i < times.size(); ++i) {
    INFO(times[i - 1] << " " << times[i]);
    if (times[i] == times[i - 1])
      CHECK(label(i) == label(i - 1));
    else
      CHECK(label(i) != label(i - 1));
  }
}

TEST_CASE("human time: means to three decimals") {
  CHECK(human_mean(15'666'666.7) == "15.667ms");
  CHECK(human_mean(4'000'000) == "4ms");
  CHECK(human_mean(0) == "0");
  CHECK(human_mean(2'500.25) == "2.5us");
}
