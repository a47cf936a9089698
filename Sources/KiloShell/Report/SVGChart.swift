import Foundation
import KiloCore

/// A chart's drawing area: a fixed-size SVG with margins and linear x/y scales, and the small
/// pieces every report chart is made of (axes, lines, scatter, bars, bands, markers). Every
/// piece returns SVG text; text content is escaped.
struct SVGChart {
    let width: Double
    let height: Double
    let left: Double = 64
    let right: Double = 16
    let top: Double = 16
    let bottom: Double = 36
    let xDomain: ClosedRange<Double>
    let yDomain: ClosedRange<Double>

    /// A chart over `x` and `y` (a degenerate range is widened so the scales stay finite).
    init(width: Double = 860, height: Double = 260, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.width = width
        self.height = height
        xDomain = Self.widened(x)
        yDomain = Self.widened(y)
    }

    /// The range of `values`' finite members (with `including` added), or 0...1.
    static func domain(_ values: [Double], including extra: [Double] = []) -> ClosedRange<Double> {
        let finite = (values + extra).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low...high
    }

    static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return 0...1 }
        if range.upperBound > range.lowerBound { return range }
        let pad = max(abs(range.lowerBound) * 0.05, 1e-9)
        return (range.lowerBound - pad)...(range.upperBound + pad)
    }

    func x(_ value: Double) -> Double {
        left + (value - xDomain.lowerBound) / (xDomain.upperBound - xDomain.lowerBound) * (width - left - right)
    }

    func y(_ value: Double) -> Double {
        top + (yDomain.upperBound - value) / (yDomain.upperBound - yDomain.lowerBound) * (height - top - bottom)
    }

    /// `<svg …>` around `content`, with a title for screen readers.
    func svg(_ title: String, _ content: [String]) -> String {
        "<svg class=\"chart\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.escape(title))</title>"
            + content.joined() + "</svg>"
    }

    /// The frame, grid lines and tick labels: `xTicks` / `yTicks` as (value, label).
    func axes(xTicks: [(Double, String)], yTicks: [(Double, String)], xLabel: String = "", yLabel: String = "") -> String {
        var parts = [
            "<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(width - left - right))\" "
                + "height=\"\(n(height - top - bottom))\"/>"
        ]
        for (value, label) in yTicks where yDomain.contains(value) {
            parts.append(
                "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
                    + "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(HTML.escape(label))</text>")
        }
        for (value, label) in xTicks where xDomain.contains(value) {
            parts.append(
                "<text class=\"tick\" x=\"\(n(x(value)))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">\(HTML.escape(label))</text>")
        }
        if !xLabel.isEmpty {
            parts.append("<text class=\"label\" x=\"\(n(width - right))\" y=\"\(n(height - 4))\" text-anchor=\"end\">\(HTML.escape(xLabel))</text>")
        }
        if !yLabel.isEmpty {
            parts.append("<text class=\"label\" x=\"\(n(left + 4))\" y=\"\(n(top + 12))\">\(HTML.escape(yLabel))</text>")
        }
        return parts.joined()
    }

    /// A polyline through the finite points.
    func line(_ points: [(Double, Double)], cssClass: String) -> String {
        let coordinates = points.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(n(x($0.0))),\(n(y($0.1)))" }
        guard !coordinates.isEmpty else { return "" }
        return "<polyline class=\"\(cssClass)\" fill=\"none\" points=\"\(coordinates.joined(separator: " "))\"/>"
    }

    /// `line`, broken wherever consecutive x values are more than `factor` times the median step
    /// apart (a gap in the data), so no line bridges a gap.
    func brokenLine(_ points: [(Double, Double)], cssClass: String, factor: Double = 5) -> String {
        let steps = zip(points, points.dropFirst()).map { $1.0 - $0.0 }.filter { $0 > 0 }.sorted()
        guard !steps.isEmpty else { return line(points, cssClass: cssClass) }
        let limit = steps[steps.count / 2] * factor
        var parts: [String] = []
        var start = 0
        for i in 1..<points.count where points[i].0 - points[i - 1].0 > limit {
            parts.append(line(Array(points[start..<i]), cssClass: cssClass))
            start = i
        }
        parts.append(line(Array(points[start...]), cssClass: cssClass))
        return parts.joined()
    }

    /// A dot per finite point.
    func scatter(_ points: [(Double, Double)], cssClass: String, radius: Double = 2) -> String {
        points.filter { $0.0.isFinite && $0.1.isFinite && xDomain.contains($0.0) && yDomain.contains($0.1) }
            .map { "<circle class=\"\(cssClass)\" cx=\"\(n(x($0.0)))\" cy=\"\(n(y($0.1)))\" r=\"\(n(radius))\"/>" }.joined()
    }

    /// A horizontal line at `value`.
    func hline(_ value: Double, cssClass: String) -> String {
        guard yDomain.contains(value) else { return "" }
        return "<line class=\"\(cssClass)\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
    }

    /// A shaded vertical band from `from` to `to` (x values), for gaps.
    func band(from: Double, to: Double, cssClass: String) -> String {
        let a = x(max(from, xDomain.lowerBound))
        let b = x(min(to, xDomain.upperBound))
        return "<rect class=\"\(cssClass)\" x=\"\(n(a))\" y=\"\(n(top))\" width=\"\(n(max(1, b - a)))\" height=\"\(n(height - top - bottom))\"/>"
    }

    /// A triangle at (x, y): pointing up (`up`) or down.
    func marker(_ px: Double, _ py: Double, up: Bool, cssClass: String) -> String {
        let cx = x(px)
        let cy = y(py)
        let d = up ? "M\(n(cx)),\(n(cy - 6)) L\(n(cx - 5)),\(n(cy + 4)) L\(n(cx + 5)),\(n(cy + 4)) Z"
            : "M\(n(cx)),\(n(cy + 6)) L\(n(cx - 5)),\(n(cy - 4)) L\(n(cx + 5)),\(n(cy - 4)) Z"
        return "<path class=\"\(cssClass)\" d=\"\(d)\"/>"
    }

    /// Vertical bars, one per value, centred on x = 0, 1, 2, … (the x domain should be
    /// −0.5 ... count − 0.5); `offset` and `share` place several series side by side.
    func columns(_ values: [Double], cssClass: String, offset: Double = 0, share: Double = 0.8) -> String {
        let base = y(max(yDomain.lowerBound, min(0, yDomain.upperBound)))
        let w = (x(1) - x(0)) * share
        return values.enumerated().filter { $0.element.isFinite }.map { i, v in
            let top = y(v)
            return "<rect class=\"\(cssClass)\" x=\"\(n(x(Double(i)) - w / 2 + offset * w))\" y=\"\(n(min(top, base)))\" "
                + "width=\"\(n(w))\" height=\"\(n(max(0.5, abs(base - top))))\"/>"
        }.joined()
    }

    /// Horizontal bars labelled on the left, for rankings: one row per (label, value), the
    /// largest value filling the width.
    static func ranking(_ rows: [(String, Double)], title: String, cssClass: String, width: Double = 420) -> String {
        let rowHeight = 18.0
        let labelWidth = 170.0
        let height = rowHeight * Double(max(rows.count, 1)) + 24
        let largest = rows.map(\.1).filter(\.isFinite).max() ?? 1
        var parts: [String] = []
        for (i, row) in rows.enumerated() {
            let y = 12 + Double(i) * rowHeight
            let w = largest > 0 && row.1.isFinite ? max(1, row.1 / largest * (width - labelWidth - 70)) : 1
            parts.append(
                "<text class=\"tick\" x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 12))\" text-anchor=\"end\">\(HTML.escape(row.0))</text>"
                    + "<rect class=\"\(cssClass)\" x=\"\(n(labelWidth))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"\(n(rowHeight - 5))\"/>"
                    + "<text class=\"value\" x=\"\(n(labelWidth + w + 4))\" y=\"\(n(y + 12))\">\(HTML.number(row.1))</text>")
        }
        return "<svg class=\"chart\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTML.escape(title))</title>" + parts.joined() + "</svg>"
    }

    /// Five evenly spaced ticks over `range`, labelled by `label`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 5, label: (Double) -> String) -> [(Double, String)] {
        (0..<count).map { k in
            let v = range.lowerBound + (range.upperBound - range.lowerBound) * Double(k) / Double(count - 1)
            return (v, label(v))
        }
    }

    /// A coordinate with at most two decimals.
    func n(_ value: Double) -> String { Self.n(value) }
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }
}

/// HTML text helpers.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` escaped, for text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A number with 4 significant digits, `—` when not finite.
    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4g", value) : "—"
    }

    /// A share as a percentage with 2 decimals.
    static func percent(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f%%", value * 100) : "—"
    }

    /// `2024-08-23` of epoch milliseconds.
    static func day(_ milliseconds: Double) -> String {
        String(BarTime.string(fromMilliseconds: Int64(milliseconds)).prefix(10))
    }

    /// A table with a header row; cells are escaped.
    static func table(_ header: [String], _ rows: [[String]], cssClass: String = "") -> String {
        let head = "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined()
        return "<table\(cssClass.isEmpty ? "" : " class=\"\(cssClass)\"")>\(head)\(body)</table>"
    }
}
