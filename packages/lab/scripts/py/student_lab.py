"""
Issue 12 (helper 12a): fast numpy port of the student recipe (src/student/recipe.ts: PCA patch
filters, rectified pooled responses + pixels, ridge onto the teacher's centred PCA-64, WCCN folded
into the head) for trying variants per cross-validation fold. It writes each variant's float
embeddings of the held-out people per fold; scripts/figures-from-embeddings.ts turns them into the
card's figures (same dedup model and EER code as the card). Nothing is selected on a held-out fold.

  python3 packages/lab/scripts/py/student_lab.py --size 48 --variants v3,v3+aug --out $ZKPOP_LAB_CACHE/emb-48.json

Inputs (scripts/crop-size-faces.ts, augment-faces.ts, mixup-faces.ts) under $ZKPOP_LAB_CACHE
(default packages/lab/.cache).
"""
import argparse
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("ZKPOP_LAB_CACHE", os.path.normpath(os.path.join(HERE, "../../.cache")))
ENROLL_DATA = os.path.normpath(os.path.join(HERE, "../../../enroll-circuit/data"))
LAB_DATA = os.path.normpath(os.path.join(HERE, "../../data"))


def read_cache(path):
    idx = json.load(open(path))
    raw = open(os.path.join(os.path.dirname(path), idx["binFile"]), "rb").read()
    n, s, d = idx["count"], idx["size"], idx["descriptorDim"]
    crops = np.frombuffer(raw[: n * s * s], dtype=np.uint8).reshape(n, s, s).astype(np.float64)
    desc = np.frombuffer(raw[idx["descriptorOffset"] : idx["descriptorOffset"] + n * d * 4], dtype="<f4").reshape(n, d)
    return idx, crops, desc.astype(np.float64)


def subject(label):
    return int(label[1:]) if label.startswith("s") and label[1:].isdigit() else -1


def pca_filters(crops, k, stride, nf):
    pats = []
    for c in crops:
        s = c.shape[0]
        for y in range(0, s - k + 1, stride):
            for x in range(0, s - k + 1, stride):
                pats.append(c[y : y + k, x : x + k].ravel())
    P = np.array(pats)
    P -= P.mean(1, keepdims=True)
    C = P.T @ P / len(P)
    w, V = np.linalg.eigh(C)
    V = V[:, np.argsort(-w)][:, :nf].T
    out = []
    for v in V:
        big = v[np.argmax(np.abs(v))]
        out.append(-v if big < 0 else v)
    return np.array(out)


def conv_maps(crops, filters, k, stride):
    """Zero-padded correlation (pad k>>1), output side s/stride; crops n×s×s; returns n×F×m×m."""
    n, s, _ = crops.shape
    pad = k >> 1
    P = np.zeros((n, s + 2 * pad, s + 2 * pad))
    P[:, pad : pad + s, pad : pad + s] = crops
    m = s // stride
    win = np.lib.stride_tricks.sliding_window_view(P, (k, k), axis=(1, 2))[:, ::stride, ::stride][:, :m, :m]
    return np.einsum("nyxij,fij->nfyx", win, filters.reshape(-1, k, k)) / 255.0


def pool(r, cell):
    n, F, m, _ = r.shape
    c = m // cell
    return r.reshape(n, F, c, cell, c, cell).mean((3, 5))


def features(crops, filters, spec):
    r = conv_maps(crops, filters, spec["kernel"], spec["stride"])
    pos = pool(np.maximum(r, 0), spec["cell"])
    neg = pool(np.maximum(-r, 0), spec["cell"])
    feats = [crops.reshape(len(crops), -1) / 255.0, pos.reshape(len(crops), -1), neg.reshape(len(crops), -1)]
    return np.concatenate(feats, 1)


def fit_projection(T, dim):
    mean = T.mean(0)
    C = np.cov((T - mean).T, bias=True)
    w, V = np.linalg.eigh(C)
    return mean, V[:, np.argsort(-w)][:, :dim].T


def project(proj, T):
    mean, axes = proj
    Y = (T - mean) @ axes.T
    return Y / np.maximum(np.linalg.norm(Y, axis=1, keepdims=True), 1e-12)


def ridge(X, Y, lam, weights=None):
    n = len(X)
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Z = (X - mu) / sd
    ym = Y.mean(0)
    Yc = Y - ym
    G = Z.T @ Z
    G[np.diag_indices_from(G)] += lam * n
    W = np.linalg.solve(G, Z.T @ Yc) / sd[:, None]
    b = ym - mu @ W
    return W, b


def wccn(E, labels, shrink):
    labels = np.array(labels)
    d = E.shape[1]
    W = np.zeros((d, d))
    for l in np.unique(labels):
        c = E[labels == l] - E[labels == l].mean(0)
        W += c.T @ c
    W /= len(E)
    W = (1 - shrink) * W + shrink * np.trace(W) / d * np.eye(d)
    w, V = np.linalg.eigh(W)
    A = V @ np.diag(1 / np.sqrt(w)) @ V.T
    return E.mean(0), A


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=48)
    ap.add_argument("--variants", default="v3")
    ap.add_argument("--aug", default=None, help="augmented cache (augment-faces.ts)")
    ap.add_argument("--mix", default=None, help="blends of two people (mixup-faces.ts)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--folds", default="1-10,11-20,21-30")
    a = ap.parse_args()
    S = a.size
    orl_path = os.path.join(CACHE, f"orl-crops-{S}-teacher-at-crop.json")
    idx, crops, _ = read_cache(orl_path)
    b_idx, _, t150 = read_cache(os.path.join(ENROLL_DATA, "orl-crops-32.json"))
    by_src = {e["source"]: i for i, e in enumerate(b_idx["entries"])}
    T = np.array([t150[by_src[e["source"]]] for e in idx["entries"]])
    labels = [e["label"] for e in idx["entries"]]
    subj = np.array([subject(l) for l in labels])
    lfw_path = os.path.join(LAB_DATA, "lfw-faces-32.json") if S == 32 else os.path.join(CACHE, f"lfw-faces-{S}.json")
    _, lfw_crops, lfw_T = read_cache(lfw_path)
    aug = None
    if a.aug:
        aidx, acrops, aT = read_cache(a.aug)
        alab = [e["label"] for e in aidx["entries"]]
        aug = (acrops, aT, np.array(alab), np.array([subject(l) for l in alab]))

    mix = None
    if a.mix:
        midx, mcrops, mT = read_cache(a.mix)
        parents = np.array([[subject(p) for p in e["source"].split("|")] for e in midx["entries"]])
        mix = (mcrops, mT, parents)
    out = {}
    for vname in a.variants.split(","):
        cfg = variant(vname, S)
        out[vname] = {"spec": {k: v for k, v in cfg.items() if not k.startswith("_")}, "folds": []}
        for fr in a.folds.split(","):
            lo, hi = map(int, fr.split("-"))
            test = (subj >= lo) & (subj <= hi)
            tr = ~test
            emb = fit_and_embed(cfg, crops[tr], T[tr], [labels[i] for i in np.where(tr)[0]], lfw_crops, lfw_T, aug, lo, hi, crops[test], mix)
            out[vname]["folds"].append({"test": [lo, hi], "labels": [labels[i] for i in np.where(test)[0]], "emb": emb.round(6).tolist()})
            print(f"{vname} fold s{lo}-s{hi} done", flush=True)
    json.dump(out, open(a.out, "w"))


def variant(name, S):
    stride = S // 16
    kernel = 2 * round((stride * 2.5 - 1) / 2) + 1
    cfg = dict(name=name, kernel=kernel, stride=stride, cell=4, filters=6, lam=2.0, shrink=0.2, mirror=True, lfw=True, aug=False, aug_wccn=False, mix=0, krr=0, twccn=0, outDim=64)
    for part in name.split("+")[1:]:
        key, _, val = part.partition("=")
        if key == "aug":
            cfg["aug"] = True
        elif key == "augw":
            cfg["aug"] = cfg["aug_wccn"] = True
        elif key in ("lam", "shrink"):
            cfg[key] = float(val)
        elif key in ("filters", "cell", "kernel", "stride", "outDim"):
            cfg[key] = int(val)
        elif key == "mix":
            cfg["mix"] = int(val) if val else 10**9
        elif key == "twccn":
            cfg["twccn"] = float(val) if val else 0.2
        elif key == "krr":
            cfg["krr"] = float(val) if val else 1.0
        elif key == "nolfw":
            cfg["lfw"] = False
        else:
            raise SystemExit(f"unknown variant part {part}")
    return cfg


def fit_and_embed(cfg, crops, T, labels, lfw_crops, lfw_T, aug, lo, hi, test_crops, mix=None):
    all_c = [crops] + ([lfw_crops] if cfg["lfw"] else [])
    all_T = [T] + ([lfw_T] if cfg["lfw"] else [])
    if cfg["twccn"]:
        # Targets in the teacher's own WCCN space (training people only): the student regresses
        # the directions that separate people, not those in which the teacher varies most.
        tm, tA = wccn(T, list(labels), cfg["twccn"])
        tw = lambda X: (X - tm) @ tA.T
        all_T = [tw(x) for x in all_T]
        T = tw(T)
    else:
        tw = None
    proj = fit_projection(np.concatenate(all_T), cfg["outDim"])
    filters = pca_filters(np.concatenate(all_c), cfg["kernel"], cfg["stride"], cfg["filters"])
    rows_c, rows_T = list(all_c), list(all_T)
    wc_c, wc_l = [crops], list(labels)
    if cfg["aug"] and aug is not None:
        acrops, aT, alab, asubj = aug
        # Augmented copies of training people (and LFW), never of the held-out fold.
        keep = ~((asubj >= lo) & (asubj <= hi))
        if not cfg["lfw"]:
            keep &= asubj > 0
        rows_c.append(acrops[keep])
        rows_T.append(tw(aT[keep]) if tw else aT[keep])
        if cfg["aug_wccn"]:
            m = keep & (asubj > 0)
            wc_c.append(acrops[m])
            wc_l += list(alab[m])
    if cfg["mix"] and mix is not None:
        mcrops, mT, parents = mix
        # Blends whose parents are both training people (LFW parents have subject -1).
        keep = ~(((parents >= lo) & (parents <= hi)).any(1))
        keep &= np.arange(len(keep)) < cfg["mix"]
        rows_c.append(mcrops[keep])
        rows_T.append(tw(mT[keep]) if tw else mT[keep])
    C = np.concatenate(rows_c)
    Tt = np.concatenate(rows_T)
    if cfg["mirror"]:
        C = np.concatenate([C, C[:, :, ::-1]])
        Tt = np.concatenate([Tt, Tt])
    spec = dict(kernel=cfg["kernel"], stride=cfg["stride"], cell=cfg["cell"])
    X = features(C, filters, spec)
    if cfg["krr"]:
        # Capacity probe, not a circuit: RBF kernel ridge on the same standardised features.
        mu, sd = X.mean(0), X.std(0) + 1e-6
        Z = (X - mu) / sd
        g = 1.0 / (cfg["krr"] * Z.shape[1])
        def kern(A):
            return np.exp(-g * (np.sum(A * A, 1)[:, None] + np.sum(Z * Z, 1)[None] - 2 * A @ Z.T))
        Y = project(proj, Tt)
        alpha = np.linalg.solve(kern(Z) + cfg["lam"] * 0.05 * np.eye(len(Z)), Y - Y.mean(0))
        f = lambda cr: kern((features(cr, filters, spec) - mu) / sd) @ alpha + Y.mean(0)
        Wc = np.concatenate([crops, crops[:, :, ::-1]])
        mean, A = wccn(f(Wc), list(labels) * 2, cfg["shrink"])
        return (f(test_crops) - mean) @ A.T
    W, b = ridge(X, project(proj, Tt), cfg["lam"])
    if cfg["shrink"] > 0:
        Wc = np.concatenate(wc_c)
        Lc = list(wc_l)
        if cfg["mirror"]:
            Wc = np.concatenate([Wc, Wc[:, :, ::-1]])
            Lc = Lc + Lc
        E = features(Wc, filters, spec) @ W + b
        mean, A = wccn(E, Lc, cfg["shrink"])
        W, b = W @ A.T, (b - mean) @ A.T
    return features(test_crops, filters, spec) @ W + b


if __name__ == "__main__":
    main()
