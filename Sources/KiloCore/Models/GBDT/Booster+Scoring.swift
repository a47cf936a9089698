extension Booster {
    /// The `score` command for a LightGBM model: reads this model's feature columns by name from
    /// the CSV at `inputPath`, predicts every row and writes `timestamp,prediction` to `outputPath`.
    /// - Returns: the number of rows scored.
    /// - Throws: `ModelError.missingColumn` naming an absent feature, and the other `ScoreTable` errors.
    /// - Complexity: O(rows x (features + trees x depth)).
    @discardableResult
    public func score(inputPath: String, outputPath: String) throws(ModelError) -> Int {
        let table = try ScoreTable.read(path: inputPath, columns: featureNames)
        let predictions = predict(table.features)
        try ScoreTable.writePredictions(path: outputPath, timestamps: table.timestamps, predictions: predictions)
        return predictions.count
    }
}
