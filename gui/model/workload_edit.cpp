#include "gui/model/workload_edit.h"

#include <cctype>

namespace timeslice::gui {

namespace {

int rename_in_program(Json& program, const std::string& from, const std::string& to) {
  if (!program.is_array()) return 0;
  int n = 0;
  for (Json& phase : program) {
    if (!phase.is_object()) continue;
    if (auto it = phase.find("spawn"); it != phase.end() && *it == from) {
      *it = to;
      ++n;
    }
    if (auto it = phase.find("program"); it != phase.end()) n += rename_in_program(*it, from, to);
  }
  return n;
}

int rename_in_tasks(Json& doc, const char* key, const std::string& from, const std::string& to) {
  auto list = doc.find(key);
  if (list == doc.end() || !list->is_array()) return 0;
  int n = 0;
  for (Json& t : *list)
    if (t.is_object())
      if (auto p = t.find("program"); p != t.end()) n += rename_in_program(*p, from, to);
  return n;
}

}  // namespace

std::vector<std::string> template_names(const Json& doc) {
  std::vector<std::string> names;
  if (!doc.is_object()) return names;
  auto list = doc.find("templates");
  if (list == doc.end() || !list->is_array()) return names;
  for (const Json& t : *list)
    if (t.is_object())
      if (auto n = t.find("name"); n != t.end() && n->is_string()) names.push_back(n->get<std::string>());
  return names;
}

int rename_template(Json& doc, const std::string& from, const std::string& to) {
  if (!doc.is_object() || from == to) return 0;
  int n = rename_in_tasks(doc, "tasks", from, to) + rename_in_tasks(doc, "templates", from, to);
  if (auto gens = doc.find("generate"); gens != doc.end() && gens->is_array())
    for (Json& g : *gens)
      if (g.is_object())
        if (auto s = g.find("spawn"); s != g.end() && s->is_object())
          if (auto t = s->find("template"); t != s->end() && *t == from) {
            *t = to;
            ++n;
          }
  return n;
}

std::string affinity_to_text(const Json& affinity) {
  if (!affinity.is_array()) return "";
  std::string out;
  for (const Json& c : affinity) {
    if (!out.empty()) out += ", ";
    out += c.is_string() ? c.get<std::string>() : c.dump();
  }
  return out;
}

Json parse_affinity_text(const std::string& text) {
  Json out = Json::array();
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    const bool number = word.size() <= 9 && word.find_first_not_of("0123456789") == std::string::npos;
    if (number)
      out.push_back(std::stoll(word));
    else
      out.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c)))
      flush();
    else
      word += c;
  }
  flush();
  return out.empty() ? Json() : out;
}

}  // namespace timeslice::gui
