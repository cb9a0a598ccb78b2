/// The steps of one session or address-day in a merged store, packed into one byte array: what
/// `ActivityTable` keeps instead of an array of 64-byte `ActivityStep`s (1.5 M of them at 10 GB).
///
/// Each step is a header byte (its kind, and how its request id is held), its time, file and line
/// as zigzag varint differences from the step before (steps are mostly in time and file order, so
/// these are a few bytes), its detail as the number of its text in the table's pool, and its
/// request id: a length, then six bits a character when every byte is in the base64url alphabet
/// (a Salesforce request id, 22 characters, takes 17 bytes), else the bytes themselves. Any
/// length and any bytes are held, so unpacking gives back exactly the steps packed, in order.
///
/// Packing keeps the order it is given; `SessionActivity.keepEarliest` sorts and trims unpacked
/// steps, so the steps kept are the full form's.
struct PackedSteps: Sendable {
    /// The step count as a varint, then the steps; empty (no heap block) for no steps.
    private(set) var bytes: [UInt8] = []

    init() {}

    /// `steps` packed, their detail texts numbered by `texts`.
    init(_ steps: [ActivityStep], texts: inout ValuePool<ExactText>) {
        guard !steps.isEmpty else { return }
        var out: [UInt8] = []
        out.reserveCapacity(steps.count * 28 + 2)
        Self.putVarint(UInt64(steps.count), &out)
        var previous = (time: Int64(0), file: UInt32(0), line: UInt32(0))
        var lastDetail: (text: String, number: UInt32)?
        let sextet = Self.sextet   // once, not a lazy global's check per byte
        for s in steps {
            // The packed flag is set once the request id is known to pack (read once, below).
            let header = out.count
            out.append(Self.code(of: s.kind))
            Self.putVarint(Self.zigzag(s.time.millis &- previous.time), &out)
            Self.putVarint(Self.zigzag(Int64(Int32(bitPattern: s.location.file &- previous.file))), &out)
            Self.putVarint(Self.zigzag(Int64(Int32(bitPattern: s.location.line &- previous.line))), &out)
            previous = (s.time.millis, s.location.file, s.location.line)
            // Neighbouring steps mostly repeat one query: compared byte for byte before hashing.
            let detail: UInt32
            if let last = lastDetail, ExactText.same(last.text, s.detail) {
                detail = last.number
            } else {
                detail = texts.number(for: ExactText(s.detail))
                lastDetail = (s.detail, detail)
            }
            Self.putVarint(UInt64(detail), &out)
            s.requestIDToken.withUTF8 { b in
                Self.putVarint(UInt64(b.count), &out)
                if Self.packSextets(b, sextet, &out) { out[header] |= Self.packedFlag } else { out.append(contentsOf: b) }
            }
        }
        // A block sized for the steps (`out` has room to spare), as `keepEarliest` sizes arrays.
        bytes = [UInt8](unsafeUninitializedCapacity: out.count) { b, n in
            n = b.initialize(fromContentsOf: out)
        }
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// How many steps are packed.
    var count: Int {
        guard !bytes.isEmpty else { return 0 }
        var at = 0
        return Int(Self.varint(bytes, &at))
    }

    /// Whether a step of one of `kinds` is packed (the activity rules ask this of every session
    /// to pick the few they judge).
    func contains(anyOf kinds: [ChainStep.Kind]) -> Bool {
        var wanted: UInt16 = 0
        for k in kinds { wanted |= 1 << Self.code(of: k) }
        return contains { kind, _ in wanted & (1 << Self.code(of: kind)) != 0 }
    }

    /// Whether a step `keep` selects by kind and time is packed: kinds and times are read and the
    /// rest skipped, so no step is built, and the first one selected ends the search.
    @inline(__always)
    func contains(where keep: (ChainStep.Kind, EventTime) -> Bool) -> Bool {
        guard !bytes.isEmpty else { return false }
        var at = 0
        let n = Int(Self.varint(bytes, &at))
        var time = Int64(0)
        for _ in 0..<n {
            let header = bytes[at]
            at += 1
            time &+= Self.unzigzag(Self.varint(bytes, &at))
            if keep(Self.kind(of: header & Self.kindMask), EventTime(millis: time)) { return true }
            for _ in 0..<3 { _ = Self.varint(bytes, &at) }   // file, line, detail
            let length = Int(Self.varint(bytes, &at))
            at += header & Self.packedFlag != 0 ? (length * 6 + 7) / 8 : length
        }
        return false
    }

    /// The steps as packed, their detail texts from `texts` (the pool that packed them).
    func unpacked(texts: ValuePool<ExactText>) -> [ActivityStep] {
        unpacked(texts: texts) { _, _ in true }
    }

    /// The steps `keep` selects by kind and time, in order, as `unpacked(texts:).filter` gives
    /// them: a step not selected is skipped packed, its detail text and request id never built
    /// (rules 5-8 want the recon and secret-search steps of a session, chains the steps in
    /// their grants' windows, and most steps are neither).
    @inline(__always)
    func unpacked(texts: ValuePool<ExactText>, where keep: (ChainStep.Kind, EventTime) -> Bool) -> [ActivityStep] {
        guard !bytes.isEmpty else { return [] }
        var at = 0
        let n = Int(Self.varint(bytes, &at))
        var steps: [ActivityStep] = []
        var previous = (time: Int64(0), file: UInt32(0), line: UInt32(0))
        let alphabet = Self.alphabet
        for i in 0..<n {
            let header = bytes[at]
            at += 1
            let time = previous.time &+ Self.unzigzag(Self.varint(bytes, &at))
            let file = previous.file &+ UInt32(bitPattern: Int32(truncatingIfNeeded: Self.unzigzag(Self.varint(bytes, &at))))
            let line = previous.line &+ UInt32(bitPattern: Int32(truncatingIfNeeded: Self.unzigzag(Self.varint(bytes, &at))))
            previous = (time, file, line)
            let detailNumber = UInt32(Self.varint(bytes, &at))
            let length = Int(Self.varint(bytes, &at))
            let kind = Self.kind(of: header & Self.kindMask)
            guard keep(kind, EventTime(millis: time)) else {
                at += header & Self.packedFlag != 0 ? (length * 6 + 7) / 8 : length
                continue
            }
            // Room for the rest once one is kept: none allocated when none is.
            if steps.isEmpty { steps.reserveCapacity(n - i) }
            let detail = texts.value(detailNumber)!.text
            let id: InlineToken
            if header & Self.packedFlag != 0 {
                id = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out in
                    Self.unpackSextets(bytes, &at, count: length, alphabet, into: out)
                    return InlineToken(bytes: UnsafeRawBufferPointer(out))
                }
            } else {
                id = bytes.withUnsafeBytes { InlineToken(bytes: UnsafeRawBufferPointer(rebasing: $0[at..<(at + length)])) }
                at += length
            }
            steps.append(ActivityStep(time: EventTime(millis: time), kind: kind, detail: detail,
                                      requestID: id, location: RowLocation(file: file, line: line)))
        }
        return steps
    }

    // MARK: Encoding

    private static let packedFlag: UInt8 = 0x80
    private static let kindMask: UInt8 = 0x0F

    private static func code(of kind: ChainStep.Kind) -> UInt8 {
        switch kind {
        case .grant: return 0
        case .recon: return 1
        case .query: return 2
        case .bulkExport: return 3
        case .bulkDelete: return 4
        case .secretSearch: return 5
        case .other: return 6
        }
    }

    private static func kind(of code: UInt8) -> ChainStep.Kind {
        switch code {
        case 0: return .grant
        case 1: return .recon
        case 2: return .query
        case 3: return .bulkExport
        case 4: return .bulkDelete
        case 5: return .secretSearch
        default: return .other
        }
    }

    /// The base64url alphabet (A-Z, a-z, 0-9, '-', '_'): a byte's six-bit value, 0xFF outside it.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let sextet: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Six bits a byte, first byte in the low bits; the last byte's unused bits are zero. False,
    /// with nothing appended, when a byte is outside the alphabet. Four bytes make three packed
    /// ones, built in a buffer on the stack and appended at once.
    private static func packSextets(_ b: UnsafeRawBufferPointer, _ sextet: [UInt8], _ out: inout [UInt8]) -> Bool {
        sextet.withUnsafeBufferPointer { table in
            for c in b where table[Int(c)] == 0xFF { return false }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: (b.count * 6 + 7) / 8) { packed in
                var i = 0, n = 0
                while i + 4 <= b.count {
                    let v = UInt32(table[Int(b[i])]) | UInt32(table[Int(b[i + 1])]) << 6
                        | UInt32(table[Int(b[i + 2])]) << 12 | UInt32(table[Int(b[i + 3])]) << 18
                    packed[n] = UInt8(truncatingIfNeeded: v)
                    packed[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    packed[n + 2] = UInt8(truncatingIfNeeded: v >> 16)
                    i += 4
                    n += 3
                }
                // One to three left: six bits each, in as many bytes as they need.
                var v: UInt32 = 0, bits: UInt32 = 0
                while i < b.count { v |= UInt32(table[Int(b[i])]) << bits; bits += 6; i += 1 }
                while bits > 0 { packed[n] = UInt8(truncatingIfNeeded: v); v >>= 8; n += 1; bits = bits > 8 ? bits - 8 : 0 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: packed[..<n]))
            }
            return true
        }
    }

    /// `count` characters unpacked from `bytes` at `at` (which moves past them): three bytes
    /// give four.
    private static func unpackSextets(_ bytes: [UInt8], _ at: inout Int, count: Int, _ alphabet: [UInt8],
                                      into out: UnsafeMutableBufferPointer<UInt8>) {
        let used = (count * 6 + 7) / 8
        bytes.withUnsafeBufferPointer { all in
            alphabet.withUnsafeBufferPointer { alphabet in
                let b = UnsafeBufferPointer(rebasing: all[at..<(at + used)])
                var i = 0, k = 0
                while i + 4 <= count {
                    let v = UInt32(b[k]) | UInt32(b[k + 1]) << 8 | UInt32(b[k + 2]) << 16
                    out[i] = alphabet[Int(v & 0x3F)]
                    out[i + 1] = alphabet[Int(v >> 6 & 0x3F)]
                    out[i + 2] = alphabet[Int(v >> 12 & 0x3F)]
                    out[i + 3] = alphabet[Int(v >> 18 & 0x3F)]
                    i += 4
                    k += 3
                }
                var v: UInt32 = 0, shift: UInt32 = 0
                while k < b.count { v |= UInt32(b[k]) << shift; shift += 8; k += 1 }
                while i < count { out[i] = alphabet[Int(v & 0x3F)]; v >>= 6; i += 1 }
            }
        }
        at += used
    }

    private static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    private static func unzigzag(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }

    private static func putVarint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    private static func varint(_ bytes: [UInt8], _ at: inout Int) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = bytes[at]
            at += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
}
