import TokenHoundKit
print("samplegen")
