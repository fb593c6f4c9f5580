// The workload editor: the scheduler and its parameters, the machine (CPUs,
// tick, costs), devices, user-level runtimes and channels (SPEC §9), and
// tasks with their programs, plus the raw JSON.
// It edits the document as written; every change re-runs at once and errors
// show here and in the toolbar (the last good run stays on screen).
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/model/program_text.h"
#include "gui/ui/panels.h"
#include "gui/ui/theme.h"
#include "gui/ui/widgets.h"

namespace timeslice::gui {

namespace {

constexpr const char* kCosts[][2] = {
    {"process_switch", "context switch between tasks of different processes"},
    {"thread_switch", "context switch between threads of one process"},
    {"scheduler", "one scheduling decision"},
    {"scheduler_per_task", "added per task in the run queue at each decision"},
    {"migration", "a task runs on another CPU than it last ran on"},
    {"interrupt", "handling an I/O completion on a CPU"},
};

bool edit_machine(Json& doc, const std::string& unit) {
  bool changed = false;
  Json& machine = doc["machine"];
  if (!machine.is_object()) machine = Json::object();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("cpus");
  ImGui::SameLine(130);
  if (!machine.contains("cpus") || machine["cpus"].is_number_integer()) {
    int n = machine.contains("cpus") ? machine["cpus"].get<int>() : 1;
    ImGui::SetNextItemWidth(150);
    if (int_field("##cpus", n, 1, 1024, "cpus")) {
      machine["cpus"] = n;
      changed = true;
    }
  } else {
    ImGui::TextDisabled("%zu named CPUs (edit them in the JSON tab)", machine["cpus"].size());
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("tick");
  ImGui::SameLine(130);
  Json tick = machine.contains("tick") ? machine["tick"] : Json(0);
  if (duration_field("##tick", tick, unit, 150,
                     "0: quanta end exactly; else on the next timer tick")) {
    machine["tick"] = tick;
    changed = true;
  }
  ImGui::TextDisabled("Costs (0 = free, the textbook model)");
  Json& costs = machine["costs"];
  if (!costs.is_object()) costs = Json::object();
  for (const auto& c : kCosts) {
    ImGui::PushID(c[0]);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(c[0]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c[1]);
    ImGui::SameLine(130);
    Json v = costs.contains(c[0]) ? costs[c[0]] : Json(0);
    if (duration_field("##v", v, unit, 150, c[1])) {
      costs[c[0]] = v;
      changed = true;
    }
    ImGui::PopID();
  }
  if (costs.empty()) machine.erase("costs");
  if (machine.empty()) doc.erase("machine");
  return changed;
}

// A list of named things with one integer each, as the file has them:
// devices ("channels", at least 1) and channels ("capacity", 0 or more).
struct NamedCounts {
  const char* key;          // "devices"
  const char* count;        // "channels"
  int min, fallback;        // the count's least value and its default
  const char* prefix;       // new entries are PREFIX1, PREFIX2...
  const char* add;          // the add button's label
  const char* count_help;   // tooltip of the count
};

bool edit_named_counts(Json& doc, const NamedCounts& what) {
  bool changed = false;
  Json& list = doc[what.key];
  if (!list.is_array()) list = Json::array();
  int remove = -1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Json& d = list[i];
    if (!d.is_object()) continue;
    ImGui::PushID(static_cast<int>(i));
    std::string name;
    if (text_field("##name", d.value("name", std::string()), name, 130)) {
      d["name"] = name;
      changed = true;
    }
    ImGui::SameLine();
    int n = d.contains(what.count) && d[what.count].is_number_integer() ? d[what.count].get<int>()
                                                                        : what.fallback;
    ImGui::SetNextItemWidth(100);
    if (int_field(what.count, n, what.min, 1 << 20, what.count)) {
      d[what.count] = n;
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what.count_help);
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) remove = static_cast<int>(i);
    ImGui::PopID();
  }
  if (remove >= 0) {
    list.erase(static_cast<std::size_t>(remove));
    changed = true;
  }
  if (ImGui::SmallButton(what.add)) {
    Json entry{{"name", what.prefix + std::to_string(list.size() + 1)}};
    entry[what.count] = what.fallback;
    list.push_back(std::move(entry));
    changed = true;
  }
  if (list.empty()) doc.erase(what.key);
  return changed;
}

const NamedCounts kDevices{"devices", "channels", 1, 1, "dev", "add device", "requests it serves at once"};
// Channels between fibers (SPEC §9): capacity 0 is a rendezvous.
const NamedCounts kChannels{"channels", "capacity", 0, 0, "ch", "add channel",
                            "values it buffers; 0: a send waits for a receiver"};

// A string choice among `options`; returns true when it changed.
bool choice_field(const char* label, Json& obj, const char* key, const char* const* options, int count,
                  const char* fallback, float width) {
  const std::string current = obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : fallback;
  bool changed = false;
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo(label, current.c_str())) {
    for (int i = 0; i < count; ++i)
      if (ImGui::Selectable(options[i], current == options[i]) && current != options[i]) {
        obj[key] = options[i];
        changed = true;
      }
    ImGui::EndCombo();
  }
  return changed;
}

// One labelled row of the runtime form.
void form_label(const char* name, const char* help) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name);
  if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::SameLine(150);
}

constexpr const char* kModels[] = {"green", "event_loop", "mn", "pool"};
constexpr const char* kHandoffs[] = {"sysmon", "immediate", "none"};

// User-level runtimes (SPEC §9): a form per runtime. mn's own fields show
// only for mn (the reader refuses them elsewhere).
bool edit_runtimes(Json& doc, const std::string& unit) {
  bool changed = false;
  Json& runtimes = doc["runtimes"];
  if (!runtimes.is_array()) runtimes = Json::array();
  int remove = -1;
  for (std::size_t i = 0; i < runtimes.size(); ++i) {
    Json& r = runtimes[i];
    if (!r.is_object()) continue;
    ImGui::PushID(static_cast<int>(i));
    std::string name;
    form_label("name", "fibers name it in their \"runtime\"; its carriers are NAME/M0, NAME/M1...");
    if (text_field("##name", r.value("name", std::string()), name, 130)) {
      r["name"] = name;
      changed = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) remove = static_cast<int>(i);
    form_label("model", "green: many-to-one; event_loop: one thread, callbacks in libuv's order;\n"
                        "mn: Go's scheduler; pool: a fixed set of worker threads");
    if (choice_field("##model", r, "model", kModels, 4, "green", 130)) {
      const bool mn = r["model"] == "mn";
      if (!mn)
        for (const char* k : {"preempt_after", "handoff", "steal", "local_queue", "global_check_every"}) r.erase(k);
      if (r["model"] == "green" || r["model"] == "event_loop") r.erase("carriers");
      changed = true;
    }
    const std::string model = r.value("model", std::string("green"));
    if (model == "mn" || model == "pool") {
      form_label("carriers", model == "mn" ? "processors (GOMAXPROCS); default: the CPUs"
                                           : "worker threads; default 4 (UV_THREADPOOL_SIZE)");
      int n = r.contains("carriers") && r["carriers"].is_number_integer() ? r["carriers"].get<int>()
              : model == "pool"                                            ? 4
                                                                           : 1;
      ImGui::SetNextItemWidth(130);
      if (int_field("##carriers", n, 1, 1 << 16, "carriers")) {
        r["carriers"] = n;
        changed = true;
      }
    }
    if (model == "mn") {
      form_label("preempt_after", "the monitor preempts a fiber that ran this long (Go: 10ms); 0: never");
      Json p = r.contains("preempt_after") ? r["preempt_after"] : Json("10ms");
      if (p.is_boolean()) p = 0;
      if (duration_field("##preempt", p, unit, 130, "0: never (as Tokio)")) {
        if (p.is_number() && p.get<double>() == 0)
          r["preempt_after"] = false;
        else
          r["preempt_after"] = p;
        changed = true;
      }
      form_label("handoff", "a processor whose carrier blocks in a syscall: sysmon (Go) retakes it\n"
                            "on its second look, immediate hands it on at once, none waits");
      changed |= choice_field("##handoff", r, "handoff", kHandoffs, 3, "sysmon", 130);
      form_label("steal", "idle processors steal half of another's queue");
      bool steal = !r.contains("steal") || !r["steal"].is_boolean() || r["steal"].get<bool>();
      if (ImGui::Checkbox("##steal", &steal)) {
        r["steal"] = steal;
        changed = true;
      }
      form_label("local_queue", "capacity of a processor's local queue (Go: 256)");
      int q = r.contains("local_queue") && r["local_queue"].is_number_integer() ? r["local_queue"].get<int>() : 256;
      ImGui::SetNextItemWidth(130);
      if (int_field("##local", q, 1, 1 << 20, "local_queue")) {
        r["local_queue"] = q;
        changed = true;
      }
      form_label("global_check_every", "take from the global queue every Nth pick (Go: 61)");
      int g = r.contains("global_check_every") && r["global_check_every"].is_number_integer()
                  ? r["global_check_every"].get<int>()
                  : 61;
      ImGui::SetNextItemWidth(130);
      if (int_field("##global", g, 1, 1 << 20, "global_check_every")) {
        r["global_check_every"] = g;
        changed = true;
      }
    }
    Json& costs = r["costs"];
    if (!costs.is_object()) costs = Json::object();
    for (const char* c : {"fiber_switch", "fiber_create"}) {
      ImGui::PushID(c);
      form_label(c, "CPU time its carrier spends (a \"fiber switch\" slice)");
      Json v = costs.contains(c) ? costs[c] : Json(0);
      if (duration_field("##v", v, unit, 130)) {
        costs[c] = v;
        changed = true;
      }
      ImGui::PopID();
    }
    if (costs.empty()) r.erase("costs");
    ImGui::Separator();
    ImGui::PopID();
  }
  if (remove >= 0) {
    runtimes.erase(static_cast<std::size_t>(remove));
    changed = true;
  }
  if (ImGui::SmallButton("add runtime")) {
    runtimes.push_back(Json{{"name", "rt" + std::to_string(runtimes.size() + 1)}, {"model", "mn"}});
    changed = true;
  }
  if (runtimes.empty()) doc.erase("runtimes");
  return changed;
}

bool edit_tasks(Json& doc, const std::string& unit) {
  static std::string program_error;
  static int error_row = -1;
  bool changed = false;
  Json& tasks = doc["tasks"];
  if (!tasks.is_array()) tasks = Json::array();
  int remove = -1, duplicate = -1;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
  // A runtime column when the workload has runtimes (a fiber names its runtime).
  const bool runtimes = doc.contains("runtimes") && doc["runtimes"].is_array() && !doc["runtimes"].empty();
  if (ImGui::BeginTable("tasks", runtimes ? 7 : 6, flags)) {
    ImGui::TableSetupColumn("name", 0, 1.3f);
    ImGui::TableSetupColumn("arrival", 0, 0.7f);
    ImGui::TableSetupColumn("prio", 0, 0.55f);
    ImGui::TableSetupColumn("process", 0, 0.8f);
    if (runtimes) ImGui::TableSetupColumn("runtime", 0, 0.7f);
    ImGui::TableSetupColumn("program", 0, 2.9f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      Json& t = tasks[i];
      if (!t.is_object()) continue;
      ImGui::PushID(static_cast<int>(i));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string s;
      if (text_field("##name", t.value("name", std::string()), s, -1)) {
        t["name"] = s;
        changed = true;
      }
      ImGui::TableNextColumn();
      Json arrival = t.contains("arrival") ? t["arrival"] : Json(0);
      ImGui::SetNextItemWidth(-1);
      if (duration_field("##arrival", arrival, unit, -1)) {
        t["arrival"] = arrival;
        changed = true;
      }
      ImGui::TableNextColumn();
      int prio = t.contains("priority") && t["priority"].is_number_integer()
                     ? t["priority"].get<int>()
                     : 0;
      ImGui::SetNextItemWidth(-1);
      if (ImGui::InputInt("##prio", &prio, 0)) {
        t["priority"] = prio;
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("priority: smaller is more urgent, 0 is the highest");
      ImGui::TableNextColumn();
      if (text_field("##process", t.value("process", std::string()), s, -1)) {
        if (s.empty())
          t.erase("process");
        else
          t["process"] = s;
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("tasks naming the same process are its threads (empty: its own process)");
      if (runtimes) {
        ImGui::TableNextColumn();
        if (text_field("##runtime", t.value("runtime", std::string()), s, -1)) {
          if (s.empty())
            t.erase("runtime");
          else
            t["runtime"] = s;
          changed = true;
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("a runtime's name makes the task a fiber of it (empty: a kernel task)");
      }
      ImGui::TableNextColumn();
      if (auto text = program_to_text(t)) {
        if (text_field("##program", *text, s, -1)) {
          const ProgramParse p = parse_program_text(s, unit);
          if (p.ok()) {
            t.erase("burst");
            if (p.program.size() == 1 && p.program[0].contains("cpu"))
              t["burst"] = p.program[0]["cpu"], t.erase("program");
            else
              t["program"] = p.program;
            program_error.clear();
            changed = true;
          } else {
            program_error = p.error;
            error_row = static_cast<int>(i);
          }
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip(
              "Phases: cpu D, io DEVICE D, sleep D, yield, repeat N (...)\n"
              "and for fibers: syscall D, send CHANNEL, recv CHANNEL,\n"
              "separated by commas. D is a number in %s or has a unit: 250us, 2ms.",
              unit.c_str());
      } else {
        ImGui::TextDisabled("(edit in the JSON tab)");
      }
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("+")) duplicate = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Duplicate this task");
      ImGui::SameLine(0, 2);
      if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this task");
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!program_error.empty() && error_row >= 0 && error_row < static_cast<int>(tasks.size()))
    text_colored(colors::kError,
                 "task " + std::to_string(error_row + 1) + " program " + program_error);
  if (duplicate >= 0) {
    Json copy = tasks[static_cast<std::size_t>(duplicate)];
    copy["name"] = copy.value("name", std::string("task")) + "b";
    tasks.insert(tasks.begin() + duplicate + 1, copy);
    changed = true;
  }
  if (remove >= 0) {
    tasks.erase(static_cast<std::size_t>(remove));
    changed = true;
  }
  if (ImGui::SmallButton("add task")) {
    tasks.push_back(
        Json{{"name", "T" + std::to_string(tasks.size() + 1)}, {"arrival", 0}, {"burst", 5}});
    changed = true;
  }
  if (doc.contains("generate"))
    ImGui::TextDisabled("Plus generated tasks (\"generate\"): edit them in the JSON tab.");
  return changed;
}

}  // namespace

void draw_editor(App& app) {
  Session& s = app.session;
  if (!s.doc().is_object()) {
    ImGui::TextWrapped("The file is not a JSON object; fix it in the JSON tab.");
    return;
  }
  Json doc = s.doc();
  const std::string unit = s.time_unit();
  bool changed = false;
  if (!s.error().empty()) text_wrapped_colored(colors::kError, s.error());

  ImGui::BeginChild("editor", ImVec2(0, 0), false);
  std::string name;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("name");
  ImGui::SameLine(130);
  if (text_field("##wname", doc.value("name", std::string()), name, -1)) {
    doc["name"] = name;
    changed = true;
  }
  if (doc.contains("description") && doc["description"].is_string()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMutedText);
    ImGui::TextWrapped("%s", doc["description"].get<std::string>().c_str());
    ImGui::PopStyleColor();
  }
  ImGui::TextDisabled("Bare numbers are in %s (the file's time_unit); or write 250us, 2ms, 1s.",
                      unit.c_str());

  if (ImGui::CollapsingHeader("Scheduler", ImGuiTreeNodeFlags_DefaultOpen)) {
    Json& sched = doc["scheduler"];
    if (edit_scheduler(sched, unit)) changed = true;
  }
  if (ImGui::CollapsingHeader("Tasks", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= edit_tasks(doc, unit);
  if (ImGui::CollapsingHeader("Machine: CPUs, tick, costs")) changed |= edit_machine(doc, unit);
  if (ImGui::CollapsingHeader("Devices")) changed |= edit_named_counts(doc, kDevices);
  // Open when the workload has runtimes: the two-level lessons are about them.
  const bool two_level = doc.contains("runtimes") && doc["runtimes"].is_array() && !doc["runtimes"].empty();
  if (ImGui::CollapsingHeader("Runtimes (fibers on kernel threads)", two_level ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= edit_runtimes(doc, unit);
  if (ImGui::CollapsingHeader("Channels", doc.contains("channels") ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= edit_named_counts(doc, kChannels);

  ImGui::Spacing();
  if (ImGui::Button("Save")) {
    if (s.path().empty())
      app.save_as_requested = true;
    else
      app.message = s.save(s.path()) ? "Saved " + s.path() : s.save_error();
  }
  ImGui::SameLine();
  if (ImGui::Button("Save as...")) app.save_as_requested = true;
  ImGui::SameLine();
  if (!app.message.empty()) ImGui::TextDisabled("%s", app.message.c_str());
  ImGui::EndChild();

  if (changed) app.edited(std::move(doc));
}

void draw_json_editor(App& app) {
  static std::string text;
  static std::uint64_t shown_version = ~0ull;
  static bool editing = false;
  Session& s = app.session;
  // Show the document unless the user is in the middle of typing.
  if (!editing && shown_version != s.version()) {
    text = s.doc().dump(2);
    shown_version = s.version();
  }
  ImGui::TextDisabled("The whole file. Every edit re-runs when it parses.");
  if (!s.error().empty()) text_wrapped_colored(colors::kError, s.error());
  const bool changed =
      ImGui::InputTextMultiline("##json", &text, ImVec2(-1, -1), ImGuiInputTextFlags_AllowTabInput);
  editing = ImGui::IsItemActive();
  if (changed) {
    app.edited_text(text);
    shown_version = s.version();
  }
}

}  // namespace timeslice::gui
