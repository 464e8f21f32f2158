"""Weight files for the kit's reader tests: good, wrongly shaped, wrongly keyed, not a state_dict,
and plain pickles for the unpickler.

usage: weight_file_cases.py OUT_DIR
"""
import pickle
import sys
from collections import OrderedDict

import h5py
import numpy as np
import torch
import torchvision

torch.set_num_threads(2)
out = sys.argv[1]

torch.manual_seed(0)
good = torchvision.models.resnet18(weights=None)
sd = good.state_dict()
torch.save(sd, f"{out}/resnet18.pth")
torch.save(sd, f"{out}/resnet18-legacy.pth", _use_new_zipfile_serialization=False)
torch.save(torchvision.models.resnet18(weights=None, num_classes=10).state_dict(), f"{out}/resnet18-10-classes.pth")
renamed = OrderedDict((k.replace("layer1.0.conv1", "layer1.0.conv9"), v) for k, v in sd.items())
torch.save(renamed, f"{out}/resnet18-renamed.pth")
torch.save(good, f"{out}/resnet18-full-model.pth")
# A state_dict with a non-contiguous (transposed) view and a half-precision tensor.
base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
torch.save(OrderedDict([("t", base.t()), ("h", torch.tensor([1.5, -2.25], dtype=torch.float16)),
                        ("n", torch.tensor(7))]), f"{out}/views.pth")

value = {"ints": [0, 1, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 40, 2 ** 70],
         "floats": (0.5, -1e-300), "text": "ResNet ✓", "flags": (True, False, None),
         "nested": OrderedDict([("a", [1, [2, 3]]), ("b", ())]), "bytes": b"\x00\x01"}
for protocol in (2, 4):
    with open(f"{out}/plain-p{protocol}.pkl", "wb") as fh:
        pickle.dump(value, fh, protocol=protocol)

with h5py.File(f"{out}/small.h5", "w") as f:
    f.attrs["layer_names"] = np.array([b"conv1_conv", b"predictions"])
    g = f.create_group("conv1_conv")
    g.attrs["weight_names"] = np.array([b"conv1_conv/kernel:0", b"conv1_conv/bias:0"])
    k = np.arange(7 * 7 * 3 * 64, dtype="<f4").reshape(7, 7, 3, 64)
    g.create_dataset("conv1_conv/kernel:0", data=k)
    g.create_dataset("conv1_conv/bias:0", data=np.zeros(64, dtype="<f4"))
    g = f.create_group("predictions")
    g.attrs["weight_names"] = np.array([b"predictions/kernel:0", b"predictions/bias:0"])
    g.create_dataset("predictions/kernel:0", data=np.zeros((2048, 10), dtype="<f4"))
    g.create_dataset("predictions/bias:0", data=np.zeros(10, dtype="<f4"))
with h5py.File(f"{out}/not-keras.h5", "w") as f:
    f.create_dataset("x", data=np.zeros(3, dtype="<f4"))
