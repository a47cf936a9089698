/// Training rows binned once: one `UInt8` bin per value, stored column after column
/// (feature-major, for partitioning a leaf by one feature), plus a row-major copy (for building
/// a leaf's histograms row by row, LightGBM's "row-wise" mode: one cache line per row instead of
/// one per feature), with each feature's `BinMapper`.
final class BinnedDataset: @unchecked Sendable {
    let rowCount: Int
    let featureCount: Int
    let mappers: [BinMapper]
    /// `featureCount * rowCount` bins, column-major; owned and freed by this object.
    let bins: UnsafeMutablePointer<UInt8>
    /// The same bins row after row (`rowCount * featureCount`, plus 16 bytes of slack for
    /// 16-byte copies).
    let rowBins: UnsafeMutablePointer<UInt8>
    /// Owns `bins` and `rowBins`; shared by the datasets that differ only in their mappers' filter.
    private let storage: Storage

    private final class Storage {
        let bins: UnsafeMutablePointer<UInt8>
        let rowBins: UnsafeMutablePointer<UInt8>

        init(rowCount n: Int, featureCount f: Int) {
            bins = .allocate(capacity: max(1, n * f))
            rowBins = .allocate(capacity: n * f + 16)
            rowBins.initialize(repeating: 0, count: n * f + 16)
        }

        deinit {
            bins.deallocate()
            rowBins.deallocate()
        }
    }

    /// Bins `matrix`: builds each feature's mapper from up to `sampleCount` sampled rows, then
    /// maps every value.
    /// - Complexity: O(rows x features x log bins), parallel over features.
    init(matrix: DenseMatrix, config: LightGBMConfig) {
        rowCount = matrix.rowCount
        featureCount = matrix.columnCount
        let n = rowCount
        let f = featureCount
        var sampleRows: [Int]
        if n <= config.binConstructSampleCnt {
            sampleRows = Array(0..<n)
        } else {
            // Reservoir-free selection sampling (Knuth's algorithm S): sorted, exact size.
            var rng = SplitMix64(seed: config.seed ^ 0xB1_5EED)
            sampleRows = []
            sampleRows.reserveCapacity(config.binConstructSampleCnt)
            var needed = config.binConstructSampleCnt
            for r in 0..<n where needed > 0 {
                if rng.nextUnit() * Double(n - r) < Double(needed) {
                    sampleRows.append(r)
                    needed -= 1
                }
            }
        }
        let built = UnsafeMutablePointer<BinMapper?>.allocate(capacity: f)
        built.initialize(repeating: nil, count: f)
        let builtShared = SharedPointer(built)
        let rows = sampleRows
        matrix.values.withUnsafeBufferPointer { xs in
            guard let x = xs.baseAddress else { return }
            let xShared = SharedPointer(UnsafeMutablePointer(mutating: x))
            parallelFor(f, threads: config.numThreads) { j in
                var sample = [Double](repeating: 0, count: rows.count)
                for (k, r) in rows.enumerated() { sample[k] = xShared.base[r * f + j] }
                builtShared.base[j] = BinMapper(
                    sample: sample, maxBin: config.maxBin, minDataInBin: config.minDataInBin,
                    minSplitData: config.minDataInLeaf)
            }
        }
        mappers = (0..<f).map { j in
            built[j] ?? BinMapper(sample: [], maxBin: 2, minDataInBin: 1, minSplitData: 1)
        }
        built.deinitialize(count: f)
        built.deallocate()

        storage = Storage(rowCount: n, featureCount: f)
        bins = storage.bins
        rowBins = storage.rowBins
        let binsShared = SharedPointer(bins)
        let rowBinsShared = SharedPointer(rowBins)
        let mappers = self.mappers
        matrix.values.withUnsafeBufferPointer { xs in
            guard let x = xs.baseAddress else { return }
            let xShared = SharedPointer(UnsafeMutablePointer(mutating: x))
            let block = 16_384
            let blocks = (n + block - 1) / block
            parallelFor(blocks, threads: config.numThreads) { b in
                let start = b * block
                let end = min(n, start + block)
                for j in 0..<f {
                    let column = binsShared.base + j * n
                    let hasNaN = mappers[j].missingType == .nan
                    mappers[j].upperBounds.withUnsafeBufferPointer { bounds in
                        for r in start..<end {
                            let b = UInt8(truncatingIfNeeded: BinMapper.bin(
                                of: xShared.base[r * f + j], bounds: bounds, hasNaNBin: hasNaN))
                            column[r] = b
                            rowBinsShared.base[r * f + j] = b
                        }
                    }
                }
            }
        }
    }

    private init(sharing other: BinnedDataset, mappers: [BinMapper]) {
        rowCount = other.rowCount
        featureCount = other.featureCount
        self.mappers = mappers
        storage = other.storage
        bins = other.bins
        rowBins = other.rowBins
    }

    /// These bins with the trivial-feature filter of `minDataInLeaf` (the only binning input a
    /// tuned parameter changes), sharing the binned rows.
    /// - Complexity: O(features × bins).
    func filtered(minDataInLeaf: Int) -> BinnedDataset {
        BinnedDataset(sharing: self, mappers: mappers.map { $0.filtered(minSplitData: minDataInLeaf) })
    }

    /// `BinnedDataset(matrix:config:)`, reused from `cache` when the same rows were binned with the
    /// same binning parameters before (the key holds `max_bin`, `min_data_in_bin`, the sample size,
    /// the seed when rows are sampled, the matrix's shape and a hash of its bits).
    /// - Complexity: O(rows × features) to hash, plus the binning on a miss.
    static func binning(_ matrix: DenseMatrix, config: LightGBMConfig, cache: RunCache?) -> BinnedDataset {
        guard let cache else { return BinnedDataset(matrix: matrix, config: config) }
        let sampled = matrix.rowCount > config.binConstructSampleCnt
        let key = "lightgbm.binned \(matrix.rowCount)x\(matrix.columnCount) #\(contentHash(matrix.values)) "
            + "max_bin \(config.maxBin) min_data_in_bin \(config.minDataInBin) "
            + "sample \(config.binConstructSampleCnt) seed \(sampled ? String(config.seed) : "-")"
        return cache.value(for: key) { BinnedDataset(matrix: matrix, config: config) }
            .filtered(minDataInLeaf: config.minDataInLeaf)
    }

    /// A hash of the values' bit patterns (FNV-1a over whole words, high bits folded down).
    /// - Complexity: O(values).
    static func contentHash(_ values: [Double]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            hash = (hash ^ value.bitPattern) &* 0x100_0000_01B3
            hash ^= hash >> 32
        }
        return hash
    }

    /// The bins of feature `j`, one per row.
    @inline(__always)
    func column(_ j: Int) -> UnsafeMutablePointer<UInt8> { bins + j * rowCount }
}
