// The task table (live metrics at the cursor, sortable by any column) and
// the details window of the selected task.
#include <algorithm>
#include <string>
#include <vector>

#include "gui/model/program_text.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

struct RowData {
  TaskId id;
  TaskAt at;
};

enum Column {
  kName,
  kState,
  kArrival,
  kCpu,
  kWaiting,
  kBlocked,
  kResponse,
  kTurnaround,
  kSwitches,
  kPreempted,
  kColumns
};

// A task's figures at t from the timeline; without one (Metrics), its
// whole-run figures, with Done or Ready standing for finished or not.
TaskAt figures(const Session& s, TaskId id, Time t) {
  if (s.has_timeline()) return s.model().task_at(id, t);
  const TaskResult& r = s.results().tasks[id];
  TaskAt a;
  a.state = r.completion ? TaskState::Done : TaskState::Ready;
  a.cpu = r.cpu;
  a.waiting = r.waiting;
  a.blocked = r.blocked;
  a.first_run = r.first_run;
  a.completion = r.completion;
  a.switches = r.context_switches;
  a.preemptions = r.preemptions;
  a.migrations = r.migrations;
  return a;
}

// Sort key of a task at time t; figures not reached yet sort last. The Task
// column sorts in file order.
Time key(const Session& s, TaskId id, Time t, int column) {
  const Workload& w = s.workload();
  if (column == kName) return static_cast<Time>(id);
  if (column == kArrival) return w.tasks[id].arrival;
  const TaskAt a = figures(s, id, t);
  switch (column) {
    case kState:
      return static_cast<Time>(a.state);
    case kCpu:
      return a.cpu;
    case kWaiting:
      return a.waiting;
    case kBlocked:
      return a.blocked;
    case kResponse:
      return a.first_run ? *a.first_run - w.tasks[id].arrival : kNever;
    case kTurnaround:
      return a.completion ? *a.completion - w.tasks[id].arrival : kNever;
    case kSwitches:
      return static_cast<Time>(a.switches);
    case kPreempted:
      return static_cast<Time>(a.preemptions);
    default:
      return static_cast<Time>(id);
  }
}

// The tasks the table lists, in task order: every task and fiber, and the
// carriers their runtimes started (as reports do: spare carriers that never
// ran are no rows).
std::vector<TaskId> listed_tasks(const Session& s) {
  if (s.has_timeline()) return s.model().shown_tasks();
  std::vector<TaskId> out;
  const auto& rows = s.results().tasks;
  for (TaskId id = 0; id < s.workload().tasks.size(); ++id)
    if (id >= rows.size() || reported(rows[id])) out.push_back(id);
  return out;
}

// The row order, recomputed only when the run, the sort or (for a column
// that changes over time) the cursor changes: big runs stay cheap to draw.
struct RowOrder {
  std::uint64_t version = ~0ull;
  int column = -1;
  bool ascending = true;
  Time cursor = -1;
  std::vector<TaskId> order;

  const std::vector<TaskId>& update(const Session& s, const ImGuiTableSortSpecs* specs, Time t) {
    const int col =
        specs && specs->SpecsCount > 0 ? specs->Specs[0].ColumnIndex : static_cast<int>(kName);
    const bool asc = !specs || specs->SpecsCount == 0 ||
                     specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    const bool live = col != kName && col != kArrival;
    if (version == s.version() && column == col && ascending == asc && (!live || cursor == t))
      return order;
    version = s.version();
    column = col;
    ascending = asc;
    cursor = t;
    const std::vector<TaskId> listed = listed_tasks(s);
    std::vector<std::pair<Time, TaskId>> keyed;
    keyed.reserve(listed.size());
    for (TaskId id : listed) keyed.emplace_back(key(s, id, t, col), id);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      return asc ? a.first < b.first : b.first < a.first;
    });
    order.clear();
    for (const auto& k : keyed) order.push_back(k.second);
    return order;
  }
};

const char* state_text(const Session& s, TaskId id, const TaskAt& a, std::string& buf) {
  if (!s.has_timeline()) return a.completion ? "done" : "unfinished";
  const Workload& w = s.workload();
  if (a.state == TaskState::Blocked && blocked_on_lock(a.aux)) {
    const std::uint32_t lock = a.aux - kLockAux;
    buf = "waits: lock " + (lock < w.locks.size() ? w.locks[lock].name : std::string("?"));
    return buf.c_str();
  }
  // The second level (SPEC §9): carriers and fibers wait for their runtime.
  if (a.state == TaskState::Blocked && a.aux == kParkedAux) return "parked";
  if (a.state == TaskState::Blocked && a.aux == kSyscallAux) return "in a syscall";
  if (a.state == TaskState::Blocked && a.aux >= kChannelAux && a.aux < kLockAux) {
    const std::uint32_t ch = a.aux - kChannelAux;
    buf = "waits: chan " + (ch < w.channels.size() ? w.channels[ch].name : std::string("?"));
    return buf.c_str();
  }
  if (a.state == TaskState::Sleeping && w.tasks[id].role == TaskRole::Carrier) return "in a syscall";
  if (a.state == TaskState::Blocked && a.aux < w.devices.size()) {
    buf = "blocked: " + w.devices[a.aux].name;
    return buf.c_str();
  }
  return state_name(a.state);
}

void time_cell(Time t) { ImGui::TextUnformatted(fmt_time(t).c_str()); }

// Switch and preemption counts over time come from the decisions.
constexpr const char* kNoCounts = "counts over time need \"decisions\" recording";

}  // namespace

void draw_tasks(App& app) {
  if (!app.session.has_run()) return;
  Session& s = app.session;
  const Workload& w = s.workload();
  const Time t = app.playback.cursor;
  const bool live = s.has_timeline();
  const bool counts = !live || s.has_decisions();

  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("tasks", kColumns, flags)) return;
  static int scrolled_for = -1;  // a newly opened workload starts at its first row
  if (scrolled_for != app.view.opened) {
    scrolled_for = app.view.opened;
    ImGui::SetScrollX(0);
    ImGui::SetScrollY(0);
  }
  ImGui::TableSetupScrollFreeze(1, 1);
  static const char* const kHeads[kColumns][2] = {
      {"Task", "click a row to select the task"},
      {"State", "what the task is doing at the cursor"},
      {"Arrived", "arrival time"},
      {"CPU", "time running so far"},
      {"Wait", "time ready but not running so far (queued, being dispatched, interrupted)"},
      {"Blocked", "time blocked on I/O or asleep so far"},
      {"Resp.", "response: first run - arrival"},
      {"Turn.", "turnaround: completion - arrival"},
      {"Sw.", "context switches so far (times switched in)"},
      {"Pre.", "times preempted so far (quantum expired or a more urgent task)"}};
  // Without a timeline the figures are the whole run's, not "so far".
  static const char* const kWholeRun[kColumns] = {
      nullptr, "finished, or still unfinished at the end of the run", nullptr,
      "time running", "time ready but not running", "time blocked on I/O or asleep",
      nullptr, nullptr, "context switches (times switched in)",
      "times preempted (quantum expired or a more urgent task)"};
  // Fixed widths: the name and state need room, the figures fit "999.999ms".
  const float digits = ImGui::CalcTextSize("99.999ms").x;
  // The name column fits the longest name (of the first thousand tasks).
  float name_w = digits * 0.8f;
  for (std::size_t i = 0; i < w.tasks.size() && i < 1000; ++i)
    name_w = std::max(name_w, ImGui::CalcTextSize(w.tasks[i].name.c_str()).x + 16);
  for (int c = 0; c < kColumns; ++c) {
    const float width = c == kName       ? std::min(name_w, digits * 2.2f)
                        : c == kState    ? digits * 1.25f
                        : c >= kSwitches ? digits * 0.45f
                                         : digits;
    ImGui::TableSetupColumn(kHeads[c][0], c == kName ? ImGuiTableColumnFlags_DefaultSort : 0,
                            width);
  }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < kColumns; ++c) {
    ImGui::TableSetColumnIndex(c);
    ImGui::TableHeader(ImGui::TableGetColumnName(c));
    if (!ImGui::IsItemHovered()) continue;
    const char* tip = !live && kWholeRun[c] ? kWholeRun[c] : kHeads[c][1];
    if (!counts && c >= kSwitches)
      ImGui::SetTooltip("%s\n(not recorded: %s)", tip, kNoCounts);
    else
      ImGui::SetTooltip("%s", tip);
  }
  static RowOrder rows;
  const std::vector<TaskId>& order = rows.update(s, ImGui::TableGetSortSpecs(), t);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(order.size()));
  std::string buf;
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const RowData r{order[static_cast<std::size_t>(i)],
                      figures(s, order[static_cast<std::size_t>(i)], t)};
      const TaskSpec& spec = w.tasks[r.id];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float fh = ImGui::GetFontSize();
      ImGui::GetWindowDrawList()->AddRectFilled(
          ImVec2(p.x, p.y + 2), ImVec2(p.x + 10, p.y + fh - 1), task_color(r.id), 2.0f);
      ImGui::SetCursorScreenPos(ImVec2(p.x + 14, p.y));
      ImGui::PushID(static_cast<int>(r.id));
      if (ImGui::Selectable(spec.name.c_str(), app.selected == r.id,
                            ImGuiSelectableFlags_SpanAllColumns))
        app.select(app.selected == r.id ? kNoTask : r.id);
      ImGui::PopID();
      ImGui::TableNextColumn();
      const bool running = r.at.state == TaskState::Running;
      if (running) ImGui::PushStyleColor(ImGuiCol_Text, colors::kOk);
      ImGui::TextUnformatted(state_text(s, r.id, r.at, buf));
      if (running) ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      time_cell(spec.arrival);
      ImGui::TableNextColumn();
      time_cell(r.at.cpu);
      ImGui::TableNextColumn();
      time_cell(r.at.waiting);
      ImGui::TableNextColumn();
      time_cell(r.at.blocked);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.at.first_run ? fmt_time(*r.at.first_run - spec.arrival).c_str()
                                            : "-");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.at.completion ? fmt_time(*r.at.completion - spec.arrival).c_str()
                                             : "-");
      ImGui::TableNextColumn();
      if (counts)
        ImGui::Text("%llu", static_cast<unsigned long long>(r.at.switches));
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (counts)
        ImGui::Text("%llu", static_cast<unsigned long long>(r.at.preemptions));
      else
        ImGui::TextDisabled("-");
    }
  }
  ImGui::EndTable();
}

namespace {

// One row of the details table: a figure at the cursor (none without a
// timeline) and over the whole run (and in run B).
void detail_row(const char* name, const std::string* now, const std::string& a,
                const std::string* b) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", name);
  if (now) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(now->c_str());
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(a.c_str());
  if (b) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(b->c_str());
  }
}

std::string with_delta(const std::optional<Time>& at, Time from) {
  return at ? fmt_time(*at) + " (+" + fmt_time(*at - from) + ")" : "-";
}

}  // namespace

void draw_task_details(App& app) {
  if (!app.session.has_run() || app.selected >= app.session.workload().tasks.size()) return;
  Session& s = app.session;
  const Workload& w = s.workload();
  const TaskId id = app.selected;
  const TaskSpec& spec = w.tasks[id];
  const TaskResult& r = s.results().tasks[id];
  const bool live = s.has_timeline();
  const bool counts = s.has_decisions();  // switches etc. over time come from decisions
  const TaskAt at = live ? s.model().task_at(id, app.playback.cursor) : TaskAt{};
  // B's task of the same id is this task only when B runs the same workload.
  const bool two = app.compare.enabled && !app.compare.of_file() && app.compare.session.has_run() &&
                   id < app.compare.session.results().tasks.size();
  const TaskResult* rb = two ? &app.compare.session.results().tasks[id] : nullptr;

  // Opens over the editor tabs, so the timeline, queues and log stay in view.
  ImGui::SetNextWindowPos(ImVec2(app.details_x + 6, app.details_y + 6), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(app.details_w - 12, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(0.97f);
  const std::string title = "Task " + spec.name + "###details";
  if (!ImGui::Begin(title.c_str(), &app.details_open,
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  task_chip(w, id, true);
  ImGui::SameLine();
  if (spec.role == TaskRole::Carrier && spec.runtime < w.runtimes.size())
    // A carrier arrives when its runtime starts it.
    ImGui::Text("a kernel thread (carrier) of runtime %s, started at %s", w.runtimes[spec.runtime].name.c_str(),
                fmt_time(r.arrival).c_str());
  else
    ImGui::Text("process %s, priority %d, arrives at %s", w.processes[spec.process].c_str(), spec.priority,
                fmt_time(spec.arrival).c_str());
  if (spec.role == TaskRole::Fiber && spec.runtime < w.runtimes.size()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(a fiber of runtime %s: its carriers run it)", w.runtimes[spec.runtime].name.c_str());
  }
  const Json& doc = s.doc();
  if (doc.is_object() && doc.contains("tasks") && doc["tasks"].is_array() &&
      id < doc["tasks"].size()) {
    if (auto text = program_to_text(doc["tasks"][id])) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + app.details_w - 40);
      ImGui::TextDisabled("program: %s", text->c_str());
      ImGui::PopTextWrapPos();
    }
  }
  std::string buf;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
  if (ImGui::BeginTable("details", 2 + (live ? 1 : 0) + (two ? 1 : 0), flags)) {
    ImGui::TableSetupColumn("");
    if (live) ImGui::TableSetupColumn(("at " + fmt_time(app.playback.cursor)).c_str());
    ImGui::TableSetupColumn(two ? "whole run A" : "whole run");
    if (two) ImGui::TableSetupColumn("whole run B");
    ImGui::TableHeadersRow();
    std::string b;
    auto row = [&](const char* name, const std::string& now, auto get) {
      if (rb) b = get(*rb);
      detail_row(name, live ? &now : nullptr, get(r), rb ? &b : nullptr);
    };
    row("state", live ? state_text(s, id, at, buf) : "",
        [](const TaskResult& x) { return std::string(x.completion ? "done" : "unfinished"); });
    row("cpu", fmt_time(at.cpu), [](const TaskResult& x) { return fmt_time(x.cpu); });
    row("waiting", fmt_time(at.waiting), [](const TaskResult& x) { return fmt_time(x.waiting); });
    row("blocked", fmt_time(at.blocked), [](const TaskResult& x) { return fmt_time(x.blocked); });
    row("first run", with_delta(at.first_run, spec.arrival),
        [&](const TaskResult& x) { return with_delta(x.first_run, spec.arrival); });
    row("completion", with_delta(at.completion, spec.arrival),
        [&](const TaskResult& x) { return with_delta(x.completion, spec.arrival); });
    row("longest wait", "", [](const TaskResult& x) { return fmt_time(x.max_wait); });
    auto count = [&](std::uint64_t n) { return counts ? std::to_string(n) : "-"; };
    row("switches", count(at.switches),
        [](const TaskResult& x) { return std::to_string(x.context_switches); });
    row("preempted", count(at.preemptions),
        [](const TaskResult& x) { return std::to_string(x.preemptions); });
    row("migrations", count(at.migrations),
        [](const TaskResult& x) { return std::to_string(x.migrations); });
    ImGui::EndTable();
  }
  ImGui::TextDisabled("first run and completion: (+ time since arrival) = response and turnaround");
  if (live && !counts)
    ImGui::TextDisabled("- at the cursor: not recorded (needs \"decisions\" recording)");
  if (live) {  // nothing to zoom into or move the cursor along without a timeline
    if (ImGui::Button("Zoom to its lifetime"))
      app.zoom_to(r.arrival, r.completion.value_or(s.model().end()));
    ImGui::SameLine();
    if (r.first_run && ImGui::Button("Cursor to its first run")) {
      app.playback.playing = false;
      app.playback.cursor = *r.first_run;
    }
    ImGui::SameLine();
  }
  if (ImGui::Button("Clear selection")) app.select(kNoTask);
  ImGui::End();
}

}  // namespace timeslice::gui
