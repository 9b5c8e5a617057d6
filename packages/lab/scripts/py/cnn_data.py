"""
Issue 12 (helper 12student): the distillation data of one training set (ORL people of the set, the
100 LFW faces, the teacher-labelled augmented copies and two-person blends whose people are all in
the set), grouped by identity for the pairwise loss, plus cheap label-preserving augmentation.
"""
import os

import numpy as np

from student_lab import CACHE, ENROLL_DATA, read_cache, subject

F = np.float32


def load_all(size, aug_path=None, mix_path=None):
    idx, crops, at_crop = read_cache(os.path.join(CACHE, f"orl-crops-{size}-teacher-at-crop.json"))
    b_idx, _, t150 = read_cache(os.path.join(ENROLL_DATA, "orl-crops-32.json"))
    by_src = {e["source"]: i for i, e in enumerate(b_idx["entries"])}
    labels = [e["label"] for e in idx["entries"]]
    d = dict(
        crops=crops.astype(F) / 255,
        t150=np.array([t150[by_src[e["source"]]] for e in idx["entries"]]),
        at_crop=at_crop,
        labels=labels,
        subj=np.array([subject(l) for l in labels]),
    )
    _, lc, lt = read_cache(os.path.join(CACHE, f"lfw-faces-{size}.json"))
    d["lfw"] = (lc.astype(F) / 255, lt)
    if aug_path:
        aidx, ac, at = read_cache(aug_path)
        src = [e["source"] for e in aidx["entries"]]
        # group: the ORL person, or the LFW face the copy was made from
        groups = [e["label"] if subject(e["label"]) > 0 else s for e, s in zip(aidx["entries"], src)]
        d["aug"] = (ac.astype(F) / 255, at, np.array([subject(e["label"]) for e in aidx["entries"]]), groups)
    if mix_path:
        midx, mc, mt = read_cache(mix_path)
        parents = np.array([[subject(p) for p in e["source"].split("|")] for e in midx["entries"]])
        d["mix"] = (mc.astype(F) / 255, mt, parents)
    return d


def training_set(d, people, use_aug=True, use_mix=True):
    """Crops, teacher-150 targets and identity groups for training on `people` (a set of ORL subject numbers)."""
    keep = np.isin(d["subj"], list(people))
    X = [d["crops"][keep]]
    T = [d["t150"][keep]]
    G = [d["labels"][i] for i in np.where(keep)[0]]
    lc, lt = d["lfw"]
    X.append(lc)
    T.append(lt)
    G += [f"lfw#{i}" for i in range(len(lc))]
    if use_aug and "aug" in d:
        ac, at, asubj, ag = d["aug"]
        k = np.isin(asubj, list(people)) | (asubj < 0)
        X.append(ac[k])
        T.append(at[k])
        G += [ag[i] for i in np.where(k)[0]]
    if use_mix and "mix" in d:
        mc, mt, parents = d["mix"]
        k = ((parents < 0) | np.isin(parents, list(people))).all(1)
        X.append(mc[k])
        T.append(mt[k])
        G += [f"mix#{i}" for i in np.where(k)[0]]
    return np.concatenate(X), np.concatenate(T), G


class Sampler:
    """Batches of `groups_per_batch` identities × `per_group` samples; half the identities are ORL people."""

    def __init__(self, groups, seed, groups_per_batch=16, per_group=4):
        self.rng = np.random.default_rng(seed)
        by = {}
        for i, g in enumerate(groups):
            by.setdefault(g, []).append(i)
        self.orl = [np.array(v) for g, v in by.items() if g.startswith("s")]
        self.other = [np.array(v) for g, v in by.items() if not g.startswith("s")]
        self.P, self.K = groups_per_batch, per_group

    def batch(self):
        half = self.P // 2
        pick = [self.orl[i] for i in self.rng.choice(len(self.orl), half, replace=len(self.orl) < half)]
        pick += [self.other[i] for i in self.rng.choice(len(self.other), self.P - half, replace=False)]
        idx = np.concatenate([self.rng.choice(g, self.K) for g in pick])
        gid = np.repeat(np.arange(self.P), self.K)
        return idx, gid


def jitter(x, rng, shift=1, gain=0.2, bias=0.08, noise=0.02):
    """x: B×S×S×1. Mirror, ±shift px (edge-replicated), gain/bias, noise: the teacher is ~invariant, labels kept."""
    B, S = x.shape[0], x.shape[1]
    out = np.where((rng.random(B) < 0.5)[:, None, None, None], x[:, :, ::-1], x)[..., 0]
    if shift:
        p = np.pad(out, ((0, 0), (shift, shift), (shift, shift)), mode="edge")
        dy, dx = rng.integers(0, 2 * shift + 1, (2, B))
        r = (dy[:, None] + np.arange(S))[:, :, None]
        c = (dx[:, None] + np.arange(S))[:, None, :]
        out = p[np.arange(B)[:, None, None], r, c]
    g = np.exp(rng.uniform(-gain, gain, B)).astype(F)[:, None, None]
    m = out.mean((1, 2), keepdims=True)
    out = (out - m) * g + m + rng.uniform(-bias, bias, B).astype(F)[:, None, None]
    out = out + noise * rng.standard_normal(out.shape, dtype=F)
    return np.clip(out, 0, 1).astype(F)[..., None]
