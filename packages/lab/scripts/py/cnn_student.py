"""
Issue 12 (helper 12student): 3-fold cross-validation of a CNN student distilled end to end from
the teacher (cnn_distill.py), with every hyperparameter chosen per fold on an INNER split of that
fold's 20 training people (train on 10, score on the other 10 with the card's caught-at-10^6
model, dedup_proxy.py); the reported fold is used once, for the final embeddings.

  OPENBLAS_NUM_THREADS=1 nice -n 5 python3 packages/lab/scripts/py/cnn_student.py --size 48 \
    --aug $C/aug-48-x8-seed12.json --mix $C/mix-48-n2000-seed12.json \
    --grid 'pair=1;pair=4' --folds 1-10 --name cnn --out $C/emb-cnn.json

Writes {name: {spec, folds: [{test, labels, emb}]}} (what figures-from-embeddings.ts reads), a
report (inner scores, choices, ReLU count) next to it, and each fold's weights
(-weights.json, WCCN folded in) for cnn-student-cost.ts. The teacher's rows: teacher_rows.py.
"""
import argparse
import json
import time

import numpy as np

from cnn_data import load_all, training_set
from cnn_distill import DEFAULTS, train
from dedup_proxy import caught, eer
from student_lab import wccn

F = np.float32


def parse_grid(s):
    out = []
    for item in s.split(";"):
        cfg = {}
        for kv in filter(None, item.split(",")):
            k, _, v = kv.partition("=")
            cfg[k] = v.replace("/", ",") if k == "arch" else (int(v) if k in ("steps", "dim", "seed") else float(v))
        out.append(cfg)
    return out


def embed_with(net, state, X, post, Xw=None, Lw=None):
    """Embeddings of X; with `post`, WCCN (fitted on Xw, mirrored too) is folded into the last layer."""
    net.load(state)
    if post is not None:
        W = net.embed(np.concatenate([Xw, Xw[:, :, ::-1]])[..., None])
        mean, A = wccn(W.astype(np.float64), list(Lw) * 2, post)
        last = net.layers[-1].params
        last["w"], last["b"] = (A @ last["w"]).astype(F), (A @ (last["b"] - mean)).astype(F)
    return net.embed(X[..., None])


def export_weights(net, size):
    """Layers as cnn-student-cost.ts reads them (conv weights cout × (cin·k·k), (c, i, j) order;
    the Gemm's columns in NHWC flatten order; input scaled to [0, 1])."""
    out = []
    for l in net.layers:
        kind = type(l).__name__
        e = {"type": kind}
        if kind == "Conv":
            e.update(k=l.k, stride=l.stride)
        if kind == "AvgPool":
            e.update(cell=l.cell)
        e.update({k: v.tolist() for k, v in l.params.items()})
        out.append(e)
    return {"input": size, "layers": out}


POSTS = [None, 0.2]  # no WCCN, or WCCN with shrink 0.2 (v3's), fitted on the training people


def run_fold(d, train_people, test_mask, grid, checkpoints, inner, log):
    choice, inner_rows = (grid[0], checkpoints[-1], None), []
    if inner:
        ppl = sorted(train_people)
        halves = [(set(ppl[:10]), set(ppl[10:]))]
        if inner == 2:
            halves.append((halves[0][1], halves[0][0]))
        scores = {}
        for gi, cfg in enumerate(grid):
            for a, b in halves:
                X, T, G = training_set(d, a)
                net, snaps, _ = train(X, T, G, cfg, checkpoints, log)
                vm = np.isin(d["subj"], list(b))
                wm = np.isin(d["subj"], list(a))
                vl = [d["labels"][i] for i in np.where(vm)[0]]
                wl = [d["labels"][i] for i in np.where(wm)[0]]
                for ck, st in snaps.items():
                    for post in POSTS:
                        e = embed_with(net, st, d["crops"][vm], post, d["crops"][wm], wl)
                        scores.setdefault((gi, ck, post), []).append((caught(e, vl), eer(e, vl)))
        for (gi, ck, post), v in scores.items():
            c, r = np.mean([x[0] for x in v]), np.mean([x[1] for x in v])
            inner_rows.append(dict(cfg=grid[gi], checkpoint=ck, wccn=post, caught1e6=c, eer=r))
            log(f"  inner {grid[gi]} ckpt {ck} wccn {post}: caught@1e6 {100 * c:.1f} %, EER {100 * r:.2f} %")
        best = max(inner_rows, key=lambda r: (round(r["caught1e6"], 3), -r["eer"]))
        choice = (best["cfg"], best["checkpoint"], best["wccn"])
    cfg, ck, post = choice
    steps = int(round({**DEFAULTS, **cfg}["steps"] * ck))
    X, T, G = training_set(d, set(train_people))
    net, snaps, relus = train(X, T, G, {**cfg, "steps": steps}, (1.0,), log)
    wm = np.isin(d["subj"], list(train_people))
    wl = [d["labels"][i] for i in np.where(wm)[0]]
    emb = embed_with(net, snaps[1.0], d["crops"][test_mask], post, d["crops"][wm], wl)
    return emb, net, dict(choice=dict(cfg=cfg, steps=steps, wccn=post), inner=inner_rows, relus=relus)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=48)
    ap.add_argument("--aug", default=None)
    ap.add_argument("--mix", default=None)
    ap.add_argument("--grid", default="", help="configs separated by ';', keys of cnn_distill.DEFAULTS (arch uses '/')")
    ap.add_argument("--checkpoints", default="0.5,1.0")
    ap.add_argument("--inner", type=int, default=1, help="0: first config as given; 1: inner split one way; 2: both ways")
    ap.add_argument("--name", default="cnn")
    ap.add_argument("--folds", default="1-10,11-20,21-30")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    d = load_all(a.size, a.aug, a.mix)
    grid = parse_grid(a.grid) if a.grid else [{}]
    cks = tuple(float(x) for x in a.checkpoints.split(","))
    out = {a.name: {"spec": dict(defaults=DEFAULTS, grid=grid, checkpoints=cks, inner=a.inner), "folds": []}}
    report = []
    for fr in a.folds.split(","):
        lo, hi = map(int, fr.split("-"))
        test = (d["subj"] >= lo) & (d["subj"] <= hi)
        train_people = sorted(set(range(1, 31)) - set(range(lo, hi + 1)))
        labels = [d["labels"][i] for i in np.where(test)[0]]
        t0 = time.time()
        log = lambda m: print(f"[s{lo}-s{hi}] {m}", flush=True)
        emb, net, rep = run_fold(d, train_people, test, grid, cks, a.inner, log)
        log(f"held out: caught@1e6 {100 * caught(emb, labels):.1f} %, EER {100 * eer(emb, labels):.2f} % ({time.time() - t0:.0f} s)")
        out[a.name]["folds"].append({"test": [lo, hi], "labels": labels, "emb": emb.round(6).tolist()})
        report.append({"test": [lo, hi], **rep})
        json.dump(
            {**export_weights(net, a.size), "test": [lo, hi], "float": emb[:5].tolist()},
            open(a.out.replace(".json", f"-s{lo}-s{hi}-weights.json"), "w"),
        )
    json.dump(out, open(a.out, "w"))
    json.dump(report, open(a.out.replace(".json", "-report.json"), "w"), indent=1, default=str)


if __name__ == "__main__":
    main()
