// N-API face of dev_setup: `devSetup(r1cs, onProgress?)` resolves to the .zkey bytes and the
// circuit's sizes. Runs on a libuv worker thread (seconds for large circuits).
#include <napi.h>

#include <string>

#include "dev_setup.hpp"
#include "registry.hpp"

namespace zkpop {
namespace {

struct ProgressEvent {
  char stage[24];
  double done;
};

class DevSetupWorker : public Napi::AsyncProgressQueueWorker<ProgressEvent> {
 public:
  DevSetupWorker(Napi::Env env, const uint8_t* r1cs, size_t len, Napi::Function on_progress)
      : Napi::AsyncProgressQueueWorker<ProgressEvent>(env),
        r1cs_(r1cs, r1cs + len),
        deferred_(Napi::Promise::Deferred::New(env)) {
    if (!on_progress.IsEmpty()) progress_ = Napi::Persistent(on_progress);
  }
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute(const ExecutionProgress& p) override {
    try {
      zkey_ = dev_setup_zkey(r1cs_.data(), r1cs_.size(), &info_, [&](const std::string& stage, double done) {
        ProgressEvent e{};
        stage.copy(e.stage, sizeof(e.stage) - 1);
        e.done = done;
        p.Send(&e, 1);
      });
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnProgress(const ProgressEvent* events, size_t n) override {
    if (progress_.IsEmpty()) return;
    for (size_t i = 0; i < n; ++i)
      progress_.Call({Napi::String::New(Env(), events[i].stage), Napi::Number::New(Env(), events[i].done)});
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object res = Napi::Object::New(env);
    res.Set("zkey", Napi::Buffer<uint8_t>::Copy(env, zkey_.data(), zkey_.size()));
    res.Set("nVars", info_.n_vars);
    res.Set("nPublic", info_.n_public);
    res.Set("nConstraints", info_.n_constraints);
    res.Set("domainSize", info_.domain_size);
    deferred_.Resolve(res);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::vector<uint8_t> r1cs_;
  std::vector<uint8_t> zkey_;
  DevSetupInfo info_;
  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference progress_;
};

Napi::Value DevSetup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray())
    throw Napi::TypeError::New(env, "devSetup(r1cs: Uint8Array, onProgress?: (stage, done) => void)");
  Napi::Uint8Array r1cs = info[0].As<Napi::Uint8Array>();
  Napi::Function cb = info.Length() > 1 && info[1].IsFunction() ? info[1].As<Napi::Function>() : Napi::Function();
  auto* worker = new DevSetupWorker(env, r1cs.Data(), r1cs.ByteLength(), cb);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

void init(Napi::Env env, Napi::Object exports) { exports.Set("devSetup", Napi::Function::New(env, DevSetup)); }

}  // namespace
}  // namespace zkpop

ZKPOP_REGISTER(setup, zkpop::init)
