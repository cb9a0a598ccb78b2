import TokenHoundKit
print("tokenhound \(ToolVersion.current)")
