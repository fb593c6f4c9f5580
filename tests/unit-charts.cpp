// `sweep --svg` (a line chart of a figure against a swept key) and `compare
// --svg` (grouped bars per policy): well-formed SVG that shows the swept
// values and every run's figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <sstream>
#include <vector>

#include "sim/format/svg_chart.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// Every tag closed in order: a small well-formedness check (no DTDs, CDATA).
bool well_formed(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return false;
    const std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return false;
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find_first_of(" \n")));
    }
  }
  return open.empty();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
    out.push_back(line.substr(start, comma - start));
  out.push_back(line.substr(start));
  return out;
}

const std::string kQuantum = source_path("workloads/quantum.json");
std::string temp(const std::string& name) { return (temp_dir() / name).string(); }

}  // namespace

TEST_CASE("charts: sweep --svg draws a figure against the swept values, a line per other value") {
  const CliResult r = run_cli("sweep " + quote(kQuantum) +
                              " --set quantum=1ms,10ms,100ms --set costs.process_switch=0,100us"
                              " --y overhead_share --svg " + quote(temp("sweep.svg")));
  REQUIRE(r.status == 0);
  const std::string svg = read_text(temp("sweep.svg"));
  CHECK(well_formed(svg));
  for (const char* label : {">1ms<", ">10ms<", ">100ms<", ">quantum<", ">overhead_share<",
                            ">costs.process_switch=0<", ">costs.process_switch=100us<"})
    CHECK(svg.find(label) != std::string::npos);
  CHECK(count(svg, "<circle class=\"point\"") == 6);
  CHECK(count(svg, "<polyline") == 2);
  // Each point's hover text holds the CSV's value (six significant digits).
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 7);
  const std::vector<std::string> header = fields(lines[0]);
  const auto column = std::find(header.begin(), header.end(), "overhead_share") - header.begin();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> row = fields(lines[i]);
    char value[32];
    std::snprintf(value, sizeof value, "%.6g", std::stod(row[static_cast<std::size_t>(column)]));
    INFO(lines[i]);
    CHECK(svg.find(std::string(": ") + value + "</title>") != std::string::npos);
  }
  // Byte-identical on a second run, whatever --jobs.
  REQUIRE(run_cli("sweep " + quote(kQuantum) + " --set quantum=1ms,10ms,100ms --set costs.process_switch=0,100us"
                  " --y overhead_share --jobs 1 -o /dev/null --svg " + quote(temp("again.svg"))).status == 0);
  CHECK(read_text(temp("again.svg")) == svg);
}

TEST_CASE("charts: sweep --svg options are checked before anything runs") {
  const std::string base = "sweep " + quote(kQuantum) + " --set quantum=1ms,2ms ";
  const CliResult typo = run_cli(base + "--svg " + quote(temp("x.svg")) + " --y mean_respons_ns");
  CHECK(typo.status == 1);
  CHECK(typo.err.find("--y mean_respons_ns: not a figure of the summary (did you mean mean_response_ns?)") !=
        std::string::npos);
  CHECK(run_cli(base + "--svg " + quote(temp("x.svg")) + " --x cpus").status == 1);
  CHECK(run_cli(base + "--y overhead_share").status == 2);  // needs --svg
  CHECK(run_cli(base + "--svg " + quote(temp("x.svg")) + " --shard 1/2").status == 2);
  CHECK(run_cli(base + "--svg -").status == 2);  // the CSV is on stdout already
  // Time figures are labelled in human units.
  REQUIRE(run_cli(base + "-o /dev/null --svg -").status == 0);
  CHECK(run_cli(base + "-o /dev/null --svg -").out.find("mean_turnaround_ns by quantum") != std::string::npos);
}

TEST_CASE("charts: compare --svg draws grouped bars, a bar per policy and figure") {
  const CliResult r = run_cli("compare " + quote(source_path("workloads/textbook.json")) +
                              " --policies fcfs,sjf,rr --svg " + quote(temp("compare.svg")));
  REQUIRE(r.status == 0);
  const std::string svg = read_text(temp("compare.svg"));
  CHECK(well_formed(svg));
  CHECK(count(svg, "<rect class=\"bar\"") == 3 * 6);
  for (const char* label : {">mean waiting<", ">overhead share<", ">fcfs<", ">sjf<", ">rr<"})
    CHECK(svg.find(label) != std::string::npos);
  // Silberschatz's table: mean waiting 17ms (FCFS), 3ms (SJF), 5.67ms (RR q=4).
  CHECK(svg.find("fcfs, mean waiting: 17ms</title>") != std::string::npos);
  CHECK(svg.find("sjf, mean waiting: 3ms</title>") != std::string::npos);
}

TEST_CASE("charts: a missing value breaks the line; axes start at zero") {
  LineChart chart;
  chart.title = "t";
  chart.x_label = "k";
  chart.y_label = "v";
  chart.categories = {"a", "b", "c", "d"};
  chart.series = {{"one", {1.0, 2.0, std::nullopt, 4.0}}, {"two", {0.5, 0.5, 0.5, 0.5}}};
  const std::string svg = svg_line_chart(chart);
  CHECK(well_formed(svg));
  CHECK(count(svg, "<polyline") == 2);  // "one": a, b then d alone (no line); "two": one line
  CHECK(count(svg, "<circle") == 7);
  CHECK(svg.find(">0</text>") != std::string::npos);
  CHECK(svg.find(">4</text>") != std::string::npos);  // the axis top: a whole 1-2-5 step
}

TEST_CASE("svg gantt: the picture scales with pixels; the legend names the visible tasks only") {
  const std::string big = write_file("many.json", R"({"machine": {"cpus": 4}, "scheduler": {"policy": "rr", "quantum": 1},
      "generate": [{"count": 2000, "name": "t", "arrival": 0.05, "burst": {"dist": "uniform", "min": 0.1, "max": 3}}]})");
  REQUIRE(run_cli("run " + quote(big) + " --summary --svg " + quote(temp("many.svg"))).status == 0);
  const std::string svg = read_text(temp("many.svg"));
  CHECK(well_formed(svg));
  // Thousands of slices, a few hundred pixels wide each lane: folded.
  CHECK(count(svg, "<rect class=\"slice folded\"") > 0);
  CHECK(count(svg, "<rect class=\"slice") < 4 * 1200);
  CHECK(svg.size() < 1'000'000);
  // 40 tasks named, the others counted; the picture is not mostly legend.
  CHECK(count(svg, "<rect class=\"key\"") <= 40 + 4 + 1 + 1 + 1);
  CHECK(std::regex_search(svg, std::regex(">and [0-9]+ more tasks<")));
  const std::smatch height = [&] {
    std::smatch m;
    std::regex_search(svg, m, std::regex("height=\"([0-9]+)\""));
    return m;
  }();
  CHECK(std::stoi(height[1]) < 600);
}

TEST_CASE("svg gantt: --from/--to draw a window of the same run") {
  const std::string file = quote(source_path("workloads/textbook.json"));  // rr q=4: P1 0-4, P2 4-7, P3 7-10, P1 10-30
  REQUIRE(run_cli("run " + file + " --summary --svg " + quote(temp("win.svg")) + " --from 5ms --to 12ms").status == 0);
  const std::string svg = read_text(temp("win.svg"));
  CHECK(well_formed(svg));
  CHECK(svg.find("shown: 5ms to 12ms") != std::string::npos);
  // P2 (clipped to 5-7), P3 (7-10), P1 (10-12, clipped): three run slices, P1's first one is outside.
  CHECK(count(svg, "<rect class=\"slice run\"") == 3);
  CHECK(svg.find(">4ms<") == std::string::npos);  // no tick before the window
  CHECK(svg.find(">6ms<") != std::string::npos);
  CHECK(svg.find("P2: 4ms - 7ms (3ms)") != std::string::npos);  // hover text keeps the slice's own times
  // The same run: the summary in the subtitle is the whole run's.
  CHECK(svg.find("makespan 30ms") != std::string::npos);
  CHECK(run_cli("run " + file + " --from 5ms").status == 2);  // needs --svg
  CHECK(run_cli("run " + file + " --svg " + quote(temp("w.svg")) + " --from 5ms --to 5ms").status == 1);
}

TEST_CASE("svg gantt: overhead folds only with overhead, and stays visible") {
  // A switch and a decision between every 1ms slice: both far narrower than
  // a pixel over a second, side by side.
  const std::string file = write_file("overhead.json", R"({"scheduler": {"policy": "rr", "quantum": 1},
      "machine": {"costs": {"scheduler": "1us", "process_switch": "2us"}},
      "tasks": [{"name": "A", "burst": 500}, {"name": "B", "burst": 500}]})");
  REQUIRE(run_cli("run " + quote(file) + " --summary --svg " + quote(temp("overhead.svg"))).status == 0);
  const std::string svg = read_text(temp("overhead.svg"));
  CHECK(well_formed(svg));
  CHECK(count(svg, "<rect class=\"slice folded\"") == 0);  // no task slice is that short
  CHECK(count(svg, "<rect class=\"slice overhead\"") > 900);  // a marker per switch
  CHECK(count(svg, "<rect class=\"slice overhead\"") < 1100);  // not one per slice
  CHECK(svg.find("2 overhead slices, mostly context switch: ") != std::string::npos);
  CHECK(svg.find(">context switch</text>") != std::string::npos);  // in the legend
}
