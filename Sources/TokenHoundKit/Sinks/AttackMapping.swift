import Foundation

/// Splits a finding's ATT&CK technique into technique / sub-technique and adds its tactic, for
/// the formats with separate fields (OCSF `attacks`, ECS `threat.*`).
struct AttackMapping: Equatable {
    var techniqueID: String
    var techniqueName: String
    var subTechniqueID: String?
    var subTechniqueName: String?
    var tacticID: String?
    var tacticName: String?

    /// ATT&CK tactic of the techniques tokenhound reports (keyed by parent technique id).
    static let tactics: [String: (String, String)] = [
        "T1550": ("TA0008", "Lateral Movement"),
        "T1528": ("TA0006", "Credential Access"),
        "T1078": ("TA0001", "Initial Access"),
        "T1530": ("TA0009", "Collection"),
        "T1213": ("TA0009", "Collection"),
        "T1552": ("TA0006", "Credential Access"),
        "T1087": ("TA0007", "Discovery"),
        "T1485": ("TA0040", "Impact"),
        "T1567": ("TA0010", "Exfiltration"),
    ]

    /// "T1550.001" + "Use Alternate Authentication Material: Application Access Token" becomes
    /// technique T1550 "Use Alternate Authentication Material", sub-technique T1550.001
    /// "Application Access Token".
    init(id: String, name: String) {
        let parent = id.split(separator: ".").first.map(String.init) ?? id
        if id.contains(".") {
            let parts = name.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            techniqueID = parent
            techniqueName = parts.first ?? name
            subTechniqueID = id
            subTechniqueName = parts.count > 1 ? parts[1] : name
        } else {
            techniqueID = id
            techniqueName = name
        }
        if let t = Self.tactics[parent] { tacticID = t.0; tacticName = t.1 }
    }
}
