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
cd /tmp/p
if [ "${2:-simclr}" = dispatch ]; then
  # issue 19's check: the dispatch meter on the real GPU, then every method's step time on WebGPU and on wasm
  export LAB_MNIST_DIR=/tmp/p LAB_WASM_DIR=/tmp/p/
  B=$(( ${1:-480} / 3 ))
  echo "== npm run dispatch -- --dawn vulkan --json"; timeout "$B" /tmp/node dispatch.mjs --dawn vulkan --json 2>&1 | grep -E '^\{|error' 
  echo "== step times, WebGPU"; timeout "$B" /tmp/node gpu-bench.mjs . steps webgpu 2>&1 | grep -E '^(backend|method|RESULT)'
  echo "== step times, wasm"; timeout "$B" /tmp/node gpu-bench.mjs . steps wasm 2>&1 | grep -E '^(backend|method|RESULT)'
  exit 0
fi
timeout "${1:-420}" /tmp/node gpu-bench.mjs . "${2:-simclr}" 2>&1
