import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Release-build benchmark driven by bench/gbdt/run.sh (needs KILO_BENCH=1 and the data files
/// written by `bench_lightgbm.py data`). Prints JSON lines; asserts nothing about time.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KILO_BENCH"] == "1"), .serialized)
struct GBDTBenchmark {
    static var out: String { ProcessInfo.processInfo.environment["KILO_BENCH_OUT"] ?? RepoPaths.path("bench/out/gbdt") }

    /// Reads a benchmark matrix file in 32 MB pieces straight into the arrays (no whole-file copy,
    /// so peak memory compares fairly with numpy's `fromfile`).
    static func readBin(_ name: String) throws -> (DenseMatrix, [Double]) {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "\(out)/\(name)"))
        defer { try? handle.close() }
        let header = try handle.read(upToCount: 16) ?? Data()
        let rows = Int(header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 0, as: Int64.self) })
        let cols = Int(header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: Int64.self) })
        func fill(_ count: Int) throws -> [Double] {
            var values = [Double](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { dst in
                var offset = 0
                while offset < dst.count {
                    guard let piece = try handle.read(upToCount: min(1 << 25, dst.count - offset)), !piece.isEmpty else {
                        throw ModelError.io(path: name, reason: "short file")
                    }
                    piece.withUnsafeBytes { src in
                        UnsafeMutableRawBufferPointer(rebasing: dst[offset..<(offset + src.count)]).copyMemory(from: src)
                    }
                    offset += piece.count
                }
            }
            return values
        }
        let x = try fill(rows * cols)
        let y = try fill(rows)
        return (DenseMatrix(rowCount: rows, columnCount: cols, values: x), y)
    }

    static func rmse(_ a: [Double], _ b: [Double]) -> Double {
        (zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)).squareRoot()
    }

    static func writePredictions(_ p: [Double], _ name: String) throws {
        let data = p.withUnsafeBytes { Data($0) }
        try data.write(to: URL(fileURLWithPath: "\(out)/\(name)"))
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    @Test func synthetic() throws {
        let (x, y) = try Self.readBin("syn_train.bin")
        let (tx, ty) = try Self.readBin("syn_test.bin")
        var c = LightGBMConfig()
        c.numIterations = 200
        c.numLeaves = 31
        c.maxBin = 255
        c.learningRate = 0.1
        c.featureFraction = 1
        c.baggingFraction = 1
        c.baggingFreq = 0
        c.earlyStoppingRound = 0
        c.numThreads = 2
        c.seed = 1
        let names = (0..<x.columnCount).map { "f\($0)" }
        let t0 = Self.now()
        _ = BinnedDataset(matrix: x, config: c)
        let t1 = Self.now()
        let result = try GBDTTrainer.train(features: x, labels: y, featureNames: names, config: c)
        let t2 = Self.now()
        let p = result.booster.predict(tx)
        let t3 = Self.now()
        let json: [String: Any] = [
            "side": "kilo", "data": "synthetic", "dataset_s": t1 - t0, "train_s": (t2 - t1) - (t1 - t0),
            "train_total_s": t2 - t1, "predict_rows_per_s": Double(ty.count) / (t3 - t2),
            "test_rmse": Self.rmse(p, ty), "trees": result.booster.trees.count,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self))
        try result.booster.write(toFile: "\(Self.out)/kilo_syn.txt")
        try Self.writePredictions(p, "kilo_syn_pred.bin")
    }

    @Test func btcLaggedReturns() throws {
        let (x, y) = try Self.readBin("btc_train.bin")
        let (vx, vy) = try Self.readBin("btc_valid.bin")
        let (tx, ty) = try Self.readBin("btc_test.bin")
        var c = LightGBMConfig()  // the project's defaults: lr 0.05, ff 0.9, bagging 0.8/5, 1000 rounds, stop 50
        c.numThreads = 2
        c.seed = 1
        let names = ["ret_lag1", "ret_lag2", "ret_lag3", "ret_lag4", "ret_lag5", "ret_lag6", "ret_lag7", "ret_lag8",
                     "dlogvol", "range_bps"]
        let result = try GBDTTrainer.train(
            features: x, labels: y, featureNames: names, validation: (vx, vy), config: c)
        let p = result.booster.predict(tx)
        let json: [String: Any] = [
            "side": "kilo", "data": "btc", "best_iteration": result.bestIteration, "test_rmse": Self.rmse(p, ty),
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self))
        try result.booster.write(toFile: "\(Self.out)/kilo_btc.txt")
        try Self.writePredictions(p, "kilo_btc_pred.bin")
    }
}
