// Compare: a second run, B, stacked under the first on one time axis with a
// shared cursor. B is either the same workload under a second scheduler
// (another policy, or the same one with other parameters) or another
// workload file, run as written: the same load served thread-per-connection
// and goroutine-per-connection (c10k-threads.json vs c10k-goroutines.json).
// This panel picks B, shows both runs' figures side by side (finished,
// refused, memory, where the CPU went) and, for two schedulers, compares
// the tasks one by one.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"
#include "gui/ui/widgets.h"
#include "sim/core/time.h"

namespace timeslice::gui {

namespace {

void per_task_table(App& app) {
  const Results& a = app.session.results();
  const Results& b = app.compare.session.results();
  const std::size_t n = std::min(a.tasks.size(), b.tasks.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("per-task", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Task");
  ImGui::TableSetupColumn("Waiting A");
  ImGui::TableSetupColumn("Waiting B");
  ImGui::TableSetupColumn("Response A");
  ImGui::TableSetupColumn("Response B");
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TaskResult& x = a.tasks[static_cast<std::size_t>(i)];
      const TaskResult& y = b.tasks[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(x.name.c_str(), app.selected == static_cast<TaskId>(i),
                            ImGuiSelectableFlags_SpanAllColumns))
        app.select(static_cast<TaskId>(i));
      ImGui::PopID();
      auto cell = [](Time mine, Time other) {
        ImGui::TableNextColumn();
        const ImVec4 col = mine < other   ? colors::kOk
                           : mine > other ? colors::kError
                                          : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        text_colored(col, fmt_time(mine));
      };
      cell(x.waiting, y.waiting);
      cell(y.waiting, x.waiting);
      const Time ra = x.response.value_or(0), rb = y.response.value_or(0);
      cell(ra, rb);
      cell(rb, ra);
    }
  }
  ImGui::EndTable();
}

// Where a run's CPU time went (the CLI's "CPU use" line).
struct CpuSplit {
  Time busy = 0, spawning = 0, spinning = 0, polling = 0;
  Time useful() const { return busy - spawning - spinning - polling; }
};
CpuSplit cpu_split(const Results& r) {
  CpuSplit s;
  for (const CpuResult& c : r.cpus) {
    s.busy += c.busy;
    s.spawning += c.spawning;
    s.spinning += c.spinning;
    s.polling += c.polling;
  }
  return s;
}

std::string share(Time part, Time whole) {
  if (whole <= 0) return fmt_time(part);
  char b[32];
  std::snprintf(b, sizeof b, " (%.0f%%)", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return fmt_time(part) + b;
}

// One run's figures at the shared cursor and over the whole run.
struct RunFigures {
  std::uint64_t tasks = 0, done_by_cursor = 0, completed = 0, refused = 0;
  bool live = false;  // done_by_cursor is known (the run kept a timeline)
  Time makespan = 0;
  std::int64_t peak = 0, limit = 0;
  MemoryUse by_kind;
  CpuSplit cpu;
  Time fiber_switching = 0;  // runtimes' carriers switching and creating fibers
  bool fibers = false;       // the run has runtimes
  double overhead = 0;
};
RunFigures figures(const Session& s, Time cursor) {
  RunFigures f;
  const Results& r = s.results();
  f.tasks = r.summary.tasks;
  f.completed = r.summary.completed;
  f.live = s.has_timeline();
  if (f.live) f.done_by_cursor = s.model().completed_by(cursor);
  f.refused = r.memory.refused;
  f.makespan = r.summary.makespan;
  f.peak = r.memory.peak;
  f.limit = r.memory.limit;
  f.by_kind = r.memory.peak_by_kind;
  f.cpu = cpu_split(r);
  for (const RuntimeResult& rt : r.runtimes) f.fiber_switching += rt.fiber_switch_time;
  f.fibers = !r.runtimes.empty();
  f.overhead = r.summary.overhead_share;
  return f;
}

enum class Better { Lower, Higher, Neither };

// A row of the side-by-side table; B in green where it does better than A,
// red where worse.
void row(const char* name, const char* help, const std::string& a, const std::string& b, double va, double vb,
         Better better) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(name);
  if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(a.c_str());
  ImGui::TableNextColumn();
  ImVec4 col = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  if (better != Better::Neither && va != vb) col = ((better == Better::Lower) == (vb < va)) ? colors::kOk : colors::kError;
  text_colored(col, b);
}

std::string count_text(std::uint64_t n) { return std::to_string(n); }

void side_by_side(App& app) {
  const Time cursor = app.playback.cursor;
  const RunFigures a = figures(app.session, cursor), b = figures(app.compare.session, cursor);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("side-by-side", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("", 0, 0.9f);
  ImGui::TableSetupColumn(("A: " + app.run_short_label(0)).c_str(), 0, 1.0f);
  ImGui::TableSetupColumn(("B: " + app.run_short_label(1)).c_str(), 0, 1.0f);
  ImGui::TableHeadersRow();
  const auto d = [](auto x) { return static_cast<double>(x); };
  if (a.live && b.live)
    row(("Finished by " + fmt_time(cursor)).c_str(), "Tasks done by the cursor, shared by both runs",
        count_text(a.done_by_cursor) + " of " + count_text(a.tasks),
        count_text(b.done_by_cursor) + " of " + count_text(b.tasks), d(a.done_by_cursor), d(b.done_by_cursor),
        Better::Higher);
  row("Finished", "Tasks done by the end of the run", count_text(a.completed) + " of " + count_text(a.tasks),
      count_text(b.completed) + " of " + count_text(b.tasks), d(a.completed), d(b.completed), Better::Higher);
  row("Refused", "Spawns and arrivals that did not fit in memory or max_threads: they never ran",
      count_text(a.refused), count_text(b.refused), d(a.refused), d(b.refused), Better::Lower);
  row("Makespan", "End of the run: the last completion", fmt_time(a.makespan), fmt_time(b.makespan),
      d(a.makespan), d(b.makespan), Better::Lower);
  const auto mem = [](const RunFigures& f) {
    return format_bytes(f.peak) + (f.limit > 0 ? " of " + format_bytes(f.limit) : std::string());
  };
  row("Memory peak", "Most memory in use at once (machine.memory: the limit)", mem(a), mem(b), d(a.peak), d(b.peak),
      Better::Lower);
  // Each kind's own peak (not at one moment), as the CLI's Memory line.
  row("  processes", "Processes' own resident memory (sizes.process_rss each), at its peak",
      format_bytes(a.by_kind.process), format_bytes(b.by_kind.process), 0, 0, Better::Neither);
  row("  thread stacks", "Kernel threads' stacks at their peak: sizes.thread_stack each without overcommit,\n"
      "thread_resident with it", format_bytes(a.by_kind.thread), format_bytes(b.by_kind.thread), 0, 0, Better::Neither);
  row("  fiber stacks", "Fibers' stacks at their peak (sizes.fiber_stack each)", format_bytes(a.by_kind.fiber),
      format_bytes(b.by_kind.fiber), 0, 0, Better::Neither);
  row("  kernel threads", "Kernel threads alive at once, at most", count_text(a.by_kind.threads),
      count_text(b.by_kind.threads), d(a.by_kind.threads), d(b.by_kind.threads), Better::Neither);
  row("CPU busy", "Time the CPUs ran tasks, summed over CPUs", fmt_time(a.cpu.busy), fmt_time(b.cpu.busy),
      d(a.cpu.busy), d(b.cpu.busy), Better::Neither);
  row("  useful work", "Busy time less creating tasks, spinning and polling", share(a.cpu.useful(), a.cpu.busy),
      share(b.cpu.useful(), b.cpu.busy), 0, 0, Better::Neither);
  row("  creating tasks", "fork, exec, thread creation (costs.*) on the spawning CPU",
      share(a.cpu.spawning, a.cpu.busy), share(b.cpu.spawning, b.cpu.busy), d(a.cpu.spawning), d(b.cpu.spawning),
      Better::Lower);
  if (a.fibers || b.fibers)
    row("  of it: fiber switching", "Carriers switching and creating fibers (a runtime's fiber_switch and\n"
        "fiber_create costs): part of the useful work above, as the CLI counts it",
        share(a.fiber_switching, a.cpu.busy), share(b.fiber_switching, b.cpu.busy), d(a.fiber_switching),
        d(b.fiber_switching), Better::Lower);
  if (a.cpu.spinning + b.cpu.spinning > 0)
    row("  spinning", "Busy-polling I/O (\"wait\": \"spin\"): CPU that did no work", share(a.cpu.spinning, a.cpu.busy),
        share(b.cpu.spinning, b.cpu.busy), d(a.cpu.spinning), d(b.cpu.spinning), Better::Lower);
  if (a.cpu.polling + b.cpu.polling > 0)
    row("  polling", "Pollers' cost per wakeup (\"wait\": \"poll\", costs.poll)", share(a.cpu.polling, a.cpu.busy),
        share(b.cpu.polling, b.cpu.busy), d(a.cpu.polling), d(b.cpu.polling), Better::Lower);
  char oa[32], ob[32];
  std::snprintf(oa, sizeof oa, "%.1f%%", a.overhead * 100);
  std::snprintf(ob, sizeof ob, "%.1f%%", b.overhead * 100);
  row("Overhead", "Switch, scheduler, migration and interrupt time over all non-idle CPU time", oa, ob, a.overhead,
      b.overhead, Better::Lower);
  ImGui::EndTable();
}

// B as another workload file: a path to type, or a shipped example.
void pick_file(App& app) {
  static std::string path, shown;
  if (shown != app.compare.file) path = shown = app.compare.file;  // B changed elsewhere (menu, option)
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - 150));
  const bool enter = ImGui::InputText("##file", &path, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Path of a workload JSON file; Enter runs it as B");
  ImGui::SameLine();
  if (ImGui::Button("Run as B") || enter) app.compare_with_file(path);
  ImGui::SameLine();
  if (ImGui::BeginCombo("##examples", "examples", ImGuiComboFlags_NoPreview | ImGuiComboFlags_HeightLarge)) {
    for (const WorkloadInfo& e : app.examples) {
      const std::string file = std::filesystem::path(e.path).filename().string();
      if (ImGui::Selectable(file.c_str(), e.path == app.compare.file)) {
        path = e.path;
        app.compare_with_file(path);
      }
      if (ImGui::IsItemHovered() && !e.name.empty()) ImGui::SetTooltip("%s", e.name.c_str());
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run a shipped example as B");
}

}  // namespace

void draw_compare(App& app) {
  bool on = app.compare.enabled;
  if (ImGui::Checkbox("Compare with a second run", &on)) app.set_compare(on);
  ImGui::SameLine();
  help_marker(
      "Runs a second workload, B: the same one under another scheduler, or another workload "
      "file as written. B's lanes appear below A's on the same time axis, with the same cursor; "
      "the figures show both (green: B is better, red: worse).");
  if (!app.compare.enabled) {
    ImGui::TextWrapped(
        "Tip: tick the box, then pick a policy. For the textbook workload, compare rr "
        "with fcfs and sjf and watch the average waiting time. Or pick \"another workload\" "
        "and compare c10k-threads.json with c10k-goroutines.json: the same load, one thread "
        "or one goroutine per connection.");
    return;
  }
  int mode = app.compare.of_file() ? 1 : 0;
  ImGui::TextUnformatted("B is");
  ImGui::SameLine();
  if (ImGui::RadioButton("this workload, another scheduler", mode == 0) && mode != 0) app.compare_with_file("");
  ImGui::SameLine();
  if (ImGui::RadioButton("another workload", mode == 1) && mode != 1)
    // A's own file until another is picked: the same run twice, to start from.
    app.compare_with_file(app.session.path().empty() ? app.workloads_dir + "/textbook.json" : app.session.path());
  if (app.compare.of_file()) {
    pick_file(app);
  } else {
    if (!app.compare.scheduler.is_object())
      app.compare.scheduler = default_compare_scheduler(app.session.doc());
    section_title("Scheduler B");
    if (edit_scheduler(app.compare.scheduler, app.session.time_unit())) app.refresh_compare();
    if (ImGui::Button("Use A's scheduler")) {
      Json doc = app.session.doc();
      app.compare.scheduler = doc.contains("scheduler") ? doc["scheduler"] : Json::object();
      app.refresh_compare();
    }
    ImGui::SameLine();
    if (ImGui::Button("Swap: make B the main run")) {
      const Json b = app.compare.scheduler;
      Json doc = app.session.doc();
      app.compare.scheduler = doc.contains("scheduler") ? doc["scheduler"] : Json::object();
      doc["scheduler"] = b;
      app.edited(std::move(doc));
    }
  }
  if (!app.compare.session.error().empty())
    text_wrapped_colored(colors::kError, app.compare.session.error());
  if (!app.compare.session.has_run() || !app.session.has_run()) return;
  if (app.compare.of_file()) {
    section_title("A and B side by side");
    side_by_side(app);
    return;
  }
  // Two schedulers on one workload: the summary has the figures, unless the
  // run creates tasks, limits memory or spins and polls (SPEC §10).
  const Results& a = app.session.results();
  const Results& b = app.compare.session.results();
  if (shows_memory(a) || shows_memory(b) || shows_cpu_parts(a) || shows_cpu_parts(b)) {
    section_title("A and B side by side");
    ImGui::BeginChild("figures", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.5f), false);
    side_by_side(app);
    ImGui::EndChild();
  }
  section_title("Per task: A vs B");
  per_task_table(app);
}

}  // namespace timeslice::gui
