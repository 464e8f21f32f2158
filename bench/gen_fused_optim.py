"""Generates the kit's fused optimiser kernels as a tiny TorchScript archive.

DJL's own Adam update clones every gradient and makes four temporaries per tensor; PyTorch's
fused CPU kernels (`torch._fused_adam_`, `_fused_adamw_`, `_fused_sgd_`, libtorch >= 2.4) update
parameters, moments and step counters in one pass. DJL cannot call an arbitrary ATen op, but it can
run a TorchScript method, so this script scripts three methods that call those ops. The archive
stores the methods as TorchScript source, which the kit's libtorch (2.7.1) recompiles on load.

Needs torch >= 2.4 (Debian's 1.13 has no `_fused_adamw_`); the bench venv has one:
    .venv-bench/bin/python bench/gen_fused_optim.py
Writes kit/src/main/resources/io/github/resnetcourse/kit/optim/fused_optim.pt
"""

from typing import List

import torch

import torchscript_archive



def _match_layout(params: List[torch.Tensor], others: List[torch.Tensor]) -> None:
    """Gives each tensor of `others` the memory layout (strides) of its parameter, in place.

    The fused kernels walk parameter, gradient and moments as flat buffers, so all four must share
    one layout: a channels-last weight with a contiguous gradient would be updated with the wrong
    elements, silently. The kit stores convolution weights channels-last; a gradient or moment
    created before that (a resumed or restored run) is re-laid out here, once.
    """
    if len(others) != len(params):
        return  # SGD without momentum has no buffers
    for i in range(len(params)):
        if others[i].stride() != params[i].stride():
            others[i].set_(torch.empty_like(params[i]).copy_(others[i]))


def _storage_order_(tensors: List[torch.Tensor]) -> None:
    """Replaces channels-last tensors in the list by the contiguous NHWC views of their memory.

    The fused kernels' fast path wants contiguous tensors: given channels-last ones they copy each
    to a contiguous tensor and back (measured 2-3x the time of the update itself). The update is
    elementwise, so running it on the permuted view of the same memory is exact, provided all four
    tensors share the layout (see _match_layout). Only the list (the caller's temporary) changes.
    """
    for i in range(len(tensors)):
        t = tensors[i]
        if t.dim() == 4 and not t.is_contiguous() and t.is_contiguous(
                memory_format=torch.channels_last):
            tensors[i] = t.permute(0, 2, 3, 1)


class FusedOptim(torch.nn.Module):
    """One method per update rule; each updates all given tensors in place, without autograd.

    With zero_grads the gradients are zeroed in the same call (PyTorch's optimizer.zero_grad()), so
    the next backward pass starts from zero instead of accumulating.
    """

    @torch.jit.export
    def adam(
        self,
        params: List[torch.Tensor],
        grads: List[torch.Tensor],
        exp_avgs: List[torch.Tensor],
        exp_avg_sqs: List[torch.Tensor],
        steps: List[torch.Tensor],
        lr: float,
        beta1: float,
        beta2: float,
        weight_decay: float,
        eps: float,
        decoupled: bool,
        zero_grads: bool,
    ) -> None:
        with torch.no_grad():
            _match_layout(params, grads)
            _match_layout(params, exp_avgs)
            _match_layout(params, exp_avg_sqs)
            for tensors in [params, grads, exp_avgs, exp_avg_sqs]:
                _storage_order_(tensors)
            # PyTorch's Adam increments the step counters before the fused kernel reads them.
            torch._foreach_add_(steps, 1.0)
            if decoupled:
                torch._fused_adamw_(params, grads,
                                    exp_avgs, exp_avg_sqs, [],
                                    steps, lr=lr,
                                    beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps,
                                    amsgrad=False, maximize=False)
            else:
                torch._fused_adam_(params, grads,
                                   exp_avgs, exp_avg_sqs, [],
                                   steps, lr=lr,
                                   beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps,
                                   amsgrad=False, maximize=False)
            if zero_grads:
                torch._foreach_zero_(grads)

    @torch.jit.export
    def sgd(
        self,
        params: List[torch.Tensor],
        grads: List[torch.Tensor],
        momentum_buffers: List[torch.Tensor],
        lr: float,
        momentum: float,
        dampening: float,
        weight_decay: float,
        nesterov: bool,
        first_step: bool,
        zero_grads: bool,
    ) -> None:
        with torch.no_grad():
            _match_layout(params, grads)
            _match_layout(params, momentum_buffers)
            for tensors in [params, grads, momentum_buffers]:
                _storage_order_(tensors)
            torch._fused_sgd_(params, grads,
                              momentum_buffers, weight_decay=weight_decay,
                              momentum=momentum, lr=lr, dampening=dampening, nesterov=nesterov,
                              maximize=False, is_first_step=first_step)
            if zero_grads:
                torch._foreach_zero_(grads)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def main() -> None:
    torchscript_archive.save(FusedOptim(), "optim", "fused_optim.pt")


if __name__ == "__main__":
    main()
