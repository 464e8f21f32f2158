"""Writes a scripted module as one of the kit's TorchScript resources (shared by the gen_*.py)."""

import pathlib

import torch

RESOURCES = (
    pathlib.Path(__file__).resolve().parent.parent
    / "kit/src/main/resources/io/github/resnetcourse/kit"
)


def save(module: torch.nn.Module, package: str, name: str) -> None:
    """Scripts `module` and writes it to the kit's resources as `package/name`, atomically."""
    out = RESOURCES / package / name
    scripted = torch.jit.script(module)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    scripted.save(str(tmp))
    tmp.replace(out)
    print(f"wrote {out} ({out.stat().st_size} bytes) with torch {torch.__version__}")
