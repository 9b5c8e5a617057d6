"""
Issue 12 (helper 12c): transfer-learning probe. The student's filter bank is the teacher's own
first layer(s) (face-api FaceRecognitionNet, dlib ResNet-29, trained on millions of faces), fixed;
only the linear head (ridge onto the teacher's centred PCA-64, WCCN folded in, the v3 recipe of
student_lab.py) is fitted on each training fold. Writes the same embeddings JSON as
student_lab.py for scripts/figures-from-embeddings.ts.

  npx tsx packages/lab/scripts/dump-teacher-layers.ts $ZKPOP_LAB_CACHE/teacher-layers.json
  python3 packages/lab/scripts/py/tl_student.py --size 48 --layers $ZKPOP_LAB_CACHE/teacher-layers.json \
      --variants tl1,tl1g16,tl2 --out $ZKPOP_LAB_CACHE/emb-tl-48.json

The teacher path is reproduced exactly for a grey crop: bilinear resize to 150 (tf, no corner
alignment), minus the RGB mean, /255, 7x7/2 valid conv + bias + affine scale + ReLU, 3x3/2 max
pool, then (tl2) the conv32_1 residual block. Variants (fixed before any fold was looked at):
  tl1    full conv32_down map (72x72x32) -> max pool (35x35) -> average over 5x5 cells; + pixels
  tl1g16 conv32_down evaluated on a 16x16 grid only (stride 4 on the 72 map; no max pool) ->
         ReLU -> average over 4x4 cells; + pixels. The circuit-sized one: 8,192 ReLUs.
  tl1g12 the same on a 12x12 grid (stride ~5.5 on the 72 map), 4x4 cells of 3x3: 4,608 ReLUs
  tl2    tl1's 35x35 map through the teacher's conv32_1 residual block, then 5x5 cells; + pixels
  feat:<d> the teacher's own trunk up to depth d (c32, c64, c128, c256, fc; teacher-depth-features.ts),
         pooled, + pixels: how deep a fixed pretrained trunk must go (not circuits beyond c32)
Diagnostics (env): TL_NOPIX=1 drops the pixels; TL_SHRINK=1 drops the WCCN.
Ridge lambda 2, WCCN shrink 0.2, mirror, LFW in the ridge: the v3 values, nothing tuned.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from student_lab import CACHE, ENROLL_DATA, LAB_DATA, fit_projection, project, read_cache, subject, wccn  # noqa: E402

MEAN_RGB = np.array([122.782, 117.001, 104.298])


def tensor(node):
    return np.array(node["data"], dtype=np.float64).reshape(node["shape"])


def resize_matrix(n_in, n_out):
    """tf.image.resizeBilinear, alignCorners false, halfPixelCenters false, as a matrix."""
    R = np.zeros((n_out, n_in))
    scale = n_in / n_out
    for i in range(n_out):
        src = i * scale
        lo = int(np.floor(src))
        hi = min(lo + 1, n_in - 1)
        f = src - lo
        R[i, lo] += 1 - f
        R[i, hi] += f
    return R


class Teacher:
    def __init__(self, path):
        L = json.load(open(path))
        c = L["conv32_down"]
        W = tensor(c["conv"]["filters"])  # 7,7,3,32 (HWIO)
        # Grey input replicated on three channels: sum the input channels; the RGB mean folds into the bias.
        self.w1 = W.sum(2)  # 7,7,32
        self.b1 = tensor(c["conv"]["bias"]) - np.einsum("hwcf,c->f", W, MEAN_RGB) / 255.0
        self.s1, self.t1 = tensor(c["scale"]["weights"]), tensor(c["scale"]["biases"])
        self.res = []
        for blk in ("conv1", "conv2"):
            r = L["conv32_1"][blk]
            self.res.append((tensor(r["conv"]["filters"]), tensor(r["conv"]["bias"]), tensor(r["scale"]["weights"]), tensor(r["scale"]["biases"])))

    def conv1(self, x150, rows=None):
        """x150: n×150×150 grey 0..255. Pre-ReLU conv32_down at output positions rows×rows (default all 72)."""
        win = np.lib.stride_tricks.sliding_window_view(x150 / 255.0, (7, 7), axis=(1, 2))[:, ::2, ::2]
        if rows is not None:
            win = win[:, rows][:, :, rows]
        z = np.einsum("nyxij,ijf->nyxf", win, self.w1) + self.b1
        return z * self.s1 + self.t1

    def residual(self, x):
        def conv_same(a, p):
            W, b, s, t = p
            pad = np.pad(a, ((0, 0), (1, 1), (1, 1), (0, 0)))
            win = np.lib.stride_tricks.sliding_window_view(pad, (3, 3), axis=(1, 2))  # n,y,x,c,i,j
            z = np.einsum("nyxcij,ijcf->nyxf", win, W) + b
            return z * s + t
        h = np.maximum(conv_same(x, self.res[0]), 0)
        return np.maximum(conv_same(h, self.res[1]) + x, 0)


def maxpool3s2(a):
    win = np.lib.stride_tricks.sliding_window_view(a, (3, 3), axis=(1, 2))[:, ::2, ::2]
    return win.max((-2, -1))


def cell_mean(a, g):
    """n×m×m×F -> n×g×g×F averages over near-equal bins."""
    edges = np.linspace(0, a.shape[1], g + 1).round().astype(int)
    out = np.zeros((a.shape[0], g, g, a.shape[3]))
    for i in range(g):
        for j in range(g):
            out[:, i, j] = a[:, edges[i] : edges[i + 1], edges[j] : edges[j + 1]].mean((1, 2))
    return out


def tl_features(teacher, crops, variant, batch=40):
    S = crops.shape[1]
    R = resize_matrix(S, 150)
    out = []
    for k in range(0, len(crops), batch):
        c = crops[k : k + batch]
        x = np.einsum("ai,nij,bj->nab", R, c, R)
        if variant in ("tl1g16", "tl1g12"):
            rows = np.arange(6, 72, 4)[:16] if variant == "tl1g16" else np.linspace(6, 66, 12).round().astype(int)
            f = cell_mean(np.maximum(teacher.conv1(x, rows), 0), 4)
        else:
            m = maxpool3s2(np.maximum(teacher.conv1(x), 0))
            if variant == "tl2":
                m = teacher.residual(m)
            f = cell_mean(m, 5)
        f = f.reshape(len(c), -1)
        out.append(f if os.environ.get("TL_NOPIX") else np.concatenate([c.reshape(len(c), -1) / 255.0, f], 1))
    return np.concatenate(out)


def depth_features(prefix, name, crops, lfw_crops):
    """The teacher's pooled map at one depth (teacher-depth-features.ts) + pixels, as tl_features."""
    h = json.load(open(prefix + ".json"))
    n, m = h["orl"], h["lfw"]
    rows = 2 * n + 2 * m
    raw = np.fromfile(prefix + ".bin", dtype="<f4").astype(np.float64)
    off = 0
    for d in h["depths"]:
        if d["name"] == name:
            D = raw[off : off + rows * d["dim"]].reshape(rows, d["dim"])
            break
        off += rows * d["dim"]
    else:
        raise SystemExit(f"no depth {name}")
    px = lambda c: c.reshape(len(c), -1) / 255.0
    parts = [(crops, D[:n]), (crops[:, :, ::-1], D[n : 2 * n]), (lfw_crops, D[2 * n : 2 * n + m]), (lfw_crops[:, :, ::-1], D[2 * n + m :])]
    if os.environ.get("TL_NOPIX"):
        return [f for _, f in parts]
    return [np.concatenate([px(c), f], 1) for c, f in parts]


LAMBDAS = (0.02, 0.1, 0.5, 2.0)


def ridge_dual(X, Y, lam):
    """student_lab.ridge in its dual form (fewer rows than features): the same solution, faster."""
    n = len(X)
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Z = (X - mu) / sd
    ym = Y.mean(0)
    K = Z @ Z.T
    K[np.diag_indices_from(K)] += lam * n
    W = (Z.T @ np.linalg.solve(K, Y - ym)) / sd[:, None]
    return W, ym - mu @ W


def head(F, Fm, G, Gm, T, lfw_T, labels, tr, lam, shrink):
    """The v3 head on fixed features: ridge onto the training PCA-64 of the teacher, WCCN folded in."""
    proj = fit_projection(np.concatenate([T[tr], lfw_T]), 64)
    X = np.concatenate([F[tr], G, Fm[tr], Gm])
    Y = project(proj, np.concatenate([T[tr], lfw_T, T[tr], lfw_T]))
    W, b = ridge_dual(X, Y, lam)
    E = np.concatenate([F[tr], Fm[tr]]) @ W + b
    if shrink >= 1:  # diagnostic: no WCCN
        return lambda X: X @ W + b
    mean, A = wccn(E, list(labels[tr]) * 2, shrink)
    return lambda X: (X @ W + b - mean) @ A.T


def eer(E, labels):
    """Equal error rate of cosine scores over all pairs."""
    U = E / np.linalg.norm(E, axis=1, keepdims=True)
    S = U @ U.T
    iu = np.triu_indices(len(E), 1)
    s, same = S[iu], (labels[:, None] == labels[None, :])[iu]
    g, i = np.sort(s[same]), np.sort(s[~same])
    ts = np.unique(np.concatenate([g, i]))
    frr = np.searchsorted(g, ts, side="left") / len(g)
    far = 1 - np.searchsorted(i, ts, side="left") / len(i)
    k = np.argmin(np.abs(frr - far))
    return (frr[k] + far[k]) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=48)
    ap.add_argument("--layers", required=True)
    ap.add_argument("--variants", default="tl1,tl1g16,tl2")
    ap.add_argument("--out", required=True)
    ap.add_argument("--inner", action="store_true", help="pick ridge λ from LAMBDAS on an inner split of the training people")
    ap.add_argument("--depth", default=None, help="<out> of teacher-depth-features.ts, for feat:<depth> variants")
    ap.add_argument("--folds", default="1-10,11-20,21-30")
    a = ap.parse_args()
    S = a.size
    teacher = Teacher(a.layers)
    idx, crops, _ = read_cache(os.path.join(CACHE, f"orl-crops-{S}-teacher-at-crop.json"))
    b_idx, _, t150 = read_cache(os.path.join(ENROLL_DATA, "orl-crops-32.json"))
    by_src = {e["source"]: i for i, e in enumerate(b_idx["entries"])}
    T = np.array([t150[by_src[e["source"]]] for e in idx["entries"]])
    labels = np.array([e["label"] for e in idx["entries"]])
    subj = np.array([subject(l) for l in labels])
    lfw_path = os.path.join(LAB_DATA, "lfw-faces-32.json") if S == 32 else os.path.join(CACHE, f"lfw-faces-{S}.json")
    _, lfw_crops, lfw_T = read_cache(lfw_path)
    lam, shrink = 2.0, float(os.environ.get("TL_SHRINK", "0.2"))
    out = {}
    for v in a.variants.split(","):
        # Fixed features: computed once per image (and its mirror), independent of the fold.
        if v.startswith("feat:"):
            F, Fm, G, Gm = depth_features(a.depth, v[5:], crops, lfw_crops)
        else:
            F, Fm = tl_features(teacher, crops, v), tl_features(teacher, crops[:, :, ::-1], v)
            G, Gm = tl_features(teacher, lfw_crops, v), tl_features(teacher, lfw_crops[:, :, ::-1], v)
        print(f"{v}: {F.shape[1]} features", flush=True)
        name = f"{v}@{S}" + ("+innerλ" if a.inner else "") + ("+nopix" if os.environ.get("TL_NOPIX") else "") + (f"+shrink={shrink}" if shrink != 0.2 else "")
        out[name] = {"spec": {"variant": v, "size": S, "lam": "inner" if a.inner else lam, "shrink": shrink}, "folds": []}
        for fr in a.folds.split(","):
            lo, hi = map(int, fr.split("-"))
            test = (subj >= lo) & (subj <= hi)
            tr = ~test
            fit = lambda m, l: head(F, Fm, G, Gm, T, lfw_T, labels, m, l, shrink)
            l_fold = lam
            if a.inner:
                # λ picked on an inner split of the training people only (two halves, each way round).
                people = np.unique(subj[tr])
                halves = [np.isin(subj, people[: len(people) // 2]), np.isin(subj, people[len(people) // 2 :])]
                score = {l: np.mean([eer(fit(h, l)(F[o]), labels[o]) for h, o in (halves, halves[::-1])]) for l in LAMBDAS}
                l_fold = min(score, key=score.get)
                print(f"  inner EER by λ: {', '.join(f'{l}: {100 * e:.2f} %' for l, e in score.items())} -> {l_fold}", flush=True)
            emb = fit(tr, l_fold)(F[test])
            out[name]["folds"].append({"test": [lo, hi], "labels": list(labels[test]), "emb": emb.round(6).tolist()})
            print(f"{name} fold s{lo}-s{hi} done", flush=True)
        json.dump(out, open(a.out, "w"))  # after each variant: partial results survive a stop


if __name__ == "__main__":
    main()
