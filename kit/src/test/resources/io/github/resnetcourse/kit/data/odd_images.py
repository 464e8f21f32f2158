# Writes images in the colour layouts real folders contain, plus PIL's RGB reading of each.
# argv: outdir
import sys, json
import numpy as np
from PIL import Image

out = sys.argv[1]
rng = np.random.default_rng(0)
rgb = (rng.random((12, 10, 3)) * 255).astype(np.uint8)
gray = (rng.random((12, 10)) * 255).astype(np.uint8)
cases = {}
Image.fromarray(gray, "L").save(f"{out}/gray.png"); cases["gray.png"] = 0
Image.fromarray(np.dstack([rgb, gray]), "RGBA").save(f"{out}/rgba.png"); cases["rgba.png"] = 0
Image.fromarray(rgb).convert("P", palette=Image.ADAPTIVE, colors=32).save(f"{out}/palette.png"); cases["palette.png"] = 0
Image.fromarray(rgb).convert("CMYK").save(f"{out}/cmyk.jpg", quality=100); cases["cmyk.jpg"] = 12
Image.fromarray(rgb).save(f"{out}/rgb.jpg", quality=95); cases["rgb.jpg"] = 12
for name in list(cases):
    ref = np.asarray(Image.open(f"{out}/{name}").convert("RGB"), dtype=np.float32) / 255.0
    ref.transpose(2, 0, 1).astype("<f4").tofile(f"{out}/{name}.f32")
# 16-bit grayscale: PIL's own convert("RGB") clips 16-bit values; the kit scales by 65535.
g16 = (rng.random((12, 10)) * 65535).astype(np.uint16)
Image.fromarray(g16).save(f"{out}/gray16.png")
(np.stack([g16, g16, g16]).astype(np.float32) / 65535.0).astype("<f4").tofile(f"{out}/gray16.png.f32")
cases["gray16.png"] = 0
json.dump(cases, open(f"{out}/cases.json", "w"))
