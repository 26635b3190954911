//! What the benchmarks share: a small deterministic random generator, so
//! every run measures the same texts, and the size to measure.

/// Xorshift: the same sequence from the same seed, with no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The number of texts (or responses) to measure: `HEARINGS_BENCH_TEXTS`,
/// or 100,000.
pub fn size() -> usize {
    std::env::var("HEARINGS_BENCH_TEXTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}
