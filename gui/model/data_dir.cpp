#include "gui/model/data_dir.h"

namespace timeslice::gui {

namespace fs = std::filesystem;

fs::path data_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path().parent_path() / "share" / "timeslice";
  return fs::is_directory(dir, ec) ? dir : fs::path();
}

fs::path workloads_dir() {
  std::error_code ec;
  const fs::path data = data_dir();
  if (!data.empty() && fs::is_directory(data / "workloads", ec)) return data / "workloads";
  return "workloads";
}

fs::path font_file() {
  std::error_code ec;
  const fs::path data = data_dir();
  const fs::path font = data / "fonts" / "DejaVuSans.ttf";
  return !data.empty() && fs::is_regular_file(font, ec) ? font : fs::path();
}

}  // namespace timeslice::gui
