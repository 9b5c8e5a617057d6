// JS API of the prover:
//   const key = new addon.ProvingKey(zkeyPath, { msmTableBytes });  // or zkey bytes; parsed once,
//       kept in native memory; MSM tables (msm_tables.hpp) built on a background thread
//   key.msmTables;  // { copies, bytes, ready, buildMs }
//   const { proof, publicSignals } = await key.prove(wtnsBytes);  // on a libuv worker thread
//   key.cancel();  // rejects every proof of this key still running (PROOF_CANCELLED)
#include <napi.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "bigint.hpp"
#include "groth16_prove.hpp"
#include "registry.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#define ZKPOP_TRIM() malloc_trim(0)
#else
#define ZKPOP_TRIM() ((void)0)
#endif

namespace zkpop {
namespace {

Napi::Value fq_js(Napi::Env env, const Fq& x) { return Napi::String::New(env, field_to_decimal(x)); }

Napi::Array fq2_js(Napi::Env env, const Fq2& x) {
  Napi::Array a = Napi::Array::New(env, 2);
  a.Set(0u, fq_js(env, x.c0));
  a.Set(1u, fq_js(env, x.c1));
  return a;
}

// snarkjs's JSON: projective triples with z = 1 (z = 0 for infinity).
Napi::Array g1_js(Napi::Env env, const G1Affine& p) {
  Napi::Array a = Napi::Array::New(env, 3);
  bool inf = p.is_inf();
  a.Set(0u, fq_js(env, p.x));
  a.Set(1u, inf ? Napi::String::New(env, "1") : fq_js(env, p.y));
  a.Set(2u, Napi::String::New(env, inf ? "0" : "1"));
  return a;
}

Napi::Array g2_js(Napi::Env env, const G2Affine& p) {
  Napi::Array a = Napi::Array::New(env, 3);
  bool inf = p.is_inf();
  a.Set(0u, fq2_js(env, p.x));
  a.Set(1u, inf ? fq2_js(env, Fq2::one()) : fq2_js(env, p.y));
  a.Set(2u, inf ? fq2_js(env, Fq2::zero()) : fq2_js(env, Fq2::one()));
  return a;
}

std::vector<uint8_t> bytes_of(const Napi::Value& v, const char* what) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a Uint8Array");
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  return std::vector<uint8_t>(a.Data(), a.Data() + a.ByteLength());
}

// Parses a .zkey straight from the file, mapped read-only: no copy of the file in the JS heap,
// and the mapping is gone once the key's arrays are filled.
std::shared_ptr<ProvingKey> parse_zkey_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size == 0) {
    close(fd);
    throw std::runtime_error("cannot read " + path);
  }
  size_t len = static_cast<size_t>(st.st_size);
  void* data = mmap(nullptr, len, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED) throw std::runtime_error("cannot map " + path + ": " + std::strerror(errno));
  madvise(data, len, MADV_SEQUENTIAL);
  // Parsed pages are dropped as the parse goes, so the mapping and the copy are never both whole.
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  auto release = [page](const uint8_t* p, size_t n) {
    uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
    uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) & ~(page - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
  };
  try {
    auto pk = parse_zkey(static_cast<const uint8_t*>(data), len, release);
    munmap(data, len);
    return pk;
  } catch (...) {
    munmap(data, len);
    throw;
  }
}

class ProveWorker : public Napi::AsyncWorker {
 public:
  ProveWorker(Napi::Env env, std::shared_ptr<ProvingKey> pk, std::vector<uint8_t> wtns,
              std::shared_ptr<std::atomic<uint64_t>> generation)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        pk_(std::move(pk)),
        wtns_(std::move(wtns)),
        generation_(std::move(generation)),
        started_(generation_->load()) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      witness_ = parse_wtns(wtns_.data(), wtns_.size());
      std::vector<uint8_t>().swap(wtns_);
      if (witness_.size() / 4 != pk_->n_vars)
        throw std::runtime_error("witness has " + std::to_string(witness_.size() / 4) + " values, the key expects " +
                                 std::to_string(pk_->n_vars));
      proof_ = groth16_prove(*pk_, witness_.data(), [this] { return generation_->load() != started_; });
    } catch (const ProofCancelled&) {
      cancelled_ = true;
      SetError("proof cancelled");
    } catch (const std::exception& e) {
      SetError(e.what());
    }
    // The proof's scratch (tens of MB for big circuits) goes back to the OS rather than
    // staying in the malloc arenas of the threads that used it.
    ZKPOP_TRIM();
  }

  void OnOK() override {
    Napi::Env env = Env();
    // cancel() rejects every proof not yet delivered, even one that finished on its thread
    // before cancel() ran (a small proof can): the caller asked for none of them.
    if (generation_->load() != started_) {
      Napi::Error err = Napi::Error::New(env, "proof cancelled");
      err.Set("code", "PROOF_CANCELLED");
      deferred_.Reject(err.Value());
      return;
    }
    Napi::Object proof = Napi::Object::New(env);
    proof.Set("pi_a", g1_js(env, proof_.a));
    proof.Set("pi_b", g2_js(env, proof_.b));
    proof.Set("pi_c", g1_js(env, proof_.c));
    proof.Set("protocol", "groth16");
    proof.Set("curve", "bn128");
    Napi::Array signals = Napi::Array::New(env, pk_->n_public);
    for (uint32_t i = 0; i < pk_->n_public; ++i)
      signals.Set(i, Napi::String::New(env, to_decimal(&witness_[4 * size_t(i + 1)])));
    Napi::Object out = Napi::Object::New(env);
    out.Set("proof", proof);
    out.Set("publicSignals", signals);
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& e) override {
    Napi::Error err = Napi::Error::New(Env(), e.Message());
    err.Set("code", cancelled_ ? "PROOF_CANCELLED" : "PROOF_FAILED");
    deferred_.Reject(err.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<ProvingKey> pk_;
  std::vector<uint8_t> wtns_;
  std::shared_ptr<std::atomic<uint64_t>> generation_;
  uint64_t started_;
  std::vector<u64> witness_;
  Groth16Proof proof_{};
  bool cancelled_ = false;
};

// Extra memory for MSM tables unless the caller or ZKPOP_MSM_TABLE_MB says otherwise: enough
// for four copies of a Semaphore depth-20 key (7.4 MB), far too little for big circuits, whose
// copies would cost more memory than their proofs gain.
constexpr double kDefaultTableMb = 8;

// Bytes allowed for MSM tables: options.msmTableBytes, else ZKPOP_MSM_TABLE_MB, else the default.
size_t table_budget(const Napi::Value& options) {
  constexpr double kMax = double(size_t(1) << 50);
  if (options.IsObject()) {
    Napi::Value v = options.As<Napi::Object>().Get("msmTableBytes");
    if (!v.IsUndefined()) {
      double bytes = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
      if (!(bytes >= 0 && bytes <= kMax))  // also rejects NaN
        throw Napi::TypeError::New(options.Env(), "msmTableBytes must be a number of bytes >= 0");
      return static_cast<size_t>(bytes);
    }
  } else if (!options.IsUndefined()) {
    throw Napi::TypeError::New(options.Env(), "ProvingKey options must be an object");
  }
  double mb = kDefaultTableMb;
  if (const char* env = std::getenv("ZKPOP_MSM_TABLE_MB")) mb = std::atof(env);
  if (!(mb >= 0)) mb = 0;
  return static_cast<size_t>(std::min(mb * 1024 * 1024, kMax));
}

class ProvingKeyWrap : public Napi::ObjectWrap<ProvingKeyWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "ProvingKey",
                       {InstanceMethod<&ProvingKeyWrap::prove>("prove"),
                        InstanceMethod<&ProvingKeyWrap::cancel>("cancel"),
                        InstanceAccessor<&ProvingKeyWrap::n_vars>("nVars"),
                        InstanceAccessor<&ProvingKeyWrap::n_public>("nPublic"),
                        InstanceAccessor<&ProvingKeyWrap::domain_size>("domainSize"),
                        InstanceAccessor<&ProvingKeyWrap::msm_tables>("msmTables")});
  }

  // Parses straight from the caller's bytes (no extra copy of the key at peak memory).
  explicit ProvingKeyWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProvingKeyWrap>(info) {
    const size_t budget = table_budget(info[1]);  // bad options fail before any work
    if (info[0].IsString()) {
      pk_ = parse_zkey_file(info[0].As<Napi::String>().Utf8Value());
    } else if (info[0].IsTypedArray()) {
      Napi::Uint8Array zkey = info[0].As<Napi::Uint8Array>();
      pk_ = parse_zkey(zkey.Data(), zkey.ByteLength());
    } else {
      throw Napi::TypeError::New(info.Env(), "zkey must be a file path or a Uint8Array");
    }
    ZKPOP_TRIM();
    table_copies_ = msm_table_copies(*pk_, budget, &table_bytes_);
    if (table_copies_ > 1) {
      // Off the JS thread and off the proof's pool: proofs before it finishes run without.
      std::shared_ptr<ProvingKey> pk = pk_;
      int copies = table_copies_;
      try {
        std::thread([pk, copies] {
          try {
            pk->set_tables(build_msm_tables(*pk, copies));
          } catch (...) {
            // Out of memory: proofs go on without tables, and msmTables reports ready with 1 copy.
            try {
              pk->set_tables(std::make_shared<const MsmTables>());
            } catch (...) {
            }
          }
        }).detach();
      } catch (const std::system_error&) {
        table_copies_ = 1;  // no thread to build them: no tables
        table_bytes_ = 0;
      }
    }
  }

 private:
  Napi::Value prove(const Napi::CallbackInfo& info) {
    auto* worker = new ProveWorker(info.Env(), pk_, bytes_of(info[0], "wtns"), generation_);
    Napi::Promise p = worker->promise();
    worker->Queue();
    return p;
  }
  Napi::Value cancel(const Napi::CallbackInfo& info) {
    ++*generation_;
    return info.Env().Undefined();
  }
  Napi::Value n_vars(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), pk_->n_vars); }
  Napi::Value n_public(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), pk_->n_public); }
  Napi::Value domain_size(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), pk_->domain_size);
  }
  Napi::Value msm_tables(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto t = pk_->tables();
    Napi::Object o = Napi::Object::New(env);
    // Once built, the tables themselves say what they hold (1 copy, 0 bytes if the build failed).
    o.Set("copies", t ? t->copies : table_copies_);
    o.Set("bytes", static_cast<double>(t ? t->bytes : table_bytes_));
    o.Set("ready", table_copies_ == 1 || t != nullptr);
    o.Set("buildMs", t ? t->build_ms : 0.0);
    return o;
  }

  std::shared_ptr<ProvingKey> pk_;
  int table_copies_ = 1;
  size_t table_bytes_ = 0;
  std::shared_ptr<std::atomic<uint64_t>> generation_ = std::make_shared<std::atomic<uint64_t>>(0);
};

void init(Napi::Env env, Napi::Object exports) { exports.Set("ProvingKey", ProvingKeyWrap::define(env)); }

}  // namespace
}  // namespace zkpop

ZKPOP_REGISTER(prove, zkpop::init)
