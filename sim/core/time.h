// Simulated time: a signed 64-bit count of nanoseconds. No floating point ever
// enters the engine's notion of time, so every run is exact and reproducible.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace timeslice {

using Time = std::int64_t;

// Exact intermediates for products of times (weights x vruntimes, sums over
// many tasks) that do not fit 64 bits. GCC/Clang; -Wpedantic-clean.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 Uint128;

constexpr Time kNanosecond = 1;
constexpr Time kMicrosecond = 1'000;
constexpr Time kMillisecond = 1'000'000;
constexpr Time kSecond = 1'000'000'000;

// "Never" / "no limit". Far beyond any reachable simulated time.
constexpr Time kNever = std::numeric_limits<Time>::max();

// Human-readable duration with the largest unit that keeps it readable:
// 0ns, 750ns, 12.5us, 3ms, 1.25s. Up to 3 decimals; a value that needs more
// is cut and marked with "~" (e.g. ~1.234ms for 1234567ns).
std::string format_duration(Time t);

// Human-readable size in bytes, binary units: 512B, 8KiB, 1.5MiB, 1GiB (up
// to 2 decimals, trailing zeros trimmed).
std::string format_bytes(std::int64_t bytes);

}  // namespace timeslice
