"""
Issue 12 (helper 12student): merge per-fold embedding files (cnn_student.py run one fold per
process) into one file per variant, folds in order, for figures-from-embeddings.ts.

  python3 packages/lab/scripts/py/merge_emb.py OUT.json emb-1-10.json emb-11-20.json emb-21-30.json
"""
import json
import sys

out = {}
for path in sys.argv[2:]:
    for name, v in json.load(open(path)).items():
        out.setdefault(name, {**v, "folds": []})["folds"] += v["folds"]
for v in out.values():
    v["folds"].sort(key=lambda f: f["test"][0])
json.dump(out, open(sys.argv[1], "w"))
print(", ".join(f"{k}: {len(v['folds'])} folds" for k, v in out.items()))
