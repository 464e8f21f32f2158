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

import torch
import torch.nn.functional as F
import torchvision

from keras_resnet50v2 import resnet50v2_h5

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


with torch.no_grad():
    logits, count = resnet50v2_h5(f"{out}/resnet50v2.h5", inputs[(224, 2)])
result["resnet50v2@224x2"] = {"logits": logits, "parameters": count}

with open(f"{out}/reference.json", "w") as fh:
    json.dump(result, fh)
