import XCTest
@testable import TokenHoundKit

/// `AttributionMemo.traits` finds a grant's traits by the user's id first (`traitsByUser`), then
/// by the whole key: whichever way it finds them, they must be what deriving them afresh gives.
final class AttributionMemoTests: XCTestCase {
    func testTraitsAreWhatDerivingThemAfreshGives() {
        var rng = ReadingTestSupport.SplitMix64(seed: 31)
        let appID = SalesforceID("0H45j00000AB001")!
        let catalog = AppCatalog(appNames: [appID: "Drift"], postures: [OrgScenario.posture("Drift", secretRequired: false)])
        // Users with an id (one with more clients than a user's cached traits hold), raw ones
        // without, none at all; clients that differ only in their bytes (precomposed and
        // decomposed "é", which Swift's String calls equal) or in case.
        let users: [(SalesforceID?, String?)] = [(OrgScenario.user(1), nil), (OrgScenario.user(2), nil), (nil, "raw-user"), (nil, nil)]
        var agents = ["Drift/1", "drift/1", "python-requests/2.31", "caf\u{E9}/1", "cafe\u{301}/1", ""]
        agents += (0..<12).map { "Client-\($0)/1.0 (Linux; a user agent long enough to take a heap block)" }
        let apps: [AttributionMemo.AppNaming?] = [.name("Drift"), .name("drift"), .name("Other App"), .id(appID), nil]
        var memo = AttributionMemo(catalog: catalog)
        for n in 0..<3000 {
            let (user, rawUser) = users[Int(rng.next() % UInt64(users.count))]
            let ua = agents[Int(rng.next() % UInt64(user == OrgScenario.user(1) ? agents.count : 6))]
            let app = apps[Int(rng.next() % UInt64(apps.count))]
            let method = AttributionMethod.allCases[Int(rng.next() % UInt64(AttributionMethod.allCases.count))]
            let e = AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 0, hour: 0), user: user, rawUser: rawUser,
                              sourceAddress: .empty, userAgent: ua, loginKey: nil, requestID: "R\(n)", flow: .refreshToken,
                              loginType: "Remote Access 2.0", status: "Success", succeeded: true, location: RowLocation(file: 0, line: UInt32(n)))
            let traits = memo.traits(e, app: app, method: method)
            let family = UserAgentFamily.family(of: ua)
            let identity: AppCatalog.Identity
            switch app {
            case .name(let name): identity = catalog.identity(name: name)
            case .id(let id): identity = catalog.identity(id: id)
            case nil: identity = AppCatalog.unattributed(userAgentFamily: family)
            }
            XCTAssertEqual(traits.app, identity)
            XCTAssertEqual(traits.method, app == nil ? .unattributed : method)
            XCTAssertTrue(traits.userAgentFamily.utf8.elementsEqual(family.utf8), "\(ua)")
            XCTAssertTrue(traits.lowercasedUserAgent.utf8.elementsEqual(ua.lowercased().utf8), "\(ua)")
            XCTAssertEqual(traits.userKey, user?.description ?? rawUser ?? "(unknown)")
        }
    }
}
