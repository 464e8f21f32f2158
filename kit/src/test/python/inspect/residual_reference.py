"""Reference residual norms for the kit's inspect tests, computed independently with torch.

For torchvision's resnet18 (basic blocks) and resnet50 (bottlenecks), with seeded random weights and
random batch-norm statistics, saved with torch.save: every block's input x is caught with a forward
hook and its residual branch F(x) recomputed from the block's own layers (bn2(conv2(relu(bn1(conv1
(x))))) and the bottleneck's three-conv version), in eval mode. For a Keras-layout ResNet50V2 (.h5,
pre-activation) the functional forward pass reports each block's x and F(x). Writes
‖x‖, ‖F(x)‖ (Frobenius over the batch, float64) and the ratio per block.

Also the CIFAR networks of He et al. (plain and residual, shortcut option A and B), built here from
torch layers: parameter counts, a ResNet-20 of each option saved with torch.save with its ratios,
and the gradient norm of every weight layer after one training-mode backward pass.

usage: residual_reference.py OUT_DIR SIZE BATCH
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
from keras_resnet50v2 import resnet50v2_h5  # noqa: E402

torch.set_num_threads(2)
out, size, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
result = {}


def norm(t):
    return torch.linalg.norm(t.double().flatten()).item()


def randomise(model, calib_size):
    """Random BN scale/shift and running statistics measured on random images (as after training)."""
    g = torch.Generator().manual_seed(7)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.data = torch.rand(m.weight.shape, generator=g) + 0.5
            m.bias.data = torch.randn(m.bias.shape, generator=g) * 0.1
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, calib_size, calib_size, generator=g))
    model.eval()


def residual_branch(block, x):
    """F(x) from the block's own layers, as torchvision's forward computes it before `out += identity`."""
    if isinstance(block, torchvision.models.resnet.Bottleneck):
        h = F.relu(block.bn1(block.conv1(x)))
        h = F.relu(block.bn2(block.conv2(h)))
        return block.bn3(block.conv3(h))
    h = F.relu(block.bn1(block.conv1(x)))
    return block.bn2(block.conv2(h))


def block_norms(model, x, block_types):
    rows = []
    hooks = []
    for name, m in model.named_modules():
        if isinstance(m, block_types):
            def hook(mod, inputs, output, name=name):
                xin = inputs[0]
                fx = residual_branch(mod, xin)
                rows.append({"block": name, "x": norm(xin), "fx": norm(fx), "ratio": norm(fx) / norm(xin)})
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        logits = model(x)
    for h in hooks:
        h.remove()
    return rows, logits


x = torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(1))
x.numpy().astype("<f4").tofile(f"{out}/input.bin")

for name in ["resnet18", "resnet50"]:
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None)
    randomise(model, 64)
    torch.save(model.state_dict(), f"{out}/{name}.pth")
    rows, _ = block_norms(model, x, (torchvision.models.resnet.BasicBlock, torchvision.models.resnet.Bottleneck))
    result[name] = rows

v2 = []


def on_block(name, xin, fx, sc):
    v2.append({"block": name, "x": norm(xin), "fx": norm(fx), "ratio": norm(fx) / norm(xin)})


with torch.no_grad():
    resnet50v2_h5(f"{out}/resnet50v2.h5", x, on_block)
result["resnet50v2"] = v2


# ---- CIFAR networks (He et al. 2015, §4.2), built from torch layers ----

class CifarBlock(nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = shortcut
        self.pad = cout - cin
        self.stride = stride
        if shortcut == "B" and (stride != 1 or cin != cout):
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        else:
            self.downsample = None

    def forward(self, x):
        fx = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.shortcut == "none":
            return F.relu(fx)
        if self.downsample is not None:
            sc = self.downsample(x)
        elif self.stride != 1 or self.pad:
            sc = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        else:
            sc = x
        return F.relu(fx + sc)


class CifarNet(nn.Module):
    def __init__(self, depth, shortcut):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        cin = 16
        for s, w in enumerate([16, 32, 64]):
            blocks = []
            for b in range(n):
                blocks.append(CifarBlock(cin, w, 2 if (s > 0 and b == 0) else 1, shortcut))
                cin = w
            setattr(self, f"layer{s + 1}", nn.Sequential(*blocks))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(x.mean(dim=(2, 3)))


counts = {}
for depth in [20, 32, 56, 110]:
    for sc in ["none", "A", "B"]:
        counts[f"{sc}-{depth}"] = sum(p.numel() for p in CifarNet(depth, sc).parameters())
result["cifar_parameters"] = counts

xc = torch.randn(4, 3, 32, 32, generator=torch.Generator().manual_seed(2))
labels = torch.tensor([0, 3, 7, 9])
xc.numpy().astype("<f4").tofile(f"{out}/cifar_input.bin")
for sc in ["none", "A", "B"]:
    torch.manual_seed(5)
    net = CifarNet(20, sc)
    randomise(net, 32)
    torch.save(net.state_dict(), f"{out}/cifar20-{sc}.pth")
    rows = []
    if sc != "none":
        hooks = []
        for name, m in net.named_modules():
            if isinstance(m, CifarBlock):
                def hook(mod, inputs, output, name=name):
                    xin = inputs[0]
                    fx = mod.bn2(mod.conv2(F.relu(mod.bn1(mod.conv1(xin)))))
                    rows.append({"block": name, "ratio": norm(fx) / norm(xin)})
                hooks.append(m.register_forward_hook(hook))
        with torch.no_grad():
            net(xc)
        for h in hooks:
            h.remove()
    # One training-mode backward pass (batch statistics), as the kit's GradientNorms.
    net.train()
    loss = F.cross_entropy(net(xc), labels)
    loss.backward()
    grads = [{"parameter": n, "norm": norm(p.grad)} for n, p in net.named_parameters()
             if n.endswith("weight") and p.dim() >= 2]
    result[f"cifar20-{sc}"] = {"ratios": rows, "gradients": grads, "loss": loss.item()}

with open(f"{out}/reference.json", "w") as fh:
    json.dump(result, fh)
