/// The searched parameters' internal values (``EncodedDomain/encode(_:)``) of a list of trials,
/// one column per parameter, keeping only the trials with a valid value for every parameter
/// (in their order): what the TPE sampler's estimators are fitted to.
///
/// Built in one pass over each trial's dictionary: a parameter name is matched through a small
/// open-addressed table on a hash of its UTF-8 bytes (then compared once), and each value is
/// encoded by a per-parameter rule without copying the domains.
struct EncodedColumns {
    /// `columns[p][i]`: parameter p's internal value in the i-th kept trial.
    private(set) var columns: [[Double]]
    /// The kept trials.
    private(set) var count = 0

    /// The parameters' names and domains, prepared for matching and encoding.
    struct Schema {
        let names: [String]
        let domains: [EncodedDomain]
        /// Per parameter: 0 real, 1 whole number, 2 categorical.
        let kinds: [UInt8]
        let lows: [Double]
        let highs: [Double]
        /// Open-addressed table of parameter positions by name signature (−1 empty).
        let table: [Int]

        /// - Complexity: O(d) for d parameters.
        init(names: [String], domains: [EncodedDomain]) {
            self.names = names
            self.domains = domains
            var kinds: [UInt8] = []
            var lows: [Double] = []
            var highs: [Double] = []
            for domain in domains {
                switch domain {
                case .numeric(let low, let high, _, let step):
                    kinds.append(step == nil ? 0 : 1)
                    lows.append(low)
                    highs.append(high)
                case .categorical:
                    kinds.append(2)
                    lows.append(0)
                    highs.append(0)
                }
            }
            self.kinds = kinds
            self.lows = lows
            self.highs = highs
            var table = [Int](repeating: -1, count: Self.tableSize(names.count))
            let mask = table.count - 1
            for (index, name) in names.enumerated() {
                var slot = Self.signature(name) & mask
                while table[slot] >= 0 { slot = (slot + 1) & mask }
                table[slot] = index
            }
            self.table = table
        }

        /// A power of two at least 4·d.
        static func tableSize(_ d: Int) -> Int {
            var size = 8
            while size < 4 * d { size *= 2 }
            return size
        }

        /// A cheap hash of a name's UTF-8 bytes (FNV-1a).
        /// - Complexity: O(length); names stored inline (up to 15 UTF-8 bytes) are hashed from
        ///   the stack.
        static func signature(_ name: String) -> Int {
            let hash =
                name.utf8.withContiguousStorageIfAvailable { bytes in
                    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                    return hash
                } ?? name.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }

        /// The position of the parameter called `name`, or `nil`.
        /// - Complexity: O(1) expected.
        func position(of name: String) -> Int? {
            let mask = table.count - 1
            var slot = Self.signature(name) & mask
            while table[slot] >= 0 {
                let index = table[slot]
                if names[index] == name { return index }
                slot = (slot + 1) & mask
            }
            return nil
        }

        /// ``EncodedDomain/encode(_:)`` of parameter `index`.
        /// - Complexity: O(1) for numbers, O(choices) for categories.
        @inline(__always)
        func encode(_ value: ParameterValue, at index: Int) -> Double? {
            switch kinds[index] {
            case 0, 1:
                let number: Double
                switch value {
                case .float(let v): number = v
                case .int(let v): number = Double(v)
                case .string: return nil
                }
                guard number.isFinite, number >= lows[index], number <= highs[index] else { return nil }
                if kinds[index] == 1, number.rounded() != number { return nil }
                return number
            default:
                return domains[index].encode(value)
            }
        }
    }

    /// Columns already built (`count` values each).
    init(columns: [[Double]], count: Int) {
        self.columns = columns
        self.count = count
    }

    /// - Complexity: O(Σ entries) name matches plus the values' encodings.
    init(_ trials: some Sequence<TrialParameters>, schema: Schema) {
        let d = schema.names.count
        // Column-major staging, sized by the trial count (grown if the sequence has more).
        var capacity = max(trials.underestimatedCount, 1)
        var staged = [Double](repeating: 0, count: d * capacity)
        var row = [Double](repeating: 0, count: d)
        var kept = 0
        for trial in trials {
            guard schema.encode(trial, into: &row) else { continue }
            if kept == capacity {
                let wider = 2 * capacity
                var grown = [Double](repeating: 0, count: d * wider)
                for index in 0..<d {
                    for position in 0..<kept { grown[index * wider + position] = staged[index * capacity + position] }
                }
                staged = grown
                capacity = wider
            }
            staged.withUnsafeMutableBufferPointer { staged in
                for index in 0..<d { staged[index * capacity + kept] = row[index] }
            }
            kept += 1
        }
        columns = (0..<d).map { index in Array(staged[(index * capacity)..<(index * capacity + kept)]) }
        count = kept
    }
}

extension EncodedColumns.Schema {
    /// Writes `trial`'s internal values into `row` (parameter order).
    /// - Returns: Whether every parameter has a valid value (else `row` is partly written).
    /// - Complexity: O(entries) name matches plus the values' encodings.
    func encode(_ trial: TrialParameters, into row: inout [Double]) -> Bool {
        // A dictionary's names are distinct, so each parameter is found at most once.
        var found = 0
        for (name, value) in trial {
            guard let index = position(of: name), let x = encode(value, at: index) else { continue }
            found += 1
            row[index] = x
        }
        return found == names.count
    }
}
