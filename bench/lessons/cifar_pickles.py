"""Writes CIFAR-10's python layout (cifar-10-batches-py/) from its binary layout (cifar-10-batches-bin/).

Usage: python cifar_pickles.py ROOT

The kit reads the binary batches (cifar-10-batches-bin/*.bin, records of 1 label byte + 3072 CHW
pixel bytes); torchvision's datasets.CIFAR10, which the seed calls, reads the python batches
(cifar-10-batches-py/data_batch_1..5, test_batch, batches.meta: pickled dicts). Both are written
here from the same images, so `./course bench lessons` feeds the seed and the kit the same pixels.
Only the standard library and numpy are needed.
"""
import os
import pickle
import sys

import numpy as np

RECORD = 1 + 3 * 32 * 32
BATCHES = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"]


def read_binary(path):
    """Returns (labels, data) of one binary batch: a list of ints and an N x 3072 uint8 array."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size % RECORD != 0:
        raise ValueError(f"{path}: {raw.size} bytes is not a whole number of {RECORD}-byte records")
    records = raw.reshape(-1, RECORD)
    return records[:, 0].astype(int).tolist(), np.ascontiguousarray(records[:, 1:])


def convert(root):
    """Writes root/cifar-10-batches-py from root/cifar-10-batches-bin; returns the folder written."""
    source = os.path.join(root, "cifar-10-batches-bin")
    target = os.path.join(root, "cifar-10-batches-py")
    partial = target + ".partial"
    os.makedirs(partial, exist_ok=True)
    for name in BATCHES:
        labels, data = read_binary(os.path.join(source, name + ".bin"))
        batch = {
            "batch_label": name,
            "labels": labels,
            "data": data,
            "filenames": [f"{name}_{i}.png" for i in range(len(labels))],
        }
        with open(os.path.join(partial, name), "wb") as f:
            pickle.dump(batch, f, protocol=2)
    with open(os.path.join(source, "batches.meta.txt"), encoding="utf-8") as f:
        names = [line.strip() for line in f if line.strip()]
    with open(os.path.join(partial, "batches.meta"), "wb") as f:
        pickle.dump({"label_names": names, "num_cases_per_batch": 0, "num_vis": 3072}, f, protocol=2)
    # Replace an earlier copy only once every file is written.
    if os.path.isdir(target):
        for name in os.listdir(target):
            os.remove(os.path.join(target, name))
        os.rmdir(target)
    os.rename(partial, target)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(convert(sys.argv[1]))
