// Running independent simulations on every core (sweep, compare).
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "cli/cli.h"

namespace timeslice::cli {

namespace {

constexpr unsigned kMaxJobs = 1024;

}  // namespace

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)), total_(total), enabled_(!label_.empty() && ::isatty(STDERR_FILENO)) {
  draw(0);
}

ProgressBar::~ProgressBar() {
  if (enabled_) std::fputs("\r\033[K", stderr);  // leave the terminal line clean
}

void ProgressBar::advance() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  draw(++done_);
}

void ProgressBar::set(std::size_t done) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = std::min(done, total_);
  draw(done_);
}

void ProgressBar::draw(std::size_t done) {
  if (!enabled_) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total_ == 0 ? kWidth : done * kWidth / total_;
  if (done != 0 && done != total_ && filled == last_filled_ &&
      done - last_drawn_ < std::max<std::size_t>(1, total_ / 200))
    return;  // nothing visible changed
  last_filled_ = filled;
  last_drawn_ = done;
  std::fprintf(stderr, "\r%s  [%s%s]  %zu/%zu", label_.c_str(), std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '-').c_str(), done, total_);
  std::fflush(stderr);
}

unsigned parse_jobs(const ParsedArgs& args) {
  const auto text = args.get("--jobs");
  if (!text) return std::clamp(std::thread::hardware_concurrency(), 1u, kMaxJobs);
  unsigned jobs = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), jobs);
  if (ec != std::errc() || ptr != text->data() + text->size() || jobs < 1 || jobs > kMaxJobs)
    throw InputError("--jobs " + *text + ": expected a number of threads from 1 to " +
                     std::to_string(kMaxJobs));
  return jobs;
}

void run_parallel(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  const std::string& label) {
  ProgressBar progress(label, n);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    // Check before claiming: an item once claimed always runs, so every item
    // before a failure runs and the lowest failure is found whatever the timing.
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        body(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed.store(true);
      }
      progress.advance();
    }
  };
  const std::size_t threads = std::min<std::size_t>(std::max(jobs, 1u), n);
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
    for (std::thread& t : pool) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace timeslice::cli
