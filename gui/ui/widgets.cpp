#include "gui/ui/widgets.h"

#include <cstdlib>
#include <sstream>
#include <unordered_map>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/model/field_check.h"
#include "gui/ui/theme.h"
#include "sim/core/policy.h"

namespace timeslice::gui {

namespace {

// A duration token as JSON, the way a file writes it: bare numbers stay numbers.
Json token_json(const std::string& w) {
  const bool bare = !w.empty() && w.find_first_not_of("0123456789.") == std::string::npos;
  if (!bare) return w;
  if (w.find('.') == std::string::npos) return std::stoll(w);
  return std::stod(w);
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::string json_value_text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string s;
    for (const Json& e : v) s += (s.empty() ? "" : ", ") + json_value_text(e);
    return s;
  }
  return v.dump();
}

bool text_field(const char* label, const std::string& current, std::string& out, float width) {
  static std::unordered_map<ImGuiID, std::string> buffers;
  static ImGuiID editing = 0;
  const ImGuiID id = ImGui::GetID(label);
  std::string& buf = buffers[id];
  if (editing != id) buf = current;
  if (width > 0) ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::InputText(label, &buf);
  if (ImGui::IsItemActive())
    editing = id;
  else if (editing == id)
    editing = 0;
  if (changed) out = buf;
  return changed;
}

namespace {
// Refused edits by widget, kept (and shown under the widget) until that
// widget takes a good value.
std::unordered_map<ImGuiID, std::string>& rejections() {
  static std::unordered_map<ImGuiID, std::string> map;
  return map;
}
}  // namespace

bool check_edit(ImGuiID id, const std::string& why) {
  if (why.empty()) {
    rejections().erase(id);
    return true;
  }
  rejections()[id] = why;
  return false;
}

void show_rejection(ImGuiID id) {
  const auto it = rejections().find(id);
  if (it == rejections().end()) return;
  text_wrapped_colored(colors::kError, "Not applied: " + it->second);
}

bool duration_field(const char* label, Json& value, const std::string& time_unit, float width,
                    const char* hint) {
  const ImGuiID id = ImGui::GetID(label);
  std::string text;
  const std::string current = json_value_text(value);
  const bool typed = text_field(label, current, text, width);
  if (hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
  // Keep typing; the file keeps its last good value, and the field says why.
  const bool ok = typed && check_edit(id, duration_error(text, time_unit));
  show_rejection(id);
  if (!ok) return false;
  value = token_json(trim(text));
  return true;
}

bool size_field(const char* label, Json& value, float width, const char* hint) {
  const ImGuiID id = ImGui::GetID(label);
  std::string text;
  const bool typed = text_field(label, json_value_text(value), text, width);
  if (hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
  const bool ok = typed && check_edit(id, size_error(text));
  show_rejection(id);
  if (!ok) return false;
  const std::string t = trim(text);
  // A bare number of bytes stays a number, as a file would write it.
  if (t.find_first_not_of("0123456789") == std::string::npos)
    value = std::stoll(t);
  else
    value = t;
  return true;
}

bool int_field(const char* label, int& value, int min, int max, const char* what) {
  const ImGuiID id = ImGui::GetID(label);
  int v = value;
  const bool typed = ImGui::InputInt(label, &v);
  const bool ok = typed && check_edit(id, int_range_error(what, v, min, max));
  show_rejection(id);
  if (ok) value = v;
  return ok;
}

namespace {

bool edit_param(Json& sched, const ParamSpec& spec, const std::string& unit) {
  ImGuiID pending_rejection = 0;
  const char* name = spec.name.c_str();
  const bool set = sched.contains(spec.name);
  bool changed = false;
  ImGui::PushID(name);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s\nDefault: %s", spec.help.c_str(), spec.default_text.c_str());
  ImGui::SameLine(130);
  const float w = 150;
  switch (spec.type) {
    case ParamType::Duration: {
      Json v = set ? sched[spec.name] : Json();
      if (duration_field("##v", v, unit, w, spec.help.c_str())) {
        sched[spec.name] = v;
        changed = true;
      }
      break;
    }
    case ParamType::DurationList: {
      std::string text;
      const ImGuiID id = ImGui::GetID("##v");
      if (text_field("##v", set ? json_value_text(sched[spec.name]) : "", text, w) &&
          check_edit(id, duration_list_error(text, unit))) {
        Json list = Json::array();
        std::stringstream in(text);
        std::string tok;
        while (std::getline(in, tok, ','))
          if (!(tok = trim(tok)).empty()) list.push_back(token_json(tok));
        sched[spec.name] = list;
        changed = true;
      }
      // The reason goes on its own line, after the "default" button below.
      pending_rejection = id;
      break;
    }
    case ParamType::Integer: {
      int v = set && sched[spec.name].is_number() ? sched[spec.name].get<int>()
                                                  : std::atoi(spec.default_text.c_str());
      ImGui::SetNextItemWidth(w);
      if (ImGui::InputInt("##v", &v)) {
        sched[spec.name] = v;
        changed = true;
      }
      break;
    }
    case ParamType::Real: {
      double v = set && sched[spec.name].is_number() ? sched[spec.name].get<double>()
                                                     : std::atof(spec.default_text.c_str());
      ImGui::SetNextItemWidth(w);
      if (ImGui::InputDouble("##v", &v, 0.05, 0.1, "%.3f")) {
        sched[spec.name] = v;
        changed = true;
      }
      break;
    }
    case ParamType::Bool: {
      bool v = set && sched[spec.name].is_boolean() ? sched[spec.name].get<bool>()
                                                    : spec.default_text == "true";
      if (ImGui::Checkbox("##v", &v)) {
        sched[spec.name] = v;
        changed = true;
      }
      break;
    }
    case ParamType::Choice: {
      const std::string cur = set && sched[spec.name].is_string()
                                  ? sched[spec.name].get<std::string>()
                                  : spec.default_text;
      ImGui::SetNextItemWidth(w);
      if (ImGui::BeginCombo("##v", cur.c_str())) {
        for (const std::string& c : spec.choices)
          if (ImGui::Selectable(c.c_str(), c == cur)) {
            sched[spec.name] = c;
            changed = true;
          }
        ImGui::EndCombo();
      }
      break;
    }
  }
  ImGui::SameLine();
  if (set) {
    if (ImGui::SmallButton("default")) {
      sched.erase(spec.name);
      changed = true;
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Remove it: use the default (%s)", spec.default_text.c_str());
  } else {
    ImGui::TextDisabled("default %s", spec.default_text.c_str());
  }
  if (pending_rejection) show_rejection(pending_rejection);
  ImGui::PopID();
  return changed;
}

}  // namespace

bool edit_scheduler(Json& sched, const std::string& unit) {
  if (!sched.is_object()) sched = Json::object();
  bool changed = false;
  const std::string policy = sched.contains("policy") && sched["policy"].is_string()
                                 ? sched["policy"].get<std::string>()
                                 : "rr";
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("policy");
  ImGui::SameLine(130);
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("##policy", policy.c_str())) {
    for (const PolicyInfo& p : policy_registry()) {
      if (ImGui::Selectable(p.name.c_str(), p.name == policy)) {
        sched["policy"] = p.name;
        changed = true;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.summary.c_str());
    }
    ImGui::EndCombo();
  }
  const PolicyInfo* info = find_policy(policy);
  if (info) {
    ImGui::SameLine();
    help_marker(info->summary.c_str());
    for (const ParamSpec& spec : info->params) changed |= edit_param(sched, spec, unit);
    if (info->params.empty()) ImGui::TextDisabled("(%s has no parameters)", policy.c_str());
  }
  return changed;
}

}  // namespace timeslice::gui
