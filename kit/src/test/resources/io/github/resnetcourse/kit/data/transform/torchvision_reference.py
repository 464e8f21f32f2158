# Produces torchvision 0.14 reference outputs for TorchvisionParityTest.
# argv: input.f32 (C,H,W float32 little-endian) H W outdir
import sys, json
import numpy as np
import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

torch.set_num_threads(2)
src, h, w, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
img = torch.from_numpy(np.fromfile(src, dtype="<f4").reshape(3, h, w))

cases = {
    "resize_shorter_20": F.resize(img, 20, antialias=True),
    "resize_to_50x70": F.resize(img, [50, 70], antialias=True),
    "center_crop_17": F.center_crop(img, [17, 17]),
    "center_crop_pad_40": F.center_crop(img, [40, 45]),
    "random_crop_pad4_at_3_5": F.crop(F.pad(img, [4, 4, 4, 4]), 3, 5, 24, 24),
    "hflip": F.hflip(img),
    "vflip": F.vflip(img),
    "rotate_15": F.rotate(img, 15.0, interpolation=InterpolationMode.NEAREST),
    "rotate_-40": F.rotate(img, -40.0, interpolation=InterpolationMode.NEAREST),
    "brightness_1.2": F.adjust_brightness(img, 1.2),
    "contrast_0.8": F.adjust_contrast(img, 0.8),
    "saturation_1.15": F.adjust_saturation(img, 1.15),
    "hue_0.1": F.adjust_hue(img, 0.1),
    "hue_-0.07": F.adjust_hue(img, -0.07),
    "grayscale": F.rgb_to_grayscale(img, num_output_channels=3),
    "normalize_cifar": F.normalize(img, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]),
    "jitter_order_3102": F.adjust_contrast(
        F.adjust_brightness(F.adjust_saturation(F.adjust_hue(img, 0.05), 0.9), 1.1), 1.05),
}
shapes = {}
for name, t in cases.items():
    t.contiguous().numpy().astype("<f4").tofile(f"{out}/{name}.f32")
    shapes[name] = list(t.shape)
json.dump(shapes, open(f"{out}/shapes.json", "w"))
