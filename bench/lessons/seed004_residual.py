"""Lesson 05's training stage (seed 004 §7, "inside the residual": the degradation experiment,
plain vs residual CIFAR-style networks) in PyTorch, for `./course bench lessons`: one network, a
fixed number of batches, one JSON line on stdout.

Usage: python seed004_residual.py STAGE DATA_ROOT WARMUP BATCHES THREADS
  STAGE: plain20, plain56, resnet20 or resnet56

THIS SCRIPT IS THE COURSE'S RECONSTRUCTION, NOT THE SEED'S TEXT. Seed 004 §7 ("嘗試通過ctrl進入
resnet的內部,觀察殘差究竟是什么") explains the degradation problem, the basic block
(x -> Conv3x3 -> BN -> ReLU -> Conv3x3 -> BN = F(x); shortcut x, or a 1x1 conv where the channels
change; out = ReLU(x + F(x))) and why deep plain networks are hard to optimise, but it has no code
at all. Lesson 05 turns that claim into the experiment of He et al. 2015 (§4.2): plain-20,
plain-56, ResNet-20 and ResNet-56 trained on CIFAR-10 with SGD (learning rate 0.1, momentum 0.9,
weight decay 1e-4) at batch 128. What is written here, and from where:
  - the networks: He et al.'s CIFAR-10 design as the kit builds it (models.ResNets.cifar): a 3x3
    conv to 16 channels + BN + ReLU, three stages of n = (depth - 2) / 6 basic blocks at 16/32/64
    channels (stride 2 in the first block of stages 2 and 3), global average pool, fc to 10; the
    residual nets use the parameter-free option-A shortcut (sub-sample, zero-pad the new channels),
    the plain nets have no shortcut; conv weights Kaiming-normal (fan_out), as torchvision and
    the kit initialise them;
  - the data: the seed's own §5-6 CIFAR-10 code — datasets.CIFAR10 with its test_transform
    (ToTensor, Normalize with the seed's CIFAR statistics; the lesson's experiment does not
    augment) and DataLoader(shuffle=True), at the experiment's batch 128;
  - the training step: the body of the seed's own §6 training loop (zero_grad, forward, loss,
    backward, step, loss.item(), the accuracy count, the progress line), with the experiment's
    optimiser and nn.CrossEntropyLoss().
Changes of the kind the other seed scripts mark FIX n:
  FIX 1  CIFAR10's md5 check accepts the generated twin's batches (they cannot match the real
         archive's checksums); download=True then finds the files present and downloads nothing.
  FIX 2  root='./data' becomes the generated data folder.
  FIX 3  one network per process, a fixed number of batches: the loop runs over the loader's
         first WARMUP + BATCHES batches (harness.capped); the other networks run in their own
         processes.
  FIX 4  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torchvision import datasets, transforms
from torch.utils.data import DataLoader

import harness

STAGES = {"plain20": (20, False), "plain56": (56, False), "resnet20": (20, True), "resnet56": (56, True)}
STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
if STAGE not in STAGES:
    raise SystemExit(f"unknown stage {STAGE}: use one of {', '.join(STAGES)}")
torch.set_num_threads(THREADS)  # FIX 4

import torchvision.datasets.cifar  # noqa: E402  FIX 1
torchvision.datasets.cifar.check_integrity = lambda fpath, md5=None: os.path.isfile(fpath)


# ---- RECONSTRUCTION: He et al. 2015's CIFAR-10 networks (§4.2) ------------------------------------
class BasicBlock(nn.Module):
    """F(x) = BN(conv3x3(ReLU(BN(conv3x3(x))))); out = ReLU(x + F(x)), or ReLU(F(x)) when plain."""

    def __init__(self, cin, cout, stride, residual):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual = residual
        self.stride = stride
        self.pad = cout - cin

    def forward(self, x):
        fx = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if not self.residual:
            return F.relu(fx)
        shortcut = x
        if self.stride != 1 or self.pad:
            # Option A: sub-sample, and zero-pad the new channels (half before, half after).
            shortcut = F.pad(x[:, :, ::self.stride, ::self.stride],
                             (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(fx + shortcut)


class CifarNet(nn.Module):
    def __init__(self, depth, residual, num_classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        cin = 16
        for s, width in enumerate([16, 32, 64]):
            blocks = []
            for b in range(n):
                blocks.append(BasicBlock(cin, width, 2 if (s > 0 and b == 0) else 1, residual))
                cin = width
            setattr(self, f"layer{s + 1}", nn.Sequential(*blocks))
        self.fc = nn.Linear(64, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(x.mean(dim=(2, 3)))


# ---- the seed's §5-6 data code (its test_transform: no augmentation in this experiment) ----------
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
test_transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010))
])
train_dataset = datasets.CIFAR10(root=DATA_ROOT, train=True, download=True,  # FIX 2
                                 transform=test_transform)
batch_size = 128
train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)


def train_one_stage(model, train_loader, criterion, optimizer, device, clock):
    """The body of the seed's §6 training loop, over the capped loader (FIX 3)."""
    model.train()
    running_loss = 0.0
    correct_train = 0
    total_train = 0
    for batch_idx, (data, target) in enumerate(harness.capped(train_loader, clock)):  # FIX 3
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        iter_loss = loss.item()
        running_loss += iter_loss
        _, predicted = output.max(1)
        total_train += target.size(0)
        correct_train += predicted.eq(target).sum().item()
        if (batch_idx + 1) % 50 == 0:  # the lesson's progress line every 50 iterations
            print(f"Batch {batch_idx+1}/{len(train_loader)} | 單Batch損失: {iter_loss:.4f}")
        clock.after_batch(iter_loss)  # FIX 3


def main():
    depth, residual = STAGES[STAGE]
    model = CifarNet(depth, residual).to(device)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    criterion = nn.CrossEntropyLoss()
    clock = harness.BatchClock(WARMUP, BATCHES)
    train_one_stage(model, train_loader, criterion, optimizer, device, clock)
    harness.report(clock, batch_size, model)


if __name__ == "__main__":
    main()
