/// The OAuth events one analysis attributes, held once: every `AttributedGrant` names its event by
/// position in this list rather than keeping a copy (the store's list, so no second copy exists).
final class GrantEvents: Sendable {
    let list: [AuthEvent]

    init(_ list: [AuthEvent]) {
        precondition(list.count <= Int(UInt32.max), "more grants than a grant's UInt32 index can name")
        self.list = list
    }
}
