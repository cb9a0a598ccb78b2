import XCTest
@testable import TokenHoundKit

/// `Array.sortByPosition` must give exactly what a stable sort gives.
final class PositionSortTests: XCTestCase {
    private struct Item: Equatable { var key: Int; var payload: String }

    private func stableSorted(_ items: [Item]) -> [Item] {
        items.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
    }

    func testMatchesAStableSortWithManyTiesAndCycles() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 3, 7, 64, 1_000] {
            for _ in 0..<20 {
                let items = (0..<n).map { Item(key: Int.random(in: 0..<max(1, n / 3), using: &rng), payload: "p\($0)") }
                var sorted = items
                sorted.sortByPosition { $0.key < $1.key }
                XCTAssertEqual(sorted, stableSorted(items), "n=\(n)")
            }
        }
    }

    func testAlreadySortedAndReversedInputs() {
        let ascending = (0..<50).map { Item(key: $0 / 2, payload: "a\($0)") }
        var a = ascending
        a.sortByPosition { $0.key < $1.key }
        XCTAssertEqual(a, ascending)
        var r = Array(ascending.reversed())
        r.sortByPosition { $0.key < $1.key }
        XCTAssertEqual(r, stableSorted(Array(ascending.reversed())))
    }
}
