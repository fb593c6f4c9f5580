// RankedQueue: tasks ordered by an integer key (smaller first), then by
// enqueue order. The ordered run queue of cfs, stride, srtf, sjf, edf, rms
// and cooperative.
//
// Contract:
// - push(t, key) puts t after every queued task whose key is <= key;
//   push_front(t, key) ahead of every queued task with the same key (a
//   preempted task keeps its place, as Linux does for real-time tasks). t must
//   be in no queue sharing this one's slot. O(log n).
// - remove(t) takes out a task queued here. O(1), O(log n) when a node
//   empties.
// - front() and back() cost nothing; for_each, visit_from_back, find_first
//   and the *_allowed scans walk the tasks in order, O(1) a task.
// - contains(t): whether t is in any queue sharing this one's slot of the
//   run's per-task storage (SchedContext::per_task; call attach() first).
//   key_of(t): the key it was queued with.
// The order is a total one, so which tasks come first never depends on the
// tree's shape: any correct ordered queue gives the same runs.
//
// How: a B+-tree whose nodes hold up to kFanout entries each, in pools the
// queue owns. A leaf holds queued tasks in order with their keys; an inner
// node holds its children, each with a lower bound of its subtree's keys (the
// first child's is never read). Equal keys may straddle leaves: a push goes
// to the last child whose bound is <= its key, a push_front to the last whose
// bound is < its key. Leaves are linked both ways for the walks; every node
// knows its parent. A task's own storage keeps only its leaf (4 bytes), which
// a split updates for the tasks it moves: removal goes straight there.
//
// Why: a million queued tasks make a tree 4 levels deep whose upper levels
// stay in cache, where a binary tree is 20-40 levels of nodes scattered over
// memory, each one a cache miss. Nothing is allocated per push once the pools
// have grown. Removal never rebalances: a node is freed when it empties and a
// root with one child gives way to it, so the height stays logarithmic in the
// number of pushes ("deletion without rebalancing", Sen and Tarjan 2009). A
// push at the very back of a full last leaf starts a new leaf rather than
// splitting it in halves, so that the pattern most pushes follow (cfs's
// tasks join with the largest vruntime) leaves nodes full, not half full.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "sim/core/policy.h"

namespace timeslice {

template <std::uint32_t kFanout>
class RankedTree {
  static_assert(kFanout >= 4 && kFanout % 2 == 0);

 public:
  void attach(SchedContext& ctx, int slot = 0) { places_.attach(ctx, slot); }

  void push(TaskId t, std::int64_t key) { insert(t, key, /*after_equals=*/true); }
  void push_front(TaskId t, std::int64_t key) { insert(t, key, /*after_equals=*/false); }

  void remove(TaskId t) {
    const NodeId leaf = places_[t].leaf;
    places_[t].leaf = kNoNode;
    --size_;
    Leaf& l = leaves_[leaf];
    erase(l, index_of(l, t));
    if (l.count > 0 || height_ == 1) return;  // an empty root leaf stays
    // The leaf emptied: unlink it, and free the inner nodes that empty too.
    (l.prev == kNoNode ? first_leaf_ : leaves_[l.prev].next) = l.next;
    (l.next == kNoNode ? last_leaf_ : leaves_[l.next].prev) = l.prev;
    leaves_.release(leaf);
    NodeId child = leaf, parent = l.parent;
    for (;;) {
      Inner& p = inners_[parent];
      erase(p, index_of(p, child));
      if (p.count > 0) break;
      inners_.release(parent);
      child = parent;
      parent = p.parent;
    }
    while (height_ > 1 && inners_[root_].count == 1) {  // a root with one child gives way
      const NodeId only = inners_[root_].children[0];
      inners_.release(root_);
      root_ = only;
      --height_;
      set_parent(only, height_ == 1, kNoNode);
    }
  }

  bool contains(TaskId t) const { return places_[t].leaf != kNoNode; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The key t was queued with (t must be queued).
  std::int64_t key_of(TaskId t) const {
    const Leaf& l = leaves_[places_[t].leaf];
    return l.keys[index_of(l, t)];
  }
  TaskId front() const { return empty() ? kNoTask : leaves_[first_leaf_].tasks[0]; }
  TaskId back() const {
    if (empty()) return kNoTask;
    const Leaf& last = leaves_[last_leaf_];
    return last.tasks[last.count - 1];
  }

  // First task in order for which pred(task) holds, or kNoTask (stops early).
  template <class Pred>
  TaskId find_first(Pred&& pred) const {
    TaskId found = kNoTask;
    walk_forward([&](TaskId t) {
      if (!pred(t)) return true;
      found = t;
      return false;
    });
    return found;
  }
  TaskId first_allowed(const SchedContext& ctx, CpuId cpu) const {
    const TaskId first = front();
    if (first == kNoTask || ctx.allowed(first, cpu)) return first;
    return find_first([&](TaskId t) { return ctx.allowed(t, cpu); });
  }
  // Last task in order that may run on `cpu`, or kNoTask (from the back).
  TaskId last_allowed(const SchedContext& ctx, CpuId cpu) const {
    TaskId found = kNoTask;
    walk_backward([&](TaskId t) {
      if (!ctx.allowed(t, cpu)) return true;
      found = t;
      return false;
    });
    return found;
  }

  void for_each(const std::function<void(TaskId)>& visit) const {
    walk_forward([&](TaskId t) {
      visit(t);
      return true;
    });
  }
  // Visit from the back (the last in order first) until `visit` returns false.
  bool visit_from_back(const std::function<bool(TaskId)>& visit) const { return walk_backward(visit); }

 private:
  using NodeId = std::uint32_t;
  static constexpr NodeId kNoNode = 0xffffffffu;
  struct Place {
    NodeId leaf = kNoNode;  // the leaf holding the task, if queued
  };
  struct Leaf {
    std::int64_t keys[kFanout];
    TaskId tasks[kFanout];
    std::uint32_t count;
    NodeId parent, prev, next;  // prev, next: the neighbours in order
  };
  struct Inner {
    std::int64_t keys[kFanout];  // a lower bound of each child's keys
    NodeId children[kFanout];
    std::uint32_t count;
    NodeId parent;
  };
  // Nodes in chunks of 64 (a pool holds at most 63 it does not use), and
  // the freed ones for reuse. A node's fields are for its user to set: a
  // chunk is not zeroed, so the pages of nodes never used are never touched
  // (a chunk is 25 KB; zeroing the two first ones cost a short run a dozen
  // page faults).
  template <class Node>
  class Pool {
   public:
    Node& operator[](NodeId id) { return chunks_[id / kChunk][id % kChunk]; }
    const Node& operator[](NodeId id) const { return chunks_[id / kChunk][id % kChunk]; }
    NodeId allocate() {
      if (!free_.empty()) {
        const NodeId id = free_.back();
        free_.pop_back();
        return id;
      }
      if (made_ % kChunk == 0) chunks_.push_back(std::make_unique_for_overwrite<Node[]>(kChunk));
      return made_++;
    }
    void release(NodeId id) { free_.push_back(id); }

   private:
    static constexpr NodeId kChunk = 64;
    std::vector<std::unique_ptr<Node[]>> chunks_;
    std::vector<NodeId> free_;
    NodeId made_ = 0;
  };

  // Where `key` goes among the sorted keys[from, count): after those equal
  // to it if after_equals, else before them (a binary search).
  static std::uint32_t rank(const std::int64_t* keys, std::uint32_t from, std::uint32_t count, std::int64_t key,
                            bool after_equals) {
    const std::int64_t* at = after_equals ? std::upper_bound(keys + from, keys + count, key)
                                          : std::lower_bound(keys + from, keys + count, key);
    return static_cast<std::uint32_t>(at - keys);
  }
  static std::uint32_t index_of(const Leaf& n, TaskId t) {
    std::uint32_t i = 0;
    while (n.tasks[i] != t) ++i;
    return i;
  }
  static std::uint32_t index_of(const Inner& n, NodeId child) {
    std::uint32_t i = 0;
    while (n.children[i] != child) ++i;
    return i;
  }
  void set_parent(NodeId node, bool leaf, NodeId parent) {
    (leaf ? leaves_[node].parent : inners_[node].parent) = parent;
  }

  // Make room at `at` in each array, or close the gap there.
  template <class... Array>
  static void open(std::uint32_t at, std::uint32_t count, Array*... arrays) {
    (std::memmove(arrays + at + 1, arrays + at, (count - at) * sizeof(Array)), ...);
  }
  template <class... Array>
  static void close(std::uint32_t at, std::uint32_t count, Array*... arrays) {
    (std::memmove(arrays + at, arrays + at + 1, (count - at - 1) * sizeof(Array)), ...);
  }
  static void put(Leaf& n, std::uint32_t at, std::int64_t key, TaskId t) {
    open(at, n.count++, n.keys, n.tasks);
    n.keys[at] = key;
    n.tasks[at] = t;
  }
  static void put(Inner& n, std::uint32_t at, std::int64_t key, NodeId child) {
    open(at, n.count++, n.keys, n.children);
    n.keys[at] = key;
    n.children[at] = child;
  }
  static void erase(Leaf& n, std::uint32_t at) { close(at, n.count--, n.keys, n.tasks); }
  static void erase(Inner& n, std::uint32_t at) { close(at, n.count--, n.keys, n.children); }

  void insert(TaskId t, std::int64_t key, bool after_equals) {
    ++size_;
    if (root_ == kNoNode) {
      root_ = first_leaf_ = last_leaf_ = leaves_.allocate();
      Leaf& root = leaves_[root_];
      root.count = 0;
      root.parent = root.prev = root.next = kNoNode;
      height_ = 1;
    }
    NodeId leaf = root_;
    for (int level = height_; level > 1; --level) {
      const Inner& n = inners_[leaf];
      leaf = n.children[rank(n.keys, 1, n.count, key, after_equals) - 1];
    }
    Leaf& l = leaves_[leaf];
    const std::uint32_t at = rank(l.keys, 0, l.count, key, after_equals);
    if (l.count < kFanout) {
      put(l, at, key, t);
      places_[t].leaf = leaf;
      return;
    }
    // A full leaf splits in halves (or, for a push at the very back, starts
    // a new last leaf); the new right one goes in the parent, which splits
    // in turn if it is full, and so on up.
    const bool at_back = leaf == last_leaf_ && at == kFanout;
    const std::uint32_t keep = at_back ? kFanout : kFanout / 2;
    const NodeId right = leaves_.allocate();
    Leaf& r = leaves_[right];
    r.count = kFanout - keep;
    std::memcpy(r.keys, l.keys + keep, r.count * sizeof l.keys[0]);
    std::memcpy(r.tasks, l.tasks + keep, r.count * sizeof l.tasks[0]);
    for (std::uint32_t i = 0; i < r.count; ++i) places_[r.tasks[i]].leaf = right;
    l.count = keep;
    r.prev = leaf;
    r.next = l.next;
    (l.next == kNoNode ? last_leaf_ : leaves_[l.next].prev) = right;
    l.next = right;
    const bool left_gets_it = at <= keep && !at_back;
    put(left_gets_it ? l : r, left_gets_it ? at : at - keep, key, t);
    places_[t].leaf = left_gets_it ? leaf : right;
    add_child(leaf, right, r.keys[0], /*leaves=*/true, at_back);
  }

  // Put `upper` (whose keys are >= `bound`) just after its left neighbour
  // `lower` in lower's parent; `leaves`: whether they are leaves.
  void add_child(NodeId lower, NodeId upper, std::int64_t bound, bool leaves, bool at_back) {
    for (;; leaves = false) {
      const NodeId parent = leaves ? leaves_[lower].parent : inners_[lower].parent;
      if (parent == kNoNode) {  // the root split: a new root above its halves
        root_ = inners_.allocate();
        Inner& top = inners_[root_];
        top.count = 2;
        top.parent = kNoNode;
        top.children[0] = lower;
        top.children[1] = upper;
        top.keys[1] = bound;
        set_parent(lower, leaves, root_);
        set_parent(upper, leaves, root_);
        ++height_;
        return;
      }
      Inner& p = inners_[parent];
      const std::uint32_t at = index_of(p, lower) + 1;
      if (p.count < kFanout) {
        put(p, at, bound, upper);
        set_parent(upper, leaves, parent);
        return;
      }
      const std::uint32_t keep = at_back ? kFanout : kFanout / 2;
      const NodeId half = inners_.allocate();
      Inner& h = inners_[half];
      h.count = kFanout - keep;
      h.parent = p.parent;
      std::memcpy(h.keys, p.keys + keep, h.count * sizeof p.keys[0]);
      std::memcpy(h.children, p.children + keep, h.count * sizeof p.children[0]);
      for (std::uint32_t i = 0; i < h.count; ++i) set_parent(h.children[i], leaves, half);
      p.count = keep;
      const bool left_gets_it = at <= keep && !at_back;
      put(left_gets_it ? p : h, left_gets_it ? at : at - keep, bound, upper);
      set_parent(upper, leaves, left_gets_it ? parent : half);
      lower = parent;
      upper = half;
      bound = h.keys[0];
    }
  }

  template <class Visit>
  bool walk_forward(Visit&& visit) const {
    for (NodeId leaf = first_leaf_; leaf != kNoNode; leaf = leaves_[leaf].next) {
      const Leaf& n = leaves_[leaf];
      for (std::uint32_t i = 0; i < n.count; ++i)
        if (!visit(n.tasks[i])) return false;
    }
    return true;
  }
  template <class Visit>
  bool walk_backward(Visit&& visit) const {
    for (NodeId leaf = last_leaf_; leaf != kNoNode; leaf = leaves_[leaf].prev) {
      const Leaf& n = leaves_[leaf];
      for (std::uint32_t i = n.count; i-- > 0;)
        if (!visit(n.tasks[i])) return false;
    }
    return true;
  }

  PerTask<Place> places_;
  Pool<Leaf> leaves_;
  Pool<Inner> inners_;
  NodeId root_ = kNoNode;  // a leaf if height_ is 1, else an inner node
  NodeId first_leaf_ = kNoNode, last_leaf_ = kNoNode;
  int height_ = 0;
  std::size_t size_ = 0;
};

using RankedQueue = RankedTree<32>;

}  // namespace timeslice
