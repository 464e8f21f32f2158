"""Keras-layout ResNet50V2 with random weights, written with h5py, and its forward pass in torch
functional ops (the reference for the kit's pre-activation ResNets)."""
import numpy as np
import torch
import torch.nn.functional as F


def resnet50v2_h5(path, x, on_block=None):
    """Writes random Keras-layout ResNet50V2 weights to PATH and returns (logits of X, weight count),
    computed with torch functional ops. ON_BLOCK(name, x, fx, shortcut), when given, receives every
    residual block's input, residual branch and shortcut (name as the kit's path, conv2.block1)."""
    import h5py

    g = torch.Generator().manual_seed(3)
    layers = []  # (name, [(weight, array)]) in Keras order

    def conv(name, cin, cout, k, bias):
        w = torch.randn(k, k, cin, cout, generator=g) * (2.0 / (k * k * cin)) ** 0.5
        ws = [("kernel", w)]
        if bias:
            ws.append(("bias", torch.randn(cout, generator=g) * 0.1))
        layers.append((name, ws))
        return ws

    def bn(name, c):
        ws = [("gamma", torch.rand(c, generator=g) + 0.5), ("beta", torch.randn(c, generator=g) * 0.1),
              ("moving_mean", torch.randn(c, generator=g) * 0.1),
              ("moving_variance", torch.rand(c, generator=g) + 0.5)]
        layers.append((name, ws))
        return ws

    def apply_conv(ws, t, stride, pad):
        w = ws[0][1].permute(3, 2, 0, 1)
        b = ws[1][1] if len(ws) > 1 else None
        return F.conv2d(t, w, b, stride=stride, padding=pad)

    def apply_bn(ws, t):
        # Moving statistics measured on this batch (data-dependent init), so activations stay O(1).
        d = dict(ws)
        d["moving_mean"].copy_(t.mean(dim=(0, 2, 3)))
        d["moving_variance"].copy_(t.var(dim=(0, 2, 3), unbiased=False) + 0.1)
        return F.batch_norm(t, d["moving_mean"], d["moving_variance"], d["gamma"], d["beta"],
                            False, 0.0, 1.001e-5)

    t = x
    c1 = conv("conv1_conv", 3, 64, 7, True)
    t = apply_conv(c1, t, 2, 3)
    t = F.max_pool2d(F.pad(t, (1, 1, 1, 1)), 3, 2)
    cin = 64
    for s, blocks in enumerate([3, 4, 6, 3]):
        f = 64 << s
        for b in range(1, blocks + 1):
            stride = 2 if (b == blocks and s < 3) else 1
            n = f"conv{s + 2}_block{b}"
            pre = bn(n + "_preact_bn", cin)
            p = F.relu(apply_bn(pre, t))
            if b == 1:
                sc = apply_conv(conv(n + "_0_conv", cin, 4 * f, 1, True), p, 1, 0)
            elif stride > 1:
                sc = t[:, :, ::stride, ::stride]
            else:
                sc = t
            h = F.relu(apply_bn(bn(n + "_1_bn", f), apply_conv(conv(n + "_1_conv", cin, f, 1, False), p, 1, 0)))
            # Keras' layer order in the file follows creation order; reorder so 1_conv precedes 1_bn.
            layers[-1], layers[-2] = layers[-2], layers[-1]
            h = F.relu(apply_bn(bn(n + "_2_bn", f), apply_conv(conv(n + "_2_conv", f, f, 3, False), h, stride, 1)))
            layers[-1], layers[-2] = layers[-2], layers[-1]
            c3 = conv(n + "_3_conv", f, 4 * f, 1, True)
            c3[0][1].mul_(0.2)  # small residual branches, as in trained nets: well conditioned
            h = apply_conv(c3, h, 1, 0)
            if on_block is not None:
                on_block(f"conv{s + 2}.block{b}", t, h, sc)
            t = sc + h
            cin = 4 * f
    t = F.relu(apply_bn(bn("post_bn", 2048), t)).mean(dim=(2, 3))
    wk = torch.randn(2048, 1000, generator=g) * 0.02
    bk = torch.randn(1000, generator=g) * 0.1
    layers.append(("predictions", [("kernel", wk), ("bias", bk)]))
    logits = t @ wk + bk
    count = 0
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for n, ws in layers:
            grp = f.create_group(n)
            names = [f"{n}/{w}:0".encode() for w, _ in ws]
            grp.attrs["weight_names"] = np.array(names)
            for (w, a), full in zip(ws, names):
                grp.create_dataset(full.decode(), data=a.numpy().astype("<f4"))
                count += a.numel()
    return logits.flatten().tolist(), count
