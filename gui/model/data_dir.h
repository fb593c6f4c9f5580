// Where the visualizer's files are: PREFIX/share/timeslice, found from the
// running executable (PREFIX/bin/timeslice-gui), so an installed prefix works
// wherever it is put. The build tree has the same layout (build/share/
// timeslice links to the sources' workloads and the system's font).
#pragma once

#include <filesystem>

namespace timeslice::gui {

// EXE_DIR/../share/timeslice when it exists, else empty.
std::filesystem::path data_dir();

// The shipped examples: data_dir()/workloads, else ./workloads.
std::filesystem::path workloads_dir();

// The UI font (DejaVu Sans) in data_dir()/fonts, else empty (ImGui's own).
std::filesystem::path font_file();

}  // namespace timeslice::gui
