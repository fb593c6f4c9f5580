// The exports read back: the Chrome trace parsed with nlohmann (tracks, slice
// counts against the run's trace, exact ts/dur, the ftrace lines replayed), the
// SVG checked for well-formed XML and counted, the CSV files counted.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/format/chrome_trace.h"
#include "sim/format/csv_export.h"
#include "sim/format/export_common.h"
#include "sim/format/svg_gantt.h"
#include "test_support.h"

using namespace timeslice;
using namespace timeslice::test;
using nlohmann::json;

namespace {

// Two CPUs, a two-channel disk, threads of one process and lone processes,
// odd nanosecond costs so microsecond timestamps need decimals, a sleeper,
// a task name with a space and one with '='.
const char* kWorkload = R"({
  "name": "export test",
  "time_unit": "us",
  "machine": { "cpus": 2, "costs": { "process_switch": "1.5us", "thread_switch": "333ns" } },
  "scheduler": { "policy": "rr", "quantum": "700us" },
  "devices": [ { "name": "disk", "channels": 2 }, { "name": "net" } ],
  "tasks": [
    { "name": "hog", "burst": 3000 },
    { "name": "web one", "process": "httpd", "arrival": 10,
      "program": [ { "repeat": 3, "program": [ { "cpu": 250 }, { "io": "net", "duration": 400 } ] } ] },
    { "name": "web=two", "process": "httpd", "arrival": 20,
      "program": [ { "repeat": 3, "program": [ { "cpu": 250 }, { "io": "disk", "duration": 900 } ] } ] },
    { "name": "reader", "arrival": 30,
      "program": [ { "repeat": 2, "program": [ { "cpu": 100.001 }, { "io": "disk", "duration": 700 } ] } ] },
    { "name": "sleeper", "arrival": 5,
      "program": [ { "cpu": 50 }, { "sleep": 1000 }, { "cpu": 50 } ] }
  ]
})";

struct Run {
  Workload workload;
  RunOutput out;
};

Run sample_run(Time until = kNever) {
  Run r{workload_from_json(kWorkload), {}};
  r.out = run_checked(r.workload, until);
  return r;
}

// The raw text of every number under "ts" and "dur", in document order, so
// exactness is checked on the digits, not on a double.
struct RawNumbers : nlohmann::json_sax<json> {
  std::string last_key;
  std::vector<std::pair<std::string, std::string>> numbers;  // (key, text)
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t v) override { return keep(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return keep(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return keep(s); }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool key(string_t& k) override {
    last_key = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
  bool keep(const std::string& text) {
    if (last_key == "ts" || last_key == "dur") numbers.emplace_back(last_key, text);
    return true;
  }
};

// "1234.567" microseconds -> 1234567 ns, exactly; fails on more than 3 decimals.
Time micros_to_ns(const std::string& text) {
  const std::size_t dot = text.find('.');
  const Time whole = std::stoll(text.substr(0, dot));
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  REQUIRE(frac.size() <= 3);
  frac.append(3 - frac.size(), '0');
  return whole * 1000 + std::stoll(frac);
}

std::vector<json> events_with(const json& trace, const std::string& ph) {
  std::vector<json> out;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

// Task-state slices the trace should carry: the states that lasted (the last
// change at each time), joined while the state stays the same, each until the
// next different state or the end.
std::size_t expected_state_slices(const Trace& trace, std::size_t tasks) {
  std::vector<std::vector<TaskStateChange>> changes(tasks);
  for (const TaskStateChange& c : trace.task_states) {
    if (!changes[c.task].empty() && changes[c.task].back().time == c.time) changes[c.task].pop_back();
    changes[c.task].push_back(c);
  }
  std::size_t n = 0;
  for (const auto& list : changes) {
    auto counted = [](TaskState s) {
      return s == TaskState::Ready || s == TaskState::Running || s == TaskState::Blocked ||
             s == TaskState::Sleeping;
    };
    TaskState shown = TaskState::NotArrived;
    std::uint32_t aux = 0;
    Time since = 0;
    for (const TaskStateChange& c : list) {
      if (c.state == shown && c.aux == aux) continue;
      shown = c.state;
      aux = c.aux;
      since = c.time;
      n += counted(c.state);
    }
    // The last state ends at the timeline's end: left out if that is when it began.
    if (counted(shown) && since == timeline_end(trace)) --n;
  }
  return n;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("chrome trace: only keys Perfetto reads, traceEvents first") {
  const Run r = sample_run();
  const std::string text = chrome_trace_json(r.workload, r.out.results, r.out.trace);
  CHECK(text.rfind("{\"traceEvents\":[", 0) == 0);
  // Older Perfetto importers stop at a top-level key they do not know, and
  // Perfetto takes displayTimeUnit as the unit of ts: only these keys.
  const json j = json::parse(text);
  std::set<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.insert(k);
  CHECK(keys == std::set<std::string>{"traceEvents", "systemTraceEvents", "otherData", "metadata"});
  // chrome://tracing refuses ftrace text beside JSON events unless the clock
  // domain says they share a clock. Last, since old Perfetto stops after it.
  CHECK(j["metadata"] == json{{"clock-domain", "LINUX_FTRACE_GLOBAL"}});
  CHECK(text.rfind("\"metadata\":{\"clock-domain\":\"LINUX_FTRACE_GLOBAL\"}\n}\n") ==
        text.size() - std::string("\"metadata\":{\"clock-domain\":\"LINUX_FTRACE_GLOBAL\"}\n}\n").size());
  CHECK(j["otherData"]["policy"] == "rr");
  CHECK(j["systemTraceEvents"].is_string());
  // Every event: ph and ts first (M events have no ts), no array outside args.
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("{\"ph\":", 0) != 0) continue;
    const json e = json::parse(line.back() == ',' ? line.substr(0, line.size() - 1) : line);
    if (e["ph"] != "M") CHECK(line.find("\"ts\":") == 10);  // right after {"ph":"X",
    for (const auto& [k, v] : e.items()) CHECK_FALSE(v.is_array());
  }
}

TEST_CASE("chrome trace: a named track per CPU, used device channel and task") {
  const Run r = sample_run();
  const json j = json::parse(chrome_trace_json(r.workload, r.out.results, r.out.trace));
  const TraceIds ids(r.workload);
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> threads;
  std::map<std::int64_t, std::string> processes;
  for (const json& m : events_with(j, "M")) {
    if (m["name"] == "thread_name") threads[{m["pid"], m["tid"]}] = m["args"]["name"];
    if (m["name"] == "process_name") processes[m["pid"]] = m["args"]["name"];
  }
  CHECK(processes.at(TraceIds::kCpuPid) == "CPUs");
  CHECK(threads.at({TraceIds::kCpuPid, ids.cpu_tid(0)}) == "cpu0");
  CHECK(threads.at({TraceIds::kCpuPid, ids.cpu_tid(1)}) == "cpu1");
  CHECK(processes.at(ids.device_pid()) == "Devices");
  CHECK(threads.at({ids.device_pid(), ids.device_tid(1, 0)}) == "net");
  // Both disk channels served requests, so both get a track with its index.
  CHECK(threads.at({ids.device_pid(), ids.device_tid(0, 0)}) == "disk[0]");
  CHECK(threads.at({ids.device_pid(), ids.device_tid(0, 1)}) == "disk[1]");
  // Threads of one process share its pid: the tid of its first task.
  CHECK(processes.at(ids.process_pid(r.workload.tasks[1].process)) == "httpd");
  CHECK(ids.process_pid(r.workload.tasks[1].process) == ids.task_tid(1));
  CHECK(threads.at({ids.task_tid(1), ids.task_tid(2)}) == "web=two");
  for (TaskId t = 0; t < r.workload.tasks.size(); ++t)
    CHECK(threads.at({ids.process_pid(r.workload.tasks[t].process), ids.task_tid(t)}) ==
          r.workload.tasks[t].name);
  // Task tids never collide with the machine's.
  CHECK(ids.task_tid(0) > ids.device_tid(1, 0));
}

TEST_CASE("chrome trace: an X event per slice and task state, with exact ts and dur") {
  const Run r = sample_run();
  const std::string text = chrome_trace_json(r.workload, r.out.results, r.out.trace);
  const json j = json::parse(text);
  const TraceIds ids(r.workload);
  const std::vector<json> slices = events_with(j, "X");

  std::size_t cpu = 0, device = 0, states = 0;
  for (const json& e : slices) {
    if (e["pid"] == TraceIds::kCpuPid) ++cpu;
    else if (e["pid"] == ids.device_pid()) ++device;
    else ++states;
    CHECK(e.contains("name"));
    CHECK(e["args"]["duration_ns"] == e["args"]["end_ns"].get<Time>() - e["args"]["start_ns"].get<Time>());
  }
  CHECK(cpu == r.out.trace.cpu_slices.size());
  CHECK(device == r.out.trace.device_slices.size());
  CHECK(states == expected_state_slices(r.out.trace, r.workload.tasks.size()));
  CHECK(cpu > 20);

  // The raw digits of ts and dur are the slice's nanoseconds / 1000, exactly.
  RawNumbers raw;
  REQUIRE(json::sax_parse(text, &raw));
  std::vector<std::pair<Time, Time>> from_text;  // (ts, dur) in ns, X events only
  std::size_t at = 0;
  bool fractional = false;
  for (const json& e : j["traceEvents"]) {
    if (e["ph"] == "M") continue;
    const std::string ts = raw.numbers.at(at++).second;
    fractional |= ts.find('.') != std::string::npos;
    if (e["ph"] != "X") continue;
    const std::string dur = raw.numbers.at(at++).second;
    CHECK(micros_to_ns(ts) == e["args"]["start_ns"].get<Time>());
    CHECK(micros_to_ns(dur) == e["args"]["duration_ns"].get<Time>());
  }
  CHECK(at == raw.numbers.size());
  CHECK(fractional);  // 1.5us and 333ns costs put decimals in the timestamps

  // Slices on one track never overlap (Perfetto needs thread tracks nested).
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::pair<Time, Time>>> tracks;
  for (const json& e : slices)
    tracks[{e["pid"], e["tid"]}].emplace_back(e["args"]["start_ns"], e["args"]["end_ns"]);
  for (auto& [track, list] : tracks) {
    std::sort(list.begin(), list.end());
    for (std::size_t i = 1; i < list.size(); ++i) CHECK(list[i - 1].second <= list[i].first);
  }
}

TEST_CASE("chrome trace: run slices carry task, reason and overhead kind") {
  const Run r = sample_run();
  const json j = json::parse(chrome_trace_json(r.workload, r.out.results, r.out.trace));
  std::set<std::string> reasons, overheads;
  for (const json& e : events_with(j, "X")) {
    if (e["pid"] != TraceIds::kCpuPid) continue;
    if (e["cat"] == "run") {
      CHECK(e["name"] == e["args"]["task"]);
      reasons.insert(e["args"]["end_reason"].get<std::string>());
    } else {
      CHECK(e["cat"] == "overhead");
      overheads.insert(e["name"].get<std::string>());
      if (e["name"] == "switch") CHECK((e["args"]["switch"] == "thread" || e["args"]["switch"] == "process"));
    }
  }
  for (const char* reason : {"exited", "blocked", "slept", "expired"}) CHECK(reasons.count(reason) == 1);
  CHECK(overheads.count("switch") == 1);
}

TEST_CASE("chrome trace: the ready-queue counter follows the task states") {
  const Run r = sample_run();
  const json j = json::parse(chrome_trace_json(r.workload, r.out.results, r.out.trace));
  const std::vector<json> counters = events_with(j, "C");
  REQUIRE(counters.size() > 2);
  std::int64_t max = 0;
  double last_ts = -1;
  for (const json& c : counters) {
    CHECK(c["name"] == "ready queue");
    CHECK(c["pid"] == TraceIds::kCpuPid);
    const std::int64_t v = c["args"]["length"];
    CHECK(v >= 0);
    CHECK(v <= static_cast<std::int64_t>(r.workload.tasks.size()));
    max = std::max(max, v);
    CHECK(c["ts"].get<double>() > last_ts);  // one value per time
    last_ts = c["ts"];
  }
  CHECK(max >= 1);
  CHECK(counters.back()["args"]["length"] == 0);  // everything finished
}

TEST_CASE("chrome trace: systemTraceEvents is ftrace text that replays the run") {
  const Run r = sample_run();
  const json j = json::parse(chrome_trace_json(r.workload, r.out.results, r.out.trace));
  const std::string text = j["systemTraceEvents"];
  CHECK(text == ftrace_text(r.workload, r.out.trace));
  REQUIRE(text.rfind("# tracer: nop\n", 0) == 0);
  const TraceIds ids(r.workload);

  // Perfetto's systrace line tokenizer and catapult's tgid line format.
  const std::regex perfetto(R"(-(\d+)\s+\(?\s*(\d+|-+)?\)?\s?\[(\d+)\]\s*[a-zA-Z0-9.]{0,4}\s+(\d+\.\d+):\s+(\S+):)");
  const std::regex catapult(R"(^\s*(.+)-(\d+)\s+\(\s*(\d+|-+)\)\s\[(\d+)\]\s+[dX.][Nnp.][Hhs.][0-9a-f.]\s+(\d+\.\d+):\s+(\S+):\s(.*)$)");
  // The kernel's TP_printk formats (include/trace/events/sched.h).
  const std::regex sched_switch(R"(^prev_comm=(\S+) prev_pid=(\d+) prev_prio=(\d+) prev_state=(R\+?|S|D|X) ==> next_comm=(\S+) next_pid=(\d+) next_prio=(\d+)$)");
  const std::regex sched_waking(R"(^comm=(\S+) pid=(\d+) prio=(\d+) target_cpu=(\d{3})$)");

  std::vector<std::int64_t> on_cpu(r.workload.machine.cpus.size(), 0);
  std::vector<Time> since(on_cpu.size(), 0);
  std::map<std::int64_t, Time> ran;  // pid -> time on a CPU according to the switches
  std::size_t wakings = 0, wakeups = 0, switches = 0, entries = 0;
  std::string waking_args;
  Time last = 0;
  for (const std::string& line : lines_of(text)) {
    if (line.empty() || line[0] == '#') continue;
    ++entries;
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_search(line, perfetto));
    REQUIRE(std::regex_match(line, m, catapult));
    const std::size_t cpu = std::stoul(m[4]);
    REQUIRE(cpu < on_cpu.size());
    const std::string ts = m[5];
    REQUIRE(ts.size() - ts.find('.') == 10);  // nine decimals: nanoseconds
    const Time t = std::stoll(ts.substr(0, ts.find('.'))) * kSecond + std::stoll(ts.substr(ts.find('.') + 1));
    CHECK(t >= last);
    last = t;
    const std::string event = m[6], args = m[7];
    std::smatch a;
    if (event == "sched_switch") {
      ++switches;
      REQUIRE(std::regex_match(args, a, sched_switch));
      // The line is written by the task switching out, which is who the CPU ran.
      CHECK(std::stoll(m[2]) == on_cpu[cpu]);
      CHECK(std::stoll(a[2]) == on_cpu[cpu]);
      if (on_cpu[cpu] != 0) ran[on_cpu[cpu]] += t - since[cpu];
      on_cpu[cpu] = std::stoll(a[6]);
      since[cpu] = t;
      CHECK(a[6] != a[2]);
    } else if (event == "sched_waking") {
      ++wakings;
      REQUIRE(std::regex_match(args, a, sched_waking));
      waking_args = args;
    } else {
      // Every sched_waking is followed at once by its sched_wakeup (same
      // fields), which chrome://tracing wants to see a task become runnable.
      REQUIRE(event == "sched_wakeup");
      ++wakeups;
      REQUIRE(std::regex_match(args, a, sched_waking));
      CHECK(args == waking_args);
      CHECK(wakeups == wakings);
      waking_args.clear();
    }
  }
  CHECK(text.find("entries-in-buffer/entries-written: " + std::to_string(entries) + "/" +
                  std::to_string(entries) + "   #P:2\n") != std::string::npos);
  CHECK(switches > 10);
  // Everything ended: every CPU is back to the idle task.
  for (std::int64_t pid : on_cpu) CHECK(pid == 0);
  // With no interrupt or scheduler cost, a task is on a CPU in the ftrace view
  // exactly while it runs.
  for (TaskId t = 0; t < r.workload.tasks.size(); ++t)
    CHECK(ran[ids.task_tid(t)] == r.out.results.tasks[t].cpu);
  // A waking per arrival and per wake-up from I/O or sleep.
  std::size_t expected_wakings = 0;
  std::vector<TaskState> state(r.workload.tasks.size(), TaskState::NotArrived);
  for (const TaskStateChange& c : r.out.trace.task_states) {
    if (c.state == TaskState::Ready &&
        (state[c.task] == TaskState::NotArrived || state[c.task] == TaskState::Blocked ||
         state[c.task] == TaskState::Sleeping))
      ++expected_wakings;
    state[c.task] = c.state;
  }
  CHECK(wakings == expected_wakings);
  CHECK(wakeups == expected_wakings);
  // Names are single words in ftrace.
  CHECK(text.find("next_comm=web_one ") != std::string::npos);
  CHECK(text.find("next_comm=web_two ") != std::string::npos);
  CHECK(text.find("prev_state=D ") != std::string::npos);  // blocked on I/O
  CHECK(text.find("prev_state=S ") != std::string::npos);  // slept
}

TEST_CASE("chrome trace: a run stopped by --until leaves the running tasks on their CPUs") {
  const Run r = sample_run(2 * kMillisecond);
  const json j = json::parse(chrome_trace_json(r.workload, r.out.results, r.out.trace));
  CHECK(j["otherData"]["end_ns"] == 2 * kMillisecond);
  for (const json& e : events_with(j, "X")) CHECK(e["args"]["end_ns"].get<Time>() <= 2 * kMillisecond);
  CHECK(events_with(j, "X").size() == r.out.trace.cpu_slices.size() + r.out.trace.device_slices.size() +
                                          expected_state_slices(r.out.trace, r.workload.tasks.size()));
}

TEST_CASE("exports: exact microseconds and ftrace names") {
  CHECK(exact_micros(0) == "0");
  CHECK(exact_micros(5) == "0.005");
  CHECK(exact_micros(1234567) == "1234.567");
  CHECK(exact_micros(1234500) == "1234.5");
  CHECK(exact_micros(1234000) == "1234");
  CHECK(exact_micros(kNever) == "9223372036854775.807");
  CHECK(ftrace_comm("web server 1") == "web_server_1");
  CHECK(ftrace_comm("a=b\tc") == "a_b_c");
}

// ---- SVG -------------------------------------------------------------------------

namespace {

// A small XML well-formedness check: one root element, tags balanced and
// matching, attributes quoted and unique, only the five named entities or
// numeric ones, nothing outside the root but the declaration and spaces.
// Returns an error message, empty if well formed; counts elements by name.
struct XmlCheck {
  std::map<std::string, std::size_t> elements;
  std::size_t slice_rects = 0;

  std::string check(const std::string& x) {
    std::vector<std::string> open;
    std::size_t i = 0, roots = 0;
    auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.'; };
    auto entity_ok = [&](std::size_t at) {
      const std::size_t end = x.find(';', at);
      if (end == std::string::npos) return false;
      const std::string e = x.substr(at + 1, end - at - 1);
      if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
      return e.size() > 1 && e[0] == '#' && e.find_first_not_of("0123456789", 1) == std::string::npos;
    };
    if (x.rfind("<?xml ", 0) == 0) i = x.find("?>") + 2;
    while (i < x.size()) {
      if (x[i] != '<') {
        if (open.empty() && !std::isspace(static_cast<unsigned char>(x[i]))) return "text outside the root";
        if (x[i] == '&' && !entity_ok(i)) return "bad entity at " + std::to_string(i);
        if (x[i] == '>') return "stray '>' at " + std::to_string(i);
        ++i;
        continue;
      }
      if (x.compare(i, 4, "<!--") == 0) {
        const std::size_t end = x.find("-->", i);
        if (end == std::string::npos) return "unclosed comment";
        i = end + 3;
        continue;
      }
      const bool closing = x[i + 1] == '/';
      std::size_t j = i + (closing ? 2 : 1);
      const std::size_t name_start = j;
      while (j < x.size() && name_char(x[j])) ++j;
      const std::string name = x.substr(name_start, j - name_start);
      if (name.empty()) return "empty tag name at " + std::to_string(i);
      if (closing) {
        while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j]))) ++j;
        if (x[j] != '>') return "bad closing tag " + name;
        if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
        open.pop_back();
        i = j + 1;
        continue;
      }
      if (open.empty() && roots++ > 0) return "second root element";
      std::set<std::string> attributes;
      bool is_slice = false;
      for (;;) {
        while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j]))) ++j;
        if (j >= x.size()) return "unclosed tag " + name;
        if (x[j] == '>' || x.compare(j, 2, "/>") == 0) break;
        const std::size_t a = j;
        while (j < x.size() && name_char(x[j])) ++j;
        const std::string attr = x.substr(a, j - a);
        if (attr.empty() || x[j] != '=' || (x[j + 1] != '"' && x[j + 1] != '\'')) return "bad attribute in " + name;
        if (!attributes.insert(attr).second) return "duplicate attribute " + attr;
        const char quote = x[j + 1];
        const std::size_t end = x.find(quote, j + 2);
        if (end == std::string::npos) return "unterminated attribute " + attr;
        const std::string value = x.substr(j + 2, end - j - 2);
        if (value.find('<') != std::string::npos) return "'<' in attribute " + attr;
        for (std::size_t k = value.find('&'); k != std::string::npos; k = value.find('&', k + 1))
          if (!entity_ok(j + 2 + k)) return "bad entity in attribute " + attr;
        if (name == "rect" && attr == "class" && value.rfind("slice", 0) == 0) is_slice = true;
        j = end + 1;
      }
      ++elements[name];
      slice_rects += is_slice;
      if (x[j] == '>') {
        open.push_back(name);
        i = j + 1;
      } else {
        i = j + 2;
      }
    }
    if (!open.empty()) return "unclosed <" + open.back() + ">";
    if (roots != 1) return "no root element";
    return {};
  }
};

}  // namespace

TEST_CASE("svg: well-formed, a rect per slice, a lane per CPU and device channel") {
  const Run r = sample_run();
  const std::string svg = svg_gantt(r.workload, r.out.results, r.out.trace);
  XmlCheck xml;
  REQUIRE(xml.check(svg) == "");
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(xml.slice_rects == r.out.trace.cpu_slices.size() + r.out.trace.device_slices.size());
  // A tooltip per slice.
  CHECK(xml.elements["title"] == xml.slice_rects);
  // Lanes: cpu0, cpu1, disk[0], disk[1], net.
  std::size_t lanes = 0;
  for (std::size_t at = svg.find("class=\"lane\""); at != std::string::npos; at = svg.find("class=\"lane\"", at + 1)) ++lanes;
  CHECK(lanes == 5);
  for (const char* label : {">cpu0<", ">cpu1<", ">disk[0]<", ">disk[1]<", ">net<"})
    CHECK(svg.find(label) != std::string::npos);
  // The legend names every task, the overhead seen and idle; the title the workload.
  for (const char* label : {">hog<", ">web one<", ">web=two<", ">reader<", ">sleeper<", ">context switch<", ">idle<", ">export test<"})
    CHECK(svg.find(label) != std::string::npos);
  // Overhead has its own fill.
  CHECK(svg.find("fill=\"#1f1f1f\"><title>context switch") != std::string::npos);
}

TEST_CASE("svg: task lanes show every state stretch") {
  const Run r = sample_run();
  SvgOptions options;
  options.task_lanes = true;
  const std::string svg = svg_gantt(r.workload, r.out.results, r.out.trace, options);
  XmlCheck xml;
  REQUIRE(xml.check(svg) == "");
  CHECK(xml.slice_rects == r.out.trace.cpu_slices.size() + r.out.trace.device_slices.size());
  std::size_t states = 0;
  for (std::size_t at = svg.find("<rect class=\"state "); at != std::string::npos;
       at = svg.find("<rect class=\"state ", at + 1))
    ++states;
  CHECK(states == expected_state_slices(r.out.trace, r.workload.tasks.size()));
  for (const char* cls : {"state running", "state ready", "state blocked", "state sleeping"})
    CHECK(svg.find(cls) != std::string::npos);
  for (const char* label : {">ready (pale: waiting for a CPU)<", ">blocked on I/O<", ">sleeping<"})
    CHECK(svg.find(label) != std::string::npos);
  // Without the option: no task lanes.
  CHECK(svg_gantt(r.workload, r.out.results, r.out.trace).find("class=\"state ") == std::string::npos);
}

TEST_CASE("svg: a time axis with 1-2-5 ticks in human units") {
  const Workload w = load_workload(source_path("workloads/textbook.json"));
  const RunOutput out = run_checked(w);  // 30ms
  const std::string svg = svg_gantt(w, out.results, out.trace);
  XmlCheck xml;
  REQUIRE(xml.check(svg) == "");
  // 30ms on about 1100 pixels: a tick every 2ms, labelled in ms.
  for (const char* tick : {">0<", ">2ms<", ">10ms<", ">30ms<"}) {
    INFO(tick);
    CHECK(svg.find(tick) != std::string::npos);
  }
  CHECK(svg.find(">31ms<") == std::string::npos);
  // Wide slices are labelled with their task.
  CHECK(svg.find("pointer-events=\"none\">P1</text>") != std::string::npos);
  CHECK(xml.slice_rects == out.trace.cpu_slices.size());
  // Deterministic.
  CHECK(svg == svg_gantt(w, out.results, out.trace));
}

TEST_CASE("svg: names are escaped and colours stay apart") {
  Workload w = workload_from_json(R"({"name": "a <b> & \"c\"", "tasks": [
      {"name": "x<y", "burst": 2}, {"name": "a&b", "burst": 2}]})");
  const RunOutput out = run_checked(w);
  const std::string svg = svg_gantt(w, out.results, out.trace);
  XmlCheck xml;
  REQUIRE(xml.check(svg) == "");
  CHECK(svg.find("a &lt;b&gt; &amp; &quot;c&quot;") != std::string::npos);
  std::set<std::string> colours;
  for (TaskId t = 0; t < 200; ++t) colours.insert(task_colour(t));
  CHECK(colours.size() > 150);
  for (const std::string& c : colours) CHECK(std::regex_match(c, std::regex("#[0-9a-f]{6}")));
}

// ---- CSV -------------------------------------------------------------------------

namespace {

// Fields of one CSV line (RFC 4180 quoting).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

TEST_CASE("csv: tasks, cpus and slices files with a row each") {
  const Run r = sample_run();
  const auto files = csv_files(r.workload, r.out.results, r.out.trace);
  std::map<std::string, std::vector<std::string>> lines;
  for (const auto& [name, text] : files) {
    CHECK(text.back() == '\n');
    lines[name] = lines_of(text);
    const std::size_t columns = csv_fields(lines[name].front()).size();
    for (const std::string& line : lines[name]) CHECK(csv_fields(line).size() == columns);
  }
  CHECK(lines.size() == 4);
  CHECK(lines["tasks.csv"].size() == 1 + r.workload.tasks.size());
  CHECK(lines["cpus.csv"].size() == 1 + r.workload.machine.cpus.size());
  CHECK(lines["summary.csv"].size() == 2);
  const auto& slices = lines["slices.csv"];
  REQUIRE(slices.size() == 1 + r.out.trace.cpu_slices.size() + r.out.trace.device_slices.size());
  CHECK(slices[0] == "lane,lane_kind,channel,kind,task,start_ns,end_ns,duration_ns,reason,detail");
  CHECK(lines["cpus.csv"][0] ==
        "name,class,busy_ns,switch_ns,migration_ns,scheduler_ns,interrupt_ns,idle_ns,utilization");

  // Rows in start order; durations add up to the CPU figures.
  Time last = 0, busy = 0, io = 0;
  std::size_t blocked_on_disk = 0;
  for (std::size_t i = 1; i < slices.size(); ++i) {
    const auto f = csv_fields(slices[i]);
    const Time start = std::stoll(f[5]), end = std::stoll(f[6]);
    CHECK(start >= last);
    last = start;
    CHECK(std::stoll(f[7]) == end - start);
    if (f[3] == "run") busy += end - start;
    if (f[1] == "device") {
      CHECK(f[3] == "io");
      io += end - start;
    }
    if (f[8] == "blocked" && f[9] == "disk") ++blocked_on_disk;
  }
  CHECK(busy == r.out.results.cpus[0].busy + r.out.results.cpus[1].busy);
  Time task_blocked = 0;
  for (const TaskResult& t : r.out.results.tasks) task_blocked += t.blocked;
  CHECK(io > 0);
  CHECK(io <= task_blocked);  // service time, without the queueing and sleeping
  CHECK(blocked_on_disk == 5);  // web=two three times, reader twice
  CHECK(slices_csv(r.workload, r.out.trace).find("\"web one\"") == std::string::npos);  // no comma: no quotes
}
