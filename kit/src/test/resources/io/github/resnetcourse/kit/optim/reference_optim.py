"""Reference parameter values from torch.optim for the kit's optimiser tests.

Reads a JSON list of cases on stdin, each {"rule": "adam"|"adamw"|"sgd", "options": {...}, "params": [[...]],
"grads": [[[...] per param] per step], "lrs": [base lr per step], "scales": [lr scale per param]}.
Each parameter is its own param group with lr = base lr * scale, set before every step, which is
how an external schedule and discriminative learning rates drive torch.optim.
Writes {"torch": version, "results": [[[...] final values per param] per case],
"states": [[{name: value} per param] per case]} to stdout, the states being optimizer.state_dict()'s
per-parameter entries after the last step (exp_avg, exp_avg_sq, step; momentum_buffer).
"""
import json
import sys

import torch

torch.set_num_threads(2)
rules = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}


def run(case):
    params = [torch.tensor(p, dtype=torch.float32, requires_grad=True) for p in case["params"]]
    groups = [{"params": [p], "lr": case["lrs"][0] * s} for p, s in zip(params, case["scales"])]
    opt = rules[case["rule"]](groups, **case["options"])
    for step, grads in enumerate(case["grads"]):
        for group, scale in zip(opt.param_groups, case["scales"]):
            group["lr"] = case["lrs"][step] * scale
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
    state = opt.state_dict()["state"]
    states = []
    for i in range(len(params)):
        entry = state.get(i, {})
        states.append({k: v.tolist() for k, v in entry.items() if torch.is_tensor(v)})
    return [p.detach().tolist() for p in params], states


cases = json.load(sys.stdin)
runs = [run(c) for c in cases]
json.dump(
    {"torch": torch.__version__, "results": [r[0] for r in runs], "states": [r[1] for r in runs]},
    sys.stdout,
)
