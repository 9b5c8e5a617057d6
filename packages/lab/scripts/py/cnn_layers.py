"""
Issue 12 (helper 12student): a tiny CNN with hand-written backprop in numpy (no torch on this box,
no PyPI), for distilling the teacher into a circuit-sized student end to end.

Layers are what @zkpop/zkml compiles: Conv (stride, zero padding), Relu, AveragePool, Flatten,
Gemm. Convolutions are im2col + one matmul (forward and backward); col2im adds the k×k shifted
slices back. Float32 throughout; Adam with decoupled weight decay.
"""
import numpy as np

F = np.float32


def im2col(x, k, stride, pad):
    """x: B×H×W×C (NHWC) → (B·Ho·Wo) × (C·k·k), rows in (b, y, x) order, columns in (c, i, j) order."""
    B, H, W, C = x.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Ho = (H + 2 * pad - k) // stride + 1
    Wo = (W + 2 * pad - k) // stride + 1
    win = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(1, 2))[:, ::stride, ::stride][:, :Ho, :Wo]
    return win.reshape(B * Ho * Wo, C * k * k), Ho, Wo


def col2im(dcols, shape, k, stride, pad, Ho, Wo):
    B, H, W, C = shape
    d = dcols.reshape(B, Ho, Wo, C, k, k)
    dxp = np.zeros((B, H + 2 * pad, W + 2 * pad, C), dtype=dcols.dtype)
    for i in range(k):
        for j in range(k):
            dxp[:, i : i + stride * Ho : stride, j : j + stride * Wo : stride] += d[..., i, j]
    return dxp[:, pad : pad + H, pad : pad + W]


class Conv:
    def __init__(self, cin, cout, k, stride, rng, first=False):
        self.k, self.stride, self.pad, self.first = k, stride, k // 2, first
        self.params = {
            "w": (rng.standard_normal((cout, cin * k * k)) * np.sqrt(2.0 / (cin * k * k))).astype(F),
            "b": np.zeros(cout, F),
        }

    def forward(self, x):
        cols, Ho, Wo = im2col(x, self.k, self.stride, self.pad)
        self.cache = (cols, x.shape, Ho, Wo)
        y = cols @ self.params["w"].T + self.params["b"]
        return y.reshape(x.shape[0], Ho, Wo, -1)

    def backward(self, dy):
        cols, shape, Ho, Wo = self.cache
        d = dy.reshape(-1, dy.shape[-1])
        self.grads = {"w": d.T @ cols, "b": d.sum(0)}
        if self.first:  # the input needs no gradient
            return None
        return col2im(d @ self.params["w"], shape, self.k, self.stride, self.pad, Ho, Wo)


class Relu:
    params = {}

    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, dy):
        self.grads = {}
        return dy * self.mask


class AvgPool:
    params = {}

    def __init__(self, cell):
        self.cell = cell

    def forward(self, x):
        B, H, W, C = x.shape
        c = self.cell
        return x.reshape(B, H // c, c, W // c, c, C).mean((2, 4))

    def backward(self, dy):
        self.grads = {}
        c = self.cell
        return np.repeat(np.repeat(dy, c, 1), c, 2) / (c * c)


class Linear:
    """Flatten then Gemm. Activations are NHWC here: the exporter permutes columns to ONNX's CHW order."""

    def __init__(self, nin, nout, rng):
        self.params = {"w": (rng.standard_normal((nout, nin)) * np.sqrt(1.0 / nin)).astype(F), "b": np.zeros(nout, F)}

    def forward(self, x):
        self.shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.params["w"].T + self.params["b"]

    def backward(self, dy):
        self.grads = {"w": dy.T @ self.x, "b": dy.sum(0)}
        return (dy @ self.params["w"]).reshape(self.shape)


class Net:
    """arch: list like ["c8k5s2", "c16k3s2", "c32k3s2", "p2", "o64"] on B×S×S×1 (NHWC) inputs in [0, 1]."""

    def __init__(self, arch, size, seed):
        rng = np.random.default_rng(seed)
        self.layers, self.relus = [], 0
        c, s = 1, size
        for a in arch:
            if a.startswith("c"):
                cout, rest = a[1:].split("k")
                k, st = map(int, rest.split("s"))
                self.layers += [Conv(c, int(cout), k, st, rng, first=not self.layers), Relu()]
                c, s = int(cout), (s + 2 * (k // 2) - k) // st + 1
                self.relus += c * s * s
            elif a.startswith("p"):
                self.layers.append(AvgPool(int(a[1:])))
                s //= int(a[1:])
            elif a.startswith("o"):
                self.layers.append(Linear(c * s * s, int(a[1:]), rng))
        self.out_dim = self.layers[-1].params["b"].shape[0]

    def forward(self, x):
        for l in self.layers:
            x = l.forward(x)
        return x

    def backward(self, dy):
        for l in reversed(self.layers):
            dy = l.backward(dy)
            if dy is None:
                break

    def embed(self, x, batch=256):
        return np.concatenate([self.forward(x[i : i + batch]) for i in range(0, len(x), batch)])

    def state(self):
        return [{k: v.copy() for k, v in l.params.items()} for l in self.layers]

    def load(self, st):
        for l, p in zip(self.layers, st):
            for k, v in p.items():
                l.params[k] = v.copy()


class Adam:
    def __init__(self, net, lr, wd=1e-4, b1=0.9, b2=0.999):
        self.net, self.lr, self.wd, self.b1, self.b2, self.t = net, lr, wd, b1, b2, 0
        self.m = [{k: np.zeros_like(v) for k, v in l.params.items()} for l in net.layers]
        self.v = [{k: np.zeros_like(v) for k, v in l.params.items()} for l in net.layers]

    def step(self, lr_scale=1.0):
        self.t += 1
        lr = self.lr * lr_scale
        c1, c2 = 1 - self.b1**self.t, 1 - self.b2**self.t
        for l, m, v in zip(self.net.layers, self.m, self.v):
            for k, p in l.params.items():
                g = l.grads[k]
                m[k] = self.b1 * m[k] + (1 - self.b1) * g
                v[k] = self.b2 * v[k] + (1 - self.b2) * g * g
                if k == "w":
                    p *= 1 - lr * self.wd
                p -= (lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + 1e-8)).astype(F)
