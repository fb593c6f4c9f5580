#include "gui/ui/widgets.h"

#include <cstdlib>
#include <sstream>
#include <unordered_map>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/ui/theme.h"
#include "sim/core/policy.h"
#include "sim/format/workload_json.h"

namespace timeslice::gui {

namespace {

TimeUnit unit_of(const std::string& u) {
  if (u == "ns") return TimeUnit::Nanoseconds;
  if (u == "us") return TimeUnit::Microseconds;
  if (u == "s") return TimeUnit::Seconds;
  return TimeUnit::Milliseconds;
}

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

bool duration_field(const char* label, Json& value, const std::string& time_unit, float width,
                    const char* hint) {
  std::string text;
  const std::string current = json_value_text(value);
  const bool typed = text_field(label, current, text, width);
  if (hint && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
  if (!typed) return false;
  text = trim(text);
  if (text.empty()) return false;
  try {
    parse_duration(text, unit_of(time_unit));
  } catch (const std::exception&) {
    return false;  // keep typing; the file keeps its last good value
  }
  value = token_json(text);
  return true;
}

namespace {

bool edit_param(Json& sched, const ParamSpec& spec, const std::string& unit) {
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
      if (text_field("##v", set ? json_value_text(sched[spec.name]) : "", text, w)) {
        Json list = Json::array();
        std::stringstream in(text);
        std::string tok;
        bool ok = true;
        while (std::getline(in, tok, ',')) {
          tok = trim(tok);
          if (tok.empty()) continue;
          try {
            parse_duration(tok, unit_of(unit));
            list.push_back(token_json(tok));
          } catch (const std::exception&) {
            ok = false;
          }
        }
        if (ok && !list.empty()) {
          sched[spec.name] = list;
          changed = true;
        }
      }
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
