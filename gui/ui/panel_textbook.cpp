// The textbook view: the run drawn the way students draw it for exams. A
// Gantt chart per CPU with the task's name in each box and the time written
// under every switch, and beneath it the per-task table (arrival, burst,
// completion, turnaround, waiting, response) with its average row.
//
// The chart always shows the whole run across the window (book charts are
// never zoomed); stretches too short to draw apart fold into one grey box
// (lod.h), and a time label is left out only where it would overwrite its
// neighbour. The table holds whole-run figures (the run's results).
#include <algorithm>
#include <string>
#include <vector>

#include "gui/model/lod.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

constexpr float kBoxH = 28;

// One CPU's chart: boxes, and a time under every boundary between them.
void gantt_row(App& app, CpuId cpu, float x0, float width, float y, float label_w) {
  Session& s = app.session;
  const Workload& w = s.workload();
  const Trace& trace = s.trace();
  const Lane& lane = s.model().cpu_lanes()[cpu];
  const Time end = std::max<Time>(s.model().end(), 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const VisibleRange range{0, static_cast<double>(end) / width, width};
  std::vector<DrawBlock> blocks;
  fold_lane(lane.starts(), lane.ends(), range, 2.0, blocks);

  if (label_w > 0)
    dl->AddText(ImVec2(x0 - label_w, y + (kBoxH - ImGui::GetFontSize()) / 2), colors::kLabel,
                w.machine.cpus[cpu].name.c_str());
  // The whole run is a box; what runs is drawn over it, idle stays empty.
  dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + width, y + kBoxH), IM_COL32(46, 48, 56, 255));

  const ImU32 edge = IM_COL32(15, 16, 20, 255);
  // Boundaries: every box's start and end, each written once.
  std::vector<std::pair<float, Time>> marks;
  auto mark = [&](double x, Time t) {
    if (marks.empty() || marks.back().second != t)
      marks.emplace_back(x0 + static_cast<float>(x), t);
  };
  mark(0, 0);
  for (const DrawBlock& b : blocks) {
    const float a = x0 + static_cast<float>(b.x0);
    const float c = std::max(a + 1.0f, x0 + static_cast<float>(b.x1));
    const Time t0 = lane.start[b.first], t1 = lane.end[b.first + b.count - 1];
    mark(b.x0, t0);
    if (b.folded()) {
      dl->AddRectFilled(ImVec2(a, y), ImVec2(c, y + kBoxH), folded_color());
    } else {
      const CpuSlice& sl = trace.cpu_slices[lane.item[b.first]];
      if (sl.kind == SliceKind::Run) {
        // Split at each quantum that ended with the task keeping the CPU:
        // the book draws a new box for each, with its time beneath.
        std::vector<std::pair<float, float>> boxes{{a, c}};
        const auto& cont = s.model().continue_times(cpu);
        for (auto it = std::upper_bound(cont.begin(), cont.end(), t0);
             it != cont.end() && *it < t1; ++it) {
          const double x = static_cast<double>(*it) / range.ns_per_px;
          boxes.back().second = x0 + static_cast<float>(x);
          boxes.emplace_back(x0 + static_cast<float>(x), c);
          mark(x, *it);
        }
        const std::string name = task_name(w, sl.task);
        const ImVec2 size = ImGui::CalcTextSize(name.c_str());
        for (const auto& [bx0, bx1] : boxes) {
          dl->AddRectFilled(ImVec2(bx0, y), ImVec2(bx1, y + kBoxH), task_color(sl.task));
          dl->AddLine(ImVec2(bx0, y), ImVec2(bx0, y + kBoxH), edge);
          if (bx1 - bx0 > size.x + 6)
            dl->AddText(ImVec2((bx0 + bx1 - size.x) / 2, y + (kBoxH - size.y) / 2),
                        task_text_color(sl.task), name.c_str());
        }
      } else {
        // Overhead (a switch, a decision): a short bar in its own colour.
        dl->AddRectFilled(ImVec2(a, y + kBoxH * 0.3f), ImVec2(c, y + kBoxH * 0.7f),
                          overhead_color(sl.kind));
      }
    }
    dl->AddLine(ImVec2(a, y), ImVec2(a, y + kBoxH), edge);
    dl->AddLine(ImVec2(c, y), ImVec2(c, y + kBoxH), edge);
    mark(b.x1, t1);
  }
  mark(width, s.model().end());
  dl->AddRect(ImVec2(x0, y), ImVec2(x0 + width, y + kBoxH), IM_COL32(150, 155, 170, 255));

  // The times: under each boundary, skipped only where it would overwrite
  // the one before. The last one (the run's end) always shows.
  float free_from = -1e9f;
  const float ty = y + kBoxH + 2;
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const auto [x, t] = marks[i];
    const std::string text = fmt_time(t);
    const float tw = ImGui::CalcTextSize(text.c_str()).x;
    float left = x - tw / 2;
    const bool last = i + 1 == marks.size();
    if (left < free_from + 4 && !last) continue;
    if (last) left = std::max(left, free_from + 4);
    dl->AddLine(ImVec2(x, y + kBoxH), ImVec2(x, y + kBoxH + 3), colors::kAxisText);
    dl->AddText(ImVec2(left, ty), colors::kAxisText, text.c_str());
    free_from = left + tw;
  }

  // The cursor, as on the timeline.
  const float cx = x0 + static_cast<float>(static_cast<double>(app.playback.cursor) / range.ns_per_px);
  if (app.view.dim_future && cx < x0 + width)
    dl->AddRectFilled(ImVec2(std::max(cx, x0), y), ImVec2(x0 + width, y + kBoxH), colors::kFuture);
  dl->AddLine(ImVec2(cx, y - 3), ImVec2(cx, y + kBoxH + 3), colors::kCursor, 2.0f);
}

void gantt(App& app) {
  Session& s = app.session;
  const Workload& w = s.workload();
  const std::size_t ncpu = w.machine.cpus.size();
  float label_w = 0;
  if (ncpu > 1)
    for (const CpuSpec& c : w.machine.cpus)
      label_w = std::max(label_w, ImGui::CalcTextSize(c.name.c_str()).x + 10);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  // Room on the right for the end time to sit centred under the last edge.
  const float margin = ImGui::CalcTextSize(fmt_time(s.model().end()).c_str()).x / 2 + 6;
  const float x0 = origin.x + label_w + 6;
  const float width = std::max(40.0f, ImGui::GetContentRegionAvail().x - label_w - 6 - margin);
  const float row_h = kBoxH + ImGui::GetFontSize() + 10;
  const std::size_t rows = std::min<std::size_t>(ncpu, 16);
  for (CpuId c = 0; c < rows; ++c)
    gantt_row(app, c, x0, width, origin.y + 4 + row_h * static_cast<float>(c), label_w);
  ImGui::Dummy(ImVec2(width + label_w, row_h * static_cast<float>(rows) + 4));
  if (rows < ncpu) ImGui::TextDisabled("(the first %zu of %zu CPUs)", rows, ncpu);
}

// The per-task table with its average row.
void task_table(App& app) {
  Session& s = app.session;
  const Workload& w = s.workload();
  const Results& r = s.results();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInner |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchSame;
  if (!ImGui::BeginTable("book", 7, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  const char* heads[] = {"Task", "Arrival", "Burst", "Completion", "Turnaround", "Waiting",
                         "Response"};
  for (const char* h : heads) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  double sum_turnaround = 0, sum_waiting = 0, sum_response = 0, sum_burst = 0;
  std::size_t finished = 0, started = 0;
  for (const TaskResult& t : r.tasks) {
    sum_waiting += static_cast<double>(t.waiting);
    if (t.turnaround) sum_turnaround += static_cast<double>(*t.turnaround), ++finished;
    if (t.response) sum_response += static_cast<double>(*t.response), ++started;
  }
  for (const TaskSpec& t : w.tasks) sum_burst += static_cast<double>(total_cpu_work(w, t));
  auto opt = [](const std::optional<Time>& v) { return v ? fmt_time(*v) : std::string("-"); };
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(r.tasks.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TaskId id = static_cast<TaskId>(i);
      const TaskResult& t = r.tasks[id];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (task_chip(w, id, app.selected == id)) app.select(id);
      const std::string cells[] = {fmt_time(t.arrival), fmt_time(total_cpu_work(w, w.tasks[id])),
                                   opt(t.completion),   opt(t.turnaround),
                                   fmt_time(t.waiting), opt(t.response)};
      for (const std::string& c : cells) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.c_str());
      }
    }
  // The average row, as the book writes it beneath the table.
  const double n = static_cast<double>(std::max<std::size_t>(r.tasks.size(), 1));
  ImGui::TableNextRow();
  ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(70, 62, 30, 255));
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("Average");
  const std::string avg[] = {"", fmt_mean(sum_burst / n), "",
                             finished ? fmt_mean(sum_turnaround / static_cast<double>(finished)) : "-",
                             fmt_mean(sum_waiting / n),
                             started ? fmt_mean(sum_response / static_cast<double>(started)) : "-"};
  for (const std::string& c : avg) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

void draw_textbook(App& app) {
  if (!app.session.has_run()) return;
  if (app.session.has_timeline()) {
    gantt(app);
  } else {
    ImGui::TextDisabled("No timeline recorded: the Gantt chart needs slices (Record).");
  }
  ImGui::TextDisabled(
      "Turnaround = completion - arrival.  Waiting = time ready but not running.  "
      "Response = first run - arrival.");
  task_table(app);
}

}  // namespace timeslice::gui
