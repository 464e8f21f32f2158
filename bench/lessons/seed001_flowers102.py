"""Seed 001 (ResNet152 on Flowers-102, frozen then unfrozen) as the seed wrote it, for
`./course bench lessons`: one stage, a fixed number of batches, one JSON line on stdout.

Usage: python seed001_flowers102.py STAGE DATA_ROOT WARMUP BATCHES THREADS [BATCH_SIZE]
  STAGE: resnet152-frozen or resnet152-unfrozen; BATCH_SIZE defaults to 32

Every change to the seed's code is marked "FIX n" where it is made:
  FIX 1  matplotlib, im_convert and the result grid are left out: nothing is plotted.
  FIX 2  data_dir './flower_data/' becomes the generated twin's flower_data folder.
  FIX 3  batch_size 512 becomes 32 (the notebook's size; 512 at 224 px needs far more memory
         than a 24 GiB machine has).
  FIX 4  use_pretrained=False: no network here; the weights' values do not change the time.
  FIX 5  one stage per process, a fixed number of batches: train_model's 'train' phase runs
         unchanged over the loader's first WARMUP + BATCHES batches (harness.capped); the
         'valid' phase, the checkpoint and the other epochs are not run.
  FIX 6  stage 2 really unfreezes: the seed calls set_parameter_requires_grad(model_ft, False),
         which changes nothing (the function only ever freezes), so its "second training" trains
         the head alone while its text says every layer trains. Here requires_grad is set back to
         True, which is what lesson 03 (and the seed's text) does.
  FIX 7  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
"""
import os
import sys

import torch
from torch import nn
from torch import optim
from torchvision import transforms, models, datasets

import harness

STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
BATCH = int(sys.argv[6]) if len(sys.argv) > 6 else 32
torch.set_num_threads(THREADS)  # FIX 7


# ---- the seed ---------------------------------------------------------------------------------
# 设置需要训练的网络
def set_parameter_requires_grad(model, feature_extracting):
    if feature_extracting:
        for param in model.parameters():
            param.requires_grad = False


# 初始化resnet模型 冻结卷积层 构建全连接层
def initialize_resnet_model(feature_extract, use_pretrained=True):
    model = models.resnet152(pretrained=use_pretrained)  # 是否要下载预训练模型
    set_parameter_requires_grad(model, feature_extract)  # 冻结层不进行梯度更新
    num_ftrs = model.fc.in_features  # 模型全连接层的输入特征个数 2048
    model.fc = nn.Sequential(nn.Linear(num_ftrs, 102), nn.LogSoftmax(dim=1))  # 构建模型全连接层
    return model


# 训练模块: the 'train' phase of one epoch of train_model (FIX 5)
def train_model(model, dataloaders, criterion, optimizer, clock):
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    model = model.to(device)  # 模型传入GPU
    for phase in ['train']:  # FIX 5: not 'valid'
        model.train()  # 训练
        running_loss = 0.0
        running_corrects = 0
        # 把数据都取个遍
        for inputs, labels in harness.capped(dataloaders[phase], clock):  # FIX 5
            # 数据传入GPU
            inputs = inputs.to(device)
            labels = labels.to(device)
            optimizer.zero_grad()  # 梯度清零
            with torch.set_grad_enabled(phase == 'train'):  # 只有训练的时候计算和更新梯度
                # 预测三大件 计算结果 计算损失 梯度下降更新权重
                outputs = model(inputs)  # 计算预测结果
                loss = criterion(outputs, labels)  # 计算损失
                if phase == 'train':  # 训练阶段更新权重
                    loss.backward()
                    optimizer.step()
            _, preds = torch.max(outputs, 1)  # 返回模型计算概率最大的值及其索引 计算精度使用
            # 计算损失
            running_loss += loss.item() * inputs.size(0)
            running_corrects += torch.sum(preds == labels.data)
            clock.after_batch(loss.item())  # FIX 5
    return model


# 数据读取与预处理
data_dir = os.path.join(DATA_ROOT, 'flower_data')  # FIX 2
train_dir = data_dir + '/train'  # 训练集
valid_dir = data_dir + '/valid'  # 验证集
data_transforms = {
    'train': transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.RandomRotation(45),
        transforms.RandomHorizontalFlip(p=0.5),
        transforms.RandomVerticalFlip(p=0.5),
        transforms.ColorJitter(brightness=0.2, contrast=0.1, saturation=0.1, hue=0.1),
        transforms.RandomGrayscale(p=0.025),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    ]),
    'valid': transforms.Compose([
        transforms.Resize(256),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    ]),
}
batch_size = BATCH  # FIX 3: the seed's 512
image_datasets = {x: datasets.ImageFolder(os.path.join(data_dir, x), data_transforms[x]) for x in ['train', 'valid']}
data_loaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=batch_size, shuffle=True) for x in ['train', 'valid']}


def main():
    # 训练三大件 初始化模型 初始化损失函数 初始化优化器
    model_resnet = initialize_resnet_model(feature_extract=True, use_pretrained=False)  # FIX 4
    # 优化器设置
    optimizer_ft = optim.Adam(model_resnet.parameters(), lr=1e-2)
    scheduler_ft = optim.lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)  # noqa: F841
    # 初始化损失函数
    criterion = nn.NLLLoss()
    model, optimizer = model_resnet, optimizer_ft
    if STAGE == 'resnet152-unfrozen':
        # 再次训练 (FIX 6: the seed's set_parameter_requires_grad(model_ft, False) is a no-op)
        for param in model.parameters():
            param.requires_grad = True
        optimizer = optim.Adam(model.parameters(), lr=1e-4)  # 再继续训练所有的参数 学习率调小一点
        scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)  # noqa: F841
    elif STAGE != 'resnet152-frozen':
        raise SystemExit(f"unknown stage {STAGE}: use resnet152-frozen or resnet152-unfrozen")
    clock = harness.BatchClock(WARMUP, BATCHES)
    model = train_model(model, data_loaders, criterion, optimizer, clock)
    harness.report(clock, batch_size, model)


if __name__ == "__main__":
    main()
