"""Seed 003 (ResNet50 on CIFAR-10, cosine learning rate, momentum SGD) for `./course bench lessons`:
one stage, a fixed number of batches, one JSON line on stdout.

Usage: python seed003_resnet50_cifar10.py STAGE DATA_ROOT WARMUP BATCHES THREADS
  STAGE: resnet50-scratch

THIS IS THE COURSE'S TRANSLATION, NOT THE SEED'S OWN CODE. The seed is a MindSpore write-up whose
text keeps no code; it follows MindSpore's ResNet50 tutorial (application/cv/resnet50), whose code
lesson 06 reads. That code is translated below to PyTorch line by line, keeping its structure and
names (create_dataset_cifar10, ResidualBlockBase, ResidualBlock, make_layer, ResNet, _resnet,
resnet50, forward_fn, train_step, train), so that a PyTorch user's run of the seed can be timed
against the kit's. Translation choices (MindSpore -> PyTorch), none of which changes the work a
batch does:
  T1  ds.Cifar10Dataset reads the binary batches (cifar-10-batches-bin/*.bin) with shuffling and
      num_parallel_workers=4: a Dataset over the same .bin records and a DataLoader with
      shuffle=True and num_workers=4. MindSpore's batch() keeps the last partial batch, as
      drop_last=False does.
  T2  vision.RandomCrop((32, 32), (4, 4, 4, 4)), RandomHorizontalFlip(prob=0.5), Resize(32),
      Rescale(1/255) + Normalize + HWC2CHW: transforms.RandomCrop(32, padding=4),
      RandomHorizontalFlip(0.5), Resize(32), ToTensor() (rescales and transposes), Normalize.
      TypeCast(int32) of the label: int64, which CrossEntropyLoss needs.
  T3  nn.Conv2d (MindSpore: pad_mode='same', has_bias=False): nn.Conv2d with padding
      kernel_size // 2 and bias=False. 'same' pads stride-2 layers one pixel more on the right and
      bottom than on the left and top; the output shapes, parameters and arithmetic are the same.
      MaxPool2d(3, 2, pad_mode='same') likewise becomes MaxPool2d(3, 2, padding=1).
  T4  weight_init=Normal(0, 0.02) for convolutions and gamma_init=Normal(1, 0.02) for the
      shortcut's batch norm: nn.init.normal_ with the same mean and standard deviation.
      nn.BatchNorm2d(momentum=0.9 in MindSpore's convention) is PyTorch's momentum=0.1.
  T5  nn.AvgPool2d() (kernel 1, stride 1) + Flatten: the same nn.AvgPool2d(1, 1) + nn.Flatten();
      on 32x32 inputs layer4 leaves 1x1, so this is global average pooling.
  T6  nn.cosine_decay_lr(min_lr, max_lr, total_step, step_per_epoch, decay_epoch) gives one rate
      per step, constant within an epoch: the same list, set on the optimizer before each step.
      nn.Momentum(momentum=0.9): optim.SGD(momentum=0.9) (v = 0.9 v + g; p -= lr v, no decay).
      SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean'): nn.CrossEntropyLoss().
  T7  ms.value_and_grad + opt(grads) in train_step: zero_grad, forward, backward, step; the loss
      is returned detached (MindSpore's is a plain tensor; keeping PyTorch's graph in the losses
      list would hold every batch's activations).
Fixes to run it here, each marked "FIX n" where it is made:
  FIX 1  matplotlib and the plotting of images and predictions are left out.
  FIX 2  data_dir becomes the generated twin's cifar-10-batches-bin folder.
  FIX 3  pretrained=False: no network here; the weights' values do not change the time a batch
         takes (the tutorial's resnet50(pretrained=True) then replaces fc by a 10-class one, as
         below).
  FIX 4  one stage per process, a fixed number of batches: train() runs unchanged over the
         loader's first WARMUP + BATCHES batches (harness.capped); evaluation, the best-checkpoint
         saving and the other epochs are not run.
  FIX 5  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
The loader's four worker processes' CPU seconds over the timed batches are added to cpuSeconds
(loader_workers.WorkerClock); their memory is not in this process's peak and is printed to stderr.
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

import harness
import loader_workers

STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(THREADS)  # FIX 5
if STAGE != 'resnet50-scratch':
    raise SystemExit(f"unknown stage {STAGE}: use resnet50-scratch")


class Cifar10Dataset(Dataset):
    """T1: ds.Cifar10Dataset(dataset_dir, usage): the binary batches' records, HWC uint8 images."""

    RECORD = 1 + 3 * 32 * 32

    def __init__(self, dataset_dir, usage, transform, target_transform):
        names = [f"data_batch_{i}.bin" for i in range(1, 6)] if usage == "train" else ["test_batch.bin"]
        records = np.concatenate([np.fromfile(os.path.join(dataset_dir, n), dtype=np.uint8)
                                  .reshape(-1, self.RECORD) for n in names])
        self.labels = records[:, 0].astype(np.int64)
        self.images = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return (self.transform(Image.fromarray(self.images[index])),
                self.target_transform(self.labels[index]))


# ---- the tutorial, translated -----------------------------------------------------------------
data_dir = os.path.join(DATA_ROOT, "cifar-10-batches-bin")  # 数据集根目录 (FIX 2)
batch_size = 256  # 批量大小
image_size = 32  # 训练图像空间大小
workers = 4  # 并行线程个数
num_classes = 10  # 分类数量


def create_dataset_cifar10(dataset_dir, usage, resize, batch_size, workers):
    trans = []
    if usage == "train":
        trans += [
            transforms.RandomCrop(32, padding=4),  # vision.RandomCrop((32, 32), (4, 4, 4, 4))
            transforms.RandomHorizontalFlip(p=0.5)
        ]
    trans += [
        transforms.Resize(resize),
        transforms.ToTensor(),  # Rescale(1.0 / 255.0, 0.0) + HWC2CHW
        transforms.Normalize([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]),
    ]
    target_trans = int  # transforms.TypeCast(mstype.int32); int64 for CrossEntropyLoss (T2)
    data_set = Cifar10Dataset(dataset_dir, usage, transforms.Compose(trans), target_trans)
    # 批量操作 (T1: shuffle=True, num_parallel_workers=workers, batch keeps the remainder)
    return DataLoader(data_set, batch_size=batch_size, shuffle=True, num_workers=workers,
                      drop_last=False)


# 获取处理后的训练与测试数据集
dataset_train = create_dataset_cifar10(dataset_dir=data_dir, usage="train", resize=image_size,
                                       batch_size=batch_size, workers=workers)
step_size_train = len(dataset_train)
dataset_val = create_dataset_cifar10(dataset_dir=data_dir, usage="test", resize=image_size,
                                     batch_size=batch_size, workers=workers)
step_size_val = len(dataset_val)


# 初始化卷积层与BatchNorm的参数 (T4)
def weight_init(conv):
    nn.init.normal_(conv.weight, mean=0, std=0.02)
    return conv


def gamma_init(norm):
    nn.init.normal_(norm.weight, mean=1, std=0.02)
    return norm


def conv2d(in_channel, out_channel, kernel_size, stride=1):
    """MindSpore's nn.Conv2d(..., weight_init=weight_init): pad_mode='same', no bias (T3)."""
    return weight_init(nn.Conv2d(in_channel, out_channel, kernel_size, stride=stride,
                                 padding=kernel_size // 2, bias=False))


class ResidualBlockBase(nn.Module):
    expansion: int = 1  # 最后一个卷积核数量与第一个卷积核数量相等

    def __init__(self, in_channel, out_channel, stride=1, norm=None, down_sample=None):
        super(ResidualBlockBase, self).__init__()
        if not norm:
            self.norm = nn.BatchNorm2d(out_channel)
        else:
            self.norm = norm
        self.conv1 = conv2d(in_channel, out_channel, kernel_size=3, stride=stride)
        self.conv2 = conv2d(in_channel, out_channel, kernel_size=3)
        self.relu = nn.ReLU()
        self.down_sample = down_sample

    def forward(self, x):  # construct
        identity = x  # shortcuts分支
        out = self.conv1(x)  # 主分支第一层:3*3卷积层
        out = self.norm(out)
        out = self.relu(out)
        out = self.conv2(out)  # 主分支第二层:3*3卷积层
        out = self.norm(out)
        if self.down_sample is not None:
            identity = self.down_sample(x)
        out += identity  # 输出为主分支与shortcuts之和
        out = self.relu(out)
        return out


class ResidualBlock(nn.Module):
    expansion = 4  # 最后一个卷积核的数量是第一个卷积核数量的4倍

    def __init__(self, in_channel, out_channel, stride=1, down_sample=None):
        super(ResidualBlock, self).__init__()
        self.conv1 = conv2d(in_channel, out_channel, kernel_size=1)
        self.norm1 = nn.BatchNorm2d(out_channel)
        self.conv2 = conv2d(out_channel, out_channel, kernel_size=3, stride=stride)
        self.norm2 = nn.BatchNorm2d(out_channel)
        self.conv3 = conv2d(out_channel, out_channel * self.expansion, kernel_size=1)
        self.norm3 = nn.BatchNorm2d(out_channel * self.expansion)
        self.relu = nn.ReLU()
        self.down_sample = down_sample

    def forward(self, x):  # construct
        identity = x  # shortscuts分支
        out = self.conv1(x)  # 主分支第一层:1*1卷积层
        out = self.norm1(out)
        out = self.relu(out)
        out = self.conv2(out)  # 主分支第二层:3*3卷积层
        out = self.norm2(out)
        out = self.relu(out)
        out = self.conv3(out)  # 主分支第三层:1*1卷积层
        out = self.norm3(out)
        if self.down_sample is not None:
            identity = self.down_sample(x)
        out += identity  # 输出为主分支与shortcuts之和
        out = self.relu(out)
        return out


def make_layer(last_out_channel, block, channel, block_nums, stride=1):
    down_sample = None  # shortcuts分支
    if stride != 1 or last_out_channel != channel * block.expansion:
        down_sample = nn.Sequential(
            conv2d(last_out_channel, channel * block.expansion, kernel_size=1, stride=stride),
            gamma_init(nn.BatchNorm2d(channel * block.expansion))
        )
    layers = []
    layers.append(block(last_out_channel, channel, stride=stride, down_sample=down_sample))
    in_channel = channel * block.expansion
    # 堆叠残差网络
    for _ in range(1, block_nums):
        layers.append(block(in_channel, channel))
    return nn.Sequential(*layers)


class ResNet(nn.Module):
    def __init__(self, block, layer_nums, num_classes, input_channel):
        super(ResNet, self).__init__()
        self.relu = nn.ReLU()
        # 第一个卷积层,输入channel为3(彩色图像),输出channel为64
        self.conv1 = conv2d(3, 64, kernel_size=7, stride=2)
        self.norm = nn.BatchNorm2d(64)
        # 最大池化层,缩小图片的尺寸 (T3)
        self.max_pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        # 各个残差网络结构块定义
        self.layer1 = make_layer(64, block, 64, layer_nums[0])
        self.layer2 = make_layer(64 * block.expansion, block, 128, layer_nums[1], stride=2)
        self.layer3 = make_layer(128 * block.expansion, block, 256, layer_nums[2], stride=2)
        self.layer4 = make_layer(256 * block.expansion, block, 512, layer_nums[3], stride=2)
        # 平均池化层 (T5)
        self.avg_pool = nn.AvgPool2d(kernel_size=1, stride=1)
        # flattern层
        self.flatten = nn.Flatten()
        # 全连接层
        self.fc = nn.Linear(in_features=input_channel, out_features=num_classes)

    def forward(self, x):  # construct
        x = self.conv1(x)
        x = self.norm(x)
        x = self.relu(x)
        x = self.max_pool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avg_pool(x)
        x = self.flatten(x)
        x = self.fc(x)
        return x


def _resnet(model_url, block, layers, num_classes, pretrained, pretrained_ckpt, input_channel):
    model = ResNet(block, layers, num_classes, input_channel)
    if pretrained:  # FIX 3: never taken here
        raise SystemExit("no network here: the benchmark runs resnet50(pretrained=False)")
    return model


def resnet50(num_classes=1000, pretrained=False):
    """ResNet50模型"""
    resnet50_url = "https://obs.dualstack.cn-north-4.myhuaweicloud.com/mindspore-website/notebook/models/application/resnet50_224_new.ckpt"
    resnet50_ckpt = "./LoadPretrainedModel/resnet50_224_new.ckpt"
    return _resnet(resnet50_url, ResidualBlock, [3, 4, 6, 3], num_classes,
                   pretrained, resnet50_ckpt, 2048)


# 定义ResNet50网络
network = resnet50(pretrained=False)  # FIX 3
# 全连接层输入层的大小
in_channel = network.fc.in_features
fc = nn.Linear(in_features=in_channel, out_features=10)
# 重置全连接层
network.fc = fc

# 设置学习率 (T6: nn.cosine_decay_lr's list, one rate per step)
num_epochs = 5


def cosine_decay_lr(min_lr, max_lr, total_step, step_per_epoch, decay_epoch):
    return [min_lr + 0.5 * (max_lr - min_lr)
            * (1 + math.cos(math.pi * (i // step_per_epoch) / decay_epoch))
            for i in range(total_step)]


lr = cosine_decay_lr(min_lr=0.00001, max_lr=0.001, total_step=step_size_train * num_epochs,
                     step_per_epoch=step_size_train, decay_epoch=num_epochs)
# 定义优化器和损失函数
opt = optim.SGD(network.parameters(), lr=lr[0], momentum=0.9)  # nn.Momentum
loss_fn = nn.CrossEntropyLoss()  # SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean')
global_step = 0


def forward_fn(inputs, targets):
    logits = network(inputs)
    loss = loss_fn(logits, targets)
    return loss


def train_step(inputs, targets):  # T7
    global global_step
    opt.param_groups[0]['lr'] = lr[global_step]  # the dynamic learning rate
    opt.zero_grad()
    loss = forward_fn(inputs, targets)
    loss.backward()
    opt.step()
    global_step += 1
    return loss.detach()


def train(data_loader, epoch, clock):
    """模型训练"""
    losses = []
    network.train()  # network.set_train(True)
    for i, (images, labels) in enumerate(harness.capped(data_loader, clock)):  # FIX 4
        loss = train_step(images, labels)
        if i % 100 == 0 or i == step_size_train - 1:
            print('Epoch: [%3d/%3d], Steps: [%3d/%3d], Train Loss: [%5.3f]' %
                  (epoch + 1, num_epochs, i + 1, step_size_train, loss))
        losses.append(loss)
        clock.after_batch(loss.item())  # FIX 4
    return sum(losses) / len(losses)


def main():
    clock = loader_workers.WorkerClock(WARMUP, BATCHES)  # FIX 4
    train(dataset_train, 0, clock)
    loader_workers.workers_memory()
    harness.report(clock, batch_size, network)


if __name__ == "__main__":
    main()
