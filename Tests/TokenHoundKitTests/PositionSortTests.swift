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

    /// The merge sort's edges: sizes around its insertion-sorted runs of 16 and their doublings,
    /// and inputs made of sorted runs (as the store's lists are, one run per file) with ties
    /// inside and across runs.
    func testMatchesAStableSortAroundRunSizesAndOnSortedRuns() {
        var rng = ReadingTestSupport.SplitMix64(seed: 41)
        for n in [15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 129, 257, 1_000, 4_097] {
            for shape in 0..<3 {
                var items: [Item] = []
                while items.count < n {
                    // Shape 0: random keys; 1: sorted runs of random length; 2: one key in a few values.
                    let length = shape == 1 ? Int(1 + rng.next() % 300) : n
                    var key = Int(rng.next() % 50)
                    for _ in 0..<Swift.min(length, n - items.count) {
                        switch shape {
                        case 0: key = Int(rng.next() % UInt64(Swift.max(1, n / 4)))
                        case 1: key += Int(rng.next() % 3)
                        default: key = Int(rng.next() % 3)
                        }
                        items.append(Item(key: key, payload: "p\(items.count)"))
                    }
                }
                var sorted = items
                sorted.sortByPosition { $0.key < $1.key }
                XCTAssertEqual(sorted, stableSorted(items), "n=\(n) shape=\(shape)")
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
