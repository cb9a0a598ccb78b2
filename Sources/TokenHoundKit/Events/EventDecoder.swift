/// Turns one file's CSV records into typed events. One decoder per file: the first record is the
/// header, every later record a data row.
///
/// Hot path: API-activity rows (the bulk of any input) are parsed straight from the record's bytes
/// into an `ApiCallView` with no `String`, no Foundation and no heap allocation. Auth, bulk-job,
/// logout and export rows are rare and build owned events.
///
/// Bad values never make a file corrupt: they are counted per column and kept raw. Only rows that
/// cannot be used at all (wrong field count, no parseable time, foreign `EVENT_TYPE`) are rejected,
/// counted by reason, and the first few reported as warnings with their line.
public struct EventDecoder: Sendable {
    public let fileID: UInt32
    public let path: String
    /// Row-level warnings kept per file; later ones are only counted.
    public static let maxRowDiagnostics = 20

    public private(set) var binding: HeaderBinding?
    /// The file's kind once known (exports: from the header; ELF: from the first data row).
    public private(set) var kind: LogKind?

    private var headerSeen = false
    private var columnCount = 0
    private var idx: [Int] = []
    private var headerFirstField: [UInt8] = []
    private var headerFields: [[UInt8]] = []
    private var fileEventType: [UInt8] = []
    private var isELF = false
    private var recognised = false
    private var timeRequired = false

    private var rows = 0
    private var accepted = 0
    private var emitted = 0
    private var nonOAuth = 0
    private var repeatedHeaders = 0
    private var rejected: [String: Int] = [:]
    private var unparsed: [Int] = []
    private var empty: [Int] = []
    private var unknownEventTypes: [String: Int] = [:]
    private var primaryKindRows = 0
    private var otherKindRows: [LogKind: Int] = [:]
    private var minTime = Int64.max
    private var maxTime = Int64.min
    private var hours: Set<Int64> = []
    private var fingerprint: [Int64: HourFingerprint] = [:]
    private var currentHour = Int64.min
    private var currentRows = 0
    private var currentSum: UInt64 = 0
    private var diagnostics: [InputDiagnostic] = []
    private var rowDiagnostics = 0
    /// Per connected-app id, the smallest name this file has sent to the visitor (`newSmallestName`).
    private var smallestAppNames: [SalesforceID: String] = [:]
    /// Pairs `newSmallestName` has answered, so that a repeated pair skips `smallestAppNames`.
    private var settledAppNames = SettledAppNames()
    private var derivedTimes = ISOHourMemo()
    /// User and app ids and client IPs as parsed before in this file (see `ParseMemo`): every API
    /// row parses a user, an IP and most an app id, a few thousand distinct ones a file.
    private var parsedIDs = ParseMemo<SalesforceID>()
    private var parsedIPs = ParseMemo<IPAddress>()

    public init(fileID: UInt32, path: String) {
        self.fileID = fileID
        self.path = path
    }

    // MARK: - Consuming records

    public mutating func consume<V: EventVisitor>(_ record: CSVRecord, into visitor: inout V) {
        if !headerSeen { bindHeader(record); return }
        guard recognised else { rejectUnderUnrecognisedHeader(); return }
        let n = record.count
        if n <= 1 && record[0].isEmpty && columnCount > 1 { return }   // blank line
        if n == columnCount && isRepeatedHeader(record) {
            repeatedHeaders += 1
            if repeatedHeaders == 1 {
                diagnostics.append(InputDiagnostic(severity: .note, file: path, line: record.line,
                    message: "header line repeated mid-file (concatenated files?); repeated headers are skipped"))
            }
            return
        }
        rows += 1
        if n != columnCount {
            reject("row has \(n) fields, header has \(columnCount)", line: record.line)
            return
        }

        let row = RowFields(record)

        // Which kind this row is.
        var rowKind: LogKind
        var matchesFileType = true
        if isELF {
            let et = row[col(.eventType)]
            if let k = kind {
                rowKind = k
                if !et.isEmpty && !EventBytes.equals(et, fileEventType) {
                    matchesFileType = false
                    guard let other = foreignRowKind(et, fileKind: k, line: record.line) else { return }
                    rowKind = other
                }
            } else {
                rowKind = bindFileKind(firstEventType: et, line: record.line)
            }
        } else {
            rowKind = kind ?? .otherEventLog
        }

        // Time.
        let time: EventTime?
        switch rowKind {
        case .loginHistory: time = parseTime(row, .loginTime)
        case .loginEvent: time = parseTime(row, .eventDate)
        case .oauthToken, .connectedApplication, .permissionSetAssignment: time = nil
        default: time = elfTime(row)
        }
        if time == nil && timeRequired {
            reject(isELF ? "no parseable TIMESTAMP" : "no parseable \(timeColumnName)", line: record.line)
            return
        }
        accepted += 1
        if rowKind == kind && matchesFileType { primaryKindRows += 1 } else { countOtherKindRow(rowKind) }
        if let time { noteRow(time: time, hash: EventBytes.hashRecord(record)) }

        let location = RowLocation(file: fileID, line: UInt32(clamping: record.line))
        switch rowKind {
        case .restApi, .api, .apiTotalUsage, .bulkApiRequest, .uniqueQuery, .uri, .loginAs:
            if let time { emitApiCall(row, kind: rowKind, time: time, location: location, into: &visitor) }
        case .login, .loginHistory, .loginEvent:
            if let time { emitAuth(row, kind: rowKind, time: time, location: location, into: &visitor) }
        case .bulkApi2:
            if let time { emitBulkJob(row, time: time, location: location, into: &visitor) }
        case .logout:
            if let time { emitLogout(row, time: time, location: location, into: &visitor) }
        case .oauthToken: emitTokenHolding(row, location: location, into: &visitor)
        case .connectedApplication: emitAppDirectory(row, into: &visitor)
        case .permissionSetAssignment: emitPrivilege(row, into: &visitor)
        case .otherEventLog: break
        }
    }

    // The rare cases of `consume`, out of line: inlined, their dictionary updates' default-value
    // closures were set up and released on every row.

    @inline(never)
    private mutating func rejectUnderUnrecognisedHeader() {
        rows += 1
        rejected["unrecognised header", default: 0] += 1
    }

    /// The kind of an ELF row whose EVENT_TYPE is not its file's, or nil when the row is rejected.
    @inline(never)
    private mutating func foreignRowKind(_ et: UnsafeRawBufferPointer, fileKind k: LogKind, line: Int) -> LogKind? {
        let other = HeaderBinding.eventLogKind(bytes: et)
        if let other, other == binding?.signatureKind {
            // A known type whose own header this is: dispatch by the row's EVENT_TYPE.
            return other
        }
        if k == .otherEventLog && other == nil {
            unknownEventTypes[eventTypeKey(et), default: 0] += 1
            return .otherEventLog
        }
        let name = eventTypeKey(et)
        if other == nil { unknownEventTypes[name, default: 0] += 1 }
        reject("EVENT_TYPE \(name) in a \(k.rawValue) file", line: line)
        return nil
    }

    /// An ELF file's kind, from its first data row's EVENT_TYPE (`et`).
    @inline(never)
    private mutating func bindFileKind(firstEventType et: UnsafeRawBufferPointer, line: Int) -> LogKind {
        let k = et.isEmpty ? (binding?.signatureKind ?? .otherEventLog)
                           : (HeaderBinding.eventLogKind(bytes: et) ?? .otherEventLog)
        kind = k
        fileEventType = Array(et)
        if k == .otherEventLog && !et.isEmpty {
            diagnostics.append(InputDiagnostic(severity: .note, file: path, line: line,
                message: "event type \(eventTypeKey(et)) is not analysed; rows counted only"))
        }
        return k
    }

    @inline(never)
    private mutating func countOtherKindRow(_ rowKind: LogKind) {
        otherKindRows[rowKind, default: 0] += 1
    }

    /// The report for this file. May be called at any time; decoding can continue afterwards.
    public func finish() -> FileDecodeReport {
        var r = FileDecodeReport(fileID: fileID, path: path)
        let finalKind: LogKind? = kind ?? binding?.signatureKind
        r.kind = (binding?.isRecognised ?? false) ? finalKind : nil
        r.columnCount = columnCount
        r.headerGeneration = headerSeen ? HeaderBinding.generationLabel(kind: r.kind, columnCount: columnCount) : ""
        r.rows = rows
        r.rowsAccepted = accepted
        r.eventsEmitted = emitted
        r.nonOAuthLogins = nonOAuth
        r.rejectedRows = rejected
        r.repeatedHeaders = repeatedHeaders
        r.unknownColumns = binding?.unknownColumns ?? []
        r.duplicateColumns = binding?.duplicateColumns ?? []
        if let binding {
            for i in 0..<columnCount {
                if unparsed[i] > 0 { r.unparsedValues[binding.columnNames[i], default: 0] += unparsed[i] }
                if empty[i] > 0 { r.emptyValues[binding.columnNames[i], default: 0] += empty[i] }
            }
        }
        r.unknownEventTypes = unknownEventTypes
        if kind == .otherEventLog && primaryKindRows > 0 {
            let name = fileEventType.isEmpty ? "(empty EVENT_TYPE)" : fileEventType.withUnsafeBytes { eventTypeKey($0) }
            r.unknownEventTypes[name, default: 0] += primaryKindRows
        }
        if let k = kind, primaryKindRows > 0 { r.rowsByKind[k] = primaryKindRows }
        for (k, v) in otherKindRows { r.rowsByKind[k, default: 0] += v }
        if minTime <= maxTime { r.firstTime = EventTime(millis: minTime); r.lastTime = EventTime(millis: maxTime) }
        var fp = fingerprint
        var hs = hours
        if currentRows > 0 {
            fp[currentHour, default: HourFingerprint()].rows += currentRows
            fp[currentHour, default: HourFingerprint()].hashSum &+= currentSum
            hs.insert(currentHour)
        }
        r.hours = hs
        r.fingerprint = fp
        r.diagnostics = diagnostics
        if !headerSeen {
            r.diagnostics.append(InputDiagnostic(severity: .warning, file: path, message: "empty file: no header"))
        }
        let totalRowProblems = rejected.values.reduce(0, +)
        if totalRowProblems > rowDiagnostics && rowDiagnostics >= Self.maxRowDiagnostics {
            r.diagnostics.append(InputDiagnostic(severity: .note, file: path,
                message: "\(totalRowProblems - rowDiagnostics) more rejected rows not listed"))
        }
        return r
    }

    /// The 64-bit hash of a row's field contents and boundaries used by the duplicate fingerprint.
    public static func rowHash(_ record: CSVRecord) -> UInt64 { EventBytes.hashRecord(record) }

    /// The version of `rowHash` this build computes (stored with persisted fingerprints).
    public static var rowHashVersion: Int { EventBytes.rowHashVersion }

    // MARK: - Header

    private mutating func bindHeader(_ record: CSVRecord) {
        headerSeen = true
        let b = HeaderBinding(header: record)
        binding = b
        columnCount = record.count
        idx = HeaderBinding.Field.allCases.map { b.index($0) }
        headerFields = (0..<record.count).map { Array(Self.stripBOM(record[$0])) }
        headerFirstField = headerFields.first ?? []
        unparsed = [Int](repeating: 0, count: columnCount)
        empty = [Int](repeating: 0, count: columnCount)
        isELF = b.isEventLogFile
        recognised = b.isRecognised
        if !b.isRecognised {
            diagnostics.append(InputDiagnostic(severity: .error, file: path, line: record.line,
                                               message: "unrecognised header (not a Salesforce log export?): \(b.summary)"))
            return
        }
        for d in b.duplicateColumns {
            diagnostics.append(InputDiagnostic(severity: .warning, file: path, line: record.line,
                                               message: "duplicate column \(d) in header; the first is used"))
        }
        if !isELF { kind = b.signatureKind }
        timeRequired = isELF || kind == .loginHistory || kind == .loginEvent
    }

    @inline(__always)
    private static func stripBOM(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            return UnsafeRawBufferPointer(rebasing: b[3...])
        }
        return b
    }

    /// Every row of the right width asks: its first field (BOM or not) is compared here, inline,
    /// and only a row whose first field is the header's has its other fields compared.
    @inline(__always)
    private func isRepeatedHeader(_ record: CSVRecord) -> Bool {
        EventBytes.equals(Self.stripBOM(record[0]), headerFirstField) && Self.fieldsAfterTheFirst(of: record, match: headerFields)
    }

    @inline(never)
    private static func fieldsAfterTheFirst(of record: CSVRecord, match headerFields: [[UInt8]]) -> Bool {
        for i in 1..<max(record.count, 1) where i < headerFields.count {
            if !EventBytes.equals(record[i], headerFields[i]) { return false }
        }
        return true
    }

    // MARK: - Bookkeeping

    /// Distinct attacker-chosen EVENT_TYPE values kept per file; later ones are pooled.
    static let maxEventTypeKeys = 100

    /// An EVENT_TYPE value as a report key and in messages: masked, cut to 64 characters, and at
    /// most `maxEventTypeKeys` distinct ones per file, so a hostile file cannot grow the report
    /// (or the rejected-row reasons) by one entry per row.
    private func eventTypeKey(_ et: UnsafeRawBufferPointer) -> String {
        var name = SecretMasker.mask(EventBytes.string(et))
        if name.count > 64 { name = String(name.prefix(64)) + "…" }
        if unknownEventTypes[name] == nil && unknownEventTypes.count >= Self.maxEventTypeKeys { return "(other event types)" }
        return name
    }

    @inline(never)
    private mutating func reject(_ reason: String, line: Int) {
        rejected[reason, default: 0] += 1
        if rowDiagnostics < Self.maxRowDiagnostics {
            rowDiagnostics += 1
            diagnostics.append(InputDiagnostic(severity: .warning, file: path, line: line, message: "row rejected: \(reason)"))
        }
    }

    @inline(__always)
    private mutating func noteRow(time: EventTime, hash: UInt64) {
        let h = time.hourIndex
        if h != currentHour {
            if currentRows > 0 {
                fingerprint[currentHour, default: HourFingerprint()].rows += currentRows
                fingerprint[currentHour, default: HourFingerprint()].hashSum &+= currentSum
                hours.insert(currentHour)
            }
            currentHour = h; currentRows = 0; currentSum = 0
        }
        currentRows += 1
        currentSum &+= hash
        if time.millis < minTime { minTime = time.millis }
        if time.millis > maxTime { maxTime = time.millis }
    }

    // MARK: - Field parsing (no allocation except for kept raw values)

    /// The column bound to `f`, or -1. Read without a bounds test (twenty-odd per API row): `idx`
    /// holds one entry per field from `bindHeader` on, and nothing reads columns before it.
    @inline(__always)
    private func col(_ f: HeaderBinding.Field) -> Int {
        assert(idx.count == HeaderBinding.Field.allCases.count, "columns read before the header was bound")
        return idx.withUnsafeBufferPointer { $0[f.rawValue] }
    }

    private var timeColumnName: String {
        let c = kind == .loginEvent ? col(.eventDate) : col(.loginTime)
        guard let binding, c >= 0 else { return "time" }
        return binding.columnNames[c]
    }

    @inline(__always)
    private func field(_ r: RowFields, _ f: HeaderBinding.Field) -> UnsafeRawBufferPointer { r[col(f)] }

    private mutating func elfTime(_ r: RowFields) -> EventTime? {
        let d = col(.timestampDerived)
        let derived = r[d]
        if !derived.isEmpty {
            if let t = derivedTimes.parse(derived) { return t }
            unparsed[d] += 1
        }
        let t = col(.timestamp)
        if t >= 0 {
            let b = r[t]
            if !b.isEmpty {
                if let v = TimestampParser.parse(b) { return v }
                unparsed[t] += 1
            } else {
                empty[t] += 1
            }
        }
        return nil
    }

    private mutating func parseTime(_ r: RowFields, _ f: HeaderBinding.Field) -> EventTime? {
        let c = col(f)
        guard c >= 0 else { return nil }
        let b = r[c]
        if b.isEmpty { empty[c] += 1; return nil }
        if let t = TimestampParser.parse(b) { return t }
        unparsed[c] += 1
        return nil
    }

    /// The user: `USER_ID_DERIVED` when it parses, else `USER_ID` (unparsed values are counted,
    /// and an empty `USER_ID` when `USER_ID_DERIVED` is absent or empty too). Only the id, inline:
    /// returning the raw value alongside cost every API row a call and a result in memory.
    @inline(__always)
    private mutating func user(_ r: RowFields) -> SalesforceID? {
        let d = col(.userIDDerived)
        let derived = r[d]
        if !derived.isEmpty {
            if let id = parsedIDs.parsed(derived) { return id }
            unparsed[d] += 1
        }
        let u = col(.userID)
        let b = r[u]
        if !b.isEmpty {
            if let id = parsedIDs.parsed(b) { return id }
            unparsed[u] += 1
        } else if u >= 0 && derived.isEmpty {
            empty[u] += 1
        }
        return nil
    }

    /// The user as written, for a row whose `user` is nil (anonymised placeholders): the
    /// non-empty `USER_ID_DERIVED`, else `USER_ID` (maybe empty).
    private func rawUser(_ r: RowFields) -> UnsafeRawBufferPointer {
        let derived = field(r, .userIDDerived)
        return derived.isEmpty ? field(r, .userID) : derived
    }

    @inline(__always)
    private mutating func salesforceID(_ r: RowFields, _ f: HeaderBinding.Field) -> SalesforceID? {
        let c = col(f)
        let b = r[c]
        if b.isEmpty { return nil }
        if let id = parsedIDs.parsed(b) { return id }
        unparsed[c] += 1
        return nil
    }

    @inline(__always)
    private mutating func address(_ r: RowFields, column c: Int) -> SourceAddress {
        let (ip, text) = addressParts(r, column: c)
        return SourceAddress(parsedIP: ip, text: text)
    }

    /// A source-IP column as plain data: the IP when it parses, else the text (empty for a column
    /// the header lacks), with the column's empty/unparsed counts kept as `address` keeps them.
    /// Inlined: a call per API row cost more than the view's destructor it saves.
    @inline(__always)
    private mutating func addressParts(_ r: RowFields, column c: Int) -> (ip: IPAddress?, text: UnsafeRawBufferPointer) {
        let b = r[c]
        guard c >= 0 else { return (nil, b) }
        if b.isEmpty { empty[c] += 1; return (nil, b) }
        if let ip = parsedIPs.parsed(b) { return (ip, b) }
        if !SourceAddress.isSalesforceInternal(b) { unparsed[c] += 1 }
        return (nil, b)
    }

    @inline(__always)
    private mutating func number(_ r: RowFields, _ f: HeaderBinding.Field) -> Int64? {
        let c = col(f)
        let b = r[c]
        if b.isEmpty { return nil }
        if let v = EventBytes.int64(b) { return v }
        unparsed[c] += 1
        return nil
    }

    private mutating func flag(_ r: RowFields, _ f: HeaderBinding.Field) -> Bool {
        let c = col(f)
        guard c >= 0 else { return false }
        let b = r[c]
        if EventBytes.equalsCI(b, "true") || EventBytes.equals(b, "1") { return true }
        if !b.isEmpty && !EventBytes.equalsCI(b, "false") && !EventBytes.equals(b, "0") { unparsed[c] += 1 }
        return false
    }

    // MARK: - Emitters

    private mutating func emitApiCall<V: EventVisitor>(_ r: RowFields, kind: LogKind, time: EventTime,
                                                       location: RowLocation, into visitor: inout V) {
        // What takes a call or may count a bad value first; the view's plain fields are read last,
        // as its arguments, so each goes from the row straight into the view rather than being
        // kept on the stack across those calls and copied in after them.
        let userID = user(r)
        let (clientIP, clientAddressText) = addressParts(r, column: col(.clientIP))
        let appID = salesforceID(r, .connectedAppID)
        let rowsProcessed = number(r, .rowsProcessed) ?? 0, responseBytes = number(r, .responseSize) ?? 0
        let statusCode = Int32(clamping: number(r, .statusCode) ?? 0)
        let v = ApiCallView(
            kind: kind, time: time, location: location, user: userID, clientIP: clientIP,
            clientAddressText: clientAddressText,
            loginKey: field(r, .loginKey), sessionKey: field(r, .sessionKey), connectedAppID: appID,
            connectedAppName: field(r, .connectedAppName), resource: resource(r, kind: kind), method: field(r, .method),
            query: field(r, .query), entity: field(r, .entity), rowsProcessed: rowsProcessed,
            responseBytes: responseBytes, statusCode: statusCode,
            clientName: field(r, .clientName), requestID: field(r, .requestID))
        // The settled test inline: nearly every ApiTotalUsage row repeats a settled pair, and the
        // call it took cost as much as the test.
        if let id = appID, !v.connectedAppName.isEmpty, !settledAppNames.contains(id, v.connectedAppName),
           let name = newSmallestName(of: id, v.connectedAppName) {
            visitor.visit(appDirectoryID: id, name: name)
            emitted += 1
        }
        visitor.visit(apiCall: v)
        emitted += 1
    }

    /// An API row's resource: `URI` (RestApi, URI), `API_RESOURCE` (ApiTotalUsage), `REQUEST_PATH`
    /// (BulkApiRequest), each falling back on the others its type may carry instead.
    @inline(__always)
    private func resource(_ r: RowFields, kind: LogKind) -> UnsafeRawBufferPointer {
        switch kind {
        case .apiTotalUsage:
            let apiResource = field(r, .apiResource)
            return apiResource.isEmpty ? field(r, .uri) : apiResource
        case .bulkApiRequest:
            let requestPath = field(r, .requestPath)
            return requestPath.isEmpty ? field(r, .uri) : requestPath
        default:
            let uri = field(r, .uri), apiResource = field(r, .apiResource)
            return !uri.isEmpty ? uri : (!apiResource.isEmpty ? apiResource : field(r, .requestPath))
        }
    }

    /// `name` as a `String` when it is smaller than every name this file has sent for `id`, else
    /// nil. The store keeps the smallest name per id; sending only the first name a file carries
    /// made a renamed app's name depend on which row came first. The usual row repeats a pair
    /// answered before (`settledAppNames`), which the caller tests inline and does not ask again;
    /// a `String` is built only for a different name.
    @inline(never)
    private mutating func newSmallestName(of id: SalesforceID, _ name: UnsafeRawBufferPointer) -> String? {
        // Whatever the answer below, it is nil for this pair from now on.
        settledAppNames.insert(id, name)
        if var sent = smallestAppNames[id] {
            if sent.withUTF8({ EventBytes.equals(UnsafeRawBufferPointer($0), name) }) { return nil }
            let candidate = EventBytes.string(name)
            guard candidate < sent else { return nil }
            smallestAppNames[id] = candidate
            return candidate
        }
        let candidate = EventBytes.string(name)
        smallestAppNames[id] = candidate
        return candidate
    }

    private mutating func emitAuth<V: EventVisitor>(_ r: RowFields, kind: LogKind, time: EventTime,
                                                    location: RowLocation, into visitor: inout V) {
        let sub = field(r, .loginSubType)
        let loginType = field(r, .loginType)
        let isTokenURI = EventBytes.containsCI(field(r, .uri), "/services/oauth2/token")
        let isRefresh = EventBytes.containsCI(sub, "refreshtoken") || EventBytes.containsCI(sub, "refresh token")
        let subOAuth = isRefresh || EventBytes.containsCI(sub, "oauth")
        let typeOAuth = EventBytes.equals(loginType, "i") || EventBytes.equals(loginType, "6")
            || EventBytes.containsCI(loginType, "remote access") || EventBytes.containsCI(loginType, "oauth")
        guard isTokenURI || subOAuth || typeOAuth else { nonOAuth += 1; return }
        let flow: GrantFlow = sub.isEmpty ? .unknownOAuth : (isRefresh ? .refreshToken : .otherOAuth)

        let source: AuthSource
        let requestID: UnsafeRawBufferPointer
        switch kind {
        case .loginHistory:
            source = .loginHistory
            requestID = field(r, .recordID)
        case .loginEvent:
            source = .loginEvent
            let id = field(r, .recordID)
            requestID = id.isEmpty ? field(r, .requestID) : id
        default:
            source = .eventLogLogin
            requestID = field(r, .requestID)
        }
        let userID = user(r)
        let sourceIPColumn = col(.sourceIP)
        let address: SourceAddress
        if sourceIPColumn >= 0 && !r[sourceIPColumn].isEmpty {
            address = self.address(r, column: sourceIPColumn)
        } else {
            if sourceIPColumn >= 0 { empty[sourceIPColumn] += 1 }
            address = self.address(r, column: col(.clientIP))
        }
        let status = field(r, .loginStatus)
        let succeeded = EventBytes.equals(status, "LOGIN_NO_ERROR") || EventBytes.equalsCI(status, "success")
        let event = AuthEvent(
            source: source, time: time, user: userID,
            rawUser: userID == nil ? EventBytes.optionalString(rawUser(r)) : nil,
            userName: EventBytes.optionalString(field(r, .userName)),
            sourceAddress: address,
            userAgent: EventBytes.string(field(r, .browser)),
            loginKey: EventBytes.optionalString(field(r, .loginKey)),
            requestID: EventBytes.string(requestID),
            flow: flow,
            loginType: EventBytes.string(loginType),
            status: EventBytes.string(status),
            succeeded: succeeded,
            application: EventBytes.optionalString(field(r, .application)),
            tlsProtocol: EventBytes.optionalString(field(r, .tlsProtocol)),
            countryCode: EventBytes.optionalString(field(r, .countryCode)),
            location: location)
        visitor.visit(auth: event)
        emitted += 1
    }

    private mutating func emitBulkJob<V: EventVisitor>(_ r: RowFields, time: EventTime, location: RowLocation, into visitor: inout V) {
        let event = BulkJobEvent(
            time: time, user: user(r),
            loginKey: EventBytes.optionalString(field(r, .loginKey)),
            clientAddress: address(r, column: col(.clientIP)),
            jobID: EventBytes.string(field(r, .jobID)),
            status: EventBytes.string(field(r, .jobStatus)).lowercased(),
            operation: EventBytes.string(field(r, .operation)),
            entity: EventBytes.string(field(r, .entity)),
            recordsProcessed: number(r, .rowsProcessed) ?? 0,
            location: location)
        visitor.visit(bulkJob: event)
        emitted += 1
    }

    private mutating func emitLogout<V: EventVisitor>(_ r: RowFields, time: EventTime, location: RowLocation, into visitor: inout V) {
        let appType = field(r, .appType)
        let sessionType = field(r, .sessionType)
        let event = LogoutEvent(
            time: time, user: user(r),
            loginKey: EventBytes.optionalString(field(r, .loginKey)),
            appType: EventBytes.string(appType),
            sessionType: EventBytes.string(sessionType),
            isOAuth: EventBytes.equals(appType, "2514") || EventBytes.equals(sessionType, "O"),
            location: location)
        visitor.visit(logout: event)
        emitted += 1
    }

    private mutating func emitTokenHolding<V: EventVisitor>(_ r: RowFields, location: RowLocation, into visitor: inout V) {
        let holding = TokenHolding(
            appName: EventBytes.string(field(r, .appName)),
            user: user(r),
            useCount: number(r, .useCount),
            lastUsed: optionalTime(r, .lastUsedDate),
            created: optionalTime(r, .createdDate),
            location: location)
        visitor.visit(tokenHolding: holding)
        emitted += 1
    }

    private mutating func optionalTime(_ r: RowFields, _ f: HeaderBinding.Field) -> EventTime? {
        let c = col(f)
        let b = r[c]
        guard !b.isEmpty else { return nil }
        if let t = TimestampParser.parse(b) { return t }
        unparsed[c] += 1
        return nil
    }

    private mutating func emitAppDirectory<V: EventVisitor>(_ r: RowFields, into visitor: inout V) {
        let c = col(.recordID)
        let b = r[c]
        guard let id = EventBytes.salesforceID(b) else {
            if b.isEmpty { empty[c] += 1 } else { unparsed[c] += 1 }
            return
        }
        visitor.visit(appDirectoryID: id, name: EventBytes.string(field(r, .name)))
        emitted += 1
    }

    private mutating func emitPrivilege<V: EventVisitor>(_ r: RowFields, into visitor: inout V) {
        let c = col(.assigneeID)
        let b = r[c]
        guard let id = EventBytes.salesforceID(b) else {
            if b.isEmpty { empty[c] += 1 } else { unparsed[c] += 1 }
            return
        }
        let grant = PrivilegeGrant(assignee: id, modifyAllData: flag(r, .modifyAllData), viewAllData: flag(r, .viewAllData),
                                   manageUsers: flag(r, .manageUsers), apiEnabled: flag(r, .apiEnabled))
        visitor.visit(privilege: grant)
        emitted += 1
    }
}

/// A data row's fields by column, for the emitters: the record's base and spans read once per row,
/// not once per field (twenty-odd fields an API row), and a column the header lacks (-1) read as
/// empty. Built only for a row as wide as its header, so every bound column is within it.
private struct RowFields {
    let base: UnsafeRawPointer
    let spans: UnsafePointer<CSVRecord.FieldSpan>

    /// `record` has at least one field (a row is as wide as its header, which has one at least).
    @inline(__always)
    init(_ record: CSVRecord) {
        spans = record.spans.baseAddress!
        // A record without storage has only empty fields (no byte is ever read through the base),
        // so any pointer stands in for it.
        assert(record.base != nil || record.spans.allSatisfy { $0.start == $0.end }, "fields without storage")
        base = record.base ?? UnsafeRawPointer(spans)
    }

    @inline(__always)
    subscript(column: Int) -> UnsafeRawBufferPointer {
        guard column >= 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let s = spans[column]
        return UnsafeRawBufferPointer(start: base + Int(s.start), count: Int(s.end &- s.start))
    }
}
