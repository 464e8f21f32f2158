"""Reference learning rates from PyTorch's schedulers, for the kit's schedule tests.

Usage: schedules.py '<json spec or list of specs>' -> prints {"results": [[lr, ...], ...]}: per spec
the lr after construction, then after each of `steps` steps. For ReduceLROnPlateau the spec carries the metric values.
Also: schedules.py losses -> cross-entropy / NLL reference values on fixed logits.
"""
import json
import math
import sys

import torch

torch.set_num_threads(2)


def optimizer(lr):
    p = torch.nn.Parameter(torch.zeros(1))
    return torch.optim.SGD([p], lr=lr)


def run(spec):
    kind = spec["kind"]
    opt = optimizer(spec.get("lr", 0.001))
    lrs = []
    if kind == "plateau":
        s = torch.optim.lr_scheduler.ReduceLROnPlateau(
            opt, mode=spec["mode"], factor=spec["factor"], patience=spec["patience"],
            threshold=spec["threshold"], threshold_mode=spec["threshold_mode"],
            cooldown=spec["cooldown"], min_lr=spec["min_lr"], eps=spec["eps"])
        lrs.append(opt.param_groups[0]["lr"])
        for m in spec["metrics"]:
            s.step(m)
            lrs.append(opt.param_groups[0]["lr"])
        return lrs
    if kind == "step":
        s = torch.optim.lr_scheduler.StepLR(opt, step_size=spec["step_size"], gamma=spec["gamma"])
    elif kind == "cosine":
        s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=spec["t_max"], eta_min=spec["eta_min"])
    elif kind == "warmup_cosine":
        w = spec["warmup"]
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=spec["start_factor"], end_factor=1.0, total_iters=w)
        cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=spec["total"] - w, eta_min=spec["eta_min"])
        s = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warm, cos], milestones=[w])
    elif kind == "onecycle":
        s = torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=spec["max_lr"], total_steps=spec["total_steps"], pct_start=spec["pct_start"],
            anneal_strategy=spec["anneal"], div_factor=spec["div_factor"],
            final_div_factor=spec["final_div_factor"], cycle_momentum=False)
    else:
        raise SystemExit("unknown schedule kind " + kind)
    lrs.append(opt.param_groups[0]["lr"])
    for _ in range(spec["steps"]):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def losses():
    g = torch.Generator().manual_seed(7)
    logits = torch.randn(6, 5, generator=g, dtype=torch.float32) * 3
    labels = torch.tensor([0, 4, 2, 2, 1, 3])
    ce = torch.nn.functional.cross_entropy(logits, labels).item()
    logp = torch.log_softmax(logits, dim=1)
    nll = torch.nn.functional.nll_loss(logp, labels).item()
    return {"logits": logits.flatten().tolist(), "labels": labels.tolist(), "shape": list(logits.shape),
            "cross_entropy": ce, "nll": nll}


if __name__ == "__main__":
    arg = sys.argv[1]
    if arg == "losses":
        print(json.dumps(losses()))
    else:
        spec = json.loads(arg)
        specs = spec if isinstance(spec, list) else [spec]
        print(json.dumps({"results": [run(s) for s in specs], "torch": torch.__version__}))
