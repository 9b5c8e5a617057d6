"""
Issue 12 (helper 12student): the teacher's rows for figures-from-embeddings.ts on the same 3
folds: its 150×150-chip descriptor and its descriptor of the `--size` crop, each centred on the
training people's mean as the card does (src/eval/cv.ts), so random hyperplanes split them.

  python3 packages/lab/scripts/py/teacher_rows.py --size 48 --out $ZKPOP_LAB_CACHE/emb-teacher.json
"""
import argparse
import json

import numpy as np

from cnn_data import load_all

ap = argparse.ArgumentParser()
ap.add_argument("--size", type=int, default=48)
ap.add_argument("--folds", default="1-10,11-20,21-30")
ap.add_argument("--out", required=True)
a = ap.parse_args()
d = load_all(a.size)
rows = {"teacher, 150×150 chip": "t150", f"teacher, {a.size}×{a.size} crop": "at_crop"}
out = {name: {"folds": []} for name in rows}
for fr in a.folds.split(","):
    lo, hi = map(int, fr.split("-"))
    test = (d["subj"] >= lo) & (d["subj"] <= hi)
    people = (d["subj"] >= 1) & (d["subj"] <= 30) & ~test
    labels = [d["labels"][i] for i in np.where(test)[0]]
    for name, key in rows.items():
        emb = d[key][test] - d[key][people].mean(0)
        out[name]["folds"].append({"test": [lo, hi], "labels": labels, "emb": emb.round(6).tolist()})
json.dump(out, open(a.out, "w"))
