import Testing

@testable import KiloCore
@testable import KiloShell

@Suite struct TuningHistoryRendererTests {
    @Test func drawsTrialsTheBestSoFarAndTrialsWithoutValue() {
        let history = TuningHistory(
            study: "gbdt <BTCEUR>", minimize: true,
            trials: [
                .init(number: 0, value: 0.5, state: "complete"), .init(number: 1, value: nil, state: "pruned"),
                .init(number: 2, value: 0.3, state: "complete"), .init(number: 3, value: 0.4, state: "complete"),
                .init(number: 4, value: nil, state: "failed"),
            ])
        let html = TuningHistoryRenderer.section(history)
        #expect(html.hasPrefix("<section id=\"tuning\"><h2>Tuning history: gbdt &lt;BTCEUR&gt;</h2>"))
        #expect(html.contains("5 trials (3 complete, 1 failed, 1 pruned), minimising; best: trial 2 with 0.3."))
        #expect(html.components(separatedBy: "<circle class=\"trial\"").count == 4)
        #expect(html.components(separatedBy: "<path class=\"pruned\"").count == 3)
        #expect(html.components(separatedBy: "<polyline class=\"best\"").count == 2)
        #expect(html.contains("<svg class=\"chart\"") && html.hasSuffix("</svg></section>"))
    }
}
