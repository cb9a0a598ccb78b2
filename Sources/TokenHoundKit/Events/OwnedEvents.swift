/// Bulk API 2.0 job state change (BulkApi2). Rows are few, so the event is owned.
public struct BulkJobEvent: Sendable {
    public var time: EventTime
    public var user: SalesforceID?
    public var loginKey: String?
    public var clientAddress: SourceAddress
    public var jobID: String
    /// `JOB_STATUS` lowercased: created, uploadcomplete, inprogress, jobcomplete/complete, aborted, failed, deleted.
    public var status: String
    /// `OPERATION_TYPE`: query, queryAll, insert, upsert, delete, ...
    public var operation: String
    public var entity: String
    public var recordsProcessed: Int64
    public var location: RowLocation
    public init(time: EventTime, user: SalesforceID?, loginKey: String?, clientAddress: SourceAddress, jobID: String,
                status: String, operation: String, entity: String, recordsProcessed: Int64, location: RowLocation) {
        self.time = time; self.user = user; self.loginKey = loginKey; self.clientAddress = clientAddress
        self.jobID = jobID; self.status = status; self.operation = operation; self.entity = entity
        self.recordsProcessed = recordsProcessed; self.location = location
    }
}

/// An ELF Logout row. `APP_TYPE=2514` / `SESSION_TYPE=O` mark OAuth; revocations log as logouts.
public struct LogoutEvent: Sendable {
    public var time: EventTime
    public var user: SalesforceID?
    public var loginKey: String?
    public var appType: String
    public var sessionType: String
    public var isOAuth: Bool
    public var location: RowLocation
    public init(time: EventTime, user: SalesforceID?, loginKey: String?, appType: String, sessionType: String, isOAuth: Bool, location: RowLocation) {
        self.time = time; self.user = user; self.loginKey = loginKey; self.appType = appType
        self.sessionType = sessionType; self.isOAuth = isOAuth; self.location = location
    }
}

/// An `OauthToken` export row: a live token a user holds for an app.
public struct TokenHolding: Sendable, Hashable {
    public var appName: String
    public var user: SalesforceID?
    public var useCount: Int64?
    public var lastUsed: EventTime?
    public var created: EventTime?
    public var location: RowLocation
    public init(appName: String, user: SalesforceID?, useCount: Int64?, lastUsed: EventTime?, created: EventTime?, location: RowLocation) {
        self.appName = appName; self.user = user; self.useCount = useCount; self.lastUsed = lastUsed
        self.created = created; self.location = location
    }
}

/// A `PermissionSetAssignment` export row: the privileges an assignee gets from one permission set.
public struct PrivilegeGrant: Sendable, Hashable {
    public var assignee: SalesforceID
    public var modifyAllData: Bool
    public var viewAllData: Bool
    public var manageUsers: Bool
    public var apiEnabled: Bool
    public init(assignee: SalesforceID, modifyAllData: Bool, viewAllData: Bool, manageUsers: Bool, apiEnabled: Bool) {
        self.assignee = assignee; self.modifyAllData = modifyAllData; self.viewAllData = viewAllData
        self.manageUsers = manageUsers; self.apiEnabled = apiEnabled
    }
}
