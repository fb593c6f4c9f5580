// Edits the workload editor makes to the document (the file's JSON as
// written) that reach past one field: renaming a template renames the spawn
// phases and generators that create it; a CPU list as text. Pure; tested in
// tests/gui/unit-editor-model.cpp.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace timeslice::gui {

using Json = nlohmann::ordered_json;

// The names of the document's templates, in file order.
std::vector<std::string> template_names(const Json& doc);

// Rename template `from` to `to` and every spawn of it: spawn phases in the
// tasks' and templates' programs (inside repeats too) and generators'
// "spawn": {"template": ...}. Returns how many references changed.
int rename_template(Json& doc, const std::string& from, const std::string& to);

// An "affinity" array as text: [0, 2, "big0"] -> "0, 2, big0".
std::string affinity_to_text(const Json& affinity);
// Back: numbers stay numbers, other words are CPU names; empty text gives
// null (no affinity: every CPU).
Json parse_affinity_text(const std::string& text);

}  // namespace timeslice::gui
