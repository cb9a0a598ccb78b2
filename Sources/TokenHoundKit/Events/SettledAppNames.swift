/// The (connected-app id, name) pairs of a file for which `EventDecoder.newSmallestName` has answered
/// already: its answer for such a pair is nil from then on (the name was sent and is the smallest,
/// or is not smaller than one sent, and the smallest name sent for an id only ever decreases).
/// Nearly every ApiTotalUsage row repeats a pair seen before; this answers it with a few compares,
/// where the dictionary of sent names took a probe and a `String`'s retain, release and UTF-8 access.
///
/// Direct-mapped and exact: 256 slots chosen by the id's mixed word, each holding one id and one name
/// of up to 32 bytes (a longer name is never remembered). A pair it does not hold costs the
/// dictionary path as before, so what it holds changes no result, only how fast it comes.
struct SettledAppNames {
    private struct Slot {
        var id: SalesforceID
        /// The name's length; 0 for an empty slot (names asked about are never empty).
        var count: Int
    }

    static let slotCount = 256
    static let maxNameBytes = 32

    /// Allocated with the first pair (most files carry no app names).
    private var slots: [Slot] = []
    /// Slot i's name in bytes 32i..<32i+count: apart from the slots, so that it is compared where
    /// it lies (a name kept in the slot was copied out to the stack first).
    private var names: [UInt8] = []

    @inline(__always)
    private static func slotIndex(_ id: SalesforceID) -> Int { Int(truncatingIfNeeded: id.mixWord >> 56) }

    /// True when `(id, name)` has been inserted and not displaced by another pair since.
    @inline(__always)
    func contains(_ id: SalesforceID, _ name: UnsafeRawBufferPointer) -> Bool {
        guard !slots.isEmpty else { return false }
        let i = Self.slotIndex(id)
        let slot = slots.withUnsafeBufferPointer { $0[i] }
        guard slot.count == name.count, slot.id == id else { return false }
        return names.withUnsafeBytes {
            EventBytes.equals(UnsafeRawBufferPointer(start: $0.baseAddress! + i &* Self.maxNameBytes, count: slot.count), name)
        }
    }

    /// Remembers `(id, name)` (`name` not empty), displacing the slot's previous pair.
    mutating func insert(_ id: SalesforceID, _ name: UnsafeRawBufferPointer) {
        guard !name.isEmpty, name.count <= Self.maxNameBytes else { return }
        if slots.isEmpty {
            slots = Array(repeating: Slot(id: id, count: 0), count: Self.slotCount)
            names = Array(repeating: 0, count: Self.slotCount * Self.maxNameBytes)
        }
        let i = Self.slotIndex(id)
        slots[i] = Slot(id: id, count: name.count)
        names.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[(i * Self.maxNameBytes)...]).copyMemory(from: name) }
    }
}
