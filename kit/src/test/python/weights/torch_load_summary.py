"""Loads a torch.save file with Debian torch and writes what it holds as JSON.

Usage: torch_load_summary.py FILE OUT.json [ARCH]
For each tensor: dtype, shape and the float64 sum of its values; plus, for every
data/ entry of the zip, whether its bytes start at a multiple of 64 (torch's
kFieldAlignment). With ARCH (resnet18, alexnet, ...), also whether the keys,
shapes and dtypes equal those of torchvision.models.ARCH().state_dict(), in order.
"""
import json
import sys
import zipfile

import torch

torch.set_num_threads(2)
path, out = sys.argv[1], sys.argv[2]
sd = torch.load(path, map_location="cpu")
tensors = {
    k: {
        "dtype": str(v.dtype),
        "shape": list(v.shape),
        "sum": float(v.double().sum()),
    }
    for k, v in sd.items()
}
aligned = True
with zipfile.ZipFile(path) as z:
    for info in z.infolist():
        if "/data/" in info.filename:
            with open(path, "rb") as f:
                f.seek(info.header_offset + 26)
                name_len = int.from_bytes(f.read(2), "little")
                extra_len = int.from_bytes(f.read(2), "little")
            start = info.header_offset + 30 + name_len + extra_len
            aligned = aligned and start % 64 == 0
result = {"type": type(sd).__name__, "keys": list(sd.keys()), "tensors": tensors,
          "aligned": aligned}
if len(sys.argv) > 3:
    import torchvision

    ref = getattr(torchvision.models, sys.argv[3])().state_dict()
    result["matchesTorchvision"] = [(k, list(v.shape), str(v.dtype)) for k, v in ref.items()] == [
        (k, list(v.shape), str(v.dtype)) for k, v in sd.items()
    ]
with open(out, "w") as f:
    json.dump(result, f)
