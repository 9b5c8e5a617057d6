"""
Issue 12 (helper 12student): one distillation run. The student CNN (cnn_layers.py) is trained by
gradient descent (Adam, hand-written backprop) to reproduce the teacher's 150×150-chip embedding,
centred and rotated onto its top `dim` principal axes (fitted on the training set), with
  cosine loss            mean_i 1 − cos(s_i, t_i)
+ pair · similarity loss mean_{i≠j} w_ij (cos(s_i, s_j) − cos(t_i, t_j))², w = `genw` for pairs of
                         one identity (normalised so all weights average 1)
on identity-grouped batches with cheap label-preserving jitter. Returns snapshots at `checkpoints`.
"""
import time

import numpy as np

from cnn_data import Sampler, jitter
from cnn_layers import Adam, Net

F = np.float32

DEFAULTS = dict(arch="c8k5s2,c16k3s2,c32k3s2,o64", steps=3000, lr=2e-3, wd=1e-4, pair=1.0, genw=4.0, batch_groups=16, per_group=4, dim=64, seed=12)


def target_space(T, dim):
    mean = T.mean(0)
    w, V = np.linalg.eigh(np.cov((T - mean).T, bias=True))
    axes = V[:, np.argsort(-w)][:, :dim].T
    return mean, axes


def to_target(space, T):
    mean, axes = space
    Y = (T - mean) @ axes.T
    return (Y / np.linalg.norm(Y, axis=1, keepdims=True)).astype(F)


def losses(s, t, gid, pair, genw):
    """Loss and d loss / d s for one batch (s raw outputs, t unit targets)."""
    B = len(s)
    n = np.linalg.norm(s, axis=1, keepdims=True) + 1e-8
    u = s / n
    cos_loss = float(np.mean(1 - np.sum(u * t, 1)))
    du = -t / B
    pair_loss = 0.0
    if pair:
        same = gid[:, None] == gid[None, :]
        w = np.where(same, genw, 1.0).astype(F)
        np.fill_diagonal(w, 0)
        w /= w.sum()
        D = u @ u.T - t @ t.T
        pair_loss = float(np.sum(w * D * D))
        du += pair * 2 * (2 * (w * D) @ u)  # d/du of sum w D², D symmetric in u
    ds = (du - u * np.sum(u * du, 1, keepdims=True)) / n
    return cos_loss + pair * pair_loss, cos_loss, pair_loss, ds.astype(F)


def train(X, T, groups, cfg, checkpoints=(1.0,), log=print):
    """X: n×S×S in [0, 1]; T: n×128 teacher descriptors; groups: identity per row."""
    c = {**DEFAULTS, **cfg}
    space = target_space(T, c["dim"])
    Y = to_target(space, T)
    net = Net(c["arch"].split(",")[:-1] + [f"o{c['dim']}"], X.shape[1], c["seed"])
    opt = Adam(net, c["lr"], c["wd"])
    sampler = Sampler(groups, c["seed"], c["batch_groups"], c["per_group"])
    rng = np.random.default_rng(c["seed"] + 1)
    X4 = X[..., None]
    snaps, marks = {}, {int(round(f * c["steps"])): f for f in checkpoints}
    t0, run = time.time(), np.zeros(3)
    warm = min(200, c["steps"] // 10)
    for step in range(1, c["steps"] + 1):
        idx, gid = sampler.batch()
        xb = jitter(X4[idx], rng)
        s = net.forward(xb)
        loss, lc, lp, ds = losses(s, Y[idx], gid, c["pair"], c["genw"])
        net.backward(ds)
        scale = step / warm if step < warm else 0.5 * (1 + np.cos(np.pi * (step - warm) / (c["steps"] - warm)))
        opt.step(max(scale, 0.02))
        run = 0.98 * run + 0.02 * np.array([loss, lc, lp])
        if step % 500 == 0:
            log(f"  step {step}: loss {run[0]:.4f} (cos {run[1]:.4f}, pair {run[2]:.4f}), {time.time() - t0:.0f} s")
        if step in marks:
            snaps[marks[step]] = net.state()
    return net, snaps, net.relus
