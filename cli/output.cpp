#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <unistd.h>

#include "cli/cli.h"

namespace timeslice::cli {

namespace {

// The temporary file being written, so that a run killed while writing it
// (Ctrl-C, kill, hang-up, a file size limit) removes it on the way out: the
// target is then either absent or whole, and no *.tmp.<pid> is left behind.
char temp_being_written[4096];
volatile std::sig_atomic_t temp_pending = 0;

extern "C" void remove_temp_and_die(int sig) {
  if (temp_pending) ::unlink(temp_being_written);  // async-signal-safe
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_cleanup_handlers() {
  static const bool installed = [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGXFSZ}) {
      struct sigaction old {};
      // Keep a signal the caller ignores (nohup, trap '' ...) ignored.
      if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
      struct sigaction action {};
      action.sa_handler = remove_temp_and_die;
      sigemptyset(&action.sa_mask);
      ::sigaction(sig, &action, nullptr);
    }
    return true;
  }();
  (void)installed;
}

// Registers `temp` for removal by the handlers (if the name fits).
void track_temp(const std::string& temp) {
  temp_pending = 0;
  if (temp.size() >= sizeof temp_being_written) return;
  std::memcpy(temp_being_written, temp.c_str(), temp.size() + 1);
  temp_pending = 1;
}

}  // namespace

void check_output_path(const std::optional<std::string>& path, const std::string& option) {
  if (!path) return;
  if (path->empty()) throw InputError(option + ": expected a file name");
  const std::string what = option + " " + *path;
  if (std::filesystem::is_directory(*path)) throw InputError(what + ": is a directory");
  const std::filesystem::path parent = std::filesystem::path(*path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw InputError(what + ": cannot write: no directory " + parent.string());
}

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
  install_cleanup_handlers();
  track_temp(temp);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      const int error = errno;
      temp_pending = 0;
      throw InputError(what + ": cannot write: " + std::strerror(error));
    }
    out << text;
    out.close();
    if (!out) {
      const int error = errno;
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      temp_pending = 0;
      throw InputError(what + ": cannot write: " + std::strerror(error));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, *path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    temp_pending = 0;
    throw InputError(what + ": cannot write: " + ec.message());
  }
  temp_pending = 0;
}

}  // namespace timeslice::cli
