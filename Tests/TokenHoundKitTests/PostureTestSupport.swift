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
