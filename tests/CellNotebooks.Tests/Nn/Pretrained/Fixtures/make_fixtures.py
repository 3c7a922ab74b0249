"""Writes the PyTorch fixtures of PyTorchWeightsTests with real PyTorch (Debian python3-torch 1.13).

Run once from this folder: /usr/bin/python3 make_fixtures.py. Each .pth is what the upstream code saves, at a tiny
width so the files stay small; expected.json holds the features PyTorch computes for a fixed input
x[i] = sin(0.37 * i) (flat index i, float32), so the C# test builds the same input without storing it.
torchvision is not installed here: the modules below reproduce torchvision.models.resnet and DINO's
vision_transformer.py with their module names (and so their state-dict keys) and their forward maths.
"""
import argparse
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv3x3(i, o, s=1):
    return nn.Conv2d(i, o, 3, s, 1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1, self.bn1 = conv3x3(inplanes, planes, stride), nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2, self.bn2 = conv3x3(planes, planes), nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(inplanes, planes, 1, bias=False), nn.BatchNorm2d(planes)
        self.conv2, self.bn2 = conv3x3(planes, planes, stride), nn.BatchNorm2d(planes)
        self.conv3, self.bn3 = nn.Conv2d(planes, planes * 4, 1, bias=False), nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


class ResNet(nn.Module):
    """torchvision.models.resnet.ResNet with a width argument (torchvision: 64)."""

    def __init__(self, block, layers, width, num_classes=10):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(block, width, layers[0])
        self.layer2 = self._make_layer(block, 2 * width, layers[1], 2)
        self.layer3 = self._make_layer(block, 4 * width, layers[2], 2)
        self.layer4 = self._make_layer(block, 8 * width, layers[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8 * width * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def features(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(self.avgpool(x), 1)


class ResNetSimCLR(nn.Module):
    """Upstream src/models/resnet_simclr.py (sthalles/SimCLR as SamriddhiJain used it)."""

    def __init__(self, resnet, out_dim):
        super().__init__()
        num_ftrs = resnet.fc.in_features
        self.features = nn.Sequential(*list(resnet.children())[:-1])
        self.l1 = nn.Linear(num_ftrs, num_ftrs)
        self.l2 = nn.Linear(num_ftrs, out_dim)

    def forward(self, x):
        h = self.features(x).squeeze()
        return h, self.l2(F.relu(self.l1(h)))


class PatchEmbed(nn.Module):
    def __init__(self, patch, in_chans, dim):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, patch, patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv, self.proj = nn.Linear(dim, dim * 3, bias=True), nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(B, N, C))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1, self.attn = nn.LayerNorm(dim, eps=1e-6), Attention(dim, heads)
        self.norm2, self.mlp = nn.LayerNorm(dim, eps=1e-6), Mlp(dim, 4 * dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """DINO's vision_transformer.VisionTransformer (no drop path in eval), forward = CLS after the final norm."""

    def __init__(self, img_size, patch, in_chans, dim, depth, heads):
        super().__init__()
        self.patch_embed = PatchEmbed(patch, in_chans, dim)
        n = (img_size // patch) ** 2
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1) + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)[:, 0]


class DINOHead(nn.Module):
    def __init__(self, dim, out_dim):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(dim, 16), nn.GELU(), nn.Linear(16, 8))
        self.last_layer = nn.utils.weight_norm(nn.Linear(8, out_dim, bias=False))


class MultiCropWrapper(nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone, self.head = backbone, head


def randomise_batchnorm(model):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
            m.num_batches_tracked.fill_(7)


def sine_input(*shape):
    n = math.prod(shape)
    return torch.sin(0.37 * torch.arange(n, dtype=torch.float64)).float().reshape(*shape)


def values(t):
    return [float(v) for v in t.detach().reshape(-1)]


def main():
    torch.manual_seed(38)
    expected = {}
    with torch.no_grad():
        for name, block, layers, width in [("torchvision_resnet18_w1", BasicBlock, [2, 2, 2, 2], 1),
                                           ("torchvision_resnet50_w1", Bottleneck, [3, 4, 6, 3], 1)]:
            net = ResNet(block, layers, width).eval()
            randomise_batchnorm(net)
            x = sine_input(2, 3, 32, 32)
            torch.save(net.state_dict(), f"{name}.pth")
            expected[name] = {"input": [2, 3, 32, 32], "features": values(net.features(x))}

        resnet = ResNet(BasicBlock, [2, 2, 2, 2], 1).eval()
        randomise_batchnorm(resnet)
        simclr = ResNetSimCLR(resnet, 16).eval()
        x = sine_input(2, 3, 32, 32)
        h, z = simclr(x)
        torch.save(simclr.state_dict(), "simclr_resnet18_w1.pth")
        expected["simclr_resnet18_w1"] = {"input": [2, 3, 32, 32], "features": values(h), "projection": values(z)}

        # DINO's checkpoint: student under DistributedDataParallel ("module." prefix), teacher plain, plus
        # optimizer state, epoch, args (an argparse.Namespace) and the loss's centre, as train_dino.py saves it.
        def dino():
            return MultiCropWrapper(VisionTransformer(16, 8, 3, 8, 2, 2), DINOHead(8, 12)).eval()
        student, teacher = dino(), dino()
        student_sd = {"module." + k: v for k, v in student.state_dict().items()}
        optimizer = torch.optim.AdamW(student.parameters())
        checkpoint = {"student": student_sd, "teacher": teacher.state_dict(), "optimizer": optimizer.state_dict(),
                      "epoch": 3, "args": argparse.Namespace(arch="vit_tiny", patch_size=8),
                      "dino_loss": {"center": torch.zeros(1, 12)}}
        torch.save(checkpoint, "dino_vit_tiny_p8.pth")
        x = sine_input(2, 3, 16, 16)
        expected["dino_vit_tiny_p8"] = {"input": [2, 3, 16, 16], "features": values(teacher.backbone(x)),
                                        "student_features": values(student.backbone(x))}
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
