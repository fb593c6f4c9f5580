#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
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

bool is_stdout(const std::optional<std::string>& path) {
  return !path || *path == "-" || *path == "/dev/stdout";
}

namespace {

// Where an output goes, decided from what is at the path now.
struct Target {
  enum Kind { Stdout, Direct, Replace } kind = Replace;
  std::string path;  // Replace: the regular file to replace (a symlink's target)
};

Target target_of(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return {Target::Stdout, {}};
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0) return {Target::Replace, path};  // a new file
  if (S_ISREG(link.st_mode)) return {Target::Replace, path};
  struct stat target {};
  // A symlink to a regular file: replace the file it points to and keep the
  // link. Anything else (a device, a pipe, a socket, /dev/null, a dangling
  // link) is written in place, as `>` would.
  if (S_ISLNK(link.st_mode) && ::stat(path.c_str(), &target) == 0 && S_ISREG(target.st_mode)) {
    std::error_code ec;
    const std::filesystem::path resolved = std::filesystem::canonical(path, ec);
    if (!ec) return {Target::Replace, resolved.string()};
  }
  return {Target::Direct, path};
}

void write_all(int fd, const std::string& text, const std::string& what) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw InputError(what + ": cannot write: " + std::strerror(n < 0 ? errno : EIO));
    done += static_cast<std::size_t>(n);
  }
}

// A device, pipe or socket: opened and written as it is, never replaced.
void write_in_place(const std::string& text, const std::string& path, const std::string& what) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw InputError(what + ": cannot write: " + std::strerror(errno));
  try {
    write_all(fd, text, what);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0 && errno != EINTR)
    throw InputError(what + ": cannot write: " + std::strerror(errno));
}

// A regular file (or none yet): a temporary file in the same directory, then
// a rename, so the target is whole or untouched.
void replace_file(const std::string& text, const std::string& path, const std::string& what) {
  // Same directory as the target, so the rename is atomic (one file system).
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
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
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    temp_pending = 0;
    throw InputError(what + ": cannot write: " + ec.message());
  }
  temp_pending = 0;
}

}  // namespace

void check_output_path(const std::optional<std::string>& path, const std::string& option) {
  if (!path) return;
  if (path->empty()) throw InputError(option + ": expected a file name");
  if (is_stdout(path)) return;
  const std::string what = option + " " + *path;
  if (std::filesystem::is_directory(*path)) throw InputError(what + ": is a directory");
  const std::filesystem::path parent = std::filesystem::path(*path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent))
    throw InputError(what + ": cannot write: no directory " + parent.string());
}

void check_one_stdout(const std::vector<std::pair<std::string, bool>>& outputs) {
  const std::string* first = nullptr;
  for (const auto& [name, to_stdout] : outputs) {
    if (!to_stdout) continue;
    if (!first) {
      first = &name;
      continue;
    }
    throw UsageError(name + ": standard output already carries " + *first +
                     "; write one of them to a file");
  }
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
  const Target target = target_of(*path);
  switch (target.kind) {
    case Target::Stdout: std::cout << text << std::flush; return;
    case Target::Direct: write_in_place(text, target.path, what); return;
    case Target::Replace: replace_file(text, target.path, what); return;
  }
}

}  // namespace timeslice::cli
