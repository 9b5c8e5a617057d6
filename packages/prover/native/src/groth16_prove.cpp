#include "groth16_prove.hpp"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "msm.hpp"
#include "msm_tables.hpp"
#include "parallel.hpp"

namespace zkpop {

Fr random_fr() {
  for (;;) {
    u64 x[4];
    size_t got = 0;
    while (got < sizeof x) {
      ssize_t n = getrandom(reinterpret_cast<char*>(x) + got, sizeof x - got, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("getrandom failed");
      }
      got += static_cast<size_t>(n);
    }
    x[3] &= (1ULL << 62) - 1;  // r < 2^254: keep 254 bits, reject values >= r
    if (Fr::is_canonical(x)) return Fr::from_plain(x);
  }
}

namespace {

// ZKPOP_NATIVE_TRACE=1 prints the time of each proving step to stderr.
struct Trace {
  bool on = std::getenv("ZKPOP_NATIVE_TRACE") != nullptr;
  std::chrono::steady_clock::time_point t = std::chrono::steady_clock::now();
  void step(const char* what) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "[native prove] %s: %.1f ms\n", what,
                 std::chrono::duration<double, std::milli>(now - t).count());
    t = now;
  }
};

void check(const std::function<bool()>& cancelled) {
  if (cancelled && cancelled()) throw ProofCancelled();
}

// Evaluations of A, B and C = A*B on the domain (Montgomery form), as snarkjs's buildABC1.
void build_abc(const ProvingKey& pk, const u64* witness, std::vector<Fr>& a, std::vector<Fr>& b,
               std::vector<Fr>& c) {
  const size_t n = pk.domain_size;
  a.assign(n, Fr::zero());
  b.assign(n, Fr::zero());
  c.resize(n);
  const Fr* values = pk.coef_values.data();
  auto accumulate = [&](uint32_t matrix, std::vector<Fr>& out) {
    for (const QapCoef& q : pk.coefs[matrix])
      out[q.constraint] += values[q.value] * Fr::from_raw(&witness[4 * size_t(q.signal)]);
  };
  if (thread_count() > 1) {
    run_threads(2, [&](unsigned t) { accumulate(t, t == 0 ? a : b); });
  } else {
    accumulate(0, a);
    accumulate(1, b);
  }
  parallel_for(n, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) c[i] = a[i] * b[i];
  });
}

// Evaluations on the domain -> evaluations on the odd coset (iNTT, scale by inc^i/n, NTT).
void to_coset(const ProvingKey& pk, std::vector<Fr>& v) {
  pk.ntt->inverse_unscaled(v.data());
  parallel_for(v.size(), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) v[i] *= pk.coset_scale[i];
  });
  pk.ntt->forward(v.data());
}

}  // namespace

int msm_table_copies(const ProvingKey& pk, size_t budget_bytes, size_t* bytes) {
  const size_t one_copy = (pk.a.size() + pk.b1.size() + pk.c.size() + pk.h.size()) * sizeof(G1Affine) +
                          pk.b2.size() * sizeof(G2Affine);
  const int m = copies_for_budget(one_copy, budget_bytes);
  if (bytes) *bytes = static_cast<size_t>(m - 1) * one_copy;
  return m;
}

std::shared_ptr<const MsmTables> build_msm_tables(const ProvingKey& pk, int copies) {
  auto t0 = std::chrono::steady_clock::now();
  auto t = std::make_shared<MsmTables>();
  if (copies <= 1) return t;
  const int bits = chunk_bits_for(copies);
  t->copies = copies;
  t->a = shifted_copies(pk.a, copies, bits);
  t->b1 = shifted_copies(pk.b1, copies, bits);
  t->b2 = shifted_copies(pk.b2, copies, bits);
  t->c = shifted_copies(pk.c, copies, bits);
  t->h = shifted_copies(pk.h, copies, bits);
  t->bytes = (t->a.size() + t->b1.size() + t->c.size() + t->h.size()) * sizeof(G1Affine) +
             t->b2.size() * sizeof(G2Affine);
  t->build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return t;
}

Groth16Proof groth16_prove(const ProvingKey& pk, const u64* witness, const std::function<bool()>& cancelled) {
  const size_t n = pk.domain_size;
  Trace trace;
  std::vector<Fr> a, b, c;
  build_abc(pk, witness, a, b, c);
  trace.step("A, B, C on the domain");
  for (auto* v : {&a, &b, &c}) {
    check(cancelled);
    to_coset(pk, *v);
  }
  // H's scalars: A*B - C on the coset, plain (snarkjs's joinABC + fromMontgomery).
  std::vector<u64> h(4 * n);
  parallel_for(n, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) (a[i] * b[i] - c[i]).to_plain(&h[4 * i]);
  });
  std::vector<Fr>().swap(a);
  std::vector<Fr>().swap(b);
  std::vector<Fr>().swap(c);
  trace.step("H on the coset (6 NTTs)");
  check(cancelled);

  const Scalar* w = reinterpret_cast<const Scalar*>(witness);
  const size_t n_priv_from = pk.n_public + 1;
  std::unique_ptr<MsmPlan<Fq>> plan_a, plan_b1, plan_c, plan_h;
  std::unique_ptr<MsmPlan<Fq2>> plan_b2;
  // Held for the whole proof: the plans point into the tables.
  const std::shared_ptr<const MsmTables> tables = pk.tables();
  const MsmTables none;
  const MsmTables& t = tables ? *tables : none;
  const int m = t.copies;
  // A, B1 and B2 take the same witness scalars: one recoding for the three.
  const int bits = chunk_bits_for(m);
  std::shared_ptr<const MsmDigits> digits_w;
  run_tasks(3, [&](size_t i) {
    switch (i) {
      case 0: digits_w = std::make_shared<const MsmDigits>(w, pk.n_vars, m, bits); break;
      case 1:
        plan_h = std::make_unique<MsmPlan<Fq>>(bases_with(pk.h, t.h, m), reinterpret_cast<const Scalar*>(h.data()));
        break;
      default: plan_c = std::make_unique<MsmPlan<Fq>>(bases_with(pk.c, t.c, m), w + n_priv_from); break;
    }
  });
  plan_a = std::make_unique<MsmPlan<Fq>>(bases_with(pk.a, t.a, m), digits_w);
  plan_b1 = std::make_unique<MsmPlan<Fq>>(bases_with(pk.b1, t.b1, m), digits_w);
  plan_b2 = std::make_unique<MsmPlan<Fq2>>(bases_with(pk.b2, t.b2, m), digits_w);
  trace.step("MSM plans (scalar recoding)");
  if (trace.on)
    std::fprintf(stderr, "[native prove] copies %d, windows: A %d×%d B1 %d×%d B2 %d×%d C %d×%d H %d×%d\n", m, plan_a->windows(),
                 plan_a->window_bits(), plan_b1->windows(), plan_b1->window_bits(), plan_b2->windows(),
                 plan_b2->window_bits(), plan_c->windows(), plan_c->window_bits(), plan_h->windows(),
                 plan_h->window_bits());
  check(cancelled);
  // Every window of every MSM is one task; G2 windows (about 3x dearer) go first.
  struct Task {
    int plan;
    int window;
  };
  std::vector<Task> tasks;
  MsmPlan<Fq>* g1_plans[4] = {plan_h.get(), plan_a.get(), plan_b1.get(), plan_c.get()};
  for (int wi = 0; wi < plan_b2->windows(); ++wi) tasks.push_back({-1, wi});
  for (int p = 0; p < 4; ++p) {
    for (int wi = 0; wi < g1_plans[p]->windows(); ++wi) tasks.push_back({p, wi});
  }
  std::atomic<bool> stop{false};
  run_tasks(tasks.size(), [&](size_t i) {
    if (stop.load()) return;
    if (cancelled && cancelled()) {
      stop = true;
      return;
    }
    const Task& t = tasks[i];
    if (t.plan < 0) plan_b2->run_window(t.window);
    else g1_plans[t.plan]->run_window(t.window);
  });
  if (stop.load()) throw ProofCancelled();
  trace.step("MSM windows");

  G1 pi_a = plan_a->combine();
  G1 pib1 = plan_b1->combine();
  G2 pi_b = plan_b2->combine();
  G1 pi_c = plan_c->combine();
  G1 res_h = plan_h->combine();

  Fr r = random_fr();
  Fr s = random_fr();
  G1 delta1 = G1::from(pk.delta1);
  pi_a = add_mixed(pi_a, pk.alpha1);
  pi_a = add(pi_a, mul_fr(delta1, r));
  pi_b = add_mixed(pi_b, pk.beta2);
  pi_b = add(pi_b, mul_fr(G2::from(pk.delta2), s));
  pib1 = add_mixed(pib1, pk.beta1);
  pib1 = add(pib1, mul_fr(delta1, s));
  pi_c = add(pi_c, res_h);
  pi_c = add(pi_c, mul_fr(pi_a, s));
  pi_c = add(pi_c, mul_fr(pib1, r));
  pi_c = add(pi_c, mul_fr(delta1, -(r * s)));
  Groth16Proof proof{to_affine(pi_a), to_affine(pi_b), to_affine(pi_c)};
  trace.step("combine and randomise");
  return proof;
}

}  // namespace zkpop
