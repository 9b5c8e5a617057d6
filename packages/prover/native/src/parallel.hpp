// Minimal fork-join helpers over std::thread: the prover's work is a few large data-parallel
// steps, so a thread per step (tens of microseconds to start) costs nothing measurable.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zkpop {

// Threads to use: ZKPOP_THREADS if set, else the hardware concurrency.
inline unsigned thread_count() {
  if (const char* env = std::getenv("ZKPOP_THREADS")) {
    int v = std::atoi(env);
    if (v > 0) return static_cast<unsigned>(v);
  }
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Runs fn(t) for t in [0, threads) on that many threads (the caller runs t = 0) and rethrows
// the first exception.
inline void run_threads(unsigned threads, const std::function<void(unsigned)>& fn) {
  std::exception_ptr error;
  std::mutex m;
  auto guarded = [&](unsigned t) {
    try {
      fn(t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(m);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
  guarded(0);
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

// Splits [0, n) into one contiguous range per thread: fn(begin, end).
inline void parallel_for(size_t n, const std::function<void(size_t, size_t)>& fn,
                         size_t min_chunk = 1024) {
  unsigned threads = thread_count();
  size_t max_threads = std::max<size_t>(1, n / min_chunk);
  if (threads > max_threads) threads = static_cast<unsigned>(max_threads);
  if (threads <= 1) {
    fn(0, n);
    return;
  }
  run_threads(threads, [&](unsigned t) {
    size_t begin = n * t / threads;
    size_t end = n * (t + 1) / threads;
    fn(begin, end);
  });
}

// Runs tasks [0, count) on every thread, each taking the next task from a shared counter.
inline void run_tasks(size_t count, const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  unsigned threads = std::min<size_t>(thread_count(), std::max<size_t>(count, 1));
  run_threads(threads, [&](unsigned) {
    for (size_t i = next++; i < count; i = next++) task(i);
  });
}

}  // namespace zkpop
