"""Seed 004 §5–6 (ResNet18 and AlexNet on CIFAR-10, frozen then unfrozen) as the seed wrote it,
for `./course bench lessons`: one stage, a fixed number of batches, one JSON line on stdout.

Usage: python seed004_cifar10.py STAGE DATA_ROOT WARMUP BATCHES THREADS
  STAGE: resnet18-frozen, resnet18-unfrozen, alexnet-frozen or alexnet-unfrozen

The seed's code below is its §6 listing (its create_model covers §5's ResNet18 too) with the
blog's lost line breaks restored. Every change is marked "FIX n" where it is made:
  FIX 1  matplotlib and the plotting functions are left out: nothing is plotted while timing.
  FIX 2  CIFAR10's md5 check accepts the generated twin's batches (they cannot match the real
         archive's checksums); download=True then finds the files present and downloads nothing.
  FIX 3  root='./data' becomes the generated data folder.
  FIX 4  pretrained=False: no network here; the weights' values do not change the time a batch
         takes. For AlexNet this takes the seed's own non-pretrained branch (same layers).
  FIX 5  one stage per process, a fixed number of batches: the training part of the seed's epoch
         loop runs unchanged over the loader's first WARMUP + BATCHES batches (harness.capped);
         the test pass, the scheduler step and the other epochs are not run. The unfrozen stage
         freezes and then unfreezes and lowers the learning rate as the seed does at epoch 5.
  FIX 6  torch.set_num_threads(THREADS): both sides run on the same intra-op threads.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.optim as optim
from torchvision import datasets, transforms, models
from torch.utils.data import DataLoader
# import matplotlib.pyplot as plt   # FIX 1

import harness

STAGE, DATA_ROOT = sys.argv[1], sys.argv[2]
WARMUP, BATCHES, THREADS = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(THREADS)  # FIX 6

import torchvision.datasets.cifar  # noqa: E402  FIX 2
torchvision.datasets.cifar.check_integrity = lambda fpath, md5=None: os.path.isfile(fpath)

# ---- the seed ---------------------------------------------------------------------------------
# plt.rcParams["font.family"] = ["SimHei"]        # FIX 1
# plt.rcParams['axes.unicode_minus'] = False      # FIX 1
# 檢查GPU是否可用
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"使用設備: {device}")
# 1. 數據預處理(訓練集增強,測試集標準化)
train_transform = transforms.Compose([
    transforms.RandomCrop(32, padding=4),
    transforms.RandomHorizontalFlip(),
    transforms.ColorJitter(brightness=0.2, contrast=0.2, saturation=0.2, hue=0.1),
    transforms.RandomRotation(15),
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010))
])
test_transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010))
])
# 2. 加載CIFAR-10數據集
train_dataset = datasets.CIFAR10(root=DATA_ROOT, train=True, download=True,  # FIX 3
                                 transform=train_transform)
test_dataset = datasets.CIFAR10(root=DATA_ROOT, train=False,  # FIX 3
                                transform=test_transform)
# 3. 創建數據加載器(可調整batch_size)
batch_size = 64
train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
test_loader = DataLoader(test_dataset, batch_size=batch_size, shuffle=False)


# 4. 定義模型創建函數(支持 ResNet18 / AlexNet)
def create_model(model_name, pretrained=True, num_classes=10):
    """創建模型并調整首層卷積核以適配32x32輸入"""
    if model_name == 'resnet18':
        model = models.resnet18(pretrained=pretrained)
        in_features = model.fc.in_features
        model.fc = nn.Linear(in_features, num_classes)
    elif model_name == 'alexnet':
        model = models.alexnet(pretrained=pretrained)
        # 修改首層卷積核參數,從11x11, stride=4 → 3x3, stride=1
        if pretrained:
            # 保留預訓練權重的前3個通道,其余隨機初始化
            new_conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1)
            new_conv1.weight.data[:, :3, :, :] = model.features[0].weight.data[:, :3, 1:4, 1:4]
            model.features[0] = new_conv1
        else:
            model.features[0] = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1)
        # 調整后續池化層參數
        model.features[2] = nn.MaxPool2d(kernel_size=2, stride=2)  # 原kernel_size=3, stride=2
        # 修改分類器
        model.classifier[6] = nn.Linear(model.classifier[6].in_features, num_classes)
    else:
        raise ValueError("支持的模型:'resnet18', 'alexnet'")
    return model.to(device)


# 5. 凍結/解凍模型層的函數(通用)
def freeze_model(model, freeze=True):
    """凍結或解凍模型的卷積層參數(排除最后一層分類器)"""
    # 自動識別分類器關鍵字(resnet: 'fc', alexnet: 'classifier')
    classifier_key = 'fc' if 'resnet' in type(model).__name__.lower() else 'classifier'
    for name, param in model.named_parameters():
        if classifier_key not in name:
            param.requires_grad = not freeze
    # 打印凍結狀態
    frozen_params = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    total_params = sum(p.numel() for p in model.parameters())
    if freeze:
        print(f"已凍結模型卷積層參數 ({frozen_params}/{total_params} 參數)")
    else:
        print(f"已解凍模型所有參數 ({total_params}/{total_params} 參數可訓練)")
    return model


# 6. 訓練函數: the training part of one epoch of train_with_freeze_schedule (FIX 5)
def train_one_stage(model, train_loader, criterion, optimizer, device, clock, epoch=0, epochs=1):
    all_iter_losses = []
    iter_indices = []
    model.train()  # 設置為訓練模式
    running_loss = 0.0
    correct_train = 0
    total_train = 0
    for batch_idx, (data, target) in enumerate(harness.capped(train_loader, clock)):  # FIX 5
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = criterion(output, target)
        loss.backward()
        optimizer.step()
        # 記錄Iteration損失
        iter_loss = loss.item()
        all_iter_losses.append(iter_loss)
        iter_indices.append(epoch * len(train_loader) + batch_idx + 1)
        # 統計訓練指標
        running_loss += iter_loss
        _, predicted = output.max(1)
        total_train += target.size(0)
        correct_train += predicted.eq(target).sum().item()
        # 每100批次打印進度
        if (batch_idx + 1) % 100 == 0:
            print(f"Epoch {epoch+1}/{epochs} | Batch {batch_idx+1}/{len(train_loader)} "
                  f"| 單Batch損失: {iter_loss:.4f}")
        clock.after_batch(iter_loss)  # FIX 5


# 主函數
def main():
    # 通用訓練參數
    freeze_epochs = 5  # 凍結卷積層的輪次
    learning_rate = 1e-3  # 初始學習率
    weight_decay = 1e-4  # 權重衰減
    model_name, stage = STAGE.split('-')
    model = create_model(model_name=model_name, pretrained=False, num_classes=10)  # FIX 4
    optimizer = optim.Adam(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    criterion = nn.CrossEntropyLoss()
    # 初始凍結卷積層
    if freeze_epochs > 0:
        model = freeze_model(model, freeze=True)
    if stage == 'unfrozen':  # FIX 5: what the seed does when epoch == freeze_epochs
        model = freeze_model(model, freeze=False)
        optimizer.param_groups[0]['lr'] = 1e-4  # 降低學習率防止過擬合
    clock = harness.BatchClock(WARMUP, BATCHES)
    train_one_stage(model, train_loader, criterion, optimizer, device, clock)
    harness.report(clock, batch_size, model)


if __name__ == "__main__":
    main()
