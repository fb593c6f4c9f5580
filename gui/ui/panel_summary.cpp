// Whole-run figures (SPEC §6), side by side with the compared run when there
// is one: B's figure is green where it beats A and red where it loses.
#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/ui/panels.h"
#include "gui/ui/theme.h"

namespace timeslice::gui {

namespace {

enum class Better { Lower, Higher, Neither };

struct Figure {
  const char* name;
  Better better;
  double (*value)(const Results&);
  std::string (*text)(const Results&);
  const char* help;
};

std::string pct(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", x * 100);
  return b;
}
std::string num(double x, const char* f = "%.2f") {
  char b[32];
  std::snprintf(b, sizeof b, f, x);
  return b;
}
double mean_util(const Results& r) {
  double u = 0;
  for (const CpuResult& c : r.cpus) u += c.utilization;
  return r.cpus.empty() ? 0 : u / static_cast<double>(r.cpus.size());
}
std::string t_mean(double ns) { return fmt_mean(ns); }

const Figure kFigures[] = {
    {"Makespan", Better::Lower, [](const Results& r) { return double(r.summary.makespan); },
     [](const Results& r) { return fmt_time(r.summary.makespan); },
     "End of the run: the last completion."},
    {"Completed", Better::Higher, [](const Results& r) { return double(r.summary.completed); },
     [](const Results& r) {
       return std::to_string(r.summary.completed) + " of " + std::to_string(r.summary.tasks);
     },
     nullptr},
    {"Throughput", Better::Higher, [](const Results& r) { return r.summary.throughput_per_s; },
     [](const Results& r) { return num(r.summary.throughput_per_s) + " /s"; },
     "Completed tasks per simulated second."},
    {"Mean turnaround", Better::Lower, [](const Results& r) { return r.summary.turnaround.mean; },
     [](const Results& r) { return t_mean(r.summary.turnaround.mean); },
     "Completion minus arrival."},
    {"Mean response", Better::Lower, [](const Results& r) { return r.summary.response.mean; },
     [](const Results& r) { return t_mean(r.summary.response.mean); }, "First run minus arrival."},
    {"Mean waiting", Better::Lower, [](const Results& r) { return r.summary.waiting.mean; },
     [](const Results& r) { return t_mean(r.summary.waiting.mean); },
     "Time ready but not running."},
    {"p95 response", Better::Lower, [](const Results& r) { return double(r.summary.response.p95); },
     [](const Results& r) { return fmt_time(r.summary.response.p95); }, nullptr},
    {"p95 waiting", Better::Lower, [](const Results& r) { return double(r.summary.waiting.p95); },
     [](const Results& r) { return fmt_time(r.summary.waiting.p95); }, nullptr},
    {"Fairness (Jain)", Better::Higher, [](const Results& r) { return r.summary.jain_fairness; },
     [](const Results& r) { return num(r.summary.jain_fairness, "%.3f"); },
     "1 = every task got the same share of the time it wanted the CPU."},
    {"CPU utilisation", Better::Higher, mean_util,
     [](const Results& r) { return pct(mean_util(r)); },
     "Time running tasks over the run length, averaged over CPUs."},
    {"Overhead", Better::Lower, [](const Results& r) { return r.summary.overhead_share; },
     [](const Results& r) { return pct(r.summary.overhead_share); },
     "Switch, scheduler, migration and interrupt time over all non-idle CPU time."},
    {"Context switches", Better::Lower,
     [](const Results& r) { return double(r.summary.context_switches); },
     [](const Results& r) { return std::to_string(r.summary.context_switches); }, nullptr},
    {"Preemptions", Better::Neither, [](const Results& r) { return double(r.summary.preemptions); },
     [](const Results& r) { return std::to_string(r.summary.preemptions); }, nullptr},
    {"Migrations", Better::Lower, [](const Results& r) { return double(r.summary.migrations); },
     [](const Results& r) { return std::to_string(r.summary.migrations); }, nullptr},
    {"Engine events", Better::Neither, [](const Results& r) { return double(r.summary.events); },
     [](const Results& r) { return std::to_string(r.summary.events); }, nullptr},
};

// The runtime table (SPEC §9), as the CLI prints it, below the figures: a
// heading row per runtime, then a row per figure, B's beside A's.
void runtime_rows(const Results& a, const Results* b) {
  struct Column {
    const char* name;
    std::string (*text)(const RuntimeResult&);
    const char* help;
  };
  static const Column kColumns[] = {
      {"fibers done", [](const RuntimeResult& r) { return std::to_string(r.fibers_completed) + " of " + std::to_string(r.fibers); }, nullptr},
      {"fiber CPU", [](const RuntimeResult& r) { return fmt_time(r.fiber_cpu); }, "CPU time its fibers ran"},
      {"fiber switches", [](const RuntimeResult& r) { return std::to_string(r.fiber_switches); }, "a carrier switched fibers: no kernel context switch"},
      {"switching", [](const RuntimeResult& r) { return fmt_time(r.fiber_switch_time); }, "CPU time its carriers spent switching (and creating) fibers"},
      {"steals", [](const RuntimeResult& r) { return std::to_string(r.steals) + " (" + std::to_string(r.stolen) + " fibers)"; }, "mn: idle processors took half of another's queue"},
      {"handoffs", [](const RuntimeResult& r) { return std::to_string(r.handoffs); }, "mn: processors taken from carriers blocked in syscalls"},
      {"preemptions", [](const RuntimeResult& r) { return std::to_string(r.preemptions); }, "mn: fibers the monitor preempted"},
      {"syscalls", [](const RuntimeResult& r) { return std::to_string(r.syscalls); }, "blocking calls its fibers made"},
      {"peak carriers", [](const RuntimeResult& r) { return std::to_string(r.peak_carriers); }, "kernel threads alive at once, at most"},
  };
  // By position: the same runtimes when B is A's workload; when B is another
  // file, a run without runtimes leaves its column empty.
  const std::size_t n = std::max(a.runtimes.size(), b ? b->runtimes.size() : 0);
  for (std::size_t i = 0; i < n; ++i) {
    const RuntimeResult* ra = i < a.runtimes.size() ? &a.runtimes[i] : nullptr;
    const RuntimeResult* rb = b && i < b->runtimes.size() ? &b->runtimes[i] : nullptr;
    const auto cell = [](const RuntimeResult* r, const std::string& text) {
      ImGui::TableNextColumn();
      if (r) ImGui::TextUnformatted(text.c_str());
    };
    const auto model = [](const RuntimeResult& r) { return r.model + ", " + std::to_string(r.processors) + " processors"; };
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(colors::kMutedText, "Runtime %s", (ra ? ra : rb)->name.c_str());
    ImGui::TableNextColumn();
    if (ra) ImGui::TextDisabled("%s", model(*ra).c_str());
    if (b) {
      ImGui::TableNextColumn();
      if (rb) ImGui::TextDisabled("%s", model(*rb).c_str());
    }
    for (const Column& c : kColumns) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.name);
      if (c.help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.help);
      cell(ra, ra ? c.text(*ra) : std::string());
      if (b) cell(rb, rb ? c.text(*rb) : std::string());
    }
  }
}

}  // namespace

void draw_summary(App& app) {
  if (!app.session.has_run()) return;
  const Results& a = app.session.results();
  const bool two = app.compare.enabled && app.compare.session.has_run();
  const Results* b = two ? &app.compare.session.results() : nullptr;
  if (app.session.has_timeline()) {
    const std::size_t done = app.session.model().completed_by(app.playback.cursor);
    // Carriers are no tasks here (summary.tasks leaves them out, as the CLI).
    ImGui::Text("%zu of %llu tasks finished by the cursor", done,
                static_cast<unsigned long long>(a.summary.tasks));
  } else {
    ImGui::Text("%llu of %llu tasks finished (no timeline recorded: whole-run figures)",
                static_cast<unsigned long long>(a.summary.completed),
                static_cast<unsigned long long>(a.summary.tasks));
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("summary", two ? 3 : 2, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Whole run", 0, 1.3f);
  ImGui::TableSetupColumn(two ? ("A: " + app.run_short_label(0)).c_str() : a.policy.c_str(), 0, 1.0f);
  if (two) ImGui::TableSetupColumn(("B: " + app.run_short_label(1)).c_str(), 0, 1.0f);
  ImGui::TableHeadersRow();
  for (const Figure& f : kFigures) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.name);
    if (f.help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.help);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.text(a).c_str());
    if (!b) continue;
    ImGui::TableNextColumn();
    const double va = f.value(a), vb = f.value(*b);
    ImVec4 col = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    if (f.better != Better::Neither && va != vb) {
      const bool b_wins = (f.better == Better::Lower) == (vb < va);
      col = b_wins ? colors::kOk : colors::kError;
    }
    text_colored(col, f.text(*b));
  }
  runtime_rows(a, b);
  ImGui::EndTable();
}

}  // namespace timeslice::gui
