import type { ReactElement } from 'react';
import { METHODS } from '../../config/methods';
import { useLab } from '../../store/lab';
import { fmt } from '../format';
import { Readout } from './Readout';
import { useRun, useRunMethod } from './run';

/** The run's headline numbers. Which ones show is the lesson's choice. */
export function Readouts({ show }: { show?: string[] }) {
  // a compared run may be of another method than the page's (its loss is named after its own)
  const method = useRunMethod();
  const lossName = METHODS[method].loss?.name ?? 'loss';
  const list = show ?? METHODS[method].readouts ?? ['step', 'loss', 'stepsPerSec', 'knn'];
  const step = useLab((s) => s.step);
  const last = useRun((r) => r.history[r.history.length - 1]);
  const lastEval = useRun((r) => r.evals[r.evals.length - 1]);
  const knn0 = useRun((r) => r.knnRandomInit);
  // alignment and uniformity: the frequent geometry report when the page draws z, else the evaluation
  const geo = useRun((r) => r.geometry);
  const geoWhere = geo ? ` Two views of ${geo.labels.length} held-out images, step ${geo.step}.` : ` Two views of held-out images, at the last evaluation.`;
  const sps = useLab((s) => s.stepsPerSec);
  const att = useRun((r) => r.attention);
  const jaccard0 = useRun((r) => r.jaccardAtInit);
  const patches = useRun((r) => r.patches);
  const spread = useRun((r) => r.spread);
  const items: Record<string, ReactElement> = {
    step: <Readout key="step" metric="step" label="Step" value={fmt.int(step)} />,
    loss: <Readout key="loss" metric="loss" label={`Loss (${lossName})`} value={fmt.fixed(last?.loss, 4)} hint={METHODS[method].loss?.form} />,
    queueFill: <Readout key="qf" metric="queueFill" label="Queue filled" value={fmt.fixed(last?.queueFill, 3)} hint="Share of the queue holding real keys (it starts as random unit vectors)." />,
    targetTau: <Readout key="tt" metric="targetTau" label="Target τ" value={fmt.fixed(last?.targetTau, 5)} hint="The EMA rate the target moves by after this step: 1 − (1 − τ_base)(cos(πk/K) + 1)/2, from τ_base up to 1 at the last step." />,
    stepsPerSec: <Readout key="sps" metric="stepsPerSec" label="Steps / s" value={fmt.fixed(sps, 2)} />,
    knn: (
      <Readout key="knn" metric="knn" label="Held-out kNN" value={fmt.fixed(lastEval?.knn, 3)} hint="Weighted 20-NN on h, held-out images, fraction correct.">
        {knn0 !== undefined && lastEval && lastEval.step > 0 ? (
          <div className={lastEval.knn - knn0 >= 0 ? 'readout-sub' : 'readout-sub worse'}>
            {(lastEval.knn - knn0 >= 0 ? '+' : '') + ((lastEval.knn - knn0) * 100).toFixed(1)} pts vs untrained
          </div>
        ) : (
          // training starts before the untrained evaluation: the worker measures it in its idle time
          <div className="readout-sub">{lastEval?.step === 0 ? 'untrained encoder' : knn0 === undefined && step > 0 ? 'untrained: measuring…' : ''}</div>
        )}
      </Readout>
    ),
    contrastiveAcc: <Readout key="ca" metric="contrastiveAcc" label="Positive found" value={fmt.fixed(last?.contrastiveAcc, 3)} hint="How often a view's most similar other view is its positive." />,
    alignment: <Readout key="al" metric="alignment" label="Alignment" value={fmt.fixed(geo?.alignment ?? lastEval?.alignment, 3)} hint={`Mean squared distance between the two views' normalised z (lower: views agree).${geoWhere}`} />,
    uniformity: <Readout key="un" metric="uniformity" label="Uniformity" value={fmt.fixed(geo?.uniformity ?? lastEval?.uniformity, 3)} hint={`log mean exp(−2‖zᵢ−zⱼ‖²) (lower: spread more evenly over the sphere).${geoWhere}`} />,
    std: <Readout key="std" metric="std" label="Std of ẑ" value={fmt.fixed(geo?.std ?? lastEval?.std, 4)} hint={`Per-dimension std of normalised z; ≈1/√d when healthy, → 0 when collapsed.${geo ? ` First views of ${geo.labels.length} held-out images, step ${geo.step}.` : ' Held-out images, at the last evaluation.'}`} />,
    rankme: <Readout key="rk" metric="rankme" label="RankMe" value={fmt.fixed(geo?.rankme ?? lastEval?.rankme, 2)} hint="Effective rank of z (1 = every image maps to one direction)." />,
    meanCos: <Readout key="mc" metric="meanCos" label="Mean cosine" value={fmt.fixed(geo?.meanCos, 3)} hint="Mean cosine similarity between the outputs of different images: → 1 when all point the same way." />,
    teacherEntropy: <Readout key="te" metric="teacherEntropy" label="Teacher entropy" value={fmt.fixed(last?.teacherEntropy, 3)} hint="Mean entropy of the teacher's outputs, in nats: → 0 one prototype wins (no centering), → log K uniform (no sharpening)." />,
    kl: <Readout key="kl" metric="kl" label="KL(teacher‖student)" value={fmt.fixed(last?.kl, 3)} hint="What the student still has to learn from the teacher; → 0 when both are constant (collapse)." />,
    jaccard: (
      <Readout
        key="ja"
        metric="jaccard"
        label="Attention Jaccard"
        value={fmt.fixed(att?.jaccard ? Math.max(...att.jaccard) : undefined, 3)}
        hint={`Best head: mean Jaccard between the patches holding 60% of the CLS attention and the object's mask${att ? `, ${att.scored} held-out images, step ${att.step}` : ''}.`}
      >
        <div className="readout-sub">
          {att?.discPrior != null ? `untrained${jaccard0 ? ` ${Math.max(...jaccard0).toFixed(2)}` : ': measuring…'} · disc ${att.discPrior.toFixed(2)}` : att ? '' : 'ViT runs'}
        </div>
      </Readout>
    ),
    lossCls: <Readout key="lc" metric="lossCls" label="[CLS] loss" value={fmt.fixed(last?.lossCls ?? (last && method === 'dino' ? last.loss : undefined), 3)} hint="DINO's cross-view term on the [CLS] token: the student gives each crop the teacher's distribution for another crop." />,
    lossPatch: <Readout key="lp" metric="lossPatch" label="Patch loss" value={fmt.fixed(last?.lossPatch, 3)} hint="Cross-entropy at the masked patches: the student predicts the teacher's view of what it cannot see (0 when the patch loss is off)." />,
    patchJaccard: (
      <Readout key="pj" metric="patchJaccard" label="Patch-PCA Jaccard" value={fmt.fixed(patches?.jaccard ?? undefined, 3)} hint={`Mean Jaccard between the patches the first principal component of the patch features calls foreground and the object's mask${patches ? `, ${patches.scored} held-out images, step ${patches.step}` : ''}.`}>
        <div className="readout-sub">{patches?.jaccardAtInit != null ? `untrained ${patches.jaccardAtInit.toFixed(2)}` : patches?.jaccard != null ? 'untrained: measuring…' : patches ? '' : 'ViT runs'}</div>
      </Readout>
    ),
    meanNN: <Readout key="nn" metric="meanNN" label="Nearest neighbour" value={fmt.fixed(spread?.meanNN, 3)} hint={`Mean distance from each held-out image's normalised CLS feature h to its nearest neighbour (0–2; KoLeo pushes it up)${spread ? `, ${spread.n} images, step ${spread.step}` : ''}.`} />,
    uniformityH: <Readout key="uh" metric="uniformityH" label="Uniformity of h" value={fmt.fixed(spread?.uniformity, 3)} hint="log mean exp(−2‖hᵢ−hⱼ‖²) of the normalised CLS features: lower is more spread." />,
    koleo: <Readout key="ko" metric="koleo" label="KoLeo" value={fmt.fixed(last?.koleo, 3)} hint="−mean log distance to the nearest neighbour among the batch's CLS features (lower: more spread)." />,
    lr: <Readout key="lr" metric="lr" label="Learning rate" value={last ? fmt.sci(last.lr) : '—'} />,
  };
  return <div className="readouts">{list.map((k) => items[k])}</div>;
}
