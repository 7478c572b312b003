"""Reply waits of a report: exact values while they are few, a histogram (the rollups' 2 % buckets)
once the window is large, and quantiles from either."""

from __future__ import annotations

from collections.abc import Iterable

from drafter.persistence.rollups import bucket_bounds, bucket_of


def quantile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default), on a sorted copy."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class Waits:
    def __init__(self) -> None:
        self.values: list[float] = []
        self.buckets: dict[int, int] = {}

    def add(self, seconds: float) -> None:
        self.values.append(seconds)

    def add_bucket(self, bucket: int, count: int) -> None:
        if count > 0:
            self.buckets[bucket] = self.buckets.get(bucket, 0) + count

    @classmethod
    def merged(cls, parts: Iterable[Waits]) -> Waits:
        out = cls()
        for part in parts:
            out.values.extend(part.values)
            for bucket, count in part.buckets.items():
                out.add_bucket(bucket, count)
        return out

    def quantile(self, q: float) -> float | None:
        """Exact from the values alone; with buckets, every value joins the histogram and the quantile
        is placed inside its bucket by rank (off by at most the bucket's width, 2 %)."""
        if not self.buckets:
            return quantile(self.values, q)
        counts = dict(self.buckets)
        for v in self.values:
            counts[bucket_of(v)] = counts.get(bucket_of(v), 0) + 1
        total = sum(counts.values())
        pos = (total - 1) * q
        seen = 0
        for bucket in sorted(counts):
            n = counts[bucket]
            if pos < seen + n:
                low, high = bucket_bounds(bucket)
                return low + (high - low) * min(1.0, (pos - seen + 0.5) / n)
            seen += n
        return bucket_bounds(max(counts))[1]
