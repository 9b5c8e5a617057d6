// Minimal fork-join helpers over a persistent pool of threads.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
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

// Worker threads started once per process and reused by every parallel step: a proof has
// about a hundred short steps (NTT stages, MSM phases), and starting threads for each cost
// more than the smaller steps themselves. Each worker also keeps its malloc arena warm
// instead of a fresh thread leaving a new arena behind per step.
class ThreadPool {
 public:
  static ThreadPool& instance() {
    static ThreadPool* pool = new ThreadPool(thread_count() - 1);  // never destroyed: workers block at exit
    return *pool;
  }

  // Runs fn(t) for t in [0, threads) with the caller as t = 0. Returns false without running
  // anything when the pool is busy (another caller's step) or too small; called from a worker,
  // it also declines, so nested steps never wait on themselves.
  bool try_run(unsigned threads, const std::function<void(unsigned)>& fn) {
    if (in_worker() || threads - 1 > workers_.size()) return false;
    std::unique_lock<std::mutex> job(job_mutex_, std::try_to_lock);
    if (!job.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(m_);
      job_ = &fn;
      job_threads_ = threads;
      remaining_ = threads - 1;
      ++generation_;
    }
    wake_.notify_all();
    fn(0);
    std::unique_lock<std::mutex> lock(m_);
    done_.wait(lock, [&] { return remaining_ == 0; });
    job_ = nullptr;
    return true;
  }

 private:
  explicit ThreadPool(unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
      workers_.emplace_back([this, i] { loop(i + 1); });
      workers_.back().detach();
    }
  }
  static bool& in_worker() {
    static thread_local bool flag = false;
    return flag;
  }
  void loop(unsigned index) {
    in_worker() = true;
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(unsigned)>* job;
      {
        std::unique_lock<std::mutex> lock(m_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (index >= job_threads_) continue;
        job = job_;
      }
      (*job)(index);  // fn catches its own exceptions (run_threads wraps it)
      std::lock_guard<std::mutex> lock(m_);
      if (--remaining_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex job_mutex_;
  std::mutex m_;
  std::condition_variable wake_, done_;
  const std::function<void(unsigned)>* job_ = nullptr;
  unsigned job_threads_ = 0;
  unsigned remaining_ = 0;
  uint64_t generation_ = 0;
};

// Runs fn(t) for t in [0, threads) (the caller runs t = 0) and rethrows the first exception.
// Uses the shared pool when it is free, else threads of its own.
inline void run_threads(unsigned threads, const std::function<void(unsigned)>& fn) {
  std::exception_ptr error;
  std::mutex m;
  std::function<void(unsigned)> guarded = [&](unsigned t) {
    try {
      fn(t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(m);
      if (!error) error = std::current_exception();
    }
  };
  if (threads <= 1) {
    guarded(0);
  } else if (!ThreadPool::instance().try_run(threads, guarded)) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
    guarded(0);
    for (auto& th : pool) th.join();
  }
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
