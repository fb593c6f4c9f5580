// The second level in the queues panel's probe (a runtime's queues and
// parked fibers at a moment, from Engine::runtime_queues), the program text
// of fiber phases, and editing runtimes and channels through a session.
#include <catch2/catch.hpp>

#include "gui/model/program_text.h"
#include "gui/model/queue_probe.h"
#include "gui/model/session.h"
#include "gui/ui/app.h"
#include "gui/ui/headless.h"
#include "gui/ui/options.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

constexpr Time ms = kMillisecond;

TaskId id_of(const Workload& w, const std::string& name) {
  for (TaskId t = 0; t < w.tasks.size(); ++t)
    if (w.tasks[t].name == name) return t;
  FAIL("no task " << name);
  return kNoTask;
}

}  // namespace

// One processor, three 10ms fibers arriving together: they join P0's local
// queue in file order (README: "a fiber that arrives joins the tail of P0's
// local queue"); the carrier takes A first. At 5ms A runs on go/M0, B and C
// wait in P0's local queue, the global queue is empty, and the monitor
// (sysmon) has a look pending.
TEST_CASE("runtime queues: mn's processor, local queue and monitor at a moment", "[gui][runtimes]") {
  const Workload w = parse_workload(R"({ "name": "q", "machine": { "cpus": 1 },
    "runtimes": [ { "name": "go", "model": "mn", "carriers": 1 } ],
    "tasks": [ { "name": "A", "runtime": "go", "burst": 10 }, { "name": "B", "runtime": "go", "burst": 10 },
               { "name": "C", "runtime": "go", "burst": 10 } ] })",
                                    "test");
  QueueProbe probe(w);
  const QueueSnapshot& s = probe.at(5 * ms);
  REQUIRE(s.runtimes.size() == 1);
  const RuntimeQueues& q = s.runtimes[0].queues;
  REQUIRE(q.processors.size() == 1);
  CHECK(q.processors[0].carrier == w.runtimes[0].first_carrier);
  CHECK_FALSE(q.processors[0].in_syscall);
  CHECK(q.processors[0].runnext == kNoTask);
  CHECK(q.processors[0].local == std::vector<TaskId>{id_of(w, "B"), id_of(w, "C")});
  REQUIRE(q.shared.size() == 1);
  CHECK(q.shared[0].name == "global queue");
  CHECK(q.shared[0].fibers.empty());
  CHECK(q.monitor_wake > 5 * ms);
  CHECK(q.monitor_wake != kNever);
  // The carrier is running: on no kernel list; fibers are no kernel tasks.
  CHECK(s.sleeping.empty());
  CHECK(s.not_arrived == 0);
  CHECK(s.done == 0);
}

// Parked fibers by what they wait for, at 2ms on two processors: S sends on
// a rendezvous channel nobody receives from yet (R computes 5ms first), N
// waits 10ms on the network (pollable: the poller holds it), Z sleeps 10ms
// (a timer), Y is in a 10ms blocking syscall (its carrier holds it).
TEST_CASE("runtime queues: parked fibers by reason", "[gui][runtimes]") {
  const Workload w = parse_workload(R"({ "name": "parked", "machine": { "cpus": 2 },
    "devices": [ { "name": "net", "channels": 8 } ],
    "runtimes": [ { "name": "go", "model": "mn", "carriers": 2 } ],
    "channels": [ { "name": "jobs", "capacity": 0 } ],
    "tasks": [ { "name": "S", "runtime": "go", "program": [ { "send": "jobs" } ] },
               { "name": "R", "runtime": "go", "program": [ { "cpu": 5 }, { "recv": "jobs" } ] },
               { "name": "N", "runtime": "go", "program": [ { "io": "net", "duration": 10 }, { "cpu": 1 } ] },
               { "name": "Z", "runtime": "go", "program": [ { "sleep": 10 }, { "cpu": 1 } ] },
               { "name": "Y", "runtime": "go", "program": [ { "syscall": 10 } ] } ] })",
                                    "test");
  QueueProbe probe(w);
  const QueueSnapshot& s = probe.at(2 * ms);
  REQUIRE(s.runtimes.size() == 1);
  const RuntimeSnapshot& r = s.runtimes[0];
  REQUIRE(r.on_channel.size() == 1);
  CHECK(r.on_channel[0] == std::vector<TaskId>{id_of(w, "S")});
  CHECK(r.on_poller == std::vector<TaskId>{id_of(w, "N")});
  CHECK(r.on_timer == std::vector<TaskId>{id_of(w, "Z")});
  CHECK(r.in_syscall == std::vector<TaskId>{id_of(w, "Y")});
  // Fibers are not on the kernel's device or sleep lists.
  CHECK(s.blocked[0].empty());
  CHECK(s.sleeping.empty());
  // At 6ms R has received: S is done, nothing waits on the channel.
  const QueueSnapshot& later = probe.at(6 * ms);
  CHECK(later.runtimes[0].on_channel[0].empty());
}

TEST_CASE("runtime queues: event loop phases and a pool's job queue", "[gui][runtimes]") {
  const Workload loop = parse_workload(R"({ "name": "loop", "machine": { "cpus": 1 },
    "runtimes": [ { "name": "uv", "model": "event_loop" } ],
    "tasks": [ { "name": "a", "runtime": "uv", "burst": 4 }, { "name": "b", "runtime": "uv", "burst": 4 } ] })",
                                       "test");
  QueueProbe lp(loop);
  const RuntimeQueues& lq = lp.at(1 * ms).runtimes[0].queues;
  REQUIRE(lq.shared.size() == 4);
  CHECK(lq.shared[0].name == "this iteration");
  CHECK(lq.shared[0].fibers == std::vector<TaskId>{id_of(loop, "b")});  // a runs, b is next
  CHECK(lq.processors.empty());
  CHECK(lq.monitor_wake == kNever);

  const Workload pool = parse_workload(R"({ "name": "pool", "machine": { "cpus": 1 },
    "runtimes": [ { "name": "uv", "model": "pool", "carriers": 1 } ],
    "tasks": [ { "name": "j1", "runtime": "uv", "burst": 4 }, { "name": "j2", "runtime": "uv", "burst": 4 },
               { "name": "j3", "runtime": "uv", "burst": 4 } ] })",
                                       "test");
  QueueProbe pp(pool);
  const RuntimeQueues& pq = pp.at(1 * ms).runtimes[0].queues;
  REQUIRE(pq.shared.size() == 1);
  CHECK(pq.shared[0].fibers == std::vector<TaskId>{id_of(pool, "j2"), id_of(pool, "j3")});
}

TEST_CASE("program text: fiber phases round trip", "[gui][runtimes]") {
  const Json task = Json::parse(R"({ "name": "g", "runtime": "go", "program": [
      { "cpu": 1 }, { "syscall": "250us" }, { "send": "jobs" }, { "recv": "done" },
      { "repeat": 2, "program": [ { "syscall": 8 }, { "yield": true } ] } ] })");
  const auto text = program_to_text(task);
  REQUIRE(text);
  CHECK(*text == "cpu 1, syscall 250us, send jobs, recv done, repeat 2 (syscall 8, yield)");
  const ProgramParse back = parse_program_text(*text, "ms");
  REQUIRE(back.ok());
  CHECK(back.program == task["program"]);
  CHECK(parse_program_text("send", "ms").error == "at 5: expected a channel name after 'send'");
  CHECK(parse_program_text("syscall x", "ms").error.find("bad duration 'x'") != std::string::npos);
  CHECK(parse_program_text("jump g", "ms").error.find("fibers: syscall, send, recv") != std::string::npos);
}

// The editor changes the document; the session re-runs it, or keeps the
// last good run and says what is wrong.
TEST_CASE("session: editing runtimes and channels re-runs or explains", "[gui][runtimes]") {
  Session s;
  REQUIRE(s.open_file(std::string(TIMESLICE_SOURCE_DIR) + "/workloads/go-syscall-handoff.json"));
  CHECK(s.results().runtimes[0].handoffs == 11);
  Json doc = s.doc();
  doc["runtimes"][0]["handoff"] = "none";
  REQUIRE(s.apply(doc));
  CHECK(s.results().runtimes[0].handoffs == 0);
  CHECK(s.results().runtimes[0].peak_carriers == 2);

  // A fiber phase naming a channel the file lacks: an error naming the
  // path, and the last good run stays.
  doc["tasks"][2]["program"] = Json::parse(R"([ { "send": "jobs" } ])");
  doc["tasks"][2].erase("burst");
  CHECK_FALSE(s.apply(doc));
  CHECK(s.error().find("tasks[2]") != std::string::npos);
  CHECK(s.has_run());
  CHECK(s.results().runtimes[0].handoffs == 0);
  // Adding the channel (and a receiver) makes it good again.
  doc["channels"] = Json::parse(R"([ { "name": "jobs", "capacity": 1 } ])");
  doc["tasks"][3]["program"] = Json::parse(R"([ { "recv": "jobs" } ])");
  doc["tasks"][3].erase("burst");
  CHECK(s.apply(doc));
  CHECK(s.error().empty());
}

// --zoom starts zoomed in; a bad value is refused with the option's name.
TEST_CASE("options: --zoom FROM,TO", "[gui][runtimes]") {
  const char* good[] = {"g", "w.json", "--zoom", "95ms,105ms"};
  const GuiArgs a = parse_gui_args(4, good);
  CHECK(a.error.empty());
  CHECK(a.app.zoom_from == 95 * ms);
  CHECK(a.app.zoom_to == 105 * ms);
  for (const char* v : {"95ms", "105ms,95ms", "x,1ms"}) {
    const char* bad[] = {"g", "--zoom", v};
    const GuiArgs b = parse_gui_args(3, bad);
    INFO(v);
    CHECK(b.error.find("--zoom: ") == 0);
    CHECK(b.status == 1);
  }
}

// Every two-level lesson drawn headless with task lanes, zoomed in and at
// several cursors, with a carrier selected: the carrier lanes and the
// runtime parts of the queues panel and the charts draw without throwing.
TEST_CASE("panels: two-level lessons zoomed in, a carrier selected", "[gui][runtimes]") {
  HeadlessImGui imgui;
  for (const char* name : {"green-threads.json", "event-loop-blocking.json", "go-syscall-handoff.json",
                           "goroutine-preemption.json", "work-stealing.json", "thread-vs-goroutine.json"}) {
    INFO(name);
    AppOptions o;
    o.file = std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name;
    o.task_lanes = true;
    o.zoom_from = 1 * ms;
    o.zoom_to = 12 * ms;
    App app(o);
    REQUIRE(app.session.has_run());
    REQUIRE(!app.session.model().carrier_lanes().empty());
    app.select(app.session.model().carrier_lanes()[0].carrier);
    for (Time t : {Time{0}, 2 * ms, 11 * ms}) {
      app.playback.cursor = t;
      for (int i = 0; i < 2; ++i) {
        ImGui::NewFrame();
        app.frame(1.0f / 60.0f);
        ImGui::Render();
      }
      CHECK(HeadlessImGui::vertices() > 2000);
    }
    // The first frame zoomed to [1ms, 12ms] (with the fit's small margins).
    CHECK(app.view.time.t0 <= 1.0 * ms);
    CHECK(app.view.time.t0 > 0.5 * ms);
    CHECK(app.view.time.time_at(app.view.lanes_width) >= 12.0 * ms);
    CHECK(app.view.time.time_at(app.view.lanes_width) < 12.5 * ms);
  }
}

// A two-level run recorded at every level draws: with slices (no
// decisions) the carrier lanes have no handoff, preemption or steal marks;
// with metrics alone there are no lanes, and the task table lists the
// reported rows (no spare carriers) from the results.
TEST_CASE("panels: two-level run at every recording level", "[gui][runtimes]") {
  HeadlessImGui imgui;
  for (RecordLevel level : {RecordLevel::Decisions, RecordLevel::Slices, RecordLevel::Metrics}) {
    INFO(record_level_name(level));
    AppOptions o;
    o.file = std::string(TIMESLICE_SOURCE_DIR) + "/workloads/go-syscall-handoff.json";
    o.record = level;
    o.cursor = 10 * ms;
    App app(o);
    REQUIRE(app.session.has_run());
    const RunModel& m = app.session.model();
    if (level == RecordLevel::Metrics) {
      CHECK(m.carrier_lanes().empty());
    } else {
      CHECK(m.carrier_lanes().size() == 3);
      std::size_t handoffs = 0;
      for (const CarrierLane& cl : m.carrier_lanes()) handoffs += cl.handoffs.size();
      CHECK(handoffs == (level == RecordLevel::Decisions ? 11u : 0u));
    }
    for (int i = 0; i < 3; ++i) {
      ImGui::NewFrame();
      app.frame(1.0f / 60.0f);
      ImGui::Render();
    }
    CHECK(HeadlessImGui::vertices() > 1000);
  }
}
