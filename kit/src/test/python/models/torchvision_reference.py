"""Reference weights and logits for the kit's model tests.

Builds torchvision models with seeded random weights (BatchNorm statistics randomised too, so
eval mode is a real test), saves each state_dict with torch.save, runs fixed batches in eval mode
and writes the logits. Also writes a Keras-layout ResNet50V2 .h5 (with h5py) and its logits,
computed with torch functional ops from the same weights, and lesson 02's CIFAR adaptation of
AlexNet (3x3 first convolution from the kernels' centre, 2x2 pool, 10 classes).

The batches are the lessons' shapes, not a convenient corner: 224 px with batch 2 for the
ImageNet networks (lessons 03, 04) and 32 px with batch 8 for CIFAR-10 (lessons 02, 06). On one
CPU, libtorch's oneDNN computed some convolutions wrongly only at batch >= 2 (docs/engine-check.md).

usage: torchvision_reference.py OUT_DIR
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(2)
out = sys.argv[1]
result = {}
# (size, batch) -> the models checked at that shape
SHAPES = {(224, 2): ["resnet18", "resnet50", "resnet152", "alexnet", "resnet50v2"],
          (32, 8): ["resnet18", "resnet50", "alexnet-cifar"]}


def randomise(model, size=64):
    """Random BN scale/shift, then running statistics measured on random images (as after
    training), so eval mode uses non-trivial statistics and activations stay O(1)."""
    g = torch.Generator().manual_seed(7)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.weight.data = torch.rand(m.weight.shape, generator=g) + 0.5
            m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.1
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batches
    # A small scale on each residual branch's last BN, as in trained ResNets: the residual stream
    # then stays well conditioned, so float32 rounding (~1e-3 after 150 layers otherwise, even
    # torch float32 vs float64) stays far below the 1e-4 tolerance.
    for block in model.modules():
        last = getattr(block, "bn3", None) or (getattr(block, "bn2", None) if hasattr(block, "downsample") else None)
        if last is not None:
            last.weight.data *= 0.2
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, size, size, generator=g))


inputs = {}
for (size, batch) in SHAPES:
    x = torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(size + batch))
    x.numpy().astype("<f4").tofile(f"{out}/input-{size}x{batch}.bin")
    inputs[(size, batch)] = x


def record(name, model, count):
    for shape, names in SHAPES.items():
        if name in names:
            with torch.no_grad():
                logits = model(inputs[shape])
            result[f"{name}@{shape[0]}x{shape[1]}"] = {"logits": logits.flatten().tolist(),
                                                       "parameters": count}


for name in ["resnet18", "resnet50", "resnet152", "alexnet"]:
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    randomise(model)
    model.eval()
    torch.save(model.state_dict(), f"{out}/{name}.pth")
    if name == "resnet18":
        torch.save(model.state_dict(), f"{out}/{name}-legacy.pth", _use_new_zipfile_serialization=False)
    record(name, model, sum(p.numel() for p in model.parameters()))
    if name == "alexnet":
        # Lesson 02's surgery, as the kit's AlexNets.forCifar does it (the kernels' true centre).
        old = model.features[0]
        conv = torch.nn.Conv2d(3, 64, 3, stride=1, padding=1)
        conv.weight.data = old.weight.data[:, :, 4:7, 4:7].clone()
        conv.bias.data = old.bias.data.clone()
        model.features[0] = conv
        model.features[2] = torch.nn.MaxPool2d(2, 2)
        torch.manual_seed(5)
        model.classifier[6] = torch.nn.Linear(4096, 10)
        model.eval()
        torch.save(model.state_dict(), f"{out}/alexnet-cifar.pth")
        record("alexnet-cifar", model, sum(p.numel() for p in model.parameters()))


def resnet50v2_h5(path):
    """Random Keras-layout ResNet50V2 weights; returns the logits computed with torch ops."""
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

    t = x = inputs[(224, 2)]
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


with torch.no_grad():
    logits, count = resnet50v2_h5(f"{out}/resnet50v2.h5")
result["resnet50v2@224x2"] = {"logits": logits, "parameters": count}

with open(f"{out}/reference.json", "w") as fh:
    json.dump(result, fh)
