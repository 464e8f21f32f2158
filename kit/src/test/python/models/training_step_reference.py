"""Reference for one training-mode step of torchvision ResNets (kit test TrainingStepParityTest).

For each architecture: seeded random weights saved with torch.save, a fixed batch, then in
train() mode forward, cross-entropy, backward. Writes the loss, the logits, selected gradients and
batch-norm running statistics after the step, for the full network and with the body frozen
(requires_grad False everywhere but fc, as the seeds freeze).

The models use the layout the kit runs in on this CPU (LAYOUT: channels-last, or nchw where the
kit's convolution self-check found channels-last wrong): in train mode with small batches, batch
norm amplifies float32 rounding so much that torch's own NCHW and NHWC runs of ResNet-50 differ by
~2e-3 in the logits and ~3 % in conv1's gradient, while the kit and torch in the same layout agree
to ~1e-5.

The batches are the lessons' shapes: 32 px with batch 8 (CIFAR-10, lessons 02 and 06) and 224 px
with batch 2 (lessons 03 and 04).

Each residual branch's last batch norm starts at a fifth of its scale (as in trained ResNets, and
torchvision's zero_init_residual in the limit): with random initialisation, 50 layers of train-mode
batch norm on 8 images amplify float32 rounding until two correct convolution algorithms disagree
by percents in conv1's gradient, which would test the rounding, not the kit.

usage: training_step_reference.py OUT_DIR LAYOUT BACKEND
  LAYOUT  channels-last | nchw, as the kit runs on this CPU
  BACKEND onednn | native (torch.backends.mkldnn off), as the kit runs on this CPU
"""
import json
import sys

import torch
import torchvision

torch.set_num_threads(2)
out = sys.argv[1]
WATCH = ["conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
         "layer4.1.bn2.bias", "fc.weight", "fc.bias"]
result = {}
channels_last = sys.argv[2] == "channels-last"
torch.backends.mkldnn.enabled = sys.argv[3] != "native"
g = torch.Generator().manual_seed(3)
BATCHES = {32: (torch.randn(8, 3, 32, 32, generator=g), torch.tensor([1, 7, 3, 0, 9, 2, 5, 3])),
           224: (torch.randn(2, 3, 224, 224, generator=g), torch.tensor([4, 8]))}
for size, (x, y) in BATCHES.items():
    x.numpy().astype("<f4").tofile(f"{out}/input-{size}.bin")
    result[f"labels@{size}"] = y.tolist()
CASES = [("resnet18", 32, "full"), ("resnet18", 32, "frozen"), ("resnet50", 32, "full"),
         ("resnet18", 224, "full")]

for name in ["resnet18", "resnet50"]:
    torch.manual_seed(11)
    factory = getattr(torchvision.models, name)
    model = factory(num_classes=10)
    for block in model.modules():
        last = getattr(block, "bn3", None) or (getattr(block, "bn2", None) if hasattr(block, "downsample") else None)
        if last is not None:
            last.weight.data *= 0.2
    torch.save(model.state_dict(), f"{out}/{name}.pth")
    for (case_name, size, mode) in CASES:
        if case_name != name:
            continue
        x, y = BATCHES[size]
        m = factory(num_classes=10)
        m.load_state_dict(torch.load(f"{out}/{name}.pth"))
        if channels_last:
            m = m.to(memory_format=torch.channels_last)
        if mode == "frozen":
            for n, p in m.named_parameters():
                p.requires_grad = n.startswith("fc.")
        m.train()
        logits = m(x.clone())
        loss = torch.nn.functional.cross_entropy(logits, y)
        loss.backward()
        params = dict(m.named_parameters())
        result[f"{name}@{size}/{mode}"] = {
            "loss": loss.item(),
            "logits": logits.detach().flatten().tolist(),
            "grads": {k: (params[k].grad.flatten().tolist() if params[k].grad is not None else None)
                      for k in WATCH},
            "bn1.running_mean": m.bn1.running_mean.tolist(),
        }

with open(f"{out}/reference.json", "w") as f:
    json.dump(result, f)
