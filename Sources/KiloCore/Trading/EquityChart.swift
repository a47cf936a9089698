import Foundation

/// Renders equity curves: an SVG document and a terminal sparkline (no dependencies).
public enum EquityChart {
    /// The sparkline glyphs, lowest to highest.
    static let glyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A one-line sparkline of `values` resampled to at most `width` glyphs (the mean of each
    /// bucket); a flat series draws the lowest glyph. Empty for no values.
    public static func sparkline(_ values: [Double], width: Int = 60) -> String {
        precondition(width > 0, "EquityChart.sparkline: width \(width) must be positive")
        guard !values.isEmpty else { return "" }
        let buckets = min(width, values.count)
        var sampled: [Double] = []
        for b in 0..<buckets {
            let lo = b * values.count / buckets
            let hi = max(lo + 1, (b + 1) * values.count / buckets)
            sampled.append(values[lo..<hi].reduce(0, +) / Double(hi - lo))
        }
        let low = sampled.min() ?? 0
        let high = sampled.max() ?? 0
        let span = high - low
        return String(
            sampled.map { value in
                guard span > 0, value.isFinite else { return glyphs[0] }
                let level = Int(((value - low) / span * Double(glyphs.count - 1)).rounded())
                return glyphs[min(max(level, 0), glyphs.count - 1)]
            })
    }

    /// An SVG line chart of the strategy (blue) and buy-and-hold (grey) curves over `points`,
    /// with the value range and a legend.
    public static func svg(
        _ points: [EquityPoint], title: String, width: Int = 800, height: Int = 320
    ) -> String {
        precondition(
            width > 80 && height > 60, "EquityChart.svg: size \(width)x\(height) too small")
        let left = 70.0
        let right = Double(width) - 20
        let top = 40.0
        let bottom = Double(height) - 30
        let values = points.flatMap { [$0.strategy, $0.buyAndHold] }.filter(\.isFinite)
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let span = high > low ? high - low : 1
        func x(_ i: Int) -> Double {
            points.count > 1 ? left + (right - left) * Double(i) / Double(points.count - 1) : left
        }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / span }
        func path(_ value: (EquityPoint) -> Double) -> String {
            points.enumerated().map { i, p in
                "\(i == 0 ? "M" : "L")\(fmt(x(i))),\(fmt(y(value(p))))"
            }
            .joined(separator: " ")
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(fmt(left))" y="20" font-size="14">\(escape(title))</text>
            <line x1="\(fmt(left))" y1="\(fmt(bottom))" x2="\(fmt(right))" y2="\(fmt(bottom))" stroke="#999"/>
            <line x1="\(fmt(left))" y1="\(fmt(top))" x2="\(fmt(left))" y2="\(fmt(bottom))" stroke="#999"/>
            <text x="\(fmt(left - 5))" y="\(fmt(top + 4))" text-anchor="end">\(fmt(high))</text>
            <text x="\(fmt(left - 5))" y="\(fmt(bottom))" text-anchor="end">\(fmt(low))</text>
            <path d="\(path(\.buyAndHold))" fill="none" stroke="#888" stroke-width="1.5"/>
            <path d="\(path(\.strategy))" fill="none" stroke="#1f77b4" stroke-width="1.5"/>
            <text x="\(fmt(right - 200))" y="20" fill="#1f77b4">strategy</text>
            <text x="\(fmt(right - 120))" y="20" fill="#888">buy and hold</text>
            </svg>

            """
    }

    /// Two decimals, no exponent.
    static func fmt(_ v: Double) -> String {
        let scaled = (v * 100).rounded() / 100
        let whole = Int(scaled)
        let cents = abs(Int(((scaled - Double(whole)) * 100).rounded()))
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        return "\(sign)\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;")
    }
}
