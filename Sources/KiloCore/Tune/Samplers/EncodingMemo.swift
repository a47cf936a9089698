import Synchronization

/// The TPE sampler's memory of the trials it has encoded: each trial's row of internal values,
/// kept beside the parameters value it was encoded from.
///
/// A study's history grows by a trial or a few between suggestions, so with the memo each trial is
/// encoded once instead of once per suggestion (at 1,000 trials of ten parameters, encoding was a
/// quarter of a suggestion). A row is reused only for the *very same* parameters value: the memo
/// holds that value, so a value with the same bits is a copy of it, never another dictionary that
/// happens to live at a freed address. Equal parameters in a different dictionary are encoded
/// again, which costs what encoding always did (`StudyStore.trials()` hands back the dictionaries
/// it decoded before, so a study read again between suggestions keeps its rows). Rows are kept by
/// trial number in flat storage; a change of the space's names or domains empties the memo.
/// Thread-safe.
final class EncodingMemo: Sendable {
    private struct State {
        var names: [String] = []
        var domains: [EncodedDomain] = []
        /// By trial number: the parameters value its row came from.
        var parameters: [TrialParameters?] = []
        /// By trial number: 1 when its row is valid, 0 when it lacks a parameter or has one outside
        /// its domain.
        var valid: [UInt8] = []
        /// Trial k's row at `k · d ..< (k + 1) · d`.
        var values: [Double] = []
        /// Trials encoded since the memo was made.
        var encodings = 0
        /// Bumped whenever a row the memo held changes (another value for a trial number, or the
        /// memo started afresh): rows read before are stale when it moved.
        var generation = 0
    }

    /// A snapshot of the memo's rows for some positions of a history (``rows(of:in:schema:)``).
    struct Rows {
        /// The trial numbers with a valid row, in the positions' order.
        var numbers: [Int]
        /// Trial k's row at `k · d ..< (k + 1) · d` (the memo's storage, shared, not copied).
        var values: [Double]
        /// The memo's ``State/generation`` when read.
        var generation: Int
    }

    private let state = Mutex(State())

    init() {}

    /// Trials encoded so far (a trial the memo already held is not encoded again).
    var encodings: Int { state.withLock { $0.encodings } }

    /// ``EncodedColumns`` of `history[positions]` (the same columns as encoding them afresh).
    /// - Complexity: O(p · d) for p positions and d parameters, plus one encoding per trial not
    ///   seen before (or whose parameters value changed).
    func columns(of positions: [Int], in history: [TrialRecord], schema: EncodedColumns.Schema) -> EncodedColumns {
        let d = schema.names.count
        return state.withLock { s in
            let (rows, fresh) = Self.collect(positions, in: history, schema: schema, state: &s)
            var columns = [[Double]](repeating: [], count: d)
            s.values.withUnsafeBufferPointer { values in
                for index in 0..<d {
                    columns[index] = rows.map { row in row >= 0 ? values[row * d + index] : fresh[-row - 1][index] }
                }
            }
            return EncodedColumns(columns: columns, count: rows.count)
        }
    }

    /// The trial numbers of `history[positions]` with a valid row and the memo's rows, without
    /// gathering them into columns; `nil` when a trial's number is beyond what the memo stores.
    /// - Complexity: O(p) for p positions, plus one encoding per trial not seen before.
    func rows(of positions: [Int], in history: [TrialRecord], schema: EncodedColumns.Schema) -> Rows? {
        state.withLock { s in
            let (rows, fresh) = Self.collect(positions, in: history, schema: schema, state: &s)
            guard fresh.isEmpty else { return nil }
            return Rows(numbers: rows, values: s.values, generation: s.generation)
        }
    }

    /// Encodes the trials at `positions` the memo does not hold. Returns per valid trial its row:
    /// its number, or `−i − 1` for `fresh[i]`, a trial encoded on the side (a number beyond
    /// what the memo stores).
    private static func collect(
        _ positions: [Int], in history: [TrialRecord], schema: EncodedColumns.Schema, state s: inout State
    ) -> (rows: [Int], fresh: [[Double]]) {
        let d = schema.names.count
        // Numbers far beyond the history's size are not memoised (the storage is by number).
        let limit = 4 * history.count + 1024
        // Another space, or numbers mostly beyond this history's (another study): start afresh.
        if s.names != schema.names || s.domains != schema.domains || s.parameters.count > 2 * limit {
            s = State(
                names: schema.names, domains: schema.domains, encodings: s.encodings, generation: s.generation + 1)
        }
        var scratch = [Double](repeating: 0, count: d)
        var rows: [Int] = []
        rows.reserveCapacity(positions.count)
        var fresh: [[Double]] = []
        for position in positions {
            // Fields, not the record: copying a record retains each of its references.
            let number = history[position].number
            let parameters = history[position].parameters
            guard number >= 0, number < limit else {
                s.encodings += 1
                if schema.encode(parameters, into: &scratch) {
                    fresh.append(scratch)
                    rows.append(-fresh.count)
                }
                continue
            }
            if number >= s.parameters.count {
                let grown = max(number + 1, 2 * s.parameters.count)
                s.parameters += [TrialParameters?](repeating: nil, count: grown - s.parameters.count)
                s.valid += [UInt8](repeating: 0, count: grown - s.valid.count)
                s.values += [Double](repeating: 0, count: grown * d - s.values.count)
            }
            let known = s.parameters[number]
            if let known, Self.isSameValue(known, parameters) {
                if s.valid[number] == 1 { rows.append(number) }
                continue
            }
            s.encodings += 1
            let ok = schema.encode(parameters, into: &scratch)
            // Another value for a number the memo held: stale only if its row changed.
            if known != nil {
                let same = ok == (s.valid[number] == 1) && (!ok || Self.rowEquals(scratch, s.values, at: number * d))
                if !same { s.generation += 1 }
            }
            s.parameters[number] = parameters
            s.valid[number] = ok ? 1 : 0
            if ok {
                for index in 0..<d { s.values[number * d + index] = scratch[index] }
                rows.append(number)
            }
        }
        return (rows, fresh)
    }

    /// Whether `row` has the bits of `values[start..<start + row.count]`.
    private static func rowEquals(_ row: [Double], _ values: [Double], at start: Int) -> Bool {
        row.indices.allSatisfy { row[$0].bitPattern == values[start + $0].bitPattern }
    }

    /// Whether `a` and `b` are bit-for-bit the same value: copies of one dictionary.
    /// - Complexity: O(1).
    static func isSameValue(_ a: TrialParameters, _ b: TrialParameters) -> Bool {
        withUnsafeBytes(of: a) { a in withUnsafeBytes(of: b) { b in a.elementsEqual(b) } }
    }
}
