// A flat 4-ary min-heap: the engine's pending-event set.
//
// Costs: push and pop are O(log4 n) with one sift each; top is O(1). A 4-ary
// heap touches fewer cache lines than a binary one for small elements. Keys
// never change once pushed (the engine cancels events lazily with generation
// numbers instead of removing them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace timeslice {

// (time, tie-break) as one unsigned 128-bit number in the same order, so that
// a heap compares keys without a branch on whether the times tie (GCC's and
// Clang's 128-bit integers: `__extension__` says so to -Wpedantic).
__extension__ using WideKey = unsigned __int128;
inline WideKey wide_key(std::int64_t time, std::uint64_t tie) {
  const std::uint64_t t = static_cast<std::uint64_t>(time) ^ (std::uint64_t{1} << 63);  // signed order
  return static_cast<WideKey>(t) << 64 | tie;
}

template <class T, class Less>
class QuaternaryHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const T& top() const { return items_.front(); }
  void reserve(std::size_t n) { items_.reserve(n); }
  void clear() { items_.clear(); }

  void push(T item) {
    std::size_t i = items_.size();
    items_.push_back(item);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!less_(item, items_[parent])) break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = item;
  }

  // Remove the smallest item.
  void pop() {
    T last = items_.back();
    items_.pop_back();
    if (!items_.empty()) sift_down(std::move(last));
  }

  // Remove the smallest item and add `item`, with a single sift.
  void replace_top(T item) { sift_down(std::move(item)); }

 private:
  void sift_down(T item) {
    const std::size_t n = items_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      if (first + 4 <= n) {
        // Four children (all but the last group): the smallest by a
        // tournament of pairs. Which child wins is unpredictable, so the
        // winners' indices are computed from the comparisons rather than
        // branched to. Ties go to the lower index, as a scan's would.
        const std::size_t a = first + less_(items_[first + 1], items_[first]);
        const std::size_t b = first + 2 + less_(items_[first + 3], items_[first + 2]);
        const std::size_t b_wins = 0 - static_cast<std::size_t>(less_(items_[b], items_[a]));  // all ones or 0
        best = a ^ ((a ^ b) & b_wins);
      } else {
        for (std::size_t c = first + 1; c < n; ++c)
          if (less_(items_[c], items_[best])) best = c;
      }
      if (!less_(items_[best], item)) break;
      items_[i] = items_[best];
      i = best;
    }
    items_[i] = item;
  }

  std::vector<T> items_;
  Less less_;
};

}  // namespace timeslice
