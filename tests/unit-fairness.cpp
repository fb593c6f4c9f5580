// The whole-run fairness figures: Jain's index over each task's share of the
// time it wanted the CPU that it got (jain_fairness), and the same index over
// that share divided by the task's weight (weighted_fairness), in the text,
// JSON and CSV results.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

// Two CPU-bound tasks on one CPU, never finishing before the horizon.
Workload two_tasks(const std::string& policy, int nice0, int nice1) {
  Workload w = WorkloadBuilder(policy).task("t0", 0, 1e4).task("t1", 0, 1e4).build();
  w.tasks[0].nice = nice0;
  w.tasks[1].nice = nice1;
  return w;
}

}  // namespace

TEST_CASE("fairness: Jain's index and its weighted form, hand-worked") {
  struct Case {
    std::string policy;
    int nice0, nice1;
    double jain, weighted;
  };
  // Both tasks are runnable all the time, so a task's share of the time it
  // wanted the CPU is its share of the CPU, x.
  //   cfs, nice 0 and 5 (weights 1024 and 335): x = 1024/1359, 335/1359;
  //   Jain (x0 + x1)^2 / (2 (x0^2 + x1^2)) = 1359^2 / (2 (1024^2 + 335^2))
  //   = 0.7962; divided by the weights both are 1/1359: weighted 1.
  //   rr, nice 0 and 5: x = 1/2 each: Jain 1; x / weight = 1/2048, 1/670:
  //   weighted (1/2048 + 1/670)^2 / (2 ((1/2048)^2 + (1/670)^2)) = 0.7962.
  //   cfs, both nice 0: the two figures agree, 1.
  const std::vector<Case> cases = {
      {"cfs", 0, 5, 1359.0 * 1359 / (2.0 * (1024.0 * 1024 + 335.0 * 335)), 1},
      {"rr", 0, 5, 1, 1359.0 * 1359 / (2.0 * (1024.0 * 1024 + 335.0 * 335))},
      {"cfs", 0, 0, 1, 1},
  };
  for (const Case& c : cases) {
    INFO(c.policy << " nice " << c.nice0 << ", " << c.nice1);
    // Over 6s the shares are those to within one 6ms period.
    const RunOutput out = run_checked(two_tasks(c.policy, c.nice0, c.nice1), 6 * kSecond);
    CHECK(out.results.summary.jain_fairness == Approx(c.jain).epsilon(0.002));
    CHECK(out.results.summary.weighted_fairness == Approx(c.weighted).epsilon(0.002));
  }
}

TEST_CASE("fairness: a correct cfs run with mixed nice values scores 1 weighted") {
  // fair-share-nice.json: nice -5, 0, 5, 10 under cfs for 1s. Jain's index
  // says 0.43 (the shares are 68 : 22 : 7 : 2 %, as the weights say they
  // should be); the weighted index says 1.
  const CliResult json = run_cli("run " + quote(source_path("workloads/fair-share-nice.json")) +
                                 " --policy cfs --until 1s --format json");
  REQUIRE(json.status == 0);
  const std::size_t at = json.out.find("\"weighted_fairness\": ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(json.out.substr(at + 21)) > 0.999);
  const CliResult text = run_cli("run " + quote(source_path("workloads/fair-share-nice.json")) +
                                 " --policy cfs --until 1s --summary");
  CHECK(text.out.find(" weighted by nice\n") != std::string::npos);
  const CliResult csv = run_cli("run " + quote(source_path("workloads/fair-share-nice.json")) +
                                " --policy cfs --until 1s --format csv --summary");
  CHECK(csv.out.find(",jain_fairness,weighted_fairness,overhead_share,") != std::string::npos);
}
