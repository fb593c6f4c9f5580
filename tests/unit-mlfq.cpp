// MLFQ's rules, hand-worked, under both conventions: the textbook rules
// (default) and `conventions: "ostep"`, the OSTEP homework simulator's order
// at boosts and ties (cpu-sched-mlfq/mlfq.py in
// remzi-arpacidusseau/ostep-homework). One time unit of the simulator is 1 ms
// here; its allotment (-a, -A) counts quanta, timeslice's is a duration; its
// I/O (-i, a job's ioFreq) is a `sleep` here (no device queue). Every ostep
// row below is what `python3 mlfq.py ARGS -c` prints for the command line
// given with the case.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;

namespace {

struct Expected {
  std::string task;
  double response, turnaround;  // ms
};

struct Case {
  std::string name;
  std::string scheduler;  // JSON members of "scheduler" besides policy and conventions
  std::string tasks;      // JSON array
  std::vector<Expected> textbook, ostep;
};

void check(const Case& c, const std::string& conventions, const std::vector<Expected>& expected) {
  const std::string json = R"({"name": "mlfq case", "scheduler": {"policy": "mlfq", "conventions": ")" +
                           conventions + "\", " + c.scheduler + R"(}, "tasks": )" + c.tasks + "}";
  const RunOutput out = run_json(json);
  for (const Expected& e : expected) {
    INFO(c.name << ", " << conventions << ", task " << e.task);
    const TaskResult& t = task_named(out.results, e.task);
    REQUIRE(t.turnaround.has_value());
    CHECK(*t.response == ms(e.response));
    CHECK(*t.turnaround == ms(e.turnaround));
  }
}

// A program of `total` ms of CPU that sleeps `io` ms after every `every` ms of
// CPU (except at the end): the simulator's job with an I/O frequency.
std::string io_job(int total, int every, int io) {
  std::string program = "[";
  for (int done = 0; done < total;) {
    const int chunk = std::min(every, total - done);
    done += chunk;
    program += "{\"cpu\": " + std::to_string(chunk) + "}";
    if (done < total) program += ", {\"sleep\": " + std::to_string(io) + "}, ";
  }
  return program + "]";
}

}  // namespace

TEST_CASE("mlfq: each rule, hand-worked, under the textbook and the OSTEP conventions") {
  const std::vector<Case> cases = {
      // Rule 4 with an allotment of two quanta: J0 uses its 4ms at the top in
      // two quanta (0-2, 2-4), moves down at 4 and runs on at level 1 (4-6);
      // J1 arrives at 5 at the top and preempts it (5-7); J0 ends 7-8.
      // mlfq.py -n 2 -q 2 -a 2 -l 0,6,0:5,2,0
      {"allotment across quanta",
       R"("levels": 2, "quanta": 2, "allotment": 4, "boost": 0)",
       R"([{"name": "J0", "arrival": 0, "burst": 6}, {"name": "J1", "arrival": 5, "burst": 2}])",
       {{"J0", 0, 8}, {"J1", 0, 2}},
       {{"J0", 0, 8}, {"J1", 0, 2}}},
      // Rule 5 restarts the running task's slice: J0 0-2; J1 from 2, boosted
      // at 3 with 2ms left, gets a fresh 2ms quantum: 3-5, done; J0 5-6.
      // mlfq.py -n 1 -q 2 -a 1 -B 3 -l 0,3,0:0,3,0
      {"boost restarts the slice",
       R"("levels": 1, "quanta": 2, "boost": 3)",
       R"([{"name": "J0", "arrival": 0, "burst": 3}, {"name": "J1", "arrival": 0, "burst": 3}])",
       {{"J0", 0, 6}, {"J1", 2, 5}},
       {{"J0", 0, 6}, {"J1", 2, 5}}},
      // Allotment three times the quantum (6ms at the top, quantum 2): A 0-2,
      // B 2-4, A 4-6, B 6-8, A 8-10 (A has used 6: down). C arrives at 9 and
      // does not preempt A (same level). B 10-12 (down), C 12-14, 14-15 (done),
      // then level 1 (quantum 10) in order: A 15-21, B 21-27.
      // mlfq.py -Q 2,10 -A 3,1 -l 0,12,0:0,12,0:9,3,0
      {"allotment three quanta",
       R"("levels": 2, "quanta": [2, 10], "allotment": [6, 10], "boost": 0)",
       R"([{"name": "A", "arrival": 0, "burst": 12}, {"name": "B", "arrival": 0, "burst": 12},
           {"name": "C", "arrival": 9, "burst": 3}])",
       {{"A", 0, 21}, {"B", 2, 27}, {"C", 3, 6}},
       {{"A", 0, 21}, {"B", 2, 27}, {"C", 3, 6}}},
      // A boost mid-slice, with an arrival at the boost instant. Quanta 1, 2,
      // 4 (allotment = quantum). A 0-1, B 1-2, A 2-4, B 4-6, A from 6 at level
      // 2; at 9 C arrives and the boost comes. A keeps its CPU with a fresh
      // top quantum: 9-10, then down to level 1.
      //   textbook: C arrived before the boost moved B up: C 10-11, B 11-12;
      //   level 1: A 12-14, C 14-15 (done), B 15-17 (done), A 17-18.
      //   ostep: B was merged into the top before C queued: B 10-11, C 11-12;
      //   level 1: A 12-14, B 14-16 (done), C 16-17 (done), A 17-18.
      // mlfq.py -Q 1,2,4 -A 1,1,1 -B 9 -l 0,10,0:0,6,0:9,2,0
      {"boost mid-slice, arrival at the boost",
       R"("levels": 3, "quanta": [1, 2, 4], "boost": 9)",
       R"([{"name": "A", "arrival": 0, "burst": 10}, {"name": "B", "arrival": 0, "burst": 6},
           {"name": "C", "arrival": 9, "burst": 2}])",
       {{"A", 0, 18}, {"B", 1, 17}, {"C", 1, 6}},
       {{"A", 0, 18}, {"B", 1, 16}, {"C", 2, 8}}},
      // A boost while a task runs at a middle level with others below it.
      // A 0-1, B 1-2, A 2-4, B 4-6, A from 6 at level 2; C arrives at 7 and
      // preempts it: C 7-8, then C runs at level 1 from 8; boost at 9.
      //   textbook: C keeps its CPU, fresh top quantum, 9-10 (down to 1); the
      //   top then holds A, B: A 10-11, B 11-12; level 1: C 12-14 (done),
      //   A 14-16, B 16-18; boost at 18: A 18-19, B 19-20, A 20-22 (done),
      //   B 22-24, 24-25 (done).
      //   ostep: the lowest level (A, B) goes to the top ahead of level 1 (C),
      //   so C loses its CPU: A 9-10, B 10-11, C 11-12; level 1: A 12-14,
      //   B 14-16, C 16-18 (done); then as above from 18.
      // mlfq.py -Q 1,2,4 -A 1,1,1 -B 9 -l 0,10,0:0,10,0:7,5,0
      {"boost while a task runs at a middle level",
       R"("levels": 3, "quanta": [1, 2, 4], "boost": 9)",
       R"([{"name": "A", "arrival": 0, "burst": 10}, {"name": "B", "arrival": 0, "burst": 10},
           {"name": "C", "arrival": 7, "burst": 5}])",
       {{"A", 0, 22}, {"B", 1, 25}, {"C", 0, 7}},
       {{"A", 0, 22}, {"B", 1, 25}, {"C", 0, 11}}},
      // A quantum that ends as another task arrives (one level, quantum 2).
      //   textbook (same_time arrivals_first): B queues first: B 2-4, A 4-6.
      //   ostep: A's tick ends before B arrives: A 2-4, B 4-6.
      // mlfq.py -n 1 -q 2 -a 1 -l 0,4,0:2,2,0
      {"quantum end and arrival at one instant",
       R"("levels": 1, "quanta": 2, "boost": 0)",
       R"([{"name": "A", "arrival": 0, "burst": 4}, {"name": "B", "arrival": 2, "burst": 2}])",
       {{"A", 0, 6}, {"B", 0, 2}},
       {{"A", 0, 4}, {"B", 2, 4}}},
      // reset_on_block, allotment two quanta (4ms, quantum 2). A computes 4ms
      // then sleeps 1ms, twice; B 4ms; C arrives at 9. A 0-2, B 2-4, A 4-6 and
      // sleeps just as its quantum (and its 4ms) ends. B 6-8 (done).
      //   textbook: A has used its allotment: down to level 1 whatever
      //   reset_on_block says. A 8-9; C arrives at the top and preempts it:
      //   C 9-11 (done); A 11-14 (done).
      //   ostep (-S): the allotment resets and the quantum just ended counts
      //   against it, so A stays on top with 2ms left: A 8-10 (C waits), then
      //   down; C 10-12 (done); A 12-14 (done).
      // mlfq.py -Q 2,2 -A 2,2 -i 1 -S -l 0,8,4:0,4,0:9,2,0
      {"reset_on_block as a quantum ends",
       R"("levels": 2, "quanta": 2, "allotment": 4, "boost": 0, "reset_on_block": true)",
       "[{\"name\": \"A\", \"arrival\": 0, \"program\": " + io_job(8, 4, 1) +
           R"(}, {"name": "B", "arrival": 0, "burst": 4}, {"name": "C", "arrival": 9, "burst": 2}])",
       {{"A", 0, 14}, {"B", 2, 8}, {"C", 0, 2}},
       {{"A", 0, 14}, {"B", 2, 8}, {"C", 1, 3}}},
      // io_to_front, quantum 3 = allotment. A computes 1ms then sleeps 2ms,
      // four times over; B computes 9ms.
      //   textbook: A 0-1; B 1-4 (A wakes at 3 at the head of the top level but
      //   does not preempt B there), B down. A 4-5; B 5-7 at level 1; A wakes
      //   at 7 and preempts it: A 7-8, down. B 8-9 (quantum done), 9-12 (done;
      //   A woke at 10 at the head of level 1, behind the running B); A 12-13.
      //   ostep (-I): a waking task goes ahead of the running task of its
      //   level: A 0-1, B 1-3, A 3-4, B 4-5 (down), 5-6; A 6-7 (down), B 7-9;
      //   A 9-10 (done); B 10-13 (done).
      // mlfq.py -Q 3,3 -A 1,1 -i 2 -I -l 0,4,1:0,9,0
      {"io_to_front",
       R"("levels": 2, "quanta": 3, "boost": 0, "io_to_front": true)",
       "[{\"name\": \"A\", \"arrival\": 0, \"program\": " + io_job(4, 1, 2) +
           R"(}, {"name": "B", "arrival": 0, "burst": 9}])",
       {{"A", 0, 13}, {"B", 1, 12}},
       {{"A", 0, 10}, {"B", 1, 13}}},
  };
  for (const Case& c : cases) {
    check(c, "textbook", c.textbook);
    check(c, "ostep", c.ostep);
  }
}

TEST_CASE("mlfq: the conventions are listed with each difference, and checked") {
  const CliResult policies = run_cli("policies");
  REQUIRE(policies.status == 0);
  CHECK(policies.out.find("      conventions: textbook|ostep, default textbook\n") != std::string::npos);
  CHECK(policies.out.find("\n            - a boost moves the levels to the top from the lowest up") !=
        std::string::npos);
  const std::string bad = write_file("mlfq-conventions.json",
                                     R"({"scheduler": {"policy": "mlfq", "conventions": "osteps"},
                                         "tasks": [{"name": "A", "burst": 1}]})");
  const CliResult r = run_cli("validate " + quote(bad));
  CHECK(r.status == 1);
  CHECK(r.err.find("scheduler.conventions") != std::string::npos);
  CHECK(r.err.find("ostep") != std::string::npos);
}

TEST_CASE("mlfq: the ostep conventions run on several CPUs and per-CPU queues") {
  // Two CPUs: the boost at 5 finds A and B running at level 1 and C queued
  // at level 1 (quanta 1, 4; allotment = quantum): A and B come first in
  // line and keep their CPUs. The run is deterministic and loses no task.
  for (const char* queues : {"global", "per_cpu"}) {
    const std::string json =
        std::string(R"({"machine": {"cpus": 2}, "scheduler": {"policy": "mlfq", "conventions": "ostep",
            "levels": 2, "quanta": [1, 4], "boost": 5, "queues": ")") + queues + R"("},
          "tasks": [{"name": "A", "burst": 8}, {"name": "B", "burst": 8}, {"name": "C", "burst": 8}]})";
    const RunOutput first = run_json(json);
    const RunOutput again = run_json(json);
    for (const char* name : {"A", "B", "C"}) {
      INFO(queues << " " << name);
      REQUIRE(task_named(first.results, name).completion.has_value());
      CHECK(task_named(first.results, name).completion == task_named(again.results, name).completion);
      CHECK(task_named(first.results, name).cpu == ms(8));
    }
  }
}
