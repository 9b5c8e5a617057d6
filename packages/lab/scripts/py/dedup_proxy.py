"""
Issue 12 (helper 12student): the card's "caught at N" (exact tags, L ≤ 128, ≤ 1 % honest refused)
in numpy, for choosing hyperparameters on an inner split without a round trip to TypeScript.
Same model as src/eval/dedup-model.ts (a = 1 − θ/π per pair, m-of-L binomial tails, mean over
pairs); the reported figures still come from scripts/figures-from-embeddings.ts.
"""
import math

import numpy as np

TABLES = [16, 32, 48, 64, 96, 128]
BITS = [4, 5, 6, 7, 8, 9, 10, 12, 14]


def agreements(emb, labels):
    u = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    c = np.clip(u @ u.T, -1, 1)
    a = 1 - np.arccos(c) / math.pi
    lab = np.array(labels)
    iu = np.triu_indices(len(u), 1)
    same = (lab[:, None] == lab[None, :])[iu]
    return a[iu][same], a[iu][~same]


def mean_tails(a, L, k):
    p = np.clip(a**k, 1e-300, 1 - 1e-16)[:, None]
    j = np.arange(L + 1)
    logc = np.array([math.lgamma(L + 1) - math.lgamma(x + 1) - math.lgamma(L - x + 1) for x in j])
    pmf = np.exp(logc + j * np.log(p) + (L - j) * np.log1p(-p))
    return np.minimum(1, pmf[:, ::-1].cumsum(1)[:, ::-1].mean(0))


def caught(emb, labels, gallery=1e6, max_refusal=0.01):
    gen, imp = agreements(emb, labels)
    p_max = -math.expm1(math.log1p(-max_refusal) / gallery)
    best = 0.0
    for L in TABLES:
        for k in BITS:
            ti = mean_tails(imp, L, k)
            ok = np.where(ti <= p_max)[0]
            ok = ok[ok >= 1]
            if len(ok):
                best = max(best, mean_tails(gen, L, k)[ok[0]])
    return best


def eer(emb, labels):
    u = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    lab = np.array(labels)
    iu = np.triu_indices(len(u), 1)
    s = (u @ u.T)[iu]
    same = (lab[:, None] == lab[None, :])[iu]
    g, i = np.sort(s[same]), np.sort(s[~same])
    th = np.unique(np.concatenate([g, i]))
    fnmr = np.searchsorted(g, th, side="left") / len(g)
    fmr = 1 - np.searchsorted(i, th, side="left") / len(i)
    j = np.argmin(np.abs(fnmr - fmr))
    return (fnmr[j] + fmr[j]) / 2
