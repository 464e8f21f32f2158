"""Adam's state after a few steps of a linear classifier, for the kit's checkpoint test.

Usage: adam_state.py '<json>' with {"weight": [[...]], "bias": [...], "x": [[...] per sample],
"y": [class per sample], "batch": n, "lr": lr}: one pass over the samples in order, batch by batch,
cross-entropy on the logits x @ weight.T + bias, torch.optim.Adam(lr) stepped after each batch.
Prints {"torch": version, "state": {"weight": {"step", "exp_avg", "exp_avg_sq"}, "bias": {...}},
"params": {"weight": ..., "bias": ...}}.
"""
import json
import sys

import torch

torch.set_num_threads(2)
spec = json.loads(sys.argv[1])
weight = torch.nn.Parameter(torch.tensor(spec["weight"], dtype=torch.float32))
bias = torch.nn.Parameter(torch.tensor(spec["bias"], dtype=torch.float32))
x = torch.tensor(spec["x"], dtype=torch.float32)
y = torch.tensor(spec["y"], dtype=torch.int64)
opt = torch.optim.Adam([weight, bias], lr=spec["lr"])
loss_fn = torch.nn.CrossEntropyLoss()
batch = spec["batch"]
for start in range(0, len(y), batch):
    opt.zero_grad()
    loss = loss_fn(x[start:start + batch] @ weight.T + bias, y[start:start + batch])
    loss.backward()
    opt.step()
state = opt.state_dict()["state"]
names = ["weight", "bias"]
print(json.dumps({
    "torch": torch.__version__,
    "state": {names[i]: {k: v.tolist() for k, v in s.items()} for i, s in state.items()},
    "params": {"weight": weight.detach().tolist(), "bias": bias.detach().tolist()},
}))
