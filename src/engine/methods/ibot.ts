// iBOT (Zhou et al. 2022, arXiv 2111.07832): DINO's [CLS] self-distillation plus masked image
// modelling with an online tokenizer — the student predicts, at its masked patches, the teacher's
// distribution for the unmasked image. Reference code: bytedance/ibot@da316d8 main_ibot.py:478-572.
// The pure loss lives here; the trainable method comes with the iBOT lesson work.
import * as tf from '@tensorflow/tfjs';

export interface IbotLossOptions {
  teacherTemp: number;
  teacherPatchTemp: number;
  studentTemp: number;
  centerMomentum: number;
  centerMomentum2: number;
  lambda1: number;
  lambda2: number;
  nGlobal: number;
  nLocal: number;
}

/**
 * studentCls [(ng+nl)·N, K], studentPatch and teacherPatch [ng·N, P, K], teacherCls [ng·N, K],
 * masks [ng·N, P] (1 = masked for the student), center [1, K], center2 [1, 1, K].
 */
export function ibotLoss(
  studentCls: tf.Tensor2D,
  studentPatch: tf.Tensor3D,
  teacherCls: tf.Tensor2D,
  teacherPatch: tf.Tensor3D,
  masks: tf.Tensor2D,
  center: tf.Tensor2D,
  center2: tf.Tensor3D,
  o: IbotLossOptions,
): { loss: tf.Scalar; lossCls: tf.Scalar; lossPatch: tf.Scalar; center: tf.Tensor2D; center2: tf.Tensor3D } {
  return tf.tidy(() => {
    const ng = o.nGlobal;
    const s = tf.split(tf.logSoftmax(tf.div(studentCls, o.studentTemp)), ng + o.nLocal, 0);
    const sp = tf.split(tf.logSoftmax(tf.div(studentPatch, o.studentTemp)), ng, 0);
    const t = tf.split(tf.softmax(tf.div(tf.sub(teacherCls, center), o.teacherTemp)), ng, 0);
    const tp = tf.split(tf.softmax(tf.div(tf.sub(teacherPatch, center2), o.teacherPatchTemp)), ng, 0);
    const m = tf.split(masks, ng, 0);
    let l1: tf.Tensor = tf.scalar(0);
    let l2: tf.Tensor = tf.scalar(0);
    let n1 = 0;
    let n2 = 0;
    for (let q = 0; q < ng; q++) {
      for (let v = 0; v < ng + o.nLocal; v++) {
        if (v === q) {
          // patch term, same view only: per image the mean over its masked patches (0 if none)
          const perPatch = tf.neg(tf.sum(tf.mul(tp[q], sp[v]), -1)); // [N, P]
          const perImage = tf.div(tf.sum(tf.mul(perPatch, m[v]), -1), tf.maximum(tf.sum(m[v], -1), 1));
          l2 = tf.add(l2, tf.mean(perImage));
          n2++;
        } else {
          l1 = tf.add(l1, tf.mean(tf.neg(tf.sum(tf.mul(t[q], s[v]), -1))));
          n1++;
        }
      }
    }
    const lossCls = tf.mul(tf.div(l1, n1), o.lambda1) as tf.Scalar;
    const lossPatch = tf.mul(tf.div(l2, n2), o.lambda2) as tf.Scalar;
    const newCenter = tf.add(tf.mul(center, o.centerMomentum), tf.mul(tf.mean(teacherCls, 0, true), 1 - o.centerMomentum)) as tf.Tensor2D;
    const patchMean = tf.mean(teacherPatch, [0, 1]).reshape([1, 1, -1]);
    const newCenter2 = tf.add(tf.mul(center2, o.centerMomentum2), tf.mul(patchMean, 1 - o.centerMomentum2)) as tf.Tensor3D;
    return { loss: tf.add(lossCls, lossPatch) as tf.Scalar, lossCls, lossPatch, center: newCenter, center2: newCenter2 };
  });
}
