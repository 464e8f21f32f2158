"""PyTorch side of `./course bench`: one ResNet18 case, one JSON line on stdout.

Usage: python resnet_bench.py IMAGE_SIZE BATCH FULL|FROZEN TRAIN_STEPS EVAL_STEPS [THREADS]

The loop does per step what the kit's loop does: forward, cross-entropy, backward, Adam (lr 1e-3),
zero_grad, and the loss read back (loss.item()). Evaluation runs under torch.no_grad() in eval
mode. Peak memory is this process's VmHWM, so run one case per process.
"""
import json
import sys
import time

import torch
import torchvision

WARMUP_STEPS = 2  # as BenchCase.WARMUP_STEPS on the Java side
CLASSES = 10


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
    model = torchvision.models.resnet18(num_classes=CLASSES)
    if backbone == "FROZEN":
        for name, param in model.named_parameters():
            param.requires_grad = name.startswith("fc.")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.randn(batch, 3, size, size)
    labels = torch.randint(0, CLASSES, (batch,))

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
        loss.item()

    model.train()
    for _ in range(WARMUP_STEPS):
        train_step()
    start = time.perf_counter()
    for _ in range(train_steps):
        train_step()
    train_seconds = time.perf_counter() - start

    model.eval()
    with torch.no_grad():
        for _ in range(WARMUP_STEPS):
            model(images).argmax(1).tolist()
        start = time.perf_counter()
        for _ in range(eval_steps):
            model(images).argmax(1).tolist()
        eval_seconds = time.perf_counter() - start

    print(json.dumps({
        "trainImagesPerSecond": train_steps * batch / train_seconds,
        "evalImagesPerSecond": eval_steps * batch / eval_seconds,
        "peakRssMb": peak_rss_mb(),
        "runtime": f"torch {torch.__version__}",
    }))


if __name__ == "__main__":
    main()
