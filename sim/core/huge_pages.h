// Big per-task arrays on huge pages.
//
// A million-task run keeps a few arrays of ~100 MB (the tasks' specs,
// programs, engine state, policy state, statistics) and touches them in no
// particular order: with 4 KiB pages, page faults and TLB misses took about
// a third of the run's CPU time (bench/million.sh, 1M tasks: 205,000 page
// faults; 6,600 on 2 MiB pages). reserve_huge() reserves a vector's storage
// and, on Linux, asks for transparent huge pages for it (madvise
// MADV_HUGEPAGE, which Debian's default THP setting, "madvise", honours)
// before any of it is touched. Elsewhere, or for small arrays, it is
// reserve(). Only the memory's layout changes, never a result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace timeslice {

// Advise huge pages for the whole 2 MiB pages inside [data, data + bytes).
inline void advise_huge_pages([[maybe_unused]] const void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint: failure is fine
#endif
}

// v.reserve(n), the new storage on huge pages where they are offered. The
// advice is given before anything is written to the new storage: a vector
// that already holds elements is moved into storage advised first (reserve()
// would copy them in first, and the pages the copy touches would stay 4 KiB
// pages: growing a million tasks' programs this way took 49,000 of a run's
// 65,000 page faults and a fifth of its CPU time).
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  if (n <= v.capacity()) return;
  std::vector<T> bigger;
  bigger.reserve(n);
  advise_huge_pages(bigger.data(), bigger.capacity() * sizeof(T));
  bigger.insert(bigger.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  v.swap(bigger);
}

// Room for one more element, growing as push_back would (doubling), the new
// storage on huge pages: for arrays built element by element.
template <class T>
void grow_huge(std::vector<T>& v) {
  if (v.size() < v.capacity()) return;
  reserve_huge(v, v.capacity() < 1024 ? 1024 : 2 * v.capacity());
}

}  // namespace timeslice
