// Linux's nice-to-weight table: the fair-share policies (cfs, eevdf) give a
// task CPU in proportion to this weight, and the statistics measure fairness
// against it (Summary::weighted_fairness).
#pragma once

#include <algorithm>
#include <cstdint>

namespace timeslice {

// Linux kernel/sched/core.c sched_prio_to_weight[]: nice -20 .. 19. Each step
// of nice is about 10% of CPU (a factor of ~1.25 between neighbours).
inline constexpr std::int64_t kNiceWeight[40] = {
    /* -20 */ 88761, 71755, 56483, 46273, 36291,
    /* -15 */ 29154, 23254, 18705, 14949, 11916,
    /* -10 */ 9548,  7620,  6100,  4904,  3906,
    /*  -5 */ 3121,  2501,  1991,  1586,  1277,
    /*   0 */ 1024,  820,   655,   526,   423,
    /*   5 */ 335,   272,   215,   172,   137,
    /*  10 */ 110,   87,    70,    56,    45,
    /*  15 */ 36,    29,    23,    18,    15,
};
inline constexpr std::int64_t kNice0Load = 1024;  // NICE_0_LOAD (scale_load_down'ed)

inline std::int64_t nice_weight(int nice) { return kNiceWeight[std::clamp(nice, -20, 19) + 20]; }

}  // namespace timeslice
