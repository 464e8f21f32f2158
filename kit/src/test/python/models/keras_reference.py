"""Keras references for the kit's ResNet50V2 (Keras layout, .h5 weights).

1. Builds keras.applications.ResNet50V2 (weights=None, logits out), gives every batch norm seeded
   random scale, shift and moving statistics (so inference mode is a real test), scales each
   block's last convolution down (as in trained nets: well-conditioned float32), and saves the
   weights with Keras' own legacy HDF5 writer (the layout of the published applications file) to
   OUT/keras-written.h5; writes its logits for the input.
2. Loads the kit-written twin TWIN with Keras' load_weights, both by order and by name, and writes
   its logits for the input; records that both loads give the same weights.
3. Describes both files (layer names, weight names, shapes, root attributes) and writes
   resnet_v2.preprocess_input of a byte ramp.

The input is OUT/input.bin: float32 NCHW (batch, 3, 224, 224), written by the Java test.
Writes OUT/keras.json.

usage: keras_reference.py OUT_DIR TWIN_FILE BATCH
"""
import json
import os
import sys

# TensorFlow's oneDNN kernels die with SIGFPE on the CPUs where libtorch's do (see
# docs/models.md); its Eigen kernels are also a second, independent implementation to compare with.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(2)
out, twin, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = 224
x = np.fromfile(f"{out}/input.bin", dtype="<f4").reshape(batch, 3, size, size)
x_nhwc = np.ascontiguousarray(x.transpose(0, 2, 3, 1))
result = {"tensorflow": tf.__version__, "keras": keras.__version__}


def model():
    return keras.applications.ResNet50V2(weights=None, classifier_activation=None)


def logits(m):
    return m(x_nhwc, training=False).numpy().tolist()


def describe(path):
    """Layer order, weighted layers with weight names (':0' dropped) and shapes, root attributes."""
    with h5py.File(path, "r") as f:
        def names(attr):
            return [n.decode() if isinstance(n, bytes) else str(n) for n in attr]

        layers = names(f.attrs["layer_names"])
        weights = {}
        for layer in layers:
            g = f[layer]
            wn = names(g.attrs["weight_names"]) if "weight_names" in g.attrs else []
            weights.update({w.split(":")[0]: list(g[w].shape) for w in wn})
        return {"layers": layers, "weights": weights, "attrs": sorted(f.attrs.keys())}


# 1. Keras' own file.
rng = np.random.default_rng(7)
ref = model()
for layer in ref.layers:
    if isinstance(layer, keras.layers.BatchNormalization):
        c = layer.gamma.shape[0]
        layer.set_weights([rng.uniform(0.5, 1.5, c), rng.normal(0, 0.1, c),
                           rng.normal(0, 0.1, c), rng.uniform(0.5, 1.5, c)])
    elif layer.name.endswith("_3_conv"):
        k, b = layer.get_weights()
        layer.set_weights([k * 0.2, b + rng.normal(0, 0.01, b.shape)])
    elif layer.name == "predictions":
        k, b = layer.get_weights()
        layer.set_weights([k, rng.normal(0, 0.1, b.shape)])
keras_written = f"{out}/keras-written.h5"
with h5py.File(keras_written, "w") as f:
    legacy_h5_format.save_weights_to_hdf5_group(f, ref)
result["keras_written"] = {"logits": logits(ref), "parameters": int(ref.count_params())}

# 2. The kit's twin, loaded by Keras both ways.
by_order = model()
by_order.load_weights(twin)
by_name = model()
by_name.load_weights(twin, by_name=True)
same = all(np.array_equal(a, b) for a, b in zip(by_order.get_weights(), by_name.get_weights()))
result["twin"] = {"logits": logits(by_order), "same_by_order_and_by_name": bool(same)}

# 3. Layouts and preprocessing.
result["layout"] = {"keras_written": describe(keras_written), "twin": describe(twin)}
ramp = np.arange(256, dtype="float32").reshape(1, 16, 16, 1).repeat(3, axis=3)
result["preprocess_input"] = keras.applications.resnet_v2.preprocess_input(ramp.copy())[
    0, :, :, 0].reshape(-1).tolist()

with open(f"{out}/keras.json", "w") as fh:
    json.dump(result, fh)
