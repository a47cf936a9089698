/// Chronological train / validation / test row ranges with an embargo between them.
///
/// Rows are bar indices of one series. The embargo (at least `max(lookback, horizon)` bars) is
/// left out between consecutive parts, so no training target overlaps a validation window and no
/// feature of a later part looks back into an earlier part's targets. Statistics (scalers, target
/// mean) are fit on `train` only; `test` is never used for early stopping or selection.
public struct DataSplit: Sendable, Equatable, Codable {
    /// Training rows.
    public var train: Range<Int>
    /// Validation rows (early stopping, selection).
    public var validation: Range<Int>
    /// Test rows (reported only).
    public var test: Range<Int>
    /// Bars left out between parts.
    public var embargo: Int

    /// Splits rows `usable` chronologically by `fractions` (train, validation, test; they are
    /// normalised to sum to 1), taking `embargo` rows out after train and after validation.
    /// - Returns: `nil` when a part would be empty.
    /// - Complexity: O(1).
    public static func chronological(
        usable: Range<Int>, fractions: (train: Double, validation: Double, test: Double), embargo: Int
    ) -> DataSplit? {
        let total = fractions.train + fractions.validation + fractions.test
        guard total > 0, embargo >= 0 else { return nil }
        let available = usable.count - 2 * embargo
        guard available >= 3 else { return nil }
        let trainCount = Int((Double(available) * fractions.train / total).rounded(.down))
        let validationCount = Int((Double(available) * fractions.validation / total).rounded(.down))
        let testCount = available - trainCount - validationCount
        guard trainCount > 0, validationCount > 0, testCount > 0 else { return nil }
        let trainEnd = usable.lowerBound + trainCount
        let validationStart = trainEnd + embargo
        let validationEnd = validationStart + validationCount
        let testStart = validationEnd + embargo
        return DataSplit(
            train: usable.lowerBound..<trainEnd, validation: validationStart..<validationEnd,
            test: testStart..<usable.upperBound, embargo: embargo)
    }

    /// `folds` expanding walk-forward splits over `usable`: fold k trains on the first
    /// `k+1` blocks, validates on the next block and tests on the one after (each separated by
    /// the embargo); the blocks are `usable.count / (folds + 2)` rows long.
    /// - Returns: The folds, oldest first (empty when the rows are too few).
    public static func walkForward(usable: Range<Int>, folds: Int, embargo: Int) -> [DataSplit] {
        guard folds > 0 else { return [] }
        let block = (usable.count - 2 * embargo) / (folds + 2)
        guard block > 0 else { return [] }
        return (0..<folds).map { k in
            let trainEnd = usable.lowerBound + block * (k + 1)
            let validationStart = trainEnd + embargo
            let validationEnd = validationStart + block
            let testStart = validationEnd + embargo
            return DataSplit(
                train: usable.lowerBound..<trainEnd, validation: validationStart..<validationEnd,
                test: testStart..<min(testStart + block, usable.upperBound), embargo: embargo)
        }
    }
}
