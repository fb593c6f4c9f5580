#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <unistd.h>

#include "cli/cli.h"

namespace timeslice::cli {

void write_output(const std::string& text, const std::optional<std::string>& path,
                  const std::string& option) {
  if (!path) {
    std::cout << text << std::flush;
    return;
  }
  if (path->empty()) throw InputError(option + ": expected a file name");
  const std::string what = option + " " + *path;
  if (std::filesystem::is_directory(*path)) throw InputError(what + ": is a directory");
  // Same directory as the target, so the rename is atomic (one file system).
  const std::string temp = *path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(what + ": cannot write: " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) {
      const int error = errno;
      std::filesystem::remove(temp);
      throw InputError(what + ": cannot write: " + std::strerror(error));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, *path, ec);
  if (ec) {
    std::filesystem::remove(temp);
    throw InputError(what + ": cannot write: " + ec.message());
  }
}

}  // namespace timeslice::cli
