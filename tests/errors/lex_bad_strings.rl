x = b"abc"
y = f"{x}"
z = "Ā"
