"""Seed 002 (the training toolbox: a frozen ResNet18 with a custom MLP head at 224 px) as the seed
wrote it, for `./course bench lessons`: one stage, a fixed number of batches, one JSON line on stdout.

Usage: python seed002_toolbox.py STAGE DATA_ROOT WARMUP BATCHES THREADS
  STAGE: resnet18-mlp-frozen, or resnet18-mlp-cached-frozen (the seed has no feature cache: that
         stage runs the seed's same live frozen stage, against which the kit's cached one is set)

The post shows its code in pieces (transforms, model, loader, optimizer, train()); they are put
together below in the post's order. Every change is marked "FIX n" where it is made:
  FIX 1  tqdm is not part of Debian's torch: when it is missing, a stand-in with the calls the
         seed makes (iterate, set_postfix) writes the same progress line to stderr.
  FIX 2  the post never builds train_data: an ImageFolder of the generated Flowers-102 twin's
         flower_data/train (lesson 07 uses Flowers-102 in lesson 03's folder layout), with the
         post's data_transform['train'].
  FIX 3  pretrained=False: no network here; the weights' values do not change the time.
  FIX 4  the head's nn.Linear(256, 20) is for the post's 20 classes: Flowers-102 has 102
         (len(train_data.classes)), as in the notebook.
  FIX 5  device, params_to_update and loss_fn are used but never defined in the post: the CPU,
         the head's parameters (resnet_model.fc.parameters(): every other parameter is frozen) and
         nn.CrossEntropyLoss() (the loss the post's text names), as the notebook reads them.
  FIX 6  one stage per process, a fixed number of batches: train() runs unchanged over the
         loader's first WARMUP + BATCHES batches (harness.capped); test(), the scheduler step, the
         monitor and the other epochs are not run.
  FIX 7  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
Kept as the post wrote them: the head's final nn.Softmax (the bug lesson 07 explains; one softmax
over 64 x 102 numbers costs nothing measurable), and the loader's num_workers=4,
persistent_workers=True, pin_memory=True (a no-op without CUDA), drop_last=True. The four loader
processes' CPU seconds over the timed batches are added to cpuSeconds (loader_workers.WorkerClock);
their memory is not in this process's peak and is printed to stderr at the end.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

import harness
import loader_workers

try:
    from tqdm import tqdm
except ImportError:  # FIX 1
    class tqdm:  # noqa: N801  the stand-in keeps tqdm's name and the two calls the seed makes
        def __init__(self, iterable, desc=''):
            self.iterable, self.desc, self.n, self.postfix = iterable, desc, 0, ''

        def __iter__(self):
            for item in self.iterable:
                yield item
                self.n += 1
                sys.stderr.write(f"\r{self.desc}: {self.n}it, {self.postfix}")
            sys.stderr.write("\n")

        def set_postfix(self, values):
            self.postfix = ', '.join(f"{k}={v}" for k, v in values.items())

STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(THREADS)  # FIX 7
if STAGE not in ('resnet18-mlp-frozen', 'resnet18-mlp-cached-frozen'):
    raise SystemExit(f"unknown stage {STAGE}: use resnet18-mlp-frozen or resnet18-mlp-cached-frozen")
device = torch.device("cpu")  # FIX 5

# ---- the seed ---------------------------------------------------------------------------------
data_transform = {
    'train': transforms.Compose([
        transforms.Resize((300, 300)),  # 调整图像尺寸至300x300
        transforms.RandomRotation(45),  # 随机旋转增强,范围±45度
        transforms.CenterCrop(224),  # 中心裁剪至224x224
        transforms.RandomHorizontalFlip(p=0.5),  # 50%概率水平翻转
        transforms.RandomVerticalFlip(p=0.5),  # 50%概率垂直翻转
        transforms.ColorJitter(0.2, 0.1, 0.1, 0.1),  # 颜色抖动增强
        transforms.RandomGrayscale(p=0.1),  # 10%概率转换为灰度图
        transforms.ToTensor(),  # 转换为PyTorch张量
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])  # ImageNet标准化
    ]),
    'val': transforms.Compose([
        transforms.Resize((300, 300)),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    ])
}
train_data = datasets.ImageFolder(os.path.join(DATA_ROOT, 'flower_data', 'train'),  # FIX 2
                                  data_transform['train'])

# 加载预训练ResNet-18模型
resnet_model = models.resnet18(pretrained=False)  # FIX 3

# 冻结特征提取层参数
for param in resnet_model.parameters():
    param.requires_grad = False

# 自定义分类头
im_feature = resnet_model.fc.in_features
resnet_model.fc = nn.Sequential(
    nn.Linear(im_feature, 256),  # 中间层
    nn.ReLU(inplace=True),  # 激活函数
    nn.Dropout(p=0.5),  # 添加dropout防止过拟合
    nn.Linear(256, len(train_data.classes)),  # 输出层 (FIX 4: the post's 20 classes)
    nn.Softmax(dim=1)  # 多分类输出
)

training_dataloader = DataLoader(
    dataset=train_data,
    batch_size=64,  # 根据GPU内存调整
    shuffle=True,
    pin_memory=True,  # 加速GPU数据传输
    num_workers=4,  # 使用4个工作进程
    persistent_workers=True,  # 保持工作进程活跃
    drop_last=True  # 丢弃不完整的批次
)

params_to_update = resnet_model.fc.parameters()  # FIX 5
optimizer = optim.Adam(params_to_update, lr=0.001, weight_decay=1e-4)
scheduler = optim.lr_scheduler.ReduceLROnPlateau(
    optimizer,
    mode='max',  # 监控验证准确率
    factor=0.5,
    patience=3,  # 3个epoch无提升则降低学习率
    verbose=True
)
loss_fn = nn.CrossEntropyLoss()  # FIX 5


def train(train_dataloader, model, loss_fn, optimizer, epoch, clock):
    model.train()
    total_loss = 0
    correct = 0
    total = 0

    # 添加进度条
    pbar = tqdm(harness.capped(train_dataloader, clock), desc=f'Epoch {epoch}')  # FIX 6

    for batch, (X, y) in enumerate(pbar):
        X, y = X.to(device), y.to(device)

        # 前向传播
        pred = model(X)
        loss = loss_fn(pred, y)

        # 反向传播
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        # 统计信息
        total_loss += loss.item()
        _, predicted = pred.max(1)
        total += y.size(0)
        correct += predicted.eq(y).sum().item()

        # 更新进度条
        pbar.set_postfix({
            'loss': f'{loss.item():.4f}',
            'acc': f'{100.*correct/total:.2f}%'
        })
        clock.after_batch(loss.item())  # FIX 6

    return total_loss / len(train_dataloader), correct / total


def main():
    model = resnet_model.to(device)
    clock = loader_workers.WorkerClock(WARMUP, BATCHES)  # FIX 6
    train(training_dataloader, model, loss_fn, optimizer, 0, clock)
    loader_workers.workers_memory()
    harness.report(clock, 64, model)


if __name__ == "__main__":
    main()
