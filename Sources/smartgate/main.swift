print("smartgate")
