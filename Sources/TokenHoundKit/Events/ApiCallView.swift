/// One API-activity row (RestApi, API, ApiTotalUsage, BulkApiRequest, UniqueQuery, URI, LoginAs),
/// as a borrowed view over the CSV reader's buffer: valid only during the visitor call, so the hot
/// path never allocates. Consumers copy out (`.string`) only what they keep.
public struct ApiCallView {
    public var kind: LogKind
    public var time: EventTime
    public var user: SalesforceID?
    public var clientAddress: SourceAddress
    /// `LOGIN_KEY` bytes (empty when the type has none, e.g. ApiTotalUsage).
    public var loginKey: UnsafeRawBufferPointer
    public var sessionKey: UnsafeRawBufferPointer
    /// `CONNECTED_APP_ID` normalised to 18 chars, when present and valid.
    public var connectedAppID: SalesforceID?
    /// `CONNECTED_APP_NAME` (ApiTotalUsage), else empty.
    public var connectedAppName: UnsafeRawBufferPointer
    /// `URI` (RestApi/URI), `API_RESOURCE` (ApiTotalUsage), `REQUEST_PATH` (BulkApiRequest).
    public var resource: UnsafeRawBufferPointer
    /// `METHOD` / `HTTP_METHOD` / `METHOD_NAME`.
    public var method: UnsafeRawBufferPointer
    /// SOQL text (`QUERY`, UniqueQuery's query column), else empty.
    public var query: UnsafeRawBufferPointer
    /// `ENTITY_NAME` / `ENTITY_TYPE`.
    public var entity: UnsafeRawBufferPointer
    public var rowsProcessed: Int64
    public var responseBytes: Int64
    public var statusCode: Int32
    /// ApiTotalUsage `CLIENT_NAME` / `USER_AGENT` where meaningful, else empty.
    public var clientName: UnsafeRawBufferPointer
    public var requestID: UnsafeRawBufferPointer
    public var location: RowLocation

    public init(kind: LogKind, time: EventTime, location: RowLocation) {
        self.kind = kind; self.time = time; self.location = location
        user = nil; clientAddress = .empty; connectedAppID = nil
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        loginKey = empty; sessionKey = empty; connectedAppName = empty; resource = empty; method = empty
        query = empty; entity = empty; clientName = empty; requestID = empty
        rowsProcessed = 0; responseBytes = 0; statusCode = 0
    }
}
