"""Seed 000 (ResNet50V2 on four bird species, everything trains, early stopping) for
`./course bench lessons`: one stage, a fixed number of batches, one JSON line on stdout.

Usage: python seed000_resnet50v2.py STAGE DATA_ROOT WARMUP BATCHES THREADS
  STAGE: resnet50v2 (the seed has one training stage: all layers train from the start)
       python seed000_resnet50v2.py --check-keras H5_DIR
  writes a random Keras-layout ResNet50V2 .h5 with the kit's test reference
  (kit/src/test/python/models/keras_resnet50v2.py), loads it into the model below and prints
  the largest logit difference against that reference's functional forward pass, and the
  model's parameter count, as one JSON line.

What is the seed's text and what is the course's reconstruction. The seed ("第J2周:ResNet50V2
算法实战与解析") translates a TensorFlow exercise into PyTorch, but shows its environment, data
loading, split, loaders and model only as screenshots. Its own text is sections 七 and 八: the
training function train_epoch (copied below, with only the changes marked FIX n), the validation
function and the EarlyStopping class (not run: see FIX 4), and the epoch loop. Everything marked
RECONSTRUCTION is the course's closest faithful PyTorch version of what the screenshots and the
seed's own code imply, not the seed's text:
  - data: datasets.ImageFolder over the photo folder (the seed's show_images reads
    dataset.classes), Resize([224, 224]), ToTensor, Normalize(ImageNet mean/std) (show_images
    undoes exactly that normalisation; no augmentation, its title says so), split 80/20 with
    torch.utils.data.random_split(int(0.8 * len)), DataLoader(batch_size=16, shuffle=True) — the
    seed's log has 28 training batches ("Batch: 20/28") for its ~561 photos: 448 / 16 = 28;
  - model: torchvision has no ResNet50V2, so it is written out below in Keras' layout
    (keras.applications.resnet_v2, He et al. 2016's pre-activation bottlenecks: 25,613,800
    weights with the 1000-class top as Keras counts them, i.e. parameters plus batch-norm moving
    statistics), its "predictions" layer replaced by Linear(2048, 4) for the four species;
  - optimiser Adam(lr=1e-4), StepLR(step_size=7, gamma=0.5) (the seed's log halves the rate at
    epochs 8 and 15), nn.CrossEntropyLoss().
Changes to the seed's code, each marked where it is made:
  FIX 1  matplotlib, show_images and the curves are left out: nothing is plotted while timing.
  FIX 2  the data folder is the generated twin's birds4 folder (four species of JPEG photos).
  FIX 3  no pretrained weights: there is no network here, and the weights' values do not change
         the time a batch takes (the kit side starts from its initial weights too).
  FIX 4  one stage per process, a fixed number of batches: train_epoch runs unchanged over the
         loader's first WARMUP + BATCHES batches (harness.capped); validate, the scheduler step,
         early stopping (it acts between epochs) and the other epochs are not run.
  FIX 5  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

import harness


# ---- RECONSTRUCTION: Keras' ResNet50V2 (keras/applications/resnet_v2.py) in torch modules ------
# Keras' BatchNormalization(epsilon=1.001e-5, momentum=0.99) is torch's eps=1.001e-5,
# momentum=0.01. Module names follow the Keras layer names, so a Keras .h5 loads by name.
KERAS_BN = dict(eps=1.001e-5, momentum=0.01)


class PreActBottleneck(nn.Module):
    """Keras' block2: preact = relu(bn(x)); shortcut 0_conv(preact) in a stage's first block,
    x sub-sampled (1x1 max-pool, stride 2) where the block carries the stride, else x; the branch
    1x1 -> 3x3 (stride) -> 1x1; nothing after the addition."""

    def __init__(self, cin, filters, conv_shortcut, stride):
        super().__init__()
        self.stride = stride
        self.preact_bn = nn.BatchNorm2d(cin, **KERAS_BN)
        self.conv0 = nn.Conv2d(cin, 4 * filters, 1, stride, bias=True) if conv_shortcut else None
        self.conv1 = nn.Conv2d(cin, filters, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters, **KERAS_BN)
        # Keras: ZeroPadding2D(1) then a 'valid' 3x3 conv = padding 1 here.
        self.conv2 = nn.Conv2d(filters, filters, 3, stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters, **KERAS_BN)
        self.conv3 = nn.Conv2d(filters, 4 * filters, 1, 1, bias=True)

    def forward(self, x):
        preact = F.relu(self.preact_bn(x))
        if self.conv0 is not None:
            shortcut = self.conv0(preact)
        elif self.stride > 1:
            shortcut = x[:, :, ::self.stride, ::self.stride]
        else:
            shortcut = x
        h = F.relu(self.bn1(self.conv1(preact)))
        h = F.relu(self.bn2(self.conv2(h)))
        return shortcut + self.conv3(h)


class ResNet50V2(nn.Module):
    """conv1 (7x7/2, bias, no BN or ReLU: the blocks pre-activate) -> ZeroPadding2D(1) + 3x3/2
    max-pool -> conv2..conv5 (3, 4, 6, 3 blocks; the stride in the last block of conv2-conv4) ->
    post_bn, ReLU -> global average pool -> predictions."""

    def __init__(self, classes=1000):
        super().__init__()
        self.conv1_conv = nn.Conv2d(3, 64, 7, 2, padding=3, bias=True)
        stacks = []
        cin = 64
        for s, blocks in enumerate([3, 4, 6, 3]):
            filters = 64 << s
            stack = []
            for b in range(1, blocks + 1):
                stride = 2 if (b == blocks and s < 3) else 1
                stack.append(PreActBottleneck(cin, filters, b == 1, stride))
                cin = 4 * filters
            stacks.append(nn.Sequential(*stack))
        self.conv2, self.conv3, self.conv4, self.conv5 = stacks
        self.post_bn = nn.BatchNorm2d(2048, **KERAS_BN)
        self.predictions = nn.Linear(2048, classes)

    def forward(self, x):
        x = self.conv1_conv(x)
        # Keras pads with zeros (not -inf) before this max-pool; conv1's outputs can be negative.
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)
        x = self.conv5(self.conv4(self.conv3(self.conv2(x))))
        x = F.relu(self.post_bn(x))
        return self.predictions(x.mean(dim=(2, 3)))


def keras_weight_count(model):
    """Parameters plus batch-norm moving statistics: what Keras' model.summary() counts."""
    stats = sum(m.running_mean.numel() + m.running_var.numel()
                for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    return sum(p.numel() for p in model.parameters()) + stats


def load_keras_h5(model, path):
    """Copies a Keras-layout ResNet50V2 .h5 (layer groups named conv2_block1_1_conv ...) into MODEL."""
    import h5py

    def module_for(layer):
        if layer in ("conv1_conv", "post_bn", "predictions"):
            return getattr(model, layer)
        stack, block, rest = layer.split("_", 2)
        blk = getattr(model, stack)[int(block[len("block"):]) - 1]
        return {"preact_bn": blk.preact_bn, "0_conv": blk.conv0, "1_conv": blk.conv1,
                "1_bn": blk.bn1, "2_conv": blk.conv2, "2_bn": blk.bn2, "3_conv": blk.conv3}[rest]

    with h5py.File(path, "r") as f, torch.no_grad():
        for layer in f.attrs["layer_names"]:
            layer = layer.decode()
            m = module_for(layer)
            for full in f[layer].attrs["weight_names"]:
                full = full.decode()
                w = torch.from_numpy(f[layer][full][()])
                kind = full.split("/")[-1].split(":")[0]
                if kind == "kernel":
                    m.weight.copy_(w.permute(3, 2, 0, 1) if w.dim() == 4 else w.t())
                else:
                    attribute = {"bias": "bias", "gamma": "weight", "beta": "bias",
                                 "moving_mean": "running_mean", "moving_variance": "running_var"}[kind]
                    getattr(m, attribute).copy_(w)


def check_against_keras_reference(out_dir):
    """The model above against the kit's test reference for Keras' ResNet50V2, same .h5."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "kit", "src", "test", "python", "models"))
    from keras_resnet50v2 import resnet50v2_h5

    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    path = os.path.join(out_dir, "resnet50v2.h5")
    with torch.no_grad():
        reference, h5_weights = resnet50v2_h5(path, x)
    model = ResNet50V2(1000)
    load_keras_h5(model, path)
    model.eval()
    with torch.no_grad():
        logits = model(x).flatten()
    reference = torch.tensor(reference)
    print(json.dumps({
        "maxAbsDiff": (logits - reference).abs().max().item(),
        "referenceScale": reference.abs().max().item(),
        "h5Weights": h5_weights,
        "kerasCount": keras_weight_count(model),
        "parameters": sum(p.numel() for p in model.parameters()),
    }))


if __name__ == "__main__" and sys.argv[1] == "--check-keras":
    check_against_keras_reference(sys.argv[2])
    sys.exit(0)

STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
if STAGE != "resnet50v2":
    raise SystemExit(f"unknown stage {STAGE}: use resnet50v2")
torch.set_num_threads(THREADS)  # FIX 5

# ---- RECONSTRUCTION of the seed's screenshots (一 to 五) ------------------------------------------
# import matplotlib.pyplot as plt   # FIX 1
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
data_dir = os.path.join(DATA_ROOT, "birds4")  # FIX 2
train_transforms = transforms.Compose([
    transforms.Resize([224, 224]),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])
dataset = datasets.ImageFolder(data_dir, transform=train_transforms)
train_size = int(0.8 * len(dataset))
test_size = len(dataset) - train_size
train_dataset, val_dataset = torch.utils.data.random_split(dataset, [train_size, test_size])
batch_size = 16
train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
val_loader = DataLoader(val_dataset, batch_size=batch_size, shuffle=False)
model = ResNet50V2(classes=1000)  # FIX 3: no pretrained weights loaded
model.predictions = nn.Linear(model.predictions.in_features, len(dataset.classes))
model = model.to(device)
optimizer = optim.Adam(model.parameters(), lr=1e-4)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.5)
criterion = nn.CrossEntropyLoss()


# ---- the seed (七): its training function --------------------------------------------------------
def train_epoch(model, device, train_loader, optimizer, criterion, clock):
    model.train()
    running_loss = 0.0
    running_corrects = 0
    total = 0

    for batch_idx, (inputs, labels) in enumerate(harness.capped(train_loader, clock)):  # FIX 4
        try:
            inputs, labels = inputs.to(device), labels.to(device)

            optimizer.zero_grad()

            outputs = model(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()

            _, preds = torch.max(outputs, 1)
            running_loss += loss.item() * inputs.size(0)
            running_corrects += torch.sum(preds == labels.data)
            total += labels.size(0)

            if batch_idx % 10 == 0:
                print(f'Batch: {batch_idx}/{len(train_loader)}, Loss: {loss.item():.4f}')
            clock.after_batch(loss.item())  # FIX 4

            # 清理GPU内存
            del inputs, labels, outputs, loss
            if torch.cuda.is_available():
                torch.cuda.empty_cache()

        except Exception as e:
            print(f"训练批次 {batch_idx} 出现错误: {e}")
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
            # FIX 4: the seed continues past a failed batch; a benchmark must not time a
            # batch that did not run, so the error ends the run.
            raise

    epoch_loss = running_loss / total if total > 0 else float('inf')
    epoch_acc = running_corrects.double() / total if total > 0 else 0

    return epoch_loss, epoch_acc


def main():
    # 八、开始训练: one epoch's training phase (FIX 4)
    print("\n开始训练...")
    current_lr = optimizer.param_groups[0]['lr']  # noqa: F841
    clock = harness.BatchClock(WARMUP, BATCHES)
    train_epoch(model, device, train_loader, optimizer, criterion, clock)
    harness.report(clock, batch_size, model)


if __name__ == "__main__":
    main()
