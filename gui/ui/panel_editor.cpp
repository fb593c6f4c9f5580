// The workload editor: the scheduler and its parameters, the machine (CPUs,
// tick, costs, memory), devices, locks, user-level runtimes and channels
// (SPEC §9), templates and generators' spawns (SPEC §10), and tasks with
// their programs, plus the raw JSON.
// It edits the document as written; every change re-runs at once and errors
// show here and in the toolbar (the last good run stays on screen).
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/model/field_check.h"
#include "gui/model/program_text.h"
#include "gui/model/workload_edit.h"
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
    {"ipi", "master/slave (amp): the master's interrupt telling another CPU what to run"},
    {"fork", "creating a process (a spawn \"as\": \"process\"; TLPI: about 0.2ms)"},
    {"fork_per_mib", "added to fork per MiB of the parent process's memory"},
    {"exec", "a created process that also execs (\"exec\": true; fork+exec about 1.4ms)"},
    {"thread_create", "creating a thread of the spawner's process (15-30us)"},
};

// costs.poll: charged per wakeup of a task waiting with "wait": "poll".
constexpr const char* kPollCosts[][2] = {
    {"base", "every wakeup of a poller"},
    {"per_fd", "per descriptor it watches (\"fds\"): select() and poll() scan them all"},
    {"per_ready", "per ready descriptor: epoll pays only for these"},
};

// machine.sizes (SPEC §10), with the defaults the reader uses.
constexpr const char* kSizes[][3] = {
    {"process_rss", "1MiB", "a process's own resident memory"},
    {"thread_stack", "8MiB", "a thread's stack reservation (counted without overcommit)"},
    {"thread_resident", "8KiB", "the part of its stack a thread touches (counted with overcommit)"},
    {"fiber_stack", "2KiB", "a fiber's stack (a goroutine's)"},
};

// One labelled row of a form.
void form_label(const char* name, const char* help, float x = 150) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name);
  if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::SameLine(x);
}

// A duration at obj[key], 0 when absent; returns true when it changed.
bool duration_row(Json& obj, const char* key, const char* help, const std::string& unit) {
  ImGui::PushID(key);
  form_label(key, help, 130);
  Json v = obj.contains(key) ? obj[key] : Json(0);
  const bool changed = duration_field("##v", v, unit, 150, help);
  if (changed) obj[key] = v;
  ImGui::PopID();
  return changed;
}

// Memory (SPEC §10): the limit, threads, overcommit and the sizes by kind.
bool edit_memory(Json& machine) {
  bool changed = false;
  ImGui::TextDisabled("Memory (a spawn or arrival that does not fit is refused)");
  form_label("memory", "the machine's memory; empty or 0: unlimited", 130);
  Json mem = machine.contains("memory") ? machine["memory"] : Json(0);
  if (size_field("##memory", mem, 150, "e.g. 8GiB; 0: unlimited")) {
    machine["memory"] = mem;
    changed = true;
  }
  form_label("max_threads", "kernel threads alive at once (Linux: threads-max); 0: no limit", 130);
  int threads = machine.contains("max_threads") && machine["max_threads"].is_number_integer()
                    ? machine["max_threads"].get<int>()
                    : 0;
  ImGui::SetNextItemWidth(150);
  if (int_field("##max_threads", threads, 0, 10'000'000, "max_threads")) {
    if (threads == 0)
      machine.erase("max_threads");
    else
      machine["max_threads"] = threads;
    changed = true;
  }
  form_label("overcommit", "on: a thread counts the stack it touches (thread_resident);\n"
                           "off: its whole reservation (thread_stack), as Linux's strict accounting", 130);
  bool over = !machine.contains("overcommit") || !machine["overcommit"].is_boolean() ||
              machine["overcommit"].get<bool>();
  if (ImGui::Checkbox("##overcommit", &over)) {
    machine["overcommit"] = over;
    changed = true;
  }
  Json& sizes = machine["sizes"];
  if (!sizes.is_object()) sizes = Json::object();
  for (const auto& z : kSizes) {
    ImGui::PushID(z[0]);
    form_label(z[0], z[2], 130);
    Json v = sizes.contains(z[0]) ? sizes[z[0]] : Json(z[1]);
    if (size_field("##v", v, 150, z[2])) {
      sizes[z[0]] = v;
      changed = true;
    }
    ImGui::PopID();
  }
  if (sizes.empty()) machine.erase("sizes");
  return changed;
}

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
  for (const auto& c : kCosts) changed |= duration_row(costs, c[0], c[1], unit);
  ImGui::TextDisabled("poll: per wakeup of a task with \"wait\": \"poll\"");
  Json& poll = costs["poll"];
  if (!poll.is_object()) poll = Json::object();
  ImGui::PushID("poll");
  for (const auto& c : kPollCosts) changed |= duration_row(poll, c[0], c[1], unit);
  ImGui::PopID();
  if (poll.empty()) costs.erase("poll");
  if (costs.empty()) machine.erase("costs");
  changed |= edit_memory(machine);
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

// A list of named entries at doc[key]: a name field, `fields` drawing the
// rest of an entry on the same line, a remove button, and an add button
// appending `fresh` named PREFIX1, PREFIX2...
template <class Fields>
bool edit_named_list(Json& doc, const char* key, const char* prefix, const char* add, Json fresh, Fields fields) {
  bool changed = false;
  Json& list = doc[key];
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
    changed |= fields(d);
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) remove = static_cast<int>(i);
    ImGui::PopID();
  }
  if (remove >= 0) {
    list.erase(static_cast<std::size_t>(remove));
    changed = true;
  }
  if (ImGui::SmallButton(add)) {
    Json entry{{"name", prefix + std::to_string(list.size() + 1)}};  // the name first, as files write it
    for (const auto& [k, v] : fresh.items()) entry[k] = v;
    list.push_back(std::move(entry));
    changed = true;
  }
  if (list.empty()) doc.erase(key);
  return changed;
}

bool edit_named_counts(Json& doc, const NamedCounts& what) {
  Json fresh = Json::object();
  fresh[what.count] = what.fallback;
  return edit_named_list(doc, what.key, what.prefix, what.add, fresh, [&](Json& d) {
    int n = d.contains(what.count) && d[what.count].is_number_integer() ? d[what.count].get<int>() : what.fallback;
    ImGui::SetNextItemWidth(100);
    const bool changed = int_field(what.count, n, what.min, 1 << 20, what.count);
    if (changed) d[what.count] = n;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what.count_help);
    return changed;
  });
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

// Locks (mutexes, a GIL): a name each, and CPython's switch_interval.
bool edit_locks(Json& doc, const std::string& unit) {
  return edit_named_list(doc, "locks", "lock", "add lock", Json::object(), [&](Json& l) {
    Json v = l.contains("switch_interval") ? l["switch_interval"] : Json(0);
    const bool changed = duration_field("##switch", v, unit, 100,
                                        "switch_interval: a waiter that waited this long makes the holder drop\n"
                                        "the lock (CPython's GIL: 5ms); 0: never");
    if (changed) l["switch_interval"] = v;
    return changed;
  });
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

// The text form of programs (gui/model/program_text.h), on hover.
void program_tooltip(const std::string& unit) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::SetTooltip(
      "Phases, separated by commas:\n"
      "  cpu D, sleep D, yield, repeat N (...), lock L, unlock L\n"
      "  io DEVICE D [wait block|spin|poll] [fds N]\n"
      "  spawn TEMPLATE [count N] [as process|thread|fiber] [exec]\n"
      "        [runtime R] [on_refused continue|exit]\n"
      "and for fibers: syscall D, send CHANNEL, recv CHANNEL.\n"
      "D is a number in %s or has a unit: 250us, 2ms.",
      unit.c_str());
}

// The program of a task or template on a row of its own under its other
// fields, across the whole table (tables here do not clip their cells), so
// a long one (a repeat around a spawn) can be read and edited. `right` is
// the table's right edge on screen.
bool program_row(Json& t, const std::string& unit, float right, bool alt_bg, std::string& error, int& error_row,
                 int row) {
  ImGui::TableNextRow();
  if (alt_bg) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("program");
  ImGui::SameLine();
  bool changed = false;
  std::string s;
  if (auto text = program_to_text(t)) {
    const float width = right - ImGui::GetCursorScreenPos().x - ImGui::GetStyle().CellPadding.x;
    if (text_field("##program", *text, s, std::max(width, 60.0f))) {
      error = apply_program_text(t, s, unit);
      error_row = row;
      changed = error.empty();
    }
    program_tooltip(unit);
  } else {
    ImGui::TextDisabled("(edit it in the JSON tab)");
  }
  return changed;
}

// The first row of a task or template, shaded like its program row.
void item_row(bool alt_bg) {
  ImGui::TableNextRow();
  if (alt_bg) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
}

// An integer field of a task or template; absent means `fallback`, and
// setting it back to `fallback` removes it.
bool optional_int(Json& obj, const char* key, int fallback, int min, int max, const char* help) {
  int v = obj.contains(key) && obj[key].is_number_integer() ? obj[key].get<int>() : fallback;
  ImGui::SetNextItemWidth(-1);
  const std::string label = std::string("##") + key;
  const ImGuiID id = ImGui::GetID(label.c_str());
  const bool typed = ImGui::InputInt(label.c_str(), &v, 0);  // no +/- buttons: a narrow column
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  const bool changed = typed && check_edit(id, int_range_error(key, v, min, max));
  show_rejection(id);
  if (!changed) return false;
  if (v == fallback)
    obj.erase(key);
  else
    obj[key] = v;
  return true;
}

// Templates (SPEC §10): what spawn phases create. Renaming one renames
// the spawns that name it.
bool edit_templates(Json& doc, const std::string& unit) {
  static std::string program_error;
  static int error_row = -1;
  bool changed = false;
  Json& list = doc["templates"];
  if (!list.is_array()) list = Json::array();
  int remove = -1;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoClip;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  if (!list.empty() && ImGui::BeginTable("templates", 6, flags)) {
    ImGui::TableSetupColumn("name", 0, 1.4f);
    ImGui::TableSetupColumn("prio", 0, 0.5f);
    ImGui::TableSetupColumn("nice", 0, 0.5f);
    ImGui::TableSetupColumn("tickets", 0, 0.55f);
    ImGui::TableSetupColumn("affinity", 0, 0.8f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 22);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < list.size(); ++i) {
      Json& t = list[i];
      if (!t.is_object()) continue;
      ImGui::PushID(static_cast<int>(i));
      item_row(i % 2 == 1);
      ImGui::TableNextColumn();
      std::string s;
      const std::string old_name = t.value("name", std::string());
      if (text_field("##name", old_name, s, -1)) {
        t["name"] = s;
        rename_template(doc, old_name, s);
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("spawn phases name it; created tasks are NAME#1, NAME#2...\n"
                          "Renaming renames the spawns of it too.");
      ImGui::TableNextColumn();
      changed |= optional_int(t, "priority", 0, 0, 1 << 20, "priority: smaller is more urgent, 0 is the highest");
      ImGui::TableNextColumn();
      changed |= optional_int(t, "nice", 0, -20, 19, "nice (cfs, eevdf): -20 to 19");
      ImGui::TableNextColumn();
      changed |= optional_int(t, "tickets", 100, 1, 1 << 20, "tickets (lottery, stride); default 100");
      ImGui::TableNextColumn();
      if (text_field("##affinity", affinity_to_text(t.contains("affinity") ? t["affinity"] : Json()), s, -1)) {
        const Json a = parse_affinity_text(s);
        if (a.is_null())
          t.erase("affinity");
        else
          t["affinity"] = a;
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("CPUs it may run on: indices or names, e.g. 0, 1 (empty: any)");
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this template");
      changed |= program_row(t, unit, right, i % 2 == 1, program_error, error_row, static_cast<int>(i));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (!program_error.empty() && error_row >= 0 && error_row < static_cast<int>(list.size()))
    text_colored(colors::kError, "template " + std::to_string(error_row + 1) + " program " + program_error);
  if (remove >= 0) {
    list.erase(static_cast<std::size_t>(remove));
    changed = true;
  }
  if (ImGui::SmallButton("add template")) {
    list.push_back(Json{{"name", "handler" + std::to_string(list.size() + 1)}, {"burst", 1}});
    changed = true;
  }
  if (list.empty()) doc.erase("templates");
  return changed;
}

constexpr const char* kSpawnAs[] = {"(default)", "process", "thread", "fiber"};
constexpr const char* kOnRefused[] = {"continue", "exit"};

// A generator's "spawn" (SPEC §10): each generated task ends by creating
// one from a template, an acceptor per connection.
bool edit_generator_spawn(Json& g, const std::vector<std::string>& templates) {
  bool changed = false;
  bool on = g.contains("spawn") && g["spawn"].is_object();
  if (ImGui::Checkbox("spawns", &on)) {
    if (on)
      g["spawn"] = Json{{"template", templates.empty() ? std::string("handler") : templates[0]}};
    else
      g.erase("spawn");
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("each generated task ends by creating a task from a template");
  if (!on || !g["spawn"].is_object()) return changed;
  Json& sp = g["spawn"];
  ImGui::Indent();
  form_label("template", "the template created", 110);
  const std::string current = sp.value("template", std::string());
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("##template", current.c_str())) {
    for (const std::string& t : templates)
      if (ImGui::Selectable(t.c_str(), t == current) && t != current) {
        sp["template"] = t;
        changed = true;
      }
    ImGui::EndCombo();
  }
  form_label("count", "tasks each generated task creates", 110);
  int count = sp.contains("count") && sp["count"].is_number_integer() ? sp["count"].get<int>() : 1;
  ImGui::SetNextItemWidth(150);
  if (int_field("##count", count, 1, 10'000'000, "count")) {
    sp["count"] = count;
    changed = true;
  }
  form_label("as", "process (fork), thread of the spawner's process, or fiber of a runtime;\n"
                   "default: process for a kernel task, fiber for a fiber", 110);
  const std::string as = sp.contains("as") && sp["as"].is_string() ? sp["as"].get<std::string>() : kSpawnAs[0];
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("##as", as.c_str())) {
    for (const char* o : kSpawnAs)
      if (ImGui::Selectable(o, as == o) && as != o) {
        if (o == kSpawnAs[0])
          sp.erase("as");
        else
          sp["as"] = o;
        if (std::string(o) != "process") sp.erase("exec");
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (as == "process") {
    form_label("exec", "the created process also execs (costs.exec)", 110);
    bool exec = sp.contains("exec") && sp["exec"].is_boolean() && sp["exec"].get<bool>();
    if (ImGui::Checkbox("##exec", &exec)) {
      if (exec)
        sp["exec"] = true;
      else
        sp.erase("exec");
      changed = true;
    }
  }
  form_label("runtime", "the runtime of fibers a kernel task creates", 110);
  std::string rt;
  if (text_field("##runtime", sp.value("runtime", std::string()), rt, 150)) {
    if (rt.empty())
      sp.erase("runtime");
    else
      sp["runtime"] = rt;
    changed = true;
  }
  form_label("on_refused", "when the task does not fit in memory: continue, or the spawner exits", 110);
  if (choice_field("##on_refused", sp, "on_refused", kOnRefused, 2, "continue", 150)) changed = true;
  ImGui::Unindent();
  return changed;
}

// Generators ("generate"): their name, count and spawn here; the arrival,
// burst and I/O distributions in the JSON tab.
bool edit_generators(Json& doc) {
  bool changed = false;
  Json& gens = doc["generate"];
  if (!gens.is_array()) return false;
  const std::vector<std::string> templates = template_names(doc);
  for (std::size_t i = 0; i < gens.size(); ++i) {
    Json& g = gens[i];
    if (!g.is_object()) continue;
    ImGui::PushID(static_cast<int>(i));
    std::string name;
    form_label("name", "generated tasks are NAME1, NAME2...", 110);
    if (text_field("##name", g.value("name", std::string()), name, 150)) {
      g["name"] = name;
      changed = true;
    }
    form_label("count", "tasks generated", 110);
    int count = g.contains("count") && g["count"].is_number_integer() ? g["count"].get<int>() : 1;
    ImGui::SetNextItemWidth(150);
    if (int_field("##count", count, 1, 10'000'000, "count")) {
      g["count"] = count;
      changed = true;
    }
    changed |= edit_generator_spawn(g, templates);
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::TextDisabled("Arrivals, bursts and I/O of generated tasks: in the JSON tab.");
  return changed;
}

bool edit_tasks(Json& doc, const std::string& unit) {
  static std::string program_error;
  static int error_row = -1;
  bool changed = false;
  Json& tasks = doc["tasks"];
  if (!tasks.is_array()) tasks = Json::array();
  int remove = -1, duplicate = -1;
  // Each task on two rows: its fields, then its program across the table.
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoClip;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  // A runtime column when the workload has runtimes (a fiber names its runtime).
  const bool runtimes = doc.contains("runtimes") && doc["runtimes"].is_array() && !doc["runtimes"].empty();
  if (ImGui::BeginTable("tasks", runtimes ? 6 : 5, flags)) {
    ImGui::TableSetupColumn("name", 0, 1.3f);
    ImGui::TableSetupColumn("arrival", 0, 0.7f);
    ImGui::TableSetupColumn("prio", 0, 0.55f);
    ImGui::TableSetupColumn("process", 0, 0.8f);
    if (runtimes) ImGui::TableSetupColumn("runtime", 0, 0.7f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      Json& t = tasks[i];
      if (!t.is_object()) continue;
      ImGui::PushID(static_cast<int>(i));
      item_row(i % 2 == 1);
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
      if (ImGui::SmallButton("+")) duplicate = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Duplicate this task");
      ImGui::SameLine(0, 2);
      if (ImGui::SmallButton("x")) remove = static_cast<int>(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this task");
      changed |= program_row(t, unit, right, i % 2 == 1, program_error, error_row, static_cast<int>(i));
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
  return changed;
}

// Whether the machine sets memory or the costs of creating tasks and
// polling (SPEC §10): the lessons on them open the Machine section.
bool spawn_settings(const Json& doc) {
  const auto machine = doc.find("machine");
  if (machine == doc.end() || !machine->is_object()) return false;
  for (const char* k : {"memory", "max_threads", "overcommit", "sizes"})
    if (machine->contains(k)) return true;
  const auto costs = machine->find("costs");
  if (costs == machine->end() || !costs->is_object()) return false;
  for (const char* k : {"fork", "fork_per_mib", "exec", "thread_create", "poll"})
    if (costs->contains(k)) return true;
  return false;
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
    // At most four lines, scrolled: a lesson's long description must not
    // push the form out of the tab.
    const std::string& text = doc["description"].get_ref<const std::string&>();
    const float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    const float lines = ImGui::GetTextLineHeightWithSpacing() * 4;
    const float h = std::min(ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y + 4, lines);
    ImGui::BeginChild("description", ImVec2(0, h), false);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMutedText);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    ImGui::EndChild();
  }
  ImGui::TextDisabled("Bare numbers are in %s (the file's time_unit); or write 250us, 2ms, 1s.",
                      unit.c_str());

  if (ImGui::CollapsingHeader("Scheduler", ImGuiTreeNodeFlags_DefaultOpen)) {
    Json& sched = doc["scheduler"];
    if (edit_scheduler(sched, unit)) changed = true;
  }
  if (ImGui::CollapsingHeader("Tasks", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= edit_tasks(doc, unit);
  // Open when the workload creates tasks: the lessons on spawning are about them.
  const bool spawns = doc.contains("templates") && doc["templates"].is_array() && !doc["templates"].empty();
  if (ImGui::CollapsingHeader("Templates (what spawn phases create)", spawns ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= edit_templates(doc, unit);
  if (doc.contains("generate") && ImGui::CollapsingHeader("Generated tasks", ImGuiTreeNodeFlags_DefaultOpen))
    changed |= edit_generators(doc);
  if (ImGui::CollapsingHeader("Machine: CPUs, tick, costs, memory",
                              spawn_settings(doc) ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= edit_machine(doc, unit);
  if (ImGui::CollapsingHeader("Devices")) changed |= edit_named_counts(doc, kDevices);
  if (ImGui::CollapsingHeader("Locks", doc.contains("locks") ? ImGuiTreeNodeFlags_DefaultOpen : 0))
    changed |= edit_locks(doc, unit);
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
