// The workload editor's model for templates, spawning, memory and wait
// modes (SPEC §10): the text form of spawn, io-wait and lock phases, renaming
// templates, CPU lists, sizes, parser errors with their JSON path, and a
// round trip of every shipped workload using these features through the
// editor's model, saved and run by the CLI with byte-identical results.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include "gui/model/field_check.h"
#include "gui/model/program_text.h"
#include "gui/model/session.h"
#include "gui/model/workload_edit.h"
#include "sim/format/workload_json.h"

using namespace timeslice;
using namespace timeslice::gui;

namespace {

std::string workload_path(const std::string& name) {
  return std::string(TIMESLICE_SOURCE_DIR) + "/workloads/" + name;
}

std::filesystem::path scratch_dir() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("timeslice-gui-editor-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `timeslice ARGS` and what it wrote on stdout (stderr too, after a marker).
std::string cli(const std::string& args) {
  const auto dir = scratch_dir();
  const std::string out = (dir / "out.txt").string(), err = (dir / "err.txt").string();
  const std::string command = std::string("'") + TIMESLICE_CLI + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int raw = std::system(command.c_str());
  const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return "status " + std::to_string(status) + "\n" + read_text(out) + "\n--- stderr\n" + read_text(err);
}

// Every task's and template's program through the text form and back, as
// the editor's program field applies it.
void round_trip_programs(Json& doc, const char* key, const std::string& unit) {
  if (!doc.contains(key)) return;
  for (std::size_t i = 0; i < doc[key].size(); ++i) {
    Json& t = doc[key][i];
    INFO(key << "[" << i << "] " << t.dump());
    const auto text = program_to_text(t);
    REQUIRE(text);  // the editor shows it as text, not "(edit in the JSON tab)"
    const Json before = t;
    CHECK(apply_program_text(t, *text, unit) == "");
    CHECK(program_to_text(t) == text);
    // The same phases, as written: only a lone cpu phase becomes "burst".
    if (before.contains("program") && !t.contains("burst")) CHECK(t["program"] == before["program"]);
  }
}

}  // namespace

TEST_CASE("program text: spawn, io wait modes and locks round trip", "[gui][editor]") {
  const Json task = Json::parse(R"({ "name": "acceptor", "program": [
      { "repeat": 3, "program": [ { "io": "clients", "duration": 0.1 },
                                  { "spawn": "handler", "as": "thread" } ] },
      { "spawn": "worker", "count": 10, "as": "process", "exec": true, "on_refused": "exit" },
      { "spawn": "g", "as": "fiber", "runtime": "go" },
      { "spawn": "p", "exec": false },
      { "io": "net", "duration": 1, "wait": "poll", "fds": 1001 },
      { "io": "disk", "duration": "9ms", "wait": "spin" },
      { "io": "disk", "duration": 2, "wait": "block" },
      { "lock": "gil" }, { "cpu": 0.05 }, { "unlock": "gil" } ] })");
  const auto text = program_to_text(task);
  REQUIRE(text);
  CHECK(*text ==
        "repeat 3 (io clients 0.1, spawn handler as thread), "
        "spawn worker count 10 as process exec on_refused exit, spawn g as fiber runtime go, spawn p exec false, "
        "io net 1 wait poll fds 1001, io disk 9ms wait spin, io disk 2 wait block, lock gil, cpu 0.05, unlock gil");
  const ProgramParse back = parse_program_text(*text, "ms");
  REQUIRE(back.ok());
  CHECK(back.program == task["program"]);
  // Options in any order, the file's key order on the way back.
  const ProgramParse any = parse_program_text("spawn h on_refused exit as thread count 2", "ms");
  REQUIRE(any.ok());
  CHECK(any.program[0].dump() == R"({"spawn":"h","on_refused":"exit","as":"thread","count":2})");
  CHECK(parse_program_text("spawn h exec, cpu 1", "ms").program[0]["exec"] == true);
}

TEST_CASE("program text: bad spawn and io options say what and where", "[gui][editor]") {
  CHECK(parse_program_text("spawn", "ms").error == "at 6: expected a template name after 'spawn'");
  CHECK(parse_program_text("spawn h count x", "ms").error == "at 16: expected a whole number after 'count'");
  CHECK(parse_program_text("spawn h speed 2", "ms").error ==
        "at 9: unknown option 'speed' of spawn (count, as, exec, runtime, on_refused)");
  CHECK(parse_program_text("spawn h as", "ms").error == "at 11: expected a value after 'as'");
  CHECK(parse_program_text("spawn h count 1 count 2", "ms").error == "at 17: 'count' given twice");
  CHECK(parse_program_text("io net 1 fds", "ms").error == "at 13: expected a value after 'fds'");
  CHECK(parse_program_text("io net 1 mode spin", "ms").error == "at 10: unknown option 'mode' of io (wait, fds)");
  CHECK(parse_program_text("lock", "ms").error == "at 5: expected a lock name after 'lock'");
  // What the text form leaves to the workload reader: it names the path.
  Session s;
  REQUIRE(s.open_file(workload_path("polling.json")));
  Json doc = s.doc();
  REQUIRE(apply_program_text(doc["tasks"][0], "io disk 9 wait nap", "ms") == "");
  CHECK_FALSE(s.apply(doc));
  CHECK(s.error().find("tasks[0].program[0].wait") != std::string::npos);
}

TEST_CASE("program text: a phase the text cannot say stays in the JSON tab", "[gui][editor]") {
  CHECK_FALSE(program_to_text(Json::parse(R"({"program": [{"io": "net", "duration": 1, "speed": 2}]})")));
  CHECK_FALSE(program_to_text(Json::parse(R"({"program": [{"spawn": "a b"}]})")));
  CHECK_FALSE(program_to_text(Json::parse(R"({"program": [{"spawn": "h", "count": "2"}]})")));
  CHECK_FALSE(program_to_text(Json::parse(R"({"program": [{"lock": 3}]})")));
}

TEST_CASE("editor model: renaming a template renames every spawn of it", "[gui][editor]") {
  Json doc = Json::parse(R"({
    "templates": [ { "name": "h", "program": [ { "cpu": 1 }, { "spawn": "leaf" } ] },
                   { "name": "leaf", "burst": 1 } ],
    "generate": [ { "name": "c", "count": 2, "arrival": 1, "burst": 1, "spawn": { "template": "h" } } ],
    "tasks": [ { "name": "a", "program": [ { "repeat": 2, "program": [ { "spawn": "h" }, { "spawn": "leaf" } ] } ] },
               { "name": "b", "burst": 1 } ] })");
  CHECK(template_names(doc) == std::vector<std::string>{"h", "leaf"});
  CHECK(rename_template(doc, "h", "handler") == 2);
  CHECK(doc["tasks"][0]["program"][0]["program"][0]["spawn"] == "handler");
  CHECK(doc["generate"][0]["spawn"]["template"] == "handler");
  CHECK(rename_template(doc, "leaf", "l") == 2);
  CHECK(doc["templates"][0]["program"][1]["spawn"] == "l");
  CHECK(doc["tasks"][0]["program"][0]["program"][1]["spawn"] == "l");
  CHECK(rename_template(doc, "nothing", "x") == 0);
  CHECK(rename_template(doc, "l", "l") == 0);
}

TEST_CASE("editor model: CPU lists and sizes as typed", "[gui][editor]") {
  CHECK(affinity_to_text(Json::parse(R"([0, 2, "big0"])")) == "0, 2, big0");
  CHECK(parse_affinity_text("0, 2 big0") == Json::parse(R"([0, 2, "big0"])"));
  CHECK(parse_affinity_text(" , ").is_null());
  CHECK(affinity_to_text(Json()) == "");
  CHECK(size_error("8GiB") == "");
  CHECK(size_error("4096") == "");
  CHECK(size_error(" 2KiB ") == "");
  CHECK(size_error("8 GiB") ==
        "\"8 GiB\" is not a size: write a whole number with a unit (B, KiB, MiB, GiB, TiB; kB, MB, GB, TB), e.g. 8GiB");
  CHECK(size_error("-1") != "");
  CHECK(size_error("2PiB") != "");
  CHECK(size_error("").find("empty") == 0);
  CHECK(parse_size("8MiB") == 8 << 20);
  CHECK(parse_size("1GB") == 1'000'000'000);
}

TEST_CASE("editor model: a bad template name or a spawn cycle is shown with its path", "[gui][editor]") {
  Session s;
  REQUIRE(s.open_file(workload_path("c10k-threads.json")));
  const std::uint64_t good = s.results().summary.tasks;
  Json doc = s.doc();
  Json& spawn = doc["tasks"][0]["program"][0]["program"][1];
  spawn["spawn"] = "handlr";
  CHECK_FALSE(s.apply(doc));
  CHECK(s.error().find("tasks[0].program[0].program[1].spawn: unknown template \"handlr\" (did you mean \"handler\"?") !=
        std::string::npos);
  REQUIRE(s.has_run());
  CHECK(s.results().summary.tasks == good);  // the last good run stays
  // The handler spawning a helper that spawns the handler: never ends.
  spawn["spawn"] = "handler";
  doc["templates"][0]["program"].push_back(Json{{"spawn", "helper"}});
  doc["templates"].push_back(Json{{"name", "helper"}, {"program", Json::array({Json{{"spawn", "handler"}}})}});
  CHECK_FALSE(s.apply(doc));
  CHECK(s.error().find("templates[1].program[0].spawn: template \"handler\" spawns itself") != std::string::npos);
  // Fixed: the run comes back.
  doc["templates"].erase(1);
  doc["templates"][0]["program"].erase(3);
  CHECK(s.apply(doc));
  CHECK(s.error().empty());
}

// Each shipped lesson on spawning, memory and wait modes: every program
// through the editor's text form, a template renamed and renamed back,
// saved; the CLI gives byte-identical results for the saved file.
TEST_CASE("editor model: shipped spawn and wait-mode workloads round trip to identical CLI results",
          "[gui][editor]") {
  for (const char* name : {"c10k-processes.json", "c10k-threads.json", "c10k-goroutines.json",
                           "select-vs-epoll.json", "polling.json", "gil-switch-interval.json"}) {
    INFO(name);
    Session s;
    REQUIRE(s.open_file(workload_path(name)));
    Json doc = s.doc();
    const std::string unit = s.time_unit();
    round_trip_programs(doc, "tasks", unit);
    round_trip_programs(doc, "templates", unit);
    for (const std::string& t : template_names(doc)) {
      const int renamed = rename_template(doc, t, t + "_renamed");
      CHECK(rename_template(doc, t + "_renamed", t) == renamed);
    }
    REQUIRE(s.apply(doc));
    const std::string saved = (scratch_dir() / name).string();
    REQUIRE(s.save(saved));
    const std::string original = workload_path(name);
    for (const char* options : {"", " --format json", " --explain --summary"}) {
      INFO(options);
      const std::string a = cli("run '" + original + "'" + options);
      CHECK(a.rfind("status 0\n", 0) == 0);
      CHECK(cli("run '" + saved + "'" + options) == a);
    }
  }
  std::filesystem::remove_all(scratch_dir());
}
