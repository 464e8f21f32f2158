"""The PyTorch side of `./course bench`'s parity check: a speed figure counts only when the kit
computes what PyTorch computes for the same weights, at the benchmarked shape.

Builds torchvision's ResNet18 (10 classes) with seeded random weights and randomised batch-norm
statistics, saves its state_dict with torch.save, and writes the logits of one seeded batch in eval
mode and in train mode (batch statistics), in the layout the kit runs in.

usage: parity_reference.py OUT_DIR SIZE BATCH LAYOUT   (LAYOUT: channels-last | nchw)
"""
import json
import sys

import torch
import torchvision

torch.set_num_threads(2)
out, size, batch, layout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
g = torch.Generator().manual_seed(17)
torch.manual_seed(17)
model = torchvision.models.resnet18(num_classes=10)
for m in model.modules():
    if isinstance(m, torch.nn.BatchNorm2d):
        m.weight.data = torch.rand(m.weight.shape, generator=g) + 0.5
        m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.1
        m.running_mean = torch.randn(m.running_mean.shape, generator=g) * 0.1
        m.running_var = torch.rand(m.running_var.shape, generator=g) + 0.5
torch.save(model.state_dict(), f"{out}/resnet18.pth")
if layout == "channels-last":
    model = model.to(memory_format=torch.channels_last)
x = torch.randn(batch, 3, size, size, generator=g)
x.numpy().astype("<f4").tofile(f"{out}/input.bin")
with torch.no_grad():
    model.eval()
    evaluated = model(x)
    model.train()
    trained = model(x)
with open(f"{out}/reference.json", "w") as f:
    json.dump({"eval": evaluated.flatten().tolist(), "train": trained.flatten().tolist()}, f)
