import Foundation
import XCTest
@testable import TokenHoundKit

final class PostureAssessmentTests: XCTestCase {
    private func score(_ p: AppPosture?, privileged: Bool = false) -> Int { PostureAssessment(p).impact(privilegedUser: privileged).score }

    private func with(_ base: AppPosture, _ change: (inout AppPosture) -> Void) -> AppPosture {
        var p = base
        change(&p)
        return p
    }

    func testBaseScores() {
        XCTAssertEqual(score(PostureFixtures.neutral(.connectedApp, secret: false)), 92)
        XCTAssertEqual(score(PostureFixtures.neutral(.externalClientApp, secret: false)), 78)
        XCTAssertEqual(score(PostureFixtures.neutral(.connectedApp, secret: true)), 70)
        XCTAssertEqual(score(PostureFixtures.neutral(.externalClientApp, secret: true)), 62)
        XCTAssertEqual(score(nil), 80)
        XCTAssertEqual(score(nil, privileged: true), 88)
        XCTAssertEqual(score(PostureFixtures.neutral(.connectedApp, secret: nil)), 92, "unknown control is assumed off")
        XCTAssertEqual(PostureAssessment(nil).impact(privilegedUser: false).reasons,
                       ["no configuration for this app: assumed exposed, never safe (+80)"])
    }

    func testEachModifier() {
        let ca = PostureFixtures.neutral(.connectedApp, secret: true)   // 70
        let cases: [(String, AppPosture, Int)] = [
            ("rotation", with(ca) { $0.refreshTokenRotation = true }, 40),
            ("rotation unknown", with(ca) { $0.refreshTokenRotation = nil }, 70),
            ("infinite", with(ca) { $0.refreshTokenPolicy = .infinite }, 75),
            ("zero", with(ca) { $0.refreshTokenPolicy = .zero }, 55),
            ("lifetime 24h", with(ca) { $0.refreshTokenPolicy = .specificLifetime(24, "HOURS") }, 55),
            ("lifetime 1 day", with(ca) { $0.refreshTokenPolicy = .specificLifetime(1, "DAYS") }, 55),
            ("lifetime 25h", with(ca) { $0.refreshTokenPolicy = .specificLifetime(25, "HOURS") }, 65),
            ("lifetime 2 days", with(ca) { $0.refreshTokenPolicy = .specificLifetime(2, "DAYS") }, 65),
            ("lifetime 1 month", with(ca) { $0.refreshTokenPolicy = .specificLifetime(1, "MONTHS") }, 65),
            ("inactivity 1h", with(ca) { $0.refreshTokenPolicy = .specificInactivity(1, "HOURS") }, 65),
            ("relax refresh", with(ca) { $0.ipRelaxation = .enforceRelaxRefresh }, 74),
            ("bypass", with(ca) { $0.ipRelaxation = .bypass }, 74),
            ("bypass 2fa", with(ca) { $0.ipRelaxation = .bypassTwoFactor }, 74),
            ("enforce + ranges", with(ca) { $0.hasIPRanges = true }, 62),
            ("relaxed + ranges", with(ca) { $0.hasIPRanges = true; $0.ipRelaxation = .bypass }, 74),
            ("ip unknown", with(ca) { $0.ipRelaxation = .unknown("x") }, 70),
            ("self-authorised", with(ca) { $0.permittedUsers = .allSelfAuthorized }, 73),
            ("users unknown", with(ca) { $0.permittedUsers = .unknown("x") }, 70),
            ("Full scope", with(ca) { $0.scopes = ["Api", "Full"] }, 73),
            ("full scope lowercase", with(ca) { $0.scopes = ["full"] }, 73),
        ]
        for (name, posture, expected) in cases {
            XCTAssertEqual(score(posture), expected, name)
        }
        XCTAssertEqual(score(ca, privileged: true), 78)
        let eca = PostureFixtures.neutral(.externalClientApp, secret: true)
        XCTAssertEqual(score(with(eca) { $0.refreshTokenRotation = true; $0.refreshTokenPolicy = .zero; $0.hasIPRanges = true }), 9)
    }

    func testReasonsAreWordsWithPoints() {
        let p = with(PostureFixtures.neutral(.connectedApp, secret: false)) {
            $0.refreshTokenRotation = true; $0.refreshTokenPolicy = .infinite; $0.ipRelaxation = .enforceRelaxRefresh
            $0.permittedUsers = .allSelfAuthorized; $0.scopes = ["Full"]
        }
        let (s, reasons) = PostureAssessment(p).impact(privilegedUser: true)
        XCTAssertEqual(s, 92 - 30 + 5 + 4 + 3 + 3 + 8)
        XCTAssertEqual(reasons.count, 7)
        XCTAssertTrue(reasons[0].hasSuffix("(+92)"))
        XCTAssertTrue(reasons.contains("refresh token rotation on: a stolen token dies at its first unauthorised use (-30)"))
        XCTAssertTrue(reasons.contains("refresh tokens never expire (policy: infinite) (+5)"))
        XCTAssertTrue(reasons.contains("IP restrictions skipped on refresh (IP relaxation: ENFORCE_RELAXREFRESH) (+4)"))
        XCTAssertTrue(reasons.contains("all users may self-authorise (not admin-approved) (+3)"))
        XCTAssertTrue(reasons.contains("grants the Full scope (+3)"))
        XCTAssertTrue(reasons.contains("runs as a privileged integration user (+8)"))
        let ranges = PostureAssessment(with(PostureFixtures.neutral(.connectedApp, secret: true)) { $0.hasIPRanges = true }).impactReasons
        XCTAssertTrue(ranges.contains("refresh restricted to trusted IP ranges (-8)"))
    }

    func testFixtureScoresAndClamp() throws {
        let apps = PostureLoader.load(paths: [PostureFixtures.forceApp]).apps
        func s(_ dev: String, privileged: Bool = false) -> Int? {
            apps.first { $0.developerName == dev }.map { PostureAssessment($0).impact(privilegedUser: privileged).score }
        }
        XCTAssertEqual(s("Drift"), 100)                 // 92 + 5 + 3 + 3 = 103, clamped
        XCTAssertEqual(s("Drift", privileged: true), 100)
        XCTAssertEqual(s("Gearset"), 27)                // 70 - 30 - 5 - 8
        XCTAssertEqual(s("Gearset", privileged: true), 35)
        XCTAssertEqual(s("Misplaced"), 50)              // 92 - 30 - 15 + 3
        XCTAssertEqual(s("Weird"), 70)                  // unknowns score nothing
        XCTAssertEqual(s("Minimal"), 78)                // 70 + 5 + 3
        XCTAssertEqual(s("Acme_Sync"), 70)              // 78 - 15 + 4 + 3
    }

    func testCVSSBandsAndControl() {
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.connectedApp, secret: false)).cvssBand, "Critical (9.0-10.0)")
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.externalClientApp, secret: false)).cvssBand, "High (7.0-8.9)")
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.connectedApp, secret: true)).cvssBand, "not exposed (control enforced)")
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.externalClientApp, secret: true)).cvssBand, "not exposed (control enforced)")
        XCTAssertEqual(PostureAssessment(nil).cvssBand, "unknown (no configuration supplied)")
        XCTAssertTrue(PostureAssessment(PostureFixtures.neutral(.connectedApp, secret: nil)).cvssBand.hasPrefix("unknown"))
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.connectedApp, secret: false)).controlEnforced, false)
        XCTAssertEqual(PostureAssessment(PostureFixtures.neutral(.connectedApp, secret: true)).controlEnforced, true)
        XCTAssertNil(PostureAssessment(nil).controlEnforced)
    }

    func testSalesforceModifiers() {
        let p = with(PostureFixtures.neutral(.connectedApp, secret: false)) { $0.refreshTokenPolicy = .infinite }
        let m = PostureAssessment(p).modifiers
        XCTAssertTrue(m.contains { $0.hasPrefix("higher risk: refresh tokens never expire") })
        XCTAssertTrue(m.contains { $0.hasPrefix("higher risk if the integration user is privileged") })
        XCTAssertFalse(m.contains { $0.hasPrefix("lower risk") })
        let rotated = PostureAssessment(with(p) { $0.refreshTokenRotation = true; $0.refreshTokenPolicy = .zero }).modifiers(privilegedUser: true)
        XCTAssertTrue(rotated.contains { $0.hasPrefix("lower risk: Refresh Token Rotation is on") })
        XCTAssertTrue(rotated.contains { $0.hasPrefix("higher risk: runs as a privileged integration user") })
        XCTAssertFalse(rotated.contains { $0.contains("never expire") })
        XCTAssertTrue(PostureAssessment(nil).modifiers.first?.hasPrefix("unknown") ?? false)
    }

    func testPostureLine() throws {
        let apps = PostureLoader.load(paths: [PostureFixtures.forceApp]).apps
        let drift = try XCTUnwrap(apps.first { $0.developerName == "Drift" })
        XCTAssertEqual(PostureAssessment(drift).postureLine,
                       "secret required for refresh: NO; rotation: off; refresh tokens: infinite; IP: enforce; users: self-authorised")
        let gearset = try XCTUnwrap(apps.first { $0.developerName == "Gearset" })
        XCTAssertEqual(PostureAssessment(gearset).postureLine,
                       "secret required for refresh: yes; rotation: on; refresh tokens: expire after 30 days unused; IP: enforce (trusted IP ranges); users: admin-approved")
        XCTAssertEqual(PostureAssessment(nil).postureLine, "unknown: no metadata supplied")
    }

    func testRemediation() throws {
        let apps = PostureLoader.load(paths: [PostureFixtures.forceApp]).apps
        let drift = PostureAssessment(try XCTUnwrap(apps.first { $0.developerName == "Drift" })).remediation
        for needle in ["Setup > App Manager > Drift", "Require Secret for Refresh Token Flow", "Enable Refresh Token Rotation",
                       "Edit Policies", "Refresh Token Policy", "Admin approved users are pre-authorized", "Full access",
                       "Connected Apps OAuth Usage > Drift > Revoke", "<isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>"] {
            XCTAssertTrue(drift.contains(needle), "Drift remediation lacks \(needle):\n\(drift)")
        }
        let eca = PostureAssessment(try XCTUnwrap(apps.first { $0.developerName == "Acme_Sync" })).remediation
        for needle in ["External Client App Manager > Acme Sync", "Require Secret for Refresh Token Flow", "Enable Refresh Token Rotation",
                       "Enforce IP restrictions", ".ecaGlblOauth-meta.xml", "Revoke"] {
            XCTAssertTrue(eca.contains(needle), "ECA remediation lacks \(needle):\n\(eca)")
        }
        XCTAssertFalse(eca.contains("Setup > App Manager"))
        let gearset = PostureAssessment(try XCTUnwrap(apps.first { $0.developerName == "Gearset" })).remediation
        XCTAssertFalse(gearset.contains("Require Secret"))
        XCTAssertTrue(gearset.contains("no configuration change needed"))
        XCTAssertTrue(PostureAssessment(nil).remediation.contains("supply this app's metadata"))
    }
}
