import * as tf from '@tensorflow/tfjs';
import { nodeBackend } from './node-env';
await nodeBackend('wasm');
const x = tf.randomNormal([4, 8, 8, 3]) as tf.Tensor4D; const w = tf.randomNormal([3, 3, 3, 5]) as tf.Tensor4D; const b = tf.randomNormal([5]);
const PAD: any = [[0, 0], [1, 1], [1, 1], [0, 0]];
const ref = tf.relu(tf.add(tf.conv2d(x, w, 2, PAD), b));
const f = tf.fused.conv2d({ x, filter: w, strides: 2, pad: PAD, bias: b, activation: 'relu' });
console.log('max diff', (await tf.abs(tf.sub(ref, f)).max().data())[0]);
