import Testing

@testable import KiloCore

@Suite struct EncodedColumnsTests {
    static let names = ["x0", "x1", "lr", "n0", "n2", "c0", "c1", "a_very_long_parameter_name", "é"]
    static let domains: [EncodedDomain] = [
        EncodedDomain(.float(low: -5, high: 5, log: false)),
        EncodedDomain(.float(low: -5, high: 5, log: false)),
        EncodedDomain(.float(low: 1e-5, high: 1e-1, log: true)),
        EncodedDomain(.int(low: -10, high: 10, log: false)),
        EncodedDomain(.int(low: 1, high: 64, log: true)),
        EncodedDomain(.categorical([.string("a"), .string("b"), .string("c")])),
        EncodedDomain(.categorical([.int(1), .int(2), .int(4)])),
        EncodedDomain(.float(low: 0, high: 1, log: false)),
        EncodedDomain(.int(low: 0, high: 3, log: false)),
    ]

    /// The rule the columns must follow: a trial is kept when every name has a value its domain
    /// encodes; its row is those encodings.
    static func reference(_ trials: [TrialParameters]) -> [[Double]] {
        trials.compactMap { trial in
            var row: [Double] = []
            for (name, domain) in zip(names, domains) {
                guard let value = trial[name], let x = domain.encode(value) else { return nil }
                row.append(x)
            }
            return row
        }
    }

    /// A value for `name`: usually valid, one in ten out of range, of the wrong kind, NaN or fractional.
    static func value(_ index: Int, using random: inout SplitMix64) -> ParameterValue {
        let u = random.nextUnit()
        switch random.next() % 40 {
        case 0: return .float(99)
        case 1: return .string("zzz")
        case 2: return .float(.nan)
        case 3: return .float(2.5)
        default: break
        }
        switch index {
        case 0, 1: return .float(-5 + 10 * u)
        case 2: return .float(1e-5 + u * 0.09)
        case 3: return .int(Int(u * 21) - 10)
        case 4: return .float(Double(1 + Int(u * 64)))  // a whole float is a valid integer
        case 5: return [.string("a"), .string("b"), .string("c")][Int(u * 3)]
        case 6: return [.int(1), .float(2), .string("4")][Int(u * 3)]  // matched by number and by text
        case 7: return .float(u)
        default: return .int(Int(u * 4))
        }
    }

    @Test func equalsTheRowByRowEncoding() {
        var random = SplitMix64(seed: 3)
        var trials: [TrialParameters] = []
        for _ in 0..<400 {
            var trial: TrialParameters = [:]
            for (index, name) in Self.names.enumerated() where random.next() % 25 != 0 {
                trial[name] = Self.value(index, using: &random)
            }
            if random.next() % 5 == 0 { trial["extra"] = .float(1) }
            trials.append(trial)
        }
        let schema = EncodedColumns.Schema(names: Self.names, domains: Self.domains)
        let encoded = EncodedColumns(trials, schema: schema)
        let expected = Self.reference(trials)
        #expect(expected.count > 20 && expected.count < 400)
        #expect(encoded.count == expected.count)
        #expect(encoded.columns.count == Self.names.count)
        for (row, values) in expected.enumerated() {
            #expect(encoded.columns.map { $0[row] } == values, "row \(row)")
        }
    }

    @Test func namesSharingATableSlotStayApart() {
        // Many names in an 8-slot table: slots collide and probe onwards.
        let names = ["a1z", "a2z", "a3z", "b"]
        let domains = names.map { _ in EncodedDomain(.float(low: 0, high: 10, log: false)) }
        #expect(EncodedColumns.Schema.signature("a1z") != EncodedColumns.Schema.signature("a2z"))
        #expect(EncodedColumns.Schema.signature("a1z") == EncodedColumns.Schema.signature(String("xa1z".dropFirst())))
        let many = (0..<40).map { "p\($0)" }
        let manySchema = EncodedColumns.Schema(
            names: many, domains: many.map { _ in EncodedDomain(.float(low: 0, high: 1, log: false)) })
        #expect(many.indices.allSatisfy { manySchema.position(of: many[$0]) == $0 })
        let schema = EncodedColumns.Schema(names: names, domains: domains)
        #expect(names.indices.allSatisfy { schema.position(of: names[$0]) == $0 })
        #expect(schema.position(of: "a4z") == nil)
        #expect(schema.position(of: "") == nil)
        let encoded = EncodedColumns(
            [["a1z": .float(1), "a2z": .float(2), "a3z": .float(3), "b": .int(4)], ["a1z": .float(1)]], schema: schema)
        #expect(encoded.count == 1)
        #expect(encoded.columns == [[1], [2], [3], [4]])
    }

    @Test func noParametersKeepsNothingButCounts() {
        let schema = EncodedColumns.Schema(names: [], domains: [])
        let encoded = EncodedColumns([[:], ["x": .float(1)]], schema: schema)
        #expect(encoded.columns.isEmpty)
        #expect(encoded.count == 2)
    }
}

extension EncodedColumnsTests {
    @Test func aSequenceLongerThanItsEstimateGrowsTheColumns() {
        // A plain sequence reports 0 as its underestimated count: the staging grows from 1.
        let schema = EncodedColumns.Schema(
            names: ["x", "n"], domains: [EncodedDomain(.float(low: 0, high: 100, log: false)), EncodedDomain(.int(low: 0, high: 100, log: false))])
        let trials = sequence(state: 0) { (i: inout Int) -> TrialParameters? in
            defer { i += 1 }
            return i < 37 ? ["x": .float(Double(i) / 2), "n": .int(i)] : nil
        }
        let encoded = EncodedColumns(trials, schema: schema)
        #expect(encoded.count == 37)
        let halves: [Double] = (0..<37).map { Double($0) / 2 }
        let wholes: [Double] = (0..<37).map { Double($0) }
        #expect(encoded.columns == [halves, wholes])
    }
}
