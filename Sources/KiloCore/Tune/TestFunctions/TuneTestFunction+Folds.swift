import Foundation

extension TuneTestFunction {
    /// Fold `k`'s deviation from the function's value when a trial is scored on `count` folds
    /// (`check tpe FUNCTION --folds K`), so that the median pruner has per-fold values to judge
    /// as in `tune`. Smooth and deterministic in the parameters: over the space's numeric
    /// parameters in name order (a categorical one counts 0), a = Σ (i + 1)·xᵢ and b = Σ xᵢ²;
    ///
    ///     d_k = A_k · sin((k + 1)·0.7·a + k) · cos(0.3·b + k),   A_0 = 0, A_k = 2·(K − k)/(K − 1)
    ///
    /// so fold 0 is the function itself and later folds add a parameter-dependent term that fades.
    /// `bench/tune/optuna_tpe.py run F --folds K` computes the same.
    /// - Complexity: O(d log d) for d parameters.
    public static func foldDeviation(
        _ parameters: TrialParameters, space: SearchSpace, fold k: Int, of count: Int
    ) -> Double {
        guard k > 0, count > 1 else { return 0 }
        var a = 0.0
        var b = 0.0
        for (i, parameter) in space.parameters.sorted(by: { $0.name < $1.name }).enumerated() {
            let x: Double =
                if case .categorical = parameter.domain { 0 } else { parameters[parameter.name]?.number ?? 0 }
            a += x * Double(i + 1)
            b += x * x
        }
        let amplitude = 2 * Double(count - k) / Double(count - 1)
        return amplitude * sin(Double(k + 1) * 0.7 * a + Double(k)) * cos(0.3 * b + Double(k))
    }
}
