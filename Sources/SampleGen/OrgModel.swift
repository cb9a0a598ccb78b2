import TokenHoundKit

/// A user of the simulated org. Ids are 15-character (case-sensitive) with the 18-character
/// case-safe form computed by TokenHoundKit's `SalesforceID`.
struct User: Sendable {
    var id15: String
    var username: String
    var name: String
    var permissionSets: [PermissionSet] = []
    var id18: String { SalesforceID(id15)!.description }
}

struct PermissionSet: Sendable {
    var id15: String
    var name: String
    var modifyAll = false
    var viewAll = false
    var manageUsers = false
    var apiEnabled = true
}

/// How a connected app's OAuth settings are configured (what the metadata files say).
struct OAuthPosture: Sendable {
    /// nil: element omitted (platform default true).
    var secretRequiredForRefresh: Bool? = nil
    var rotation = false
    var adminApproved = false
    var scopes: [String] = ["Api", "RefreshToken"]
    /// nil: `ENFORCE` default, omitted.
    var ipRelaxation: String? = nil
    /// nil: `infinite` default, omitted.
    var refreshTokenPolicy: String? = nil
}

enum MetadataKind: Sendable { case connectedApp, externalClientApp, none }

struct ConnectedApp: Sendable {
    var id15: String
    /// Label as LoginHistory `Application` and ApiTotalUsage `CONNECTED_APP_NAME` show it.
    var label: String
    /// Developer (API) name, the metadata file stem.
    var apiName: String
    var contactEmail: String
    var posture: OAuthPosture
    var metadata: MetadataKind
    var id18: String { SalesforceID(id15)!.description }
}

/// The fixed cast of the sample org.
struct OrgModel: Sendable {
    var orgID = "00D5j00000TkHnd"
    var myDomain = "acme.my.salesforce.com"
    var apps: [ConnectedApp]
    var users: [User]

    func app(_ label: String) -> ConnectedApp { apps.first { $0.label == label }! }
    func user(_ username: String) -> User { users.first { $0.username == username }! }

    static let viewAllIntegration = PermissionSet(id15: "0PS5j000001hZqA", name: "Integration_View_All_Data", viewAll: true)
    static let modifyAllAdmin = PermissionSet(id15: "0PS5j000001hZqB", name: "System_Admin_Modify_All", modifyAll: true, viewAll: true, manageUsers: true)
    static let apiOnly = PermissionSet(id15: "0PS5j000001hZqC", name: "API_Integration_Access")
    static let salesMobile = PermissionSet(id15: "0PS5j000001hZqD", name: "Sales_Cloud_User")
    static let devops = PermissionSet(id15: "0PS5j000001hZqE", name: "DevOps_Deploy", modifyAll: true)

    static let sample: OrgModel = {
        let apps: [ConnectedApp] = [
            ConnectedApp(id15: "0H45j000000Drf1", label: "Drift", apiName: "Drift",
                         contactEmail: "integrations@drift.com",
                         posture: OAuthPosture(secretRequiredForRefresh: false, rotation: false,
                                               scopes: ["Api", "RefreshToken", "Web"], ipRelaxation: "ENFORCE_RELAXREFRESH"),
                         metadata: .connectedApp),
            ConnectedApp(id15: "0H45j000000GsT2", label: "Gearset", apiName: "Gearset",
                         contactEmail: "support@gearset.com",
                         posture: OAuthPosture(secretRequiredForRefresh: nil, rotation: true, adminApproved: true,
                                               scopes: ["Api", "RefreshToken", "Web"],
                                               refreshTokenPolicy: "specific_inactivity:30:DAYS"),
                         metadata: .connectedApp),
            ConnectedApp(id15: "0H45j000000Mob3", label: "Salesforce for iOS", apiName: "Salesforce_for_iOS",
                         contactEmail: "", posture: OAuthPosture(), metadata: .none),
            ConnectedApp(id15: "0H45j000000Tbl4", label: "Tableau CRM Sync", apiName: "Tableau_CRM_Sync",
                         contactEmail: "bi-team@acme.example",
                         posture: OAuthPosture(secretRequiredForRefresh: nil, rotation: false, adminApproved: true,
                                               scopes: ["Api", "RefreshToken"], refreshTokenPolicy: "specific_lifetime:90:DAYS"),
                         metadata: .externalClientApp),
            ConnectedApp(id15: "0H45j000000Snw5", label: "Snowflake ETL", apiName: "Snowflake_ETL",
                         contactEmail: "data-eng@acme.example",
                         posture: OAuthPosture(secretRequiredForRefresh: nil, rotation: false, adminApproved: true,
                                               scopes: ["Api", "RefreshToken"]),
                         metadata: .connectedApp),
            ConnectedApp(id15: "0H45j000000Zdk6", label: "Zendesk", apiName: "Zendesk",
                         contactEmail: "partners@zendesk.com",
                         posture: OAuthPosture(secretRequiredForRefresh: nil, rotation: false,
                                               scopes: ["Api", "RefreshToken"]),
                         metadata: .connectedApp),
            ConnectedApp(id15: "0H45j000000Otr7", label: "Outreach", apiName: "Outreach",
                         contactEmail: "security@outreach.io",
                         posture: OAuthPosture(secretRequiredForRefresh: nil, rotation: false,
                                               scopes: ["Api", "RefreshToken", "Full"]),
                         metadata: .connectedApp),
            ConnectedApp(id15: "0H45j000000DLd8", label: "Data Loader", apiName: "Data_Loader",
                         contactEmail: "",
                         posture: OAuthPosture(secretRequiredForRefresh: false, rotation: false,
                                               scopes: ["Api", "RefreshToken", "Web"]),
                         metadata: .connectedApp),
        ]
        var users: [User] = [
            User(id15: "0055j00000DrfAQ", username: "drift.integration@acme.example", name: "Drift Integration",
                 permissionSets: [viewAllIntegration, apiOnly]),
            User(id15: "0055j00000GstDv", username: "devops@acme.example", name: "DevOps Service",
                 permissionSets: [devops, apiOnly]),
            User(id15: "0055j00000TblCr", username: "tableau.crm@acme.example", name: "Tableau CRM Sync",
                 permissionSets: [viewAllIntegration, apiOnly]),
            User(id15: "0055j00000SnwEt", username: "etl.snowflake@acme.example", name: "Snowflake ETL",
                 permissionSets: [viewAllIntegration, apiOnly]),
            User(id15: "0055j00000ZdkIn", username: "zendesk.integration@acme.example", name: "Zendesk Integration",
                 permissionSets: [apiOnly]),
            User(id15: "0055j00000OtrSy", username: "outreach.sync@acme.example", name: "Outreach Sync",
                 permissionSets: [apiOnly]),
            User(id15: "0055j00000AdmJn", username: "jane.admin@acme.example", name: "Jane Okafor",
                 permissionSets: [modifyAllAdmin]),
            User(id15: "0055j00000AdmRj", username: "raj.admin@acme.example", name: "Raj Menon",
                 permissionSets: [modifyAllAdmin]),
            User(id15: "0055j00000OpsSm", username: "sam.ops@acme.example", name: "Sam Whitfield",
                 permissionSets: [apiOnly]),
            User(id15: "0055j00000SecLe", username: "lee.secops@acme.example", name: "Lee Chen",
                 permissionSets: [viewAllIntegration, apiOnly]),
        ]
        let reps = ["ava.morgan", "ben.ortiz", "carla.nguyen", "dev.patel", "emma.brooks", "finn.kowalski",
                    "gina.russo", "hiro.tanaka", "isla.murphy", "jonas.berg", "kara.singh", "liam.walsh"]
        let suffixes = ["Rp1Aa", "Rp2bB", "Rp3Cc", "Rp4dD", "Rp5Ee", "Rp6fF", "Rp7Gg", "Rp8hH", "Rp9Ii", "RpAjJ", "RpBKk", "RpClL"]
        for (i, r) in reps.enumerated() {
            let parts = r.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }
            users.append(User(id15: "0055j00000" + suffixes[i], username: "\(r)@acme.example",
                              name: parts.joined(separator: " "), permissionSets: [salesMobile]))
        }
        return OrgModel(apps: apps, users: users)
    }()

    var salesReps: [User] { users.filter { $0.permissionSets.contains { $0.name == "Sales_Cloud_User" } } }
}
