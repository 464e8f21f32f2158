"""Reference weights and logits for the kit's model tests.

Builds torchvision models with seeded random weights (BatchNorm statistics randomised too, so
eval mode is a real test), saves each state_dict with torch.save, runs a fixed input in eval mode
and writes the logits. Also writes a Keras-layout ResNet50V2 .h5 (with h5py) and its logits,
computed with torch functional ops from the same weights.

usage: torchvision_reference.py OUT_DIR SIZE
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

from keras_resnet50v2 import resnet50v2_h5

torch.set_num_threads(2)
out, size = sys.argv[1], int(sys.argv[2])
result = {}


def randomise(model):
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


x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(1))
x.numpy().astype("<f4").tofile(f"{out}/input.bin")

for name in ["resnet18", "resnet50", "resnet152", "alexnet"]:
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    randomise(model)
    model.eval()
    torch.save(model.state_dict(), f"{out}/{name}.pth")
    if name == "resnet18":
        torch.save(model.state_dict(), f"{out}/{name}-legacy.pth", _use_new_zipfile_serialization=False)
    with torch.no_grad():
        logits = model(x)
    result[name] = {
        "logits": logits[0].tolist(),
        "parameters": sum(p.numel() for p in model.parameters()),
    }


with torch.no_grad():
    logits, count = resnet50v2_h5(f"{out}/resnet50v2.h5", x)
result["resnet50v2"] = {"logits": logits, "parameters": count}

with open(f"{out}/reference.json", "w") as fh:
    json.dump(result, fh)
