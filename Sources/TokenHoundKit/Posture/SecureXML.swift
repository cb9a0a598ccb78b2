import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Hard limits for reading metadata XML. The files are small (a few KiB); anything far bigger is
/// either a mistake or an attack, and is rejected with a diagnostic instead of being read.
public struct PostureXMLLimits: Sendable, Hashable {
    /// Largest file read (bytes). Default 4 MiB.
    public var maxFileBytes: Int
    /// Deepest element nesting accepted. Default 64.
    public var maxDepth: Int
    /// Most character data (UTF-8 bytes) kept from one file. Default 1 MiB.
    public var maxTextBytes: Int
    /// Most elements in one file. Default 100,000.
    public var maxElements: Int
    /// Most bytes read over one `PostureLoader.load` call. Default 256 MiB.
    public var maxTotalBytes: Int
    public init(maxFileBytes: Int = 4 << 20, maxDepth: Int = 64, maxTextBytes: Int = 1 << 20,
                maxElements: Int = 100_000, maxTotalBytes: Int = 256 << 20) {
        self.maxFileBytes = maxFileBytes; self.maxDepth = maxDepth; self.maxTextBytes = maxTextBytes
        self.maxElements = maxElements; self.maxTotalBytes = maxTotalBytes
    }
    public static let `default` = PostureXMLLimits()
}

/// One element of a parsed metadata file: its path of local names (namespace prefixes stripped,
/// root first), its own trimmed character data, and the line it started on.
struct XMLElementFact: Sendable, Hashable {
    var path: [String]
    var text: String
    var line: Int
    var name: String { path.last ?? "" }
    var parent: String? { path.count >= 2 ? path[path.count - 2] : nil }
}

struct XMLFacts: Sendable {
    var root: String
    var elements: [XMLElementFact]

    /// The first element named `name` (case-sensitive local name) whose parent is `parent`, else the
    /// first anywhere in the file: lenient on purpose (public examples misplace elements).
    func first(_ name: String, preferParent parent: String? = nil) -> XMLElementFact? {
        if let parent, let hit = elements.first(where: { $0.name == name && $0.parent == parent }) { return hit }
        return elements.first(where: { $0.name == name })
    }
    func all(_ name: String) -> [XMLElementFact] { elements.filter { $0.name == name } }
}

struct XMLProblem: Error, Sendable, Hashable {
    var line: Int?
    var message: String
}

/// Parses untrusted metadata XML with `XMLParser`, defensively:
/// - no DOCTYPE at all (rejected before the parser sees the bytes; a DOCTYPE with `<!ENTITY`
///   declarations gets an explicit XXE / entity-expansion message). Nothing is ever expanded;
/// - `shouldResolveExternalEntities = false`, and the delegate aborts on any entity declaration
///   or external-entity request that might still reach it;
/// - caps on nesting depth, element count and kept text;
/// - only UTF-8 (or ASCII) documents that start with `<` (after a BOM and white space).
enum SecureXML {
    static func parse(_ data: Data, limits: PostureXMLLimits) -> Result<XMLFacts, XMLProblem> {
        if let problem = precheck(data) { return .failure(problem) }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        let collector = Collector(limits: limits)
        parser.delegate = collector
        let ok = parser.parse()
        if let abort = collector.abort { return .failure(abort) }
        if !ok || collector.root == nil || collector.firstError != nil {
            let line = collector.firstError?.line ?? (parser.lineNumber > 0 ? parser.lineNumber : nil)
            let column = collector.firstError?.column ?? parser.columnNumber
            var message = "malformed XML"
            if let error = collector.firstError?.error ?? parser.parserError {
                message += ": " + describe(error)
            } else if collector.root == nil {
                message += ": no root element"
            }
            if line != nil, column > 0 { message += " (column \(column))" }
            return .failure(XMLProblem(line: line, message: message))
        }
        return .success(XMLFacts(root: collector.root ?? "", elements: collector.elements))
    }

    /// libxml2 / `XMLParser.ErrorCode` numbers of the errors people actually make in hand-edited XML.
    /// (The enum's case names are not reliable across Foundation implementations, so name them here.)
    static let errorNames: [Int: String] = [
        3: "document start error (no root element)", 4: "empty document", 5: "extra content or premature end of document",
        9: "invalid character", 23: "entity reference missing ';'", 26: "undeclared entity",
        38: "'<' in attribute value", 39: "attribute value not started", 40: "attribute value not finished",
        41: "attribute without value", 42: "attribute redefined", 73: "'>' required", 74: "'</' required",
        76: "opening and ending tag mismatch", 77: "unfinished tag",
    ]

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        let name = ns.domain == XMLParser.errorDomain ? errorNames[ns.code] ?? "" : ""
        let text = ns.localizedDescription
        let generic = text.isEmpty || text.contains("operation could not be completed") || text.contains("couldn’t be completed")
        switch (name.isEmpty, generic) {
        case (false, true): return "\(name) (XMLParser error \(ns.code))"
        case (false, false): return "\(text) [\(name)]"
        case (true, false): return text
        case (true, true): return "XMLParser error \(ns.code)"
        }
    }

    /// Byte-level checks the XML parser must never get to see past.
    /// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
    /// surrogates and values past U+10FFFF included), or nil.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int, minimum: UInt32
            var v: UInt32
            if c & 0xE0 == 0xC0 { len = 2; minimum = 0x80; v = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { len = 3; minimum = 0x800; v = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { len = 4; minimum = 0x10000; v = UInt32(c & 0x07) }
            else { return i }
            if i + len > n { return i }
            for k in 1..<len {
                let d = b[i + k]
                if d & 0xC0 != 0x80 { return i }
                v = v << 6 | UInt32(d & 0x3F)
            }
            if v < minimum || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return i }
            i += len
        }
        return nil
    }

    static func precheck(_ data: Data) -> XMLProblem? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> XMLProblem? in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            if n >= 2, (b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) {
                return XMLProblem(line: 1, message: "unsupported encoding (UTF-16/32 byte-order mark): metadata XML must be UTF-8")
            }
            var i = 0
            if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
            while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
            if i == n { return XMLProblem(line: nil, message: "empty file: no XML content") }
            if b[i] != UInt8(ascii: "<") {
                return XMLProblem(line: 1, message: "not XML: the file does not start with '<'")
            }
            if let nul = (0..<n).first(where: { b[$0] == 0 }) {
                return XMLProblem(line: lineOf(b, nul), message: "NUL byte in file: not UTF-8 XML text")
            }
            // FoundationXML force-unwraps element names as UTF-8: invalid bytes in a name crashed the
            // whole run (fuzz-posture). The document is validated before the parser sees it.
            if let bad = firstInvalidUTF8(b) {
                return XMLProblem(line: lineOf(b, bad), message: "invalid UTF-8 at byte \(bad): metadata XML must be UTF-8")
            }
            // Only UTF-8 (ASCII) may be declared: another declared encoding (UTF-7, UTF-16 without a BOM)
            // would make libxml2 decode the bytes differently from what this scan saw.
            if n - i >= 5, find(UnsafeBufferPointer(rebasing: b[i..<(i + 5)]), Array("<?xml".utf8)) == 0 {
                var end = i
                while end + 1 < n, !(b[end] == UInt8(ascii: "?") && b[end + 1] == UInt8(ascii: ">")) { end += 1 }
                let decl = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)
                if let enc = decl.range(of: "encoding") {
                    let rest = decl[enc.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
                    if let quote = rest.first, quote == "\"" || quote == "'" {
                        let value = rest.dropFirst().prefix { $0 != quote }.lowercased()
                        if !["utf-8", "utf8", "us-ascii", "ascii"].contains(value) {
                            return XMLProblem(line: 1, message: "unsupported declared encoding '\(value)': metadata XML must be UTF-8")
                        }
                    }
                }
            }
            let doctype = find(b, Array("<!DOCTYPE".utf8))
            let entity = find(b, Array("<!ENTITY".utf8))
            if let at = entity {
                return XMLProblem(line: lineOf(b, doctype ?? at),
                                  message: "rejected: DOCTYPE with <!ENTITY> declarations (XML external entity or entity-expansion "
                                      + "\"billion laughs\" attack?); Salesforce metadata never declares entities; nothing was expanded or fetched")
            }
            if let at = doctype {
                return XMLProblem(line: lineOf(b, at),
                                  message: "rejected: DOCTYPE declaration; Salesforce metadata never has one and external DTDs are not loaded")
            }
            return nil
        }
    }

    /// Case-insensitive ASCII search.
    private static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Int? {
        let m = needle.count
        guard b.count >= m else { return nil }
        var i = 0
        while i <= b.count - m {
            if b[i] == needle[0] {
                var j = 1
                while j < m, (b[i + j] | 0x20) == (needle[j] | 0x20) || b[i + j] == needle[j] { j += 1 }
                if j == m { return i }
            }
            i += 1
        }
        return nil
    }

    private static func lineOf(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        var line = 1
        for k in 0..<min(offset, b.count) where b[k] == 0x0A { line += 1 }
        return line
    }
}

/// The `XMLParser` delegate: builds the flat element list and enforces the limits.
private final class Collector: NSObject, XMLParserDelegate {
    let limits: PostureXMLLimits
    var root: String?
    var elements: [XMLElementFact] = []
    var abort: XMLProblem?
    private var stack: [(path: [String], index: Int, text: String)] = []
    private var textBytes = 0
    /// The first error libxml2 reported, where it happened (later errors are often consequences).
    var firstError: (error: Error, line: Int?, column: Int?)?

    init(limits: PostureXMLLimits) { self.limits = limits }

    private func stop(_ parser: XMLParser, _ message: String) {
        if abort == nil { abort = XMLProblem(line: parser.lineNumber > 0 ? parser.lineNumber : nil, message: message) }
        parser.abortParsing()
    }

    static func localName(_ qName: String) -> String {
        if let colon = qName.lastIndex(of: ":") { return String(qName[qName.index(after: colon)...]) }
        return qName
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard abort == nil else { return }
        let name = Self.localName(elementName)
        if root == nil { root = name }
        if stack.count >= limits.maxDepth {
            stop(parser, "rejected: element nesting deeper than \(limits.maxDepth) levels")
            return
        }
        if elements.count >= limits.maxElements {
            stop(parser, "rejected: more than \(limits.maxElements) elements")
            return
        }
        let path = (stack.last?.path ?? []) + [name]
        elements.append(XMLElementFact(path: path, text: "", line: parser.lineNumber))
        stack.append((path, elements.count - 1, ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard abort == nil, let top = stack.popLast() else { return }
        elements[top.index].text = top.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { append(parser, string) }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        append(parser, String(decoding: CDATABlock, as: UTF8.self))
    }

    private func append(_ parser: XMLParser, _ string: String) {
        guard abort == nil else { return }
        textBytes += string.utf8.count
        if textBytes > limits.maxTextBytes {
            stop(parser, "rejected: more than \(limits.maxTextBytes) bytes of text")
            return
        }
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if firstError == nil {
            firstError = (parseError, parser.lineNumber > 0 ? parser.lineNumber : nil, parser.columnNumber > 0 ? parser.columnNumber : nil)
        }
    }

    // Defence in depth: the precheck already refuses any DOCTYPE, so none of these should fire.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        stop(parser, "rejected: entity declaration '\(name)' (entity-expansion attack?)")
    }
    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        stop(parser, "rejected: external entity declaration '\(name)' (XML external entity attack?)")
    }
    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?,
                systemID: String?, notationName: String?) {
        stop(parser, "rejected: unparsed entity declaration '\(name)'")
    }
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        stop(parser, "rejected: external entity reference '\(name)'")
        return nil
    }
}
