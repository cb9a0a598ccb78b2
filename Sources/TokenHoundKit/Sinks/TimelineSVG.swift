/// Inline SVG timeline of one app's refresh grants: x = time across the observed window, one row
/// per network, green dots for successful grants, grey for failed ones, and each finding's
/// first..last-seen window as a red band on its network's row (across all rows when the
/// finding's network has no row).
enum TimelineSVG {
    static let width = 1100.0
    static let labelWidth = 190.0
    static let rowHeight = 22.0
    static let top = 8.0
    static let axisHeight = 30.0
    static let maxRows = 14

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func render(app: AppActivitySummary, findings: [Finding], from: EventTime?, to: EventTime?) -> String {
        // Rows: networks with findings first, then the busiest; a roaming app's long tail shares
        // one "other networks" row so the chart stays readable.
        var counts: [String: Int] = [:]
        for p in app.timeline { counts[p.network, default: 0] += 1 }
        var ordered: [String] = []
        for f in findings { if let n = f.network, !ordered.contains(n) { ordered.append(n) } }
        for n in counts.keys.sorted(by: { a, b in counts[a]! != counts[b]! ? counts[a]! > counts[b]! : a < b }) where !ordered.contains(n) {
            ordered.append(n)
        }
        var networks = Array(ordered.prefix(maxRows))
        let overflow = ordered.count > maxRows
        if overflow { networks.append("other networks (\(ordered.count - maxRows))") }
        if networks.isEmpty { networks = ["(no grants)"] }
        func rowIndex(_ network: String) -> Int? {
            if let i = networks.firstIndex(of: network) { return i }
            return overflow ? networks.count - 1 : nil
        }

        // The axis is the observed window; findings reaching outside it are clamped to its edges.
        let times = app.timeline.map(\.time)
        let lo = from ?? app.firstSeen ?? times.min() ?? findings.map(\.firstSeen).min() ?? EventTime(millis: 0)
        var hi = to ?? app.lastSeen ?? times.max() ?? findings.map(\.lastSeen).max() ?? lo
        if hi.millis <= lo.millis { hi = lo.adding(millis: EventTime.hourMillis) }
        let plotW = width - labelWidth - 10
        func x(_ t: EventTime) -> Double {
            let clamped = min(max(t.millis, lo.millis), hi.millis)
            return labelWidth + Double(clamped - lo.millis) / Double(hi.millis - lo.millis) * plotW
        }
        func rowY(_ i: Int) -> Double { top + Double(i) * rowHeight + rowHeight / 2 }
        let plotH = Double(networks.count) * rowHeight
        let height = top + plotH + axisHeight
        let e = HTMLEscape.escape

        var o = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"Refresh grants of \(e(app.app.display)) by network\">\n"
        for (i, n) in networks.enumerated() {
            let y = rowY(i)
            if i % 2 == 0 {
                o += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y - rowHeight / 2))\" width=\"\(fmt(plotW))\" height=\"\(fmt(rowHeight))\" fill=\"#f4f6f8\"/>\n"
            }
            let label = n.count > 26 ? String(n.prefix(25)) + "…" : n
            o += "<text x=\"\(fmt(labelWidth - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\" class=\"net\">\(e(label))<title>\(e(n))</title></text>\n"
        }
        // Findings' windows.
        for f in findings {
            let x0 = x(f.firstSeen), x1 = max(x(f.lastSeen), x0 + 3)
            let title = "<title>\(e(f.level.name)) \(f.riskScore): \(e(f.ruleTitle)) \(f.firstSeen.iso8601) .. \(f.lastSeen.iso8601)</title>"
            if let n = f.network, let i = rowIndex(n) {
                o += "<rect x=\"\(fmt(x0 - 1.5))\" y=\"\(fmt(rowY(i) - rowHeight / 2 + 1))\" width=\"\(fmt(x1 - x0 + 3))\" height=\"\(fmt(rowHeight - 2))\" fill=\"#d93025\" fill-opacity=\"0.18\" stroke=\"#d93025\" stroke-width=\"1.5\">\(title)</rect>\n"
            } else {
                o += "<rect x=\"\(fmt(x0 - 1.5))\" y=\"\(fmt(top))\" width=\"\(fmt(x1 - x0 + 3))\" height=\"\(fmt(plotH))\" fill=\"#d93025\" fill-opacity=\"0.12\" stroke=\"#d93025\" stroke-dasharray=\"4 2\">\(title)</rect>\n"
            }
        }
        // Grants (failed first so successes draw on top).
        for p in app.timeline.sorted(by: { (!$0.succeeded ? 0 : 1, $0.time) < (!$1.succeeded ? 0 : 1, $1.time) }) {
            guard let i = rowIndex(p.network) else { continue }
            let fill = p.succeeded ? "#1e8e3e" : "#9aa0a6"
            o += "<circle cx=\"\(fmt(x(p.time)))\" cy=\"\(fmt(rowY(i)))\" r=\"3.5\" fill=\"\(fill)\"><title>\(p.time.iso8601) \(p.succeeded ? "ok" : "failed") \(e(p.network))</title></circle>\n"
        }
        // Axis: start, end and 3 ticks between.
        let axisY = top + plotH
        o += "<line x1=\"\(fmt(labelWidth))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(labelWidth + plotW))\" y2=\"\(fmt(axisY))\" stroke=\"#5f6368\"/>\n"
        let ticks = 4
        for k in 0...ticks {
            let t = EventTime(millis: lo.millis + (hi.millis - lo.millis) * Int64(k) / Int64(ticks))
            let tx = x(t)
            let anchor = k == 0 ? "start" : k == ticks ? "end" : "middle"
            let iso = t.iso8601
            let label = String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
            o += "<line x1=\"\(fmt(tx))\" y1=\"\(fmt(axisY))\" x2=\"\(fmt(tx))\" y2=\"\(fmt(axisY + 4))\" stroke=\"#5f6368\"/>"
            o += "<text x=\"\(fmt(tx))\" y=\"\(fmt(axisY + 17))\" text-anchor=\"\(anchor)\" class=\"tick\">\(label)</text>\n"
        }
        o += "</svg>\n"
        return o
    }
}
