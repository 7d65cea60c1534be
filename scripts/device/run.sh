#!/usr/bin/env bash
# Runs on the lent GPU machine: unpack Node, Dawn and the bundled engine, then the WebGPU check.
set -u
cd "$(dirname "$0")"
mkdir -p /tmp/p /tmp/vk
xz -dc node.xz > /tmp/node && chmod +x /tmp/node
tar xJf payload.tar.xz -C /tmp/p
for f in *.deb; do dpkg -x "$f" /; done; ldconfig
ldconfig -p | grep -E "libvulkan|libGLX_nvidia|libGLdispatch" | head -5
for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$f" ] && export VK_DRIVER_FILES="$f" VK_ICD_FILENAMES="$f" && break
done
echo "ICD: ${VK_DRIVER_FILES:-none found}"
nvidia-smi -L
/tmp/node --version
cd /tmp/p && timeout "${1:-420}" /tmp/node gpu-bench.mjs . "${2:-simclr}" 2>&1
