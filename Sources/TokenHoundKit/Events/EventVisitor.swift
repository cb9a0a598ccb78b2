/// The consumer of typed events: the decoder calls one method per recognised row.
/// Generic (not an existential) so the per-row call is specialised and inlined.
public protocol EventVisitor {
    mutating func visit(auth: AuthEvent)
    mutating func visit(apiCall: ApiCallView)
    mutating func visit(bulkJob: BulkJobEvent)
    mutating func visit(logout: LogoutEvent)
    mutating func visit(tokenHolding: TokenHolding)
    mutating func visit(appDirectoryID id: SalesforceID, name: String)
    mutating func visit(privilege: PrivilegeGrant)
}
