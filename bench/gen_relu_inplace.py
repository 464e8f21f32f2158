"""Generates the kit's in-place layer kernels as a tiny TorchScript archive.

torchvision's ResNets and AlexNet use ``nn.ReLU(inplace=True)``: the activation overwrites the
batch-norm (or convolution) output instead of allocating a new buffer of the same size. DJL's
NDArray API has no in-place ReLU, and DJL cannot call an arbitrary ATen operator, but it can run a
TorchScript module's forward method. DJL runs the forward with autograd on when asked for training
mode (any other method runs without gradients, which would drop ReLU's mask from backward), so the
operator is the module's forward. The archive stores TorchScript source, which the kit's libtorch
(2.7.1) recompiles on load.

    .venv-bench/bin/python bench/gen_relu_inplace.py

Writes kit/src/main/resources/io/github/resnetcourse/kit/engine/relu_inplace.pt
"""


import torch

import torchscript_archive



class ReluInPlace(torch.nn.Module):
    """ReLU in place; records its autograd node as the eager operator does."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu_(x)


def main() -> None:
    torchscript_archive.save(ReluInPlace(), "engine", "relu_inplace.pt")


if __name__ == "__main__":
    main()
