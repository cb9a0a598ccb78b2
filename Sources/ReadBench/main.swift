print("readbench")
