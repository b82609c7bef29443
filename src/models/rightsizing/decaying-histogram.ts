/**
 * VPA's decaying histogram: exponential buckets (each 5 % wider than the last) holding weights
 * that double every half-life towards the reference time, so recent usage counts more. Weights
 * are relative to the reference time (≤ 1 for the past), which keeps them finite for any history.
 */
export interface DecayingHistogramOptions {
  /** Upper bound of the first bucket (VPA: 0.01 cores, 10 MB). */
  firstBucketSize: number;
  /** Largest value tracked; bigger samples go to the last bucket. */
  maxValue: number;
  /** Each bucket is this ratio wider than the previous one (VPA: 0.05). */
  growthRatio: number;
  halfLifeMs: number;
  referenceMs: number;
}

export class DecayingHistogram {
  private readonly weights: Float64Array;
  private totalWeight = 0;

  constructor(private readonly options: DecayingHistogramOptions) {
    const { firstBucketSize, maxValue, growthRatio } = options;
    const buckets = Math.ceil(Math.log(1 + (maxValue * growthRatio) / firstBucketSize) / Math.log(1 + growthRatio)) + 1;
    this.weights = new Float64Array(buckets);
  }

  /** Start of bucket i: firstBucketSize × ((1+r)^i − 1) / r. */
  bucketStart(i: number): number {
    const { firstBucketSize, growthRatio } = this.options;
    return (firstBucketSize * (Math.pow(1 + growthRatio, i) - 1)) / growthRatio;
  }

  findBucket(value: number): number {
    const { firstBucketSize, growthRatio } = this.options;
    if (value < firstBucketSize) return 0;
    const i = Math.floor(Math.log(1 + (value * growthRatio) / firstBucketSize) / Math.log(1 + growthRatio));
    return Math.min(i, this.weights.length - 1);
  }

  addSample(value: number, weight: number, timestampMs: number): void {
    if (!(weight > 0) || !Number.isFinite(value) || value < 0) return;
    const decayed = weight * Math.pow(2, (timestampMs - this.options.referenceMs) / this.options.halfLifeMs);
    this.weights[this.findBucket(value)] += decayed;
    this.totalWeight += decayed;
  }

  isEmpty(): boolean {
    return this.totalWeight <= 0;
  }

  /** The end of the bucket where the cumulative weight reaches `p` (0..1), as VPA does. */
  percentile(p: number): number {
    if (this.isEmpty()) return 0;
    const threshold = p * this.totalWeight;
    let sum = 0;
    for (let i = 0; i < this.weights.length; i++) {
      sum += this.weights[i]!;
      if (sum >= threshold - 1e-12 * this.totalWeight) return this.bucketStart(i + 1);
    }
    return this.bucketStart(this.weights.length);
  }
}
