"""PyTorch side of `./course bench`: one ResNet18 case, one JSON line on stdout.

Usage: python resnet_bench.py IMAGE_SIZE BATCH FULL|FROZEN TRAIN_STEPS EVAL_STEPS [THREADS]

The model is torchvision's ResNet18 layout written out here (11,689,512 parameters with 1000
classes, checked against torchvision when it is importable), so the script needs only torch: pip's
torchvision wheels do not always match the torch wheel they sit beside.

The loop does per step what the kit's loop does: forward, cross-entropy, backward, Adam (lr 1e-3),
zero_grad, and the loss read back (loss.item()). Evaluation runs under torch.no_grad() in eval
mode. Peak memory is this process's VmHWM, so run one case per process.
"""
import json
import sys
import time

import torch
from torch import nn

# As BenchCase on the Java side: warm up for at least this many steps and this many seconds.
WARMUP_STEPS = 3
WARMUP_SECONDS = 4.0
CLASSES = 10


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += identity
        return self.relu(out)


class ResNet18(nn.Module):
    """torchvision.models.resnet18's layout and names, with torch's default initialisation."""

    def __init__(self, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(64, 64, 1), BasicBlock(64, 64, 1))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128, 1))
        self.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256, 1))
        self.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512, 1))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def check_layout():
    """Fails loudly if the layout drifts from torchvision's (when torchvision imports)."""
    ours = sum(p.numel() for p in ResNet18(1000).parameters())
    assert ours == 11_689_512, ours
    try:
        import torchvision
        theirs = sum(p.numel() for p in torchvision.models.resnet18().parameters())
        assert ours == theirs, (ours, theirs)
    except Exception:  # torchvision missing or mismatched with torch: the count above still holds
        pass


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    size, batch, backbone, train_steps, eval_steps = sys.argv[1:6]
    size, batch, train_steps, eval_steps = int(size), int(batch), int(train_steps), int(eval_steps)
    torch.set_num_threads(int(sys.argv[6]) if len(sys.argv) > 6 else 2)
    torch.manual_seed(0)
    if "--check" in sys.argv:
        check_layout()
    model = ResNet18(CLASSES)
    if backbone == "FROZEN":
        for name, param in model.named_parameters():
            param.requires_grad = name.startswith("fc.")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.randn(batch, 3, size, size)
    labels = torch.randint(0, CLASSES, (batch,))

    def train_step():
        # A fresh batch tensor per step, as a data loader yields one (the kit copies its batch
        # from Java memory likewise).
        x, y = images.clone(), labels.clone()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    def eval_step():
        # What the kit's Evaluator computes per batch: loss and correct predictions.
        x, y = images.clone(), labels.clone()
        out = model(x)
        loss_fn(out, y).item()
        (out.argmax(1) == y).sum().item()

    def warm_up(step):
        start, done = time.perf_counter(), 0
        while done < WARMUP_STEPS or time.perf_counter() - start < WARMUP_SECONDS:
            step()
            done += 1

    model.train()
    warm_up(train_step)
    start = time.perf_counter()
    for _ in range(train_steps):
        train_step()
    train_seconds = time.perf_counter() - start

    model.eval()
    with torch.no_grad():
        warm_up(eval_step)
        start = time.perf_counter()
        for _ in range(eval_steps):
            eval_step()
        eval_seconds = time.perf_counter() - start

    print(json.dumps({
        "trainImagesPerSecond": train_steps * batch / train_seconds,
        "evalImagesPerSecond": eval_steps * batch / eval_seconds,
        "peakRssMb": peak_rss_mb(),
        "runtime": f"torch {torch.__version__}",
    }))


if __name__ == "__main__":
    main()
