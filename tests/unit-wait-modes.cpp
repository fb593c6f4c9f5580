// Ways to wait for I/O (SPEC §10): "block" sleeps, "spin" busy-polls on a
// CPU until the completion, "poll" sleeps in a poller that costs
// costs.poll {base, per_fd, per_ready} per wakeup. Figures worked by hand from
// Core::start_spin / spin_done and Core::finish_wake; costs 0 unless named.
#include <catch2/catch.hpp>

#include "sim/format/report.h"
#include "sim/format/workload_json.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {
Time us(double v) { return static_cast<Time>(v * 1000.0 + 0.5); }
}  // namespace

// 3. The shipped lesson, written with "wait": "spin" instead of modelling the
// polling as CPU phases, keeps its figures: the poller burns 100ms of CPU for
// 10ms of work (90ms spinning), the cruncher finishes at 210.145ms (round
// robin 10ms on one CPU with 5us process switches).
TEST_CASE("wait modes: polling.json's busy-polling is a spinning wait", "[wait]") {
  const Results r = run_checked(load_workload(source_path("workloads/polling.json"))).results;
  const TaskResult& poller = task_named(r, "poller");
  CHECK(poller.cpu == ms(100));
  CHECK(poller.spinning == ms(90));
  CHECK(task_named(r, "reader").cpu == ms(10));
  CHECK(task_named(r, "reader").spinning == 0);
  CHECK(task_named(r, "cruncher").completion == us(210145));
  CHECK(r.cpus[0].spinning == ms(90));
}

// A spinner only spins while its I/O is outstanding. One CPU, round robin
// 2ms: S starts a 5ms read and spins; H (a hog) shares the CPU.
//   0-2  S spins;  2-4 H;  4-6 S spins (the read ends at 5: S moves on at 5
//   to its 1ms of work, done at 6);  then H alone to 4 + 4 = ... H: 2-4,
//   6-10 (its 6ms = 2 + 4).  S spun 2 + 1 = 3ms of the read's 5.
TEST_CASE("wait modes: a spinner spins only on a CPU, until the completion", "[wait]") {
  const Results r = run_json(R"({"machine": {"cpus": 1}, "scheduler": {"policy": "rr", "quantum": 2},
      "devices": [{"name": "disk"}],
      "tasks": [{"name": "S", "program": [{"io": "disk", "duration": 5, "wait": "spin"}, {"cpu": 1}]},
                {"name": "H", "burst": 6}]})")
                          .results;
  const TaskResult& s = task_named(r, "S");
  CHECK(s.spinning == ms(3));
  CHECK(s.cpu == ms(4));
  CHECK(s.completion == ms(6));
  CHECK(s.blocked == 0);  // it never slept
  CHECK(task_named(r, "H").completion == ms(10));
}

// The read completes while the spinner waits in the run queue: it spins no
// more once it is back. rr 2ms: S spins 0-2, H runs 2-4 (the 3ms read ends
// at 3), S is back at 4 and goes straight to its 1ms: done at 5.
TEST_CASE("wait modes: a completion while queued ends the spin at once", "[wait]") {
  const Results r = run_json(R"({"machine": {"cpus": 1}, "scheduler": {"policy": "rr", "quantum": 2},
      "devices": [{"name": "disk"}],
      "tasks": [{"name": "S", "program": [{"io": "disk", "duration": 3, "wait": "spin"}, {"cpu": 1}]},
                {"name": "H", "burst": 4}]})")
                          .results;
  CHECK(task_named(r, "S").spinning == ms(2));
  CHECK(task_named(r, "S").completion == ms(5));
}

// SJF's and SRTF's oracle see a spin as a CPU burst as long as its I/O (not as
// the 1ns a spinner would otherwise seem to have left, which put it first).
// srtf: A runs 1ms, then spins on a 10ms read (1-11); B (5ms) arrives at 2 and
// preempts it (5 < 10); B runs 2-7; A spins 7-11 and runs 11-12.
// sjf (oracle), both at 0: L (3ms) goes before S's 4ms spin, whose read runs
// meanwhile (0-4): L 0-3, S spins 3-4 and runs 4-5.
TEST_CASE("wait modes: SJF and SRTF rank a spin by its I/O's duration", "[wait]") {
  const Results srtf = run_json(R"({"scheduler": {"policy": "srtf"}, "devices": [{"name": "d"}],
      "tasks": [{"name": "A", "program": [{"cpu": 1}, {"io": "d", "duration": 10, "wait": "spin"}, {"cpu": 1}]},
                {"name": "B", "arrival": 2, "burst": 5}]})")
                             .results;
  CHECK(task_named(srtf, "B").completion == ms(7));
  CHECK(task_named(srtf, "A").completion == ms(12));
  CHECK(task_named(srtf, "A").spinning == ms(5));
  CHECK(task_named(srtf, "A").preemptions == 1);

  const Results sjf = run_json(R"({"scheduler": {"policy": "sjf"}, "devices": [{"name": "d"}],
      "tasks": [{"name": "S", "program": [{"io": "d", "duration": 4, "wait": "spin"}, {"cpu": 1}]},
                {"name": "L", "burst": 3}]})")
                            .results;
  CHECK(task_named(sjf, "L").completion == ms(3));
  CHECK(task_named(sjf, "S").completion == ms(5));
  CHECK(task_named(sjf, "S").spinning == ms(1));
}

// With an interrupt cost the completion's handler runs on the spinner's CPU
// and the spin ends when it does: read 1ms + handler 10us, then 1ms of work.
TEST_CASE("wait modes: spinning with interrupt handlers", "[wait]") {
  const Results r = run_json(R"({"machine": {"cpus": 1, "costs": {"interrupt": "10us"}},
      "devices": [{"name": "disk"}],
      "tasks": [{"name": "S", "program": [{"cpu": 1}, {"io": "disk", "duration": 1, "wait": "spin"}, {"cpu": 1}]}]})")
                          .results;
  CHECK(task_named(r, "S").spinning == ms(1));
  CHECK(task_named(r, "S").completion == us(3010));
  CHECK(r.cpus[0].interrupt == us(10));
}

// 4. One active connection making 1,000 requests (each a 1ms read, then 10us
// of work) among 1,000 idle ones, so the server's poller watches 1,001
// descriptors. Per wakeup, poll() scans them all: 1,001 x 0.1us = 100.1us;
// epoll pays only for the ready one: 0.1us. Over 1,000 wakeups poll costs
// 100.1ms and epoll 0.1ms: poll costs 100ms more.
TEST_CASE("wait modes: poll pays per descriptor, epoll per ready one", "[wait]") {
  const auto run = [](const std::string& poll_costs) {
    return run_json(R"({"machine": {"cpus": 1, "costs": {"poll": )" + poll_costs + R"(}},
        "devices": [{"name": "net", "channels": 1}],
        "tasks": [{"name": "server", "program": [{"repeat": 1000, "program": [
            {"io": "net", "duration": 1, "wait": "poll", "fds": 1001}, {"cpu": "10us"}]}]}]})")
        .results;
  };
  const Results poll = run(R"({"per_fd": "0.1us"})");
  const Results epoll = run(R"({"per_ready": "0.1us"})");
  CHECK(task_named(poll, "server").polling == us(100100));
  CHECK(task_named(epoll, "server").polling == us(100));
  CHECK(task_named(poll, "server").cpu - task_named(epoll, "server").cpu == ms(100));
  // Each wakeup's cost comes before the task goes on: 1,000 x (1ms + 100.1us + 10us).
  CHECK(poll.summary.makespan == us(1000 * 1110.1));
  const std::string text = text_report(poll);
  CHECK_THAT(text, Catch::Contains("polling 100.1ms"));
}

// The poller's base cost is paid per wakeup too; a plain blocking read pays nothing.
TEST_CASE("wait modes: poll base cost; block is free", "[wait]") {
  const auto server = [](const std::string& wait) {
    return run_json(R"({"machine": {"cpus": 1, "costs": {"poll": {"base": "2us", "per_fd": "1us", "per_ready": "1us"}}},
        "devices": [{"name": "net"}],
        "tasks": [{"name": "s", "program": [{"repeat": 10, "program": [{"io": "net", "duration": 1)" + wait +
                    R"(}, {"cpu": "10us"}]}]}]})")
        .results;
  };
  CHECK(task_named(server(R"(, "wait": "poll", "fds": 3)"), "s").polling == 10 * us(2 + 3 + 1));
  CHECK(task_named(server(R"(, "wait": "poll")"), "s").polling == 10 * us(2 + 1 + 1));
  CHECK(task_named(server(""), "s").polling == 0);
  CHECK(task_named(server(""), "s").cpu == us(100));
}

TEST_CASE("wait modes: bad input is refused with the path", "[wait]") {
  const auto task = [](const std::string& phase) {
    return R"({"devices": [{"name": "d"}], "runtimes": [{"name": "rt", "model": "green"}], "tasks": [{"name": "a", "program": [)" +
           phase + "]}]}";
  };
  CHECK_THAT(workload_error(task(R"({"io": "d", "duration": 1, "wait": "busy"})")),
             Catch::Contains("tasks[0].program[0].wait") && Catch::Contains("\"spin\""));
  CHECK_THAT(workload_error(task(R"({"io": "d", "duration": 1, "fds": 10})")), Catch::Contains("tasks[0].program[0].fds"));
  CHECK_THAT(workload_error(task(R"({"io": "d", "duration": 1, "wait": "poll", "fds": 0})")), Catch::Contains("fds"));
  CHECK_THAT(workload_error(task(R"({"cpu": 1, "wait": "spin"})")), Catch::Contains("only an \"io\" phase has this"));
  CHECK_THAT(workload_error(R"({"devices": [{"name": "d"}], "runtimes": [{"name": "rt", "model": "green"}],
                          "tasks": [{"name": "a", "runtime": "rt", "program": [{"io": "d", "duration": 1, "wait": "spin"}]}]})"),
             Catch::Contains("a fiber waits for I/O its runtime's way"));
  CHECK_THAT(workload_error(R"({"machine": {"costs": {"poll": {"per_byte": 1}}}, "tasks": [{"name": "a", "burst": 1}]})"),
             Catch::Contains("machine.costs.poll.per_byte"));
}
