/// Everything the research report of one symbol shows, computed by the engine
/// (`Engine.researchReport`); the shell writes it as HTML. Sections without data are `nil` or
/// empty and are left out of the page.
public struct ResearchReport: Sendable {
    /// The symbol's data: span, bars and the gaps in it, with the closes to draw.
    public struct Coverage: Sendable, Equatable {
        public var first: Int64
        public var last: Int64
        public var bars: Int
        /// Bars the span would hold without gaps.
        public var expectedBars: Int
        /// Every gap (a stretch longer than one interval without bars).
        public var gaps: [ExchangeGap]
        /// Down-sampled (time, close) points.
        public var closes: [(time: Int64, close: Double)]
        public var source: String

        public static func == (a: Coverage, b: Coverage) -> Bool {
            a.first == b.first && a.last == b.last && a.bars == b.bars && a.gaps == b.gaps && a.source == b.source
                && a.closes.elementsEqual(b.closes) { $0.time == $1.time && $0.close == $1.close }
        }
    }

    /// NaN accounting of the feature matrix: totals and the worst columns.
    public struct NaNSummary: Sendable, Equatable {
        public struct Column: Sendable, Equatable {
            public var name: String
            public var warmup: Int
            public var gap: Int
            public var data: Int
            public var inf: Int
            public var filled: Int
        }
        public var rows: Int
        public var features: Int
        public var segments: Int
        public var totals: Column
        /// The columns with most NaN, worst first (at most 15).
        public var worst: [Column]
    }

    /// One latest model of the symbol.
    public struct ModelResult: Sendable {
        public var kind: ModelKind
        public var file: String
        /// The test split's metrics of the model and the two naive baselines (the manifest's).
        public var test: SplitEvaluation?
        /// The trader's predictions over the backtest window and the realised target
        /// (`close[t+h]/close[t] − 1`) of the same bars; regression kinds only.
        public var predicted: [Double] = []
        public var realised: [Double] = []
        public var calibration: [ReportStatistics.Decile] = []
        /// Squared errors against predicting zero (positive favours the model).
        public var versusZero: ReportStatistics.Test?
        /// The IC's t statistic on the test split.
        public var icTest: ReportStatistics.Test?
        /// (feature, splits, gain), ranked by gain; empty for kinds without importances.
        public var importances: [(feature: String, splits: Int, gain: Double)] = []
    }

    /// The backtest over the test split with the decisions behind it.
    public struct BacktestSection: Sendable {
        public var performance: PerformanceReport
        public var equity: [EquityPoint]
        public var strategyDrawdown: [Double]
        public var buyAndHoldDrawdown: [Double]
        /// (time, close) of every bar traded.
        public var prices: [(time: Int64, close: Double)]
        public var fills: [Fill]
        /// Per bar: the ensemble's expected return, the threshold and what the trader did.
        public var decisions: [(time: Int64, ensemble: Double?, threshold: Double?, action: String)]
        public var notes: [String]
    }

    /// The symbol.
    public var symbol: String
    /// The interval.
    public var interval: BarInterval
    /// When the report was made, epoch ms.
    public var generatedAt: Int64
    public var coverage: Coverage
    public var nan: NaNSummary?
    public var models: [ModelResult]
    public var walkForward: [WalkForwardReport]
    /// Shown only when a study exists for the symbol.
    public var tuning: TuningHistory?
    public var backtest: BacktestSection?
    /// The plain-words verdict at the top.
    public var verdict: Verdict
    /// Why a section is missing (no models trained, the backtest could not run, …).
    public var notes: [String]
}
