"""Trains the zkml model zoo on the 8x8 digits (UCI, see data/CREDIT.md), reproducibly (seeded).

numpy only (no framework here): conv via im2col, Adam, cross-entropy. Writes weights.json and
split.json; `npx tsx packages/zkml/zoo/build.ts` turns them into the committed ONNX files.
CI never retrains.  Run: python3 packages/zkml/zoo/train.py
"""
import gzip, json, os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 13

def load():
    with gzip.open(os.path.join(HERE, "data", "digits.csv.gz"), "rt") as f:
        a = np.loadtxt(f, delimiter=",")
    return (a[:, :64] / 16.0).astype(np.float64), a[:, 64].astype(np.int64)

def split(n, rng):
    p = rng.permutation(n)
    k = n // 5
    return np.sort(p[k:]), np.sort(p[:k])  # train 80 %, held-out 20 %

# ---- layers: forward returns (out, cache); backward(dout, cache) -> (dx, grads) ----

def im2col(x, k, stride, pad):
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho = (h + 2 * pad - k) // stride + 1
    wo = (w + 2 * pad - k) // stride + 1
    cols = np.empty((n, ho, wo, c, k, k))
    for i in range(k):
        for j in range(k):
            cols[:, :, :, :, i, j] = xp[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride].transpose(0, 2, 3, 1)
    return cols.reshape(n, ho * wo, c * k * k), (ho, wo)

def col2im(dcols, shape, k, stride, pad, ho, wo):
    n, c, h, w = shape
    dx = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    d = dcols.reshape(n, ho, wo, c, k, k)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride] += d[:, :, :, :, i, j].transpose(0, 3, 1, 2)
    return dx[:, :, pad:pad + h, pad:pad + w]

def conv(x, W, b, stride=1, pad=1):
    f, c, k, _ = W.shape
    cols, (ho, wo) = im2col(x, k, stride, pad)
    out = cols @ W.reshape(f, -1).T + b
    return out.transpose(0, 2, 1).reshape(x.shape[0], f, ho, wo), (x.shape, cols, W, stride, pad, ho, wo)

def conv_b(dout, cache):
    shape, cols, W, stride, pad, ho, wo = cache
    f, c, k, _ = W.shape
    d = dout.reshape(dout.shape[0], f, -1).transpose(0, 2, 1)  # n, ho*wo, f
    dW = np.einsum("npf,npk->fk", d, cols).reshape(W.shape)
    db = d.sum(axis=(0, 1))
    dx = col2im(d @ W.reshape(f, -1), shape, k, stride, pad, ho, wo)
    return dx, (dW, db)

def maxpool2(x):
    n, c, h, w = x.shape
    r = x.reshape(n, c, h // 2, 2, w // 2, 2)
    out = r.max(axis=(3, 5))
    mask = r == out[:, :, :, None, :, None]
    return out, (mask, x.shape)

def maxpool2_b(dout, cache):
    mask, shape = cache
    # ties: split the gradient (measure zero for real inputs)
    m = mask / mask.sum(axis=(3, 5), keepdims=True)
    return (m * dout[:, :, :, None, :, None]).reshape(shape)

def softmax_xent(z, y):
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
    g = p.copy()
    g[np.arange(len(y)), y] -= 1
    return loss, g / len(y)

# ---- models: init(rng) -> params; forward(params, x) -> logits, backward via closures ----

def he(rng, shape, fan_in):
    return rng.normal(0, np.sqrt(2.0 / fan_in), shape)

def mlp_init(rng):
    return {"W1": he(rng, (32, 64), 64), "b1": np.zeros(32), "W2": he(rng, (10, 32), 32), "b2": np.zeros(10)}

def mlp(P, x):
    h0 = x.reshape(len(x), 64)
    a1 = h0 @ P["W1"].T + P["b1"]
    h1 = np.maximum(a1, 0)
    z = h1 @ P["W2"].T + P["b2"]
    def back(g):
        G = {"W2": g.T @ h1, "b2": g.sum(0)}
        d1 = (g @ P["W2"]) * (a1 > 0)
        G["W1"] = d1.T @ h0
        G["b1"] = d1.sum(0)
        return G
    return z, back

def cnn_init(rng):
    return {"C1": he(rng, (4, 1, 3, 3), 9), "c1": np.zeros(4), "W": he(rng, (10, 64), 64), "b": np.zeros(10)}

def cnn(P, x):
    a1, k1 = conv(x, P["C1"], P["c1"])
    h1 = np.maximum(a1, 0)
    p1, kp = maxpool2(h1)  # 4x4x4
    f = p1.reshape(len(x), -1)
    z = f @ P["W"].T + P["b"]
    def back(g):
        G = {"W": g.T @ f, "b": g.sum(0)}
        dp = (g @ P["W"]).reshape(p1.shape)
        dh = maxpool2_b(dp, kp) * (a1 > 0)
        _, (G["C1"], G["c1"]) = conv_b(dh, k1)
        return G
    return z, back

def res_init(rng):
    return {
        "C0": he(rng, (6, 1, 3, 3), 9), "c0": np.zeros(6),
        "C1": he(rng, (6, 6, 3, 3), 54), "c1": np.zeros(6),
        "C2": he(rng, (6, 6, 3, 3), 54) * 0.5, "c2": np.zeros(6),
        "W": he(rng, (10, 96), 96), "b": np.zeros(10),
    }

def res(P, x):
    # stem: conv stride 2 (8x8 -> 4x4), ReLU; residual block: relu(x + conv(relu(conv(x)))); head
    a0, k0 = conv(x, P["C0"], P["c0"], stride=2)
    h0 = np.maximum(a0, 0)
    a1, k1 = conv(h0, P["C1"], P["c1"])
    h1 = np.maximum(a1, 0)
    a2, k2 = conv(h1, P["C2"], P["c2"])
    s = h0 + a2
    h2 = np.maximum(s, 0)
    f = h2.reshape(len(x), -1)
    z = f @ P["W"].T + P["b"]
    def back(g):
        G = {"W": g.T @ f, "b": g.sum(0)}
        ds = (g @ P["W"]).reshape(h2.shape) * (s > 0)
        dh1, (G["C2"], G["c2"]) = conv_b(ds, k2)
        dh0a, (G["C1"], G["c1"]) = conv_b(dh1 * (a1 > 0), k1)
        dh0 = (ds + dh0a) * (a0 > 0)
        _, (G["C0"], G["c0"]) = conv_b(dh0, k0)
        return G
    return z, back

def train(init, fwd, xtr, ytr, rng, epochs, lr=0.01, batch=32):
    P = init(rng)
    m = {k: np.zeros_like(v) for k, v in P.items()}
    v = {k: np.zeros_like(v) for k, v in P.items()}
    t = 0
    for _ in range(epochs):
        order = rng.permutation(len(xtr))
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            z, back = fwd(P, xtr[idx])
            _, g = softmax_xent(z, ytr[idx])
            G = back(g)
            t += 1
            for k in P:
                m[k] = 0.9 * m[k] + 0.1 * G[k]
                v[k] = 0.999 * v[k] + 0.001 * G[k] ** 2
                P[k] -= lr * (m[k] / (1 - 0.9 ** t)) / (np.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8)
    return P

def main():
    rng = np.random.default_rng(SEED)
    x, y = load()
    tr, te = split(len(y), rng)
    x4 = x.reshape(-1, 1, 8, 8)
    out = {"seed": SEED, "models": {}}
    for name, init, fwd, epochs in [("digits-mlp", mlp_init, mlp, 40), ("digits-cnn", cnn_init, cnn, 40), ("digits-resnet", res_init, res, 40)]:
        P = train(init, fwd, x4[tr], y[tr], np.random.default_rng(SEED), epochs)
        acc = (fwd(P, x4[te])[0].argmax(1) == y[te]).mean()
        print(f"{name}: held-out accuracy {acc:.4f} ({len(te)} digits)")
        out["models"][name] = {"heldOutAccuracy": float(acc), "params": {k: {"shape": list(v.shape), "data": v.ravel().tolist()} for k, v in P.items()}}
    with open(os.path.join(HERE, "weights.json"), "w") as f:
        json.dump(out, f)
    with open(os.path.join(HERE, "split.json"), "w") as f:
        json.dump({"seed": SEED, "train": tr.tolist(), "heldOut": te.tolist()}, f)

if __name__ == "__main__":
    main()
