/// One API-activity row (RestApi, API, ApiTotalUsage, BulkApiRequest, UniqueQuery, URI, LoginAs),
/// as a borrowed view over the CSV reader's buffer: valid only during the visitor call, so the hot
/// path never allocates. Consumers copy out (`.string`) only what they keep.
public struct ApiCallView {
    public var kind: LogKind
    public var time: EventTime
    public var user: SalesforceID?
    /// The client IP when `CLIENT_IP` parsed as one. The column is kept as plain data (this and
    /// `clientAddressText`), not as a `SourceAddress`: that enum can hold a `String`, which made
    /// every row's view a value with a destructor (~28 instructions a row to drop it).
    public var clientIP: IPAddress?
    /// `CLIENT_IP` bytes when they are not an IP (empty, `Salesforce.com IP`, a placeholder).
    public var clientAddressText: UnsafeRawBufferPointer
    /// What `CLIENT_IP` held, built on demand: a `String` only for an unparsed value.
    public var clientAddress: SourceAddress { SourceAddress(parsedIP: clientIP, text: clientAddressText) }
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

    /// Every field at once: the decoder builds each row's view as one constant, never copied
    /// (a view filled in field by field after `init(kind:time:location:)` was copied twice per row,
    /// 272 bytes each time).
    init(kind: LogKind, time: EventTime, location: RowLocation, user: SalesforceID?, clientIP: IPAddress?,
         clientAddressText: UnsafeRawBufferPointer,
         loginKey: UnsafeRawBufferPointer, sessionKey: UnsafeRawBufferPointer, connectedAppID: SalesforceID?,
         connectedAppName: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer, method: UnsafeRawBufferPointer,
         query: UnsafeRawBufferPointer, entity: UnsafeRawBufferPointer, rowsProcessed: Int64, responseBytes: Int64,
         statusCode: Int32, clientName: UnsafeRawBufferPointer, requestID: UnsafeRawBufferPointer) {
        self.kind = kind; self.time = time; self.location = location; self.user = user; self.clientIP = clientIP
        self.clientAddressText = clientAddressText
        self.loginKey = loginKey; self.sessionKey = sessionKey; self.connectedAppID = connectedAppID
        self.connectedAppName = connectedAppName; self.resource = resource; self.method = method; self.query = query
        self.entity = entity; self.rowsProcessed = rowsProcessed; self.responseBytes = responseBytes
        self.statusCode = statusCode; self.clientName = clientName; self.requestID = requestID
    }

    public init(kind: LogKind, time: EventTime, location: RowLocation) {
        self.kind = kind; self.time = time; self.location = location
        user = nil; clientIP = nil; connectedAppID = nil
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        clientAddressText = empty; loginKey = empty; sessionKey = empty; connectedAppName = empty; resource = empty; method = empty
        query = empty; entity = empty; clientName = empty; requestID = empty
        rowsProcessed = 0; responseBytes = 0; statusCode = 0
    }
}
