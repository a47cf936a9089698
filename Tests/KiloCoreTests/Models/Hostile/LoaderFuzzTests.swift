import Foundation
import KiloTestSupport
import Testing

@testable import KiloCore

/// Seeded fuzzing of the file loaders in-process: mutated kline CSV, LightGBM text and
/// safetensors (GRU and PPO) files, grown from the valid fixtures, must never crash or hang, and
/// a model that loads must predict finite values on finite inputs. `swift test --filter Fuzz`.
@Suite struct LoaderFuzzTests {
    /// Cases per loader; 3 × 3,400 ≥ 10,000 in total.
    static let casesPerLoader = 3_400
    /// Numbers that break naive size and value handling.
    static let hostileNumbers = [
        "nan", "NaN", "inf", "-inf", "1e308", "-1e308", "1e39", "9223372036854775807", "-9223372036854775808",
        "18446744073709551616", "2147483647", "-1", "0", "", "x", String(repeating: "9", count: 400),
    ]

    struct Mutator {
        var generator: SplitMix64

        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(generator.next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

        /// Random byte-level damage: bit flips, a truncation, inserted or duplicated bytes.
        mutating func bytes(_ input: [UInt8]) -> [UInt8] {
            var out = input
            switch below(4) {
            case 0:
                for _ in 0...below(4) where !out.isEmpty { out[below(out.count)] ^= UInt8(1 << below(8)) }
            case 1:
                out = Array(out.prefix(below(out.count + 1)))
            case 2:
                let insert = (0..<(1 + below(16))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                out.insert(contentsOf: insert, at: below(out.count + 1))
            default:
                guard !out.isEmpty else { break }
                let start = below(out.count)
                let chunk = out[start..<min(out.count, start + 1 + below(64))]
                out.insert(contentsOf: chunk, at: below(out.count + 1))
            }
            return out
        }

        /// Replaces the `which`-th number-looking token of `text` (after `from`) by a hostile one.
        mutating func number(in text: String) -> String {
            var tokens = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let numeric = tokens.indices.filter { tokens[$0].contains(where: \.isNumber) }
            guard !numeric.isEmpty else { return text }
            let i = pick(numeric)
            // Keep any JSON/text punctuation around the digits.
            let token = tokens[i]
            let digits = token.filter { $0.isNumber || $0 == "-" || $0 == "." || $0 == "e" }
            let replacement = pick(LoaderFuzzTests.hostileNumbers)
            tokens[i] = digits.isEmpty ? replacement : token.replacingOccurrences(of: digits, with: replacement)
            return tokens.joined(separator: ",")
        }
    }

    /// Finite rows every accepted model is asked about.
    static func finiteInputs(count: Int, width: Int, generator: inout SplitMix64) -> [Double] {
        (0..<(count * width)).map { _ in (generator.nextUnit() * 2 - 1) * 5 }
    }

    // MARK: CSV

    @Test func fuzzKlineCSV() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/shell/BTCSMALL_30m.csv")))
        // Split on bytes: the fixture's CRLF is one Character, which a "\n" split does not match.
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(41)
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.count == 41)
        var m = Mutator(generator: SplitMix64(seed: 0xC5F))
        var loaded = 0
        let started = Date()
        for _ in 0..<Self.casesPerLoader {
            var rows = lines
            for _ in 0...m.below(3) {
                let r = 1 + m.below(rows.count - 1)
                rows[r] = m.number(in: rows[r])
            }
            if m.below(8) == 0 { rows[1 + m.below(rows.count - 1)] += "," + String(repeating: "7", count: 100_000) }
            var bytes = Array(rows.joined(separator: "\n").utf8)
            if m.below(2) == 0 { bytes = m.bytes(bytes) }
            if let bars = try? BarLoader.load(bytes: bytes, path: "FUZZ_30m.csv") {
                loaded += 1
                #expect(bars.series.timestamps.count == bars.series.close.count)
            }
        }
        print("fuzz kline CSV: \(Self.casesPerLoader) cases, \(loaded) loaded, \(Date().timeIntervalSince(started)) s")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    // MARK: LightGBM

    /// The first `trees` trees of a fixture, without `tree_sizes` (which would then disagree).
    static func trimmedLightGBM(_ name: String, trees: Int) -> String {
        let text = (try? String(contentsOfFile: RepoPaths.path("Tests/Fixtures/gbdt/\(name)"), encoding: .utf8)) ?? ""
        guard let cut = text.range(of: "Tree=\(trees)\n"), let end = text.range(of: "end of trees") else { return text }
        return String(text[..<cut.lowerBound]).replacingOccurrences(of: #"tree_sizes=[^\n]*\n"#, with: "", options: .regularExpression)
            + String(text[end.lowerBound...])
    }

    @Test func fuzzLightGBMText() throws {
        let bases = ["regression.txt", "binary.txt", "zero_as_missing.txt"].map { Self.trimmedLightGBM($0, trees: 3) }
        for base in bases { _ = try Booster.parse(text: base, path: "base.txt") }
        var m = Mutator(generator: SplitMix64(seed: 0x16B))
        var loaded = 0
        let started = Date()
        var inputs = SplitMix64(seed: 7)
        for _ in 0..<Self.casesPerLoader {
            var lines = m.pick(bases).components(separatedBy: "\n")
            for _ in 0...m.below(2) {
                let fields = lines.indices.filter { lines[$0].contains("=") }
                let i = m.pick(fields)
                let key = lines[i].prefix { $0 != "=" }
                var values = lines[i].dropFirst(key.count + 1).split(separator: " ").map(String.init)
                if key == "num_leaves" || key == "max_feature_idx" || values.isEmpty || m.below(3) == 0 {
                    values = [m.pick(Self.hostileNumbers)] + values.dropFirst()
                } else {
                    values[m.below(values.count)] = m.pick(Self.hostileNumbers)
                }
                lines[i] = key + "=" + values.joined(separator: " ")
            }
            var text = lines.joined(separator: "\n")
            if m.below(3) == 0 { text = String(decoding: m.bytes(Array(text.utf8)), as: UTF8.self) }
            guard let booster = try? Booster.parse(text: text, path: "fuzz.txt") else { continue }
            loaded += 1
            let width = booster.featureCount
            let rows = Self.finiteInputs(count: 4, width: max(width, 1), generator: &inputs)
            for r in 0..<4 {
                let row = Array(rows[(r * max(width, 1))..<(r * max(width, 1) + width)])
                let prediction = booster.predict(row)
                #expect(prediction.isFinite, "accepted a LightGBM model predicting \(prediction):\n\(text)")
            }
        }
        print("fuzz LightGBM text: \(Self.casesPerLoader) cases, \(loaded) loaded, \(Date().timeIntervalSince(started)) s")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    // MARK: safetensors

    /// Edits the header: a number (shape, offset or metadata size) replaced by a hostile one, the
    /// length prefix recomputed (or, sometimes, left stale).
    static func editHeader(_ bytes: [UInt8], _ m: inout Mutator) -> [UInt8] {
        guard bytes.count >= 8 else { return bytes }
        var length = 0
        for i in 0..<8 { length |= Int(bytes[i]) << (8 * i) }
        guard length <= bytes.count - 8 else { return bytes }
        var header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        if m.below(2) == 0 {
            header = m.number(in: header)
        } else {
            let key = m.pick(["hidden_size", "num_layers", "input_size", "sequence_length", "target_std"])
            let hostile = m.pick(Self.hostileNumbers)
            header = header.replacingOccurrences(
                of: #""\#(key)":"[^"]*""#, with: #""\#(key)":"\#(hostile)""#, options: .regularExpression)
        }
        let json = Array(header.utf8)
        let newLength = m.below(8) == 0 ? length : json.count
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(newLength) >> (8 * UInt64($0))) } + json
            + bytes[(8 + length)...]
    }

    /// A tensor's bytes overwritten with a hostile float (NaN, ±inf, 3e38) at a random element.
    static func poisonTensor(_ bytes: [UInt8], _ m: inout Mutator) -> [UInt8] {
        guard var file = try? SafetensorsFile.decode(bytes, path: "x"), !file.tensors.isEmpty else { return bytes }
        let index = m.below(file.tensors.count)
        let tensor = file.tensors[index]
        guard var values = tensor.floatValues(), !values.isEmpty else { return bytes }
        values[m.below(values.count)] = m.pick([Float.nan, .infinity, -.infinity, 3e38, -3e38, 1e20])
        file.tensors[index] = tensor.dtype == .f64
            ? SafetensorsTensor(name: tensor.name, shape: tensor.shape, float64: values.map(Double.init))
            : SafetensorsTensor(name: tensor.name, shape: tensor.shape, float32: values)
        return file.encoded()
    }

    @Test func fuzzSafetensors() throws {
        let gruBases = try ["kilo_model.safetensors", "torch_model.safetensors"].map {
            try [UInt8](Data(contentsOf: URL(fileURLWithPath: RepoPaths.path("Tests/Fixtures/gru/\($0)"))))
        }
        let ppoBase = try HostileLoaderTests.ppoAgent().safetensorsFile().encoded()
        var m = Mutator(generator: SplitMix64(seed: 0x5AFE))
        var inputs = SplitMix64(seed: 11)
        var loaded = (gru: 0, ppo: 0)
        let started = Date()
        for n in 0..<Self.casesPerLoader {
            let isPPO = n % 4 == 3
            var bytes = isPPO ? ppoBase : m.pick(gruBases)
            switch m.below(3) {
            case 0: bytes = m.bytes(bytes)
            case 1: bytes = Self.editHeader(bytes, &m)
            default: bytes = Self.poisonTensor(bytes, &m)
            }
            guard let file = try? SafetensorsFile.decode(bytes, path: "fuzz.safetensors") else { continue }
            if isPPO {
                guard let agent = try? PPOAgent.decode(file, path: "fuzz.safetensors") else { continue }
                loaded.ppo += 1
                let shape = agent.observationShape
                let observation = Self.finiteInputs(count: shape[0], width: shape[1], generator: &inputs).map(Float.init)
                let logits = agent.policy.logits(rawObservation: observation)
                #expect(logits.allSatisfy { $0.isFinite }, "accepted a PPO agent giving logits \(logits)")
                #expect(throws: Never.self) { _ = try agent.expectedReturn(observation: observation, shape: shape) }
            } else {
                guard let model = try? GRUModel(file: file, path: "fuzz.safetensors") else { continue }
                loaded.gru += 1
                let features = Self.finiteInputs(
                    count: model.sequenceLength + 1, width: model.architecture.inputSize, generator: &inputs)
                let raw = try model.rawPredictions(features: features.map(Float.init), columnCount: model.architecture.inputSize)
                #expect(raw.count == 2 && raw.allSatisfy { $0.isFinite }, "accepted a GRU predicting \(raw)")
                #expect(raw.allSatisfy { model.destandardized($0).isFinite })
            }
        }
        print(
            "fuzz safetensors: \(Self.casesPerLoader) cases, \(loaded.gru) GRU and \(loaded.ppo) PPO loaded, "
                + "\(Date().timeIntervalSince(started)) s")
        #expect(loaded.gru > 0 && loaded.ppo > 0, "the mutations should leave some files loadable")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
